/* M/G/c/c (Erlang loss) reference: Poisson arrivals at 80/s, 100 servers, no queue,
 * lognormal service (mu -0.125, sigma 0.5: mean 1 s), as scenarios/loss-erlang-b.yaml.
 * Usage: loss HOURS OUT.csv [mt19937|taus2]. Prints arrivals and the blocking probability
 * after the 5 min warm-up (Erlang B: 0.0040). */
#include "refsim.h"
enum { ARRIVAL, DEPARTURE };

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: loss HOURS OUT.csv [mt19937|taus2]\n"); return 2; }
    const double lambda = 80; const int c = 100;
    const int64_t horizon = ns(atof(argv[1]) * 3600), warmup = ns(300), period = ns(60);
    gsl_rng *ra = make_rng(argc > 3 ? argv[3] : "mt19937", 1), *rs = make_rng(argc > 3 ? argv[3] : "mt19937", 2);
    FILE *out = fopen(argv[2], "w");
    if (!out) { perror(argv[2]); return 1; }
    fputs("t_s,resource,metric,statistic,value\n", out);
    heap_t h; heap_init(&h, 1024);
    int busy = 0;
    uint64_t arrivals = 0, measured = 0, blocked = 0;
    period_t per = {0}; int64_t next_close = period;
    push(&h, ns(gsl_ran_exponential(ra, 1 / lambda)), ARRIVAL, 0);
    event_t e;
    while (pop(&h, &e) && e.t <= horizon) {
        while (e.t >= next_close) {
            write_period(out, next_close / 1e9, &per);
            memset(&per, 0, sizeof per); next_close += period;
        }
        if (e.kind == ARRIVAL) {
            arrivals++; per.arrivals++;
            if (e.t >= warmup) measured++;
            push(&h, e.t + ns(gsl_ran_exponential(ra, 1 / lambda)), ARRIVAL, 0);
            if (busy < c) {
                busy++;
                double s = gsl_ran_lognormal(rs, -0.125, 0.5);
                per.sum_response += s; if (s > per.max_response) per.max_response = s;
                push(&h, e.t + ns(s), DEPARTURE, 0);
            } else {
                per.rejected++;
                if (e.t >= warmup) blocked++;
            }
        } else {
            per.completions++;
            busy--;
        }
    }
    fclose(out);
    printf("arrivals %llu  blocking %.5f\n", (unsigned long long)arrivals, measured ? (double)blocked / measured : 0);
    return 0;
}
