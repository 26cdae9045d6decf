#include "CReferenceHeap.h"
#include "refheap.h"

uint64_t reference_hold(int64_t pending, int64_t operations) {
    heap_t h;
    heap_init(&h, pending > 4 ? (size_t)pending : 4);
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int64_t i = 0; i < pending; i++) push(&h, i, 0, (int32_t)i);
    uint64_t sum = 0;
    event_t e;
    for (int64_t k = 0; k < operations && pop(&h, &e); k++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        sum += (uint64_t)e.slot;
        push(&h, e.t + (int64_t)(x >> 40), e.kind, e.slot);
    }
    free(h.a);
    return sum ^ h.seq;
}
