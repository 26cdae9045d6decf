/* M/M/c reference: Poisson arrivals at rate lambda, exponential service with rate mu, c
 * servers sharing one unbounded FIFO queue. Usage: mmc HOURS OUT.csv [mt19937|taus2]
 * Defaults match scenarios/mmc-erlang-c.yaml (lambda 9, mu 1, c 10, 10 min warm-up, 60 s
 * periods). Prints arrivals, mean queue wait and P(wait) after the warm-up. */
#include "refsim.h"
enum { ARRIVAL, DEPARTURE };

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: mmc HOURS OUT.csv [mt19937|taus2]\n"); return 2; }
    const double lambda = 9, mu = 1; const int c = 10;
    const int64_t horizon = ns(atof(argv[1]) * 3600), warmup = ns(600), period = ns(60);
    gsl_rng *ra = make_rng(argc > 3 ? argv[3] : "mt19937", 1), *rs = make_rng(argc > 3 ? argv[3] : "mt19937", 2);
    FILE *out = fopen(argv[2], "w");
    if (!out) { perror(argv[2]); return 1; }
    fputs("t_s,resource,metric,statistic,value\n", out);
    heap_t h; heap_init(&h, 1024);
    size_t qcap = 1 << 16, qhead = 0, qlen = 0;
    int64_t *queue = malloc(qcap * sizeof(int64_t));
    int busy = 0;
    uint64_t arrivals = 0, waited = 0, served = 0; double sum_wait = 0;
    period_t per = {0}; int64_t next_close = period;
    push(&h, ns(gsl_ran_exponential(ra, 1 / lambda)), ARRIVAL, 0);
    event_t e;
    while (pop(&h, &e) && e.t <= horizon) {
        while (e.t >= next_close) {
            write_period(out, next_close / 1e9, &per);
            memset(&per, 0, sizeof per); next_close += period;
        }
        int measured = e.t >= warmup;
        if (e.kind == ARRIVAL) {
            arrivals++; per.arrivals++;
            push(&h, e.t + ns(gsl_ran_exponential(ra, 1 / lambda)), ARRIVAL, 0);
            if (busy < c) {
                busy++;
                if (measured) served++;
                push(&h, e.t + ns(gsl_ran_exponential(rs, 1 / mu)), DEPARTURE, 0);
            } else {
                if (qlen == qcap) { /* grow the ring */
                    int64_t *q2 = malloc(2 * qcap * sizeof(int64_t));
                    for (size_t i = 0; i < qlen; i++) q2[i] = queue[(qhead + i) % qcap];
                    free(queue); queue = q2; qhead = 0; qcap *= 2;
                }
                queue[(qhead + qlen++) % qcap] = e.t;
            }
        } else {
            per.completions++;
            if (qlen > 0) {
                int64_t arrived = queue[qhead]; qhead = (qhead + 1) % qcap; qlen--;
                double w = (e.t - arrived) / 1e9;
                if (arrived >= warmup) { sum_wait += w; waited++; served++; }
                push(&h, e.t + ns(gsl_ran_exponential(rs, 1 / mu)), DEPARTURE, 0);
            } else busy--;
        }
    }
    fclose(out);
    printf("arrivals %llu  mean wait %.4f s  P(wait) %.4f\n", (unsigned long long)arrivals,
           served ? sum_wait / served : 0, served ? (double)waited / served : 0);
    return 0;
}
