import CGSL

/// Turns GSL's abort-on-error handler off exactly once per process.
///
/// Faultline validates every parameter before it reaches GSL, so GSL's handler should never
/// fire; if it does (for example `gsl_cdf_*_Pinv` outside its domain), GSL returns NaN or an
/// infinity instead of aborting the process.
enum GSLErrorHandling {
    /// Evaluated lazily and thread-safely by the Swift runtime on first access.
    static let installed: Void = faultline_gsl_quiet()

    /// Makes sure the handler is off; cheap after the first call.
    @inline(__always) static func ensureQuiet() { _ = installed }
}
