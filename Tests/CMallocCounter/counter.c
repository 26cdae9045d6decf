// Counting malloc for the allocation gate tests (Tests/FaultlineKernelTests/AllocationTests.swift,
// Tests/FaultlineScenarioTests/AllocationTests.swift). Linked into the test binary only: the
// executable's definitions of malloc and friends take precedence over libc's for the whole
// process, count into a per-thread counter (parallel tests do not disturb each other), and
// forward to glibc's implementations. Cost: one thread-local increment per allocation.
#include "CMallocCounter.h"
#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static __thread uint64_t thread_mallocs __attribute__((tls_model("initial-exec")));

void *malloc(size_t size) { thread_mallocs++; return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { thread_mallocs++; return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { thread_mallocs++; return __libc_realloc(p, size); }
void free(void *p) { __libc_free(p); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    thread_mallocs++;
    void *p = __libc_memalign(alignment, size);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
void *aligned_alloc(size_t alignment, size_t size) { thread_mallocs++; return __libc_memalign(alignment, size); }
void *memalign(size_t alignment, size_t size) { thread_mallocs++; return __libc_memalign(alignment, size); }

uint64_t faultline_thread_mallocs(void) { return thread_mallocs; }

int faultline_malloc_counting_active(void) {
    uint64_t before = thread_mallocs;
    void *volatile p = malloc(24);
    free(p);
    return thread_mallocs == before + 1;
}
#else
uint64_t faultline_thread_mallocs(void) { return 0; }
int faultline_malloc_counting_active(void) { return 0; }
#endif
