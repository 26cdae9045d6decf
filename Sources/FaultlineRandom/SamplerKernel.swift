import CGSL

/// The flat, precomputed form of a validated ``Distribution`` that ``Sampler`` draws from.
///
/// Each case holds exactly the arguments of its GSL call, in GSL's order, so a draw is one
/// `switch` and one call.
@usableFromInline enum SamplerKernel: Sendable {
    /// Always the value; consumes no randomness.
    case constant(Double)
    /// `gsl_ran_flat(r, min, max)`.
    case uniform(min: Double, max: Double)
    /// `gsl_ran_exponential(r, mean)`.
    case exponential(mean: Double)
    /// `mean + gsl_ran_gaussian_ziggurat(r, stddev)`, resampled while negative (≤ 64 tries, then 0).
    case normal(mean: Double, stddev: Double)
    /// `gsl_ran_lognormal(r, mu, sigma)`.
    case lognormal(mu: Double, sigma: Double)
    /// `gsl_ran_gamma(r, shape, scale)`.
    case gamma(shape: Double, scale: Double)
    /// `gsl_ran_weibull(r, scale, shape)` — GSL's `a` is the scale, `b` the shape.
    case weibull(scale: Double, shape: Double)
    /// `gsl_ran_pareto(r, shape, scale)` — GSL's `a` is the exponent, `b` the scale.
    case pareto(shape: Double, scale: Double)
    /// A `gsl_rng_uniform` through the piecewise-linear inverse CDF.
    case empirical(EmpiricalTable)
    /// A `gsl_rng_uniform` picks the component, which then draws.
    case mixture(MixtureTable)

    /// Precomputes the kernel of a distribution that has passed ``Distribution/validate()``.
    init(_ distribution: Distribution) {
        switch distribution {
        case .constant(let v): self = .constant(v)
        case .uniform(let min, let max): self = .uniform(min: min, max: max)
        case .exponential(let mean): self = .exponential(mean: mean)
        case .normal(let mean, let stddev): self = .normal(mean: mean, stddev: stddev)
        case .lognormal(let mu, let sigma): self = .lognormal(mu: mu, sigma: sigma)
        case .gamma(let shape, let scale): self = .gamma(shape: shape, scale: scale)
        case .weibull(let shape, let scale): self = .weibull(scale: scale, shape: shape)
        case .pareto(let shape, let scale): self = .pareto(shape: shape, scale: scale)
        case .empirical(let points): self = .empirical(EmpiricalTable(points))
        case .mixture(let components): self = .mixture(MixtureTable(components))
        }
    }

    /// One raw draw (the caller maps NaN and negatives to 0).
    @inlinable func draw(_ rng: UnsafeMutablePointer<gsl_rng>) -> Double {
        switch self {
        case .constant(let v):
            return v
        case .uniform(let min, let max):
            return gsl_ran_flat(rng, min, max)
        case .exponential(let mean):
            return gsl_ran_exponential(rng, mean)
        case .normal(let mean, let stddev):
            for _ in 0..<64 {
                let x = mean + gsl_ran_gaussian_ziggurat(rng, stddev)
                if x >= 0 { return x }
            }
            return 0
        case .lognormal(let mu, let sigma):
            return gsl_ran_lognormal(rng, mu, sigma)
        case .gamma(let shape, let scale):
            return gsl_ran_gamma(rng, shape, scale)
        case .weibull(let scale, let shape):
            return gsl_ran_weibull(rng, scale, shape)
        case .pareto(let shape, let scale):
            return gsl_ran_pareto(rng, shape, scale)
        case .empirical(let table):
            return table.value(at: gsl_rng_uniform(rng))
        case .mixture(let table):
            return table.kernels[table.index(for: gsl_rng_uniform(rng))].draw(rng)
        }
    }
}

/// A percentile table ready for inversion: segment `i` runs from `(probabilities[i], values[i])`
/// with `slopes[i]` = Δvalue/Δprobability up to the next point.
@usableFromInline struct EmpiricalTable: Sendable {
    /// Strictly increasing, from 0 to 1.
    @usableFromInline let probabilities: [Double]
    /// Non-decreasing, ≥ 0.
    @usableFromInline let values: [Double]
    /// One per segment (count − 1).
    @usableFromInline let slopes: [Double]

    init(_ points: [QuantilePoint]) {
        probabilities = points.map(\.probability)
        values = points.map(\.value)
        slopes = points.indices.dropFirst().map { i in
            (points[i].value - points[i - 1].value) / (points[i].probability - points[i - 1].probability)
        }
    }

    /// The inverse CDF at `u` in [0, 1) (a linear scan; tables have a handful of rows).
    @inlinable func value(at u: Double) -> Double {
        var i = 0
        let lastSegment = slopes.count - 1
        while i < lastSegment && u >= probabilities[i + 1] { i += 1 }
        return values[i] + (u - probabilities[i]) * slopes[i]
    }
}

/// Mixture components ready for selection: component `i` is chosen when
/// `cumulative[i-1] <= u < cumulative[i]`, with weights normalised so the last entry is 1.
@usableFromInline struct MixtureTable: Sendable {
    /// Normalised cumulative weights; the last is exactly 1.
    @usableFromInline let cumulative: [Double]
    /// The components' kernels, in the order given.
    @usableFromInline let kernels: [SamplerKernel]

    init(_ components: [MixtureComponent]) {
        let total = components.reduce(0) { $0 + $1.weight }
        var running = 0.0
        var cumulative = components.map { c -> Double in
            running += c.weight
            return running / total
        }
        cumulative[cumulative.count - 1] = 1
        self.cumulative = cumulative
        self.kernels = components.map { SamplerKernel($0.distribution) }
    }

    /// The component for a uniform `u` in [0, 1).
    @inlinable func index(for u: Double) -> Int {
        var i = 0
        let last = cumulative.count - 1
        while i < last && u >= cumulative[i] { i += 1 }
        return i
    }
}
