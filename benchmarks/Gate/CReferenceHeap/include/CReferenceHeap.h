/* The reference loop of the kernel benchmark gate (benchmarks/Gate/KernelGate). */
#ifndef CREFERENCEHEAP_H
#define CREFERENCEHEAP_H
#include <stdint.h>

/* The "hold" workload on the C reference heap: `pending` events, then `operations` times pop
 * the earliest and push one at a pseudo-random later time (the same LCG and delays as the Swift
 * side: x = x * 6364136223846793005 + 1442695040888963407, delay = x >> 40 ns).
 * Returns a checksum so the work cannot be optimised away. */
uint64_t reference_hold(int64_t pending, int64_t operations);
#endif
