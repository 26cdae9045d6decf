import CGSL

/// The GSL generator algorithm behind a ``RandomStream``.
///
/// - `mt19937`: Mersenne Twister (`gsl_rng_mt19937`), GSL's default; ~10 ns per uniform.
/// - `taus2`: L'Ecuyer's maximally equidistributed Tausworthe (`gsl_rng_taus2`); ~40 % faster.
///
/// Both produce 32 random bits per call, so `uniform()` has 32-bit resolution.
public enum RandomGenerator: String, Sendable, CaseIterable {
    case mt19937
    case taus2

    /// The GSL generator type, read through the shim's accessors (Swift 6 rejects reading
    /// GSL's mutable C globals directly).
    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .mt19937: return faultline_rng_mt19937()
        case .taus2: return faultline_rng_taus2()
        }
    }
}
