/* Shared parts of the hand-written C + GSL reference simulators (benchmarks/reference/):
 * an event list that is a binary min-heap ordered by (time, sequence) with integer-nanosecond
 * times, like Faultline's, and the "vacant root" trick (a pop leaves the root empty and the next
 * push fills it with one sift-down), plus per-period output rows written as CSV.
 * These are the yardstick of docs/performance.md; they are deliberately plain and fast. */
#ifndef REFSIM_H
#define REFSIM_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

/* The event list, shared with the kernel benchmark gate. */
#include "../Gate/CReferenceHeap/include/refheap.h"

static inline int64_t ns(double seconds) { return (int64_t)(seconds * 1e9 + 0.5); }

/* Per-period statistics, one CSV row per metric at each period close. */
typedef struct {
    uint64_t arrivals, completions, rejected;
    double sum_response, max_response;
} period_t;

static void write_period(FILE *f, double t_s, const period_t *p) {
    fprintf(f, "%.0f,station,Arrivals,Sum,%llu\n", t_s, (unsigned long long)p->arrivals);
    fprintf(f, "%.0f,station,Completions,Sum,%llu\n", t_s, (unsigned long long)p->completions);
    fprintf(f, "%.0f,station,Rejected,Sum,%llu\n", t_s, (unsigned long long)p->rejected);
    fprintf(f, "%.0f,station,Latency,Average,%.6f\n", t_s,
            p->completions ? p->sum_response / (double)p->completions : 0.0);
    fprintf(f, "%.0f,station,Latency,Maximum,%.6f\n", t_s, p->max_response);
}

static gsl_rng *make_rng(const char *name, unsigned long seed) {
    const gsl_rng_type *type = strcmp(name, "taus2") == 0 ? gsl_rng_taus2 : gsl_rng_mt19937;
    gsl_rng *r = gsl_rng_alloc(type);
    gsl_rng_set(r, seed);
    return r;
}
#endif
