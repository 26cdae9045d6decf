#ifndef FAULTLINE_CGSL_SHIM_H
#define FAULTLINE_CGSL_SHIM_H
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

/// Swift 6 rejects reads of GSL's mutable generator-type globals; these accessors return them.
static inline const gsl_rng_type *faultline_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *faultline_rng_taus2(void) { return gsl_rng_taus2; }

/// Turn GSL's abort-on-error handler off once; Faultline validates parameters before sampling.
static inline void faultline_gsl_quiet(void) { gsl_set_error_handler_off(); }
#endif
