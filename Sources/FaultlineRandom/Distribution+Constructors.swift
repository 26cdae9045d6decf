import CGSL

extension Distribution {
    /// A lognormal with the given mean and standard deviation of the values themselves:
    /// sigma² = ln(1 + sd²/m²), mu = ln m − sigma²/2.
    ///
    /// - Throws: ``RandomError`` unless `mean` is finite and > 0 and `stddev` is finite and ≥ 0.
    public static func lognormal(mean: Double, stddev: Double) throws(RandomError) -> Distribution {
        try Check.positive(mean, "lognormal.mean")
        try Check.nonNegative(stddev, "lognormal.stddev")
        let ratio = stddev / mean
        let variance = Math.log1p(ratio * ratio)
        guard variance.isFinite else {
            throw .invalidParameter(
                field: "lognormal.stddev", value: stddev,
                allowed: "a finite number >= 0 at most about 1e150 times the mean (\(mean))")
        }
        return .lognormal(mu: Math.log(mean) - variance / 2, sigma: variance.squareRoot())
    }

    /// A lognormal with the given median (p50) and 99th percentile (p99):
    /// mu = ln p50, sigma = (ln p99 − mu) / z₀.₉₉ with z₀.₉₉ = `gsl_cdf_ugaussian_Pinv(0.99)` ≈ 2.326.
    ///
    /// - Throws: ``RandomError`` unless 0 < p50 < p99, both finite.
    public static func lognormal(p50: Double, p99: Double) throws(RandomError) -> Distribution {
        try lognormal(median: p50, quantile: p99, at: 0.99, fields: ("lognormal.p50", "lognormal.p99", "p50"))
    }

    /// A lognormal with the given median and one upper quantile (`quantile` is the `at`
    /// quantile, e.g. p90 with `at: 0.9`): mu = ln median, sigma = (ln quantile − mu) / Φ⁻¹(at).
    ///
    /// - Throws: ``RandomError`` unless 0 < median < quantile (finite) and 0.5 < at < 1.
    public static func lognormal(median: Double, quantile: Double, at probability: Double) throws(RandomError) -> Distribution {
        try lognormal(
            median: median, quantile: quantile, at: probability,
            fields: ("lognormal.median", "lognormal.quantile", "median"))
    }

    private static func lognormal(
        median: Double, quantile: Double, at probability: Double,
        fields: (median: String, quantile: String, medianName: String)
    ) throws(RandomError) -> Distribution {
        guard probability.isFinite, probability > 0.5, probability < 1 else {
            throw .invalidParameter(
                field: "lognormal.at", value: probability,
                allowed: "a probability strictly between 0.5 and 1 (e.g. 0.99 for p99)")
        }
        try Check.positive(median, fields.median)
        try Check.finite(quantile, fields.quantile, allowed: "a finite number > \(fields.medianName) (\(median))")
        guard quantile > median else {
            throw .invalidParameter(
                field: fields.quantile, value: quantile,
                allowed: "a finite number > \(fields.medianName) (\(median))")
        }
        GSLErrorHandling.ensureQuiet()
        let mu = Math.log(median)
        let sigma = (Math.log(quantile) - mu) / gsl_cdf_ugaussian_Pinv(probability)
        return .lognormal(mu: mu, sigma: sigma)
    }

    /// A gamma with the given mean and standard deviation: shape = m²/sd², scale = sd²/m.
    ///
    /// - Throws: ``RandomError`` unless both are finite and > 0 (use `constant` for no spread).
    public static func gamma(mean: Double, stddev: Double) throws(RandomError) -> Distribution {
        try Check.positive(mean, "gamma.mean")
        try Check.positive(stddev, "gamma.stddev", allowed: "a finite number > 0 (use a constant distribution for zero spread)")
        let cv = stddev / mean
        let shape = 1 / (cv * cv)
        let scale = stddev * cv
        guard shape.isFinite, shape > 0, scale.isFinite, scale > 0 else {
            throw .invalidParameter(
                field: "gamma.stddev", value: stddev,
                allowed: "a finite number > 0 within about 1e150 of the mean (\(mean))")
        }
        return .gamma(shape: shape, scale: scale)
    }

    /// An empirical distribution from a percentile table of (probability, value) pairs, such as
    /// `[(0.5, 0.1), (0.9, 0.25), (0.99, 0.8), (1, 2.0)]` for p50, p90, p99 and max.
    ///
    /// If the table has no point at probability 0, `min` is assumed to be 0 and (0, 0) is added.
    /// The table must end with `max` (probability 1); probabilities must be in [0, 1] and
    /// strictly increase (pass them sorted); values must be ≥ 0 and non-decreasing. Between
    /// points the inverse CDF is linear.
    ///
    /// - Throws: ``RandomError`` naming the offending point, or asking for `max` if it is missing.
    public static func empirical(percentiles: [(Double, Double)]) throws(RandomError) -> Distribution {
        // Checked before `min` is added so the index names the caller's own row.
        for (i, row) in percentiles.enumerated() where !(row.0.isFinite && row.0 >= 0 && row.0 <= 1) {
            throw .invalidParameter(
                field: "empirical[\(i)].probability", value: row.0,
                allowed: "a probability in [0, 1] (write p90 as 0.9)")
        }
        var points = percentiles.map { QuantilePoint(probability: $0.0, value: $0.1) }
        if let first = points.first, first.probability > 0 {
            points.insert(QuantilePoint(probability: 0, value: 0), at: 0)
        }
        let d = Distribution.empirical(points)
        try d.validate()
        return d
    }
}
