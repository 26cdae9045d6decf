import CGSL

extension Distribution {
    /// The `p` quantile (inverse CDF), in the distribution's unit (meaningful for a valid
    /// distribution). Returns NaN when `p` is NaN or outside [0, 1]; `quantile(0)` is the lower
    /// end of the support and `quantile(1)` the upper end (`.infinity` if unbounded).
    ///
    /// - Parametric cases use `gsl_cdf_*_Pinv` (exponential, lognormal, gamma, weibull, pareto);
    ///   `normal` inverts the truncated-at-0 CDF that ``Sampler`` draws from.
    /// - `empirical` interpolates its table linearly.
    /// - `mixture` bisects the mixture CDF between the smallest and largest component quantile
    ///   at `p` (the answer always lies there) to within one ulp; it returns the smallest `x`
    ///   with `cdf(x) >= p`.
    public func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        GSLErrorHandling.ensureQuiet()
        switch self {
        case .constant(let value):
            return value
        case .uniform(let min, let max):
            return p == 1 ? max : min + p * (max - min)
        case .exponential(let mean):
            return p == 1 ? .infinity : gsl_cdf_exponential_Pinv(p, mean)
        case .normal(let mean, let stddev):
            return TruncatedNormal(location: mean, scale: stddev).quantile(p)
        case .lognormal(let mu, let sigma):
            if sigma == 0 { return Math.exp(mu) }
            if p == 0 { return 0 }
            return p == 1 ? .infinity : gsl_cdf_lognormal_Pinv(p, mu, sigma)
        case .gamma(let shape, let scale):
            if p == 0 { return 0 }
            return p == 1 ? .infinity : gsl_cdf_gamma_Pinv(p, shape, scale)
        case .weibull(let shape, let scale):
            if p == 0 { return 0 }
            return p == 1 ? .infinity : gsl_cdf_weibull_Pinv(p, scale, shape)
        case .pareto(let shape, let scale):
            if p == 0 { return scale }
            return p == 1 ? .infinity : gsl_cdf_pareto_Pinv(p, shape, scale)
        case .empirical(let points):
            guard let first = points.first else { return .nan }
            for i in points.indices.dropFirst() where p <= points[i].probability {
                let (a, b) = (points[i - 1], points[i])
                if p <= a.probability { return a.value }
                return a.value + (p - a.probability) * (b.value - a.value) / (b.probability - a.probability)
            }
            return points.last?.value ?? first.value
        case .mixture(let components):
            return mixtureQuantile(components, p)
        }
    }

    /// P(X ≤ x) (meaningful for a valid distribution); NaN for NaN `x`.
    ///
    /// Parametric cases use `gsl_cdf_*_P`; `normal` is the truncated-at-0 CDF ``Sampler`` draws
    /// from; `empirical` inverts the piecewise-linear table (right-continuous where a value
    /// repeats); `mixture` is the weight-normalised sum.
    public func cdf(_ x: Double) -> Double {
        guard !x.isNaN else { return .nan }
        GSLErrorHandling.ensureQuiet()
        switch self {
        case .constant(let value):
            return x >= value ? 1 : 0
        case .uniform(let min, let max):
            if x >= max { return 1 }
            if x < min { return 0 }
            return (x - min) / (max - min)
        case .exponential(let mean):
            return x <= 0 ? 0 : gsl_cdf_exponential_P(x, mean)
        case .normal(let mean, let stddev):
            return TruncatedNormal(location: mean, scale: stddev).cdf(x)
        case .lognormal(let mu, let sigma):
            if x <= 0 { return 0 }
            if sigma == 0 { return x >= Math.exp(mu) ? 1 : 0 }
            return gsl_cdf_lognormal_P(x, mu, sigma)
        case .gamma(let shape, let scale):
            return x <= 0 ? 0 : gsl_cdf_gamma_P(x, shape, scale)
        case .weibull(let shape, let scale):
            return x <= 0 ? 0 : gsl_cdf_weibull_P(x, scale, shape)
        case .pareto(let shape, let scale):
            return x < scale ? 0 : gsl_cdf_pareto_P(x, shape, scale)
        case .empirical(let points):
            guard let first = points.first, let last = points.last else { return .nan }
            if x < first.value { return 0 }
            if x >= last.value { return 1 }
            // The last segment whose lower value is <= x; with repeated values this skips the
            // flat part, so the CDF includes the jump.
            var i = points.count - 1
            while i > 0 && points[i - 1].value > x { i -= 1 }
            let (a, b) = (points[i - 1], points[i])
            guard b.value > a.value else { return b.probability }
            return a.probability + (x - a.value) * (b.probability - a.probability) / (b.value - a.value)
        case .mixture(let components):
            var total = 0.0
            var weighted = 0.0
            for c in components {
                total += c.weight
                weighted += c.weight * c.distribution.cdf(x)
            }
            return weighted / total
        }
    }

    /// Bisection on the mixture CDF: the p quantile lies between the smallest and the largest
    /// component quantile at p, because every component CDF is < p below the former and ≥ p
    /// at the latter.
    private func mixtureQuantile(_ components: [MixtureComponent], _ p: Double) -> Double {
        guard !components.isEmpty else { return .nan }
        var lo = Double.infinity
        var hi = -Double.infinity
        for c in components {
            let q = c.distribution.quantile(p)
            lo = Swift.min(lo, q)
            hi = Swift.max(hi, q)
        }
        if p == 0 || lo == hi { return lo }
        if p == 1 || !hi.isFinite { return hi }
        if cdf(lo) >= p { return lo }
        // Invariant: cdf(lo) < p <= cdf(hi).
        for _ in 0..<2_000 {
            let mid = lo + (hi - lo) / 2
            guard mid > lo, mid < hi else { break }
            if cdf(mid) >= p { hi = mid } else { lo = mid }
        }
        return hi
    }
}
