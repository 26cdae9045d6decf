/// A validated probability distribution over non-negative reals (values are in the caller's
/// unit, e.g. seconds).
///
/// Cases carry the parameters GSL takes; the static constructors (``lognormal(mean:stddev:)``,
/// ``lognormal(p50:p99:)``, ``gamma(mean:stddev:)``, ``empirical(percentiles:)``) take the
/// parameters engineers think in and validate them. A case built directly is checked by
/// ``validate()`` (and by ``Sampler/init(_:)``).
///
/// Sampling (see ``Sampler``):
/// - `constant`: the value.
/// - `uniform`: `gsl_ran_flat(min, max)`.
/// - `exponential`: `gsl_ran_exponential(mean)` — GSL takes the mean, not the rate.
/// - `normal`: `mean + gsl_ran_gaussian_ziggurat(stddev)`, truncated at 0 by resampling up to
///   64 times, then 0.
/// - `lognormal`: `gsl_ran_lognormal(mu, sigma)`; mu and sigma are the underlying normal's.
/// - `gamma`: `gsl_ran_gamma(shape, scale)`.
/// - `weibull`: `gsl_ran_weibull(r, a: scale, b: shape)` (GSL's `a` is the scale).
/// - `pareto`: `gsl_ran_pareto(r, a: shape, b: scale)`; support starts at `scale`.
/// - `empirical`: a percentile table; a GSL uniform through the piecewise-linear inverse CDF.
/// - `mixture`: weights normalised; a GSL uniform chooses the component.
public indirect enum Distribution: Sendable, Equatable {
    /// Always `value`.
    case constant(Double)
    /// Uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Exponential with the given mean (rate = 1 / mean).
    case exponential(mean: Double)
    /// Normal truncated at 0 (negative draws are resampled up to 64 times, then 0).
    case normal(mean: Double, stddev: Double)
    /// exp(N(mu, sigma²)): median e^mu, mean e^(mu + sigma²/2).
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with shape k and scale θ: mean kθ, variance kθ².
    case gamma(shape: Double, scale: Double)
    /// Weibull with shape k and scale λ: CDF 1 − exp(−(x/λ)^k).
    case weibull(shape: Double, scale: Double)
    /// Pareto with shape α and scale x_m: CDF 1 − (x_m/x)^α for x ≥ x_m.
    case pareto(shape: Double, scale: Double)
    /// A percentile table from probability 0 (min) to probability 1 (max), read as a
    /// piecewise-linear inverse CDF.
    case empirical([QuantilePoint])
    /// A weighted mixture; weights need not sum to 1.
    case mixture([MixtureComponent])
}

extension Distribution {
    /// The case name as written in scenario files (`"lognormal"`), used in error field paths.
    public var kind: String {
        switch self {
        case .constant: return "constant"
        case .uniform: return "uniform"
        case .exponential: return "exponential"
        case .normal: return "normal"
        case .lognormal: return "lognormal"
        case .gamma: return "gamma"
        case .weibull: return "weibull"
        case .pareto: return "pareto"
        case .empirical: return "empirical"
        case .mixture: return "mixture"
        }
    }
}
