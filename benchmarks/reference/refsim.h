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

typedef struct { int64_t t; uint64_t seq; int32_t kind; int32_t slot; } event_t;

typedef struct {
    event_t *a;
    size_t n, cap;
    uint64_t seq;
    int vacant; /* a[0] was popped and awaits a push or a settle */
} heap_t;

static inline int before(const event_t *x, const event_t *y) {
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void heap_init(heap_t *h, size_t cap) {
    h->a = malloc(cap * sizeof(event_t)); h->n = 0; h->cap = cap; h->seq = 0; h->vacant = 0;
}

static inline void sift_down(heap_t *h, event_t e) {
    size_t i = 0, n = h->n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && before(&h->a[c + 1], &h->a[c])) c++;
        if (!before(&h->a[c], &e)) break;
        h->a[i] = h->a[c];
        i = c;
    }
    h->a[i] = e;
}

static inline void settle(heap_t *h) {
    h->vacant = 0;
    h->n--;
    if (h->n > 0) sift_down(h, h->a[h->n]);
}

static inline void push(heap_t *h, int64_t t, int32_t kind, int32_t slot) {
    event_t e = { t, h->seq++, kind, slot };
    if (h->vacant) { h->vacant = 0; sift_down(h, e); return; }
    if (h->n == h->cap) { h->cap *= 2; h->a = realloc(h->a, h->cap * sizeof(event_t)); }
    size_t i = h->n++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&e, &h->a[p])) break;
        h->a[i] = h->a[p];
        i = p;
    }
    h->a[i] = e;
}

/* The earliest event; the heap keeps its slot vacant until the next push or peek. */
static inline int pop(heap_t *h, event_t *out) {
    if (h->vacant) settle(h);
    if (h->n == 0) return 0;
    *out = h->a[0];
    h->vacant = 1;
    return 1;
}

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
