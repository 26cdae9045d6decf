#ifndef CMALLOCCOUNTER_H
#define CMALLOCCOUNTER_H
#include <stdint.h>

/// Heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc) made so far by the
/// calling thread. The test binary's own definitions of these functions count and forward to
/// glibc (Linux only), so a test can assert how many allocations a piece of work made.
uint64_t faultline_thread_mallocs(void);

/// 1 when the counting definitions are in effect (they are not on macOS, where a test bundle
/// cannot interpose malloc): the tests that read the counter are skipped then.
int faultline_malloc_counting_active(void);
#endif
