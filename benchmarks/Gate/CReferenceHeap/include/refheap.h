/* The C reference's event list (benchmarks/reference/refsim.h includes this file): a binary
 * min-heap ordered by (time, sequence) with integer-nanosecond times and the "vacant root"
 * trick (a pop leaves the root empty and the next push fills it with one sift-down).
 * Deliberately plain and fast: the yardstick of the kernel benchmark gate
 * (benchmarks/Gate, docs/performance.md) and of the C reference simulators. */
#ifndef REFHEAP_H
#define REFHEAP_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

static inline void heap_init(heap_t *h, size_t cap) {
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
#endif
