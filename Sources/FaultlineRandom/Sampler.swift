/// A ready-to-sample distribution (precomputed parameters, no allocation per draw).
///
/// Build one per configured distribution, outside the hot path; ``sample(_:)`` then costs one
/// `switch` plus the GSL call (`gsl_ran_exponential`, `gsl_ran_lognormal`, ...). Empirical
/// tables and mixtures keep small precomputed arrays (slopes, cumulative weights), read but
/// never allocated per draw.
///
/// Every draw is ≥ 0 and never NaN (a NaN or negative result, impossible for a validated
/// distribution, becomes 0); a lognormal or pareto with extreme parameters may return
/// `.infinity`, which ``sampleNanoseconds(_:)`` clamps.
public struct Sampler: Sendable {
    /// The validated distribution this sampler draws from.
    public let distribution: Distribution
    /// The flat, precomputed form the hot path switches over.
    @usableFromInline let kernel: SamplerKernel

    /// Validates `distribution` and precomputes its sampling parameters.
    ///
    /// - Throws: ``RandomError`` from ``Distribution/validate()``.
    public init(_ distribution: Distribution) throws(RandomError) {
        try distribution.validate()
        GSLErrorHandling.ensureQuiet()
        self.distribution = distribution
        self.kernel = SamplerKernel(distribution)
    }

    /// One draw from `stream`, in the distribution's unit; never negative, never NaN.
    @inlinable public func sample(_ stream: RandomStream) -> Double {
        let x = kernel.draw(stream.rng)
        return x > 0 ? x : 0
    }

    /// One draw interpreted as seconds, rounded half-up to whole nanoseconds and clamped to
    /// [0, Int64.max / 4] (about 73 years, so sums of a few draws cannot overflow).
    @inlinable public func sampleNanoseconds(_ stream: RandomStream) -> Int64 {
        let ns = sample(stream) * 1e9 + 0.5
        // 2^61 as a Double; every Double below it converts to at most Int64.max / 4.
        return ns < 2_305_843_009_213_693_952.0 ? Int64(ns) : Int64.max / 4
    }

    /// The analytic mean of ``distribution``.
    public var mean: Double { distribution.mean }

    /// The `p` quantile of ``distribution``.
    public func quantile(_ p: Double) -> Double { distribution.quantile(p) }
}
