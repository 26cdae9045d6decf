extension Distribution {
    /// Checks every parameter: finite numbers, `mean > 0` (exponential), `mean >= 0` (normal),
    /// `stddev >= 0`, `sigma >= 0`, `shape > 0`, `scale > 0`, `0 <= min <= max`, empirical tables
    /// from probability 0 to 1 with strictly increasing probabilities and non-decreasing values
    /// `>= 0`, mixtures with at least one component and weights `> 0`, nested components checked
    /// with a field path such as `mixture[1].lognormal.sigma`. Table rows are named by percentile
    /// (`empirical.p90`), or by index when the probability itself is invalid
    /// (`empirical[2].probability`).
    ///
    /// - Throws: ``RandomError`` naming the first offending field.
    public func validate() throws(RandomError) {
        try validate(path: "")
    }

    /// Validates with `path` in front of every field name (`"mixture[1]."`).
    func validate(path: String) throws(RandomError) {
        let k = path + kind
        switch self {
        case .constant(let value):
            try Check.nonNegative(value, "\(k).value")
        case .uniform(let min, let max):
            try Check.nonNegative(min, "\(k).min")
            try Check.finite(max, "\(k).max", allowed: "a finite number >= min (\(min))")
            guard max >= min else {
                throw .invalidParameter(field: "\(k).max", value: max, allowed: "a finite number >= min (\(min))")
            }
        case .exponential(let mean):
            try Check.positive(mean, "\(k).mean")
        case .normal(let mean, let stddev):
            try Check.nonNegative(mean, "\(k).mean")
            try Check.nonNegative(stddev, "\(k).stddev")
        case .lognormal(let mu, let sigma):
            try Check.finite(mu, "\(k).mu", allowed: "a finite number (the log of the median)")
            try Check.nonNegative(sigma, "\(k).sigma")
        case .gamma(let shape, let scale), .weibull(let shape, let scale), .pareto(let shape, let scale):
            try Check.positive(shape, "\(k).shape")
            try Check.positive(scale, "\(k).scale")
        case .empirical(let points):
            try Check.table(points, k)
        case .mixture(let components):
            guard !components.isEmpty else {
                throw .invalidTable(field: k, reason: "the mixture has no components; add at least one { weight, distribution } item.")
            }
            var total = 0.0
            for (i, c) in components.enumerated() {
                try Check.positive(
                    c.weight, "\(k)[\(i)].weight",
                    allowed: "a finite number > 0 (remove the item rather than giving it weight 0)")
                total += c.weight
                try c.distribution.validate(path: "\(k)[\(i)].")
            }
            guard total.isFinite else {
                throw .invalidTable(field: k, reason: "the weights sum to infinity; scale every weight down by the same factor.")
            }
        }
    }
}

/// Parameter checks that throw ``RandomError`` with the field path.
enum Check {
    static func finite(_ v: Double, _ field: String, allowed: String) throws(RandomError) {
        guard v.isFinite else { throw .invalidParameter(field: field, value: v, allowed: allowed) }
    }

    static func nonNegative(_ v: Double, _ field: String, allowed: String = "a finite number >= 0") throws(RandomError) {
        guard v.isFinite, v >= 0 else { throw .invalidParameter(field: field, value: v, allowed: allowed) }
    }

    static func positive(_ v: Double, _ field: String, allowed: String = "a finite number > 0") throws(RandomError) {
        guard v.isFinite, v > 0 else { throw .invalidParameter(field: field, value: v, allowed: allowed) }
    }

    /// An empirical table: points in [0, 1] × [0, ∞), probabilities strictly increasing, values
    /// non-decreasing, first point at probability 0 and last at probability 1.
    static func table(_ points: [QuantilePoint], _ k: String) throws(RandomError) {
        guard !points.isEmpty else {
            throw .invalidTable(field: k, reason: "the table is empty; give at least p50 and max (min defaults to 0).")
        }
        for (i, pt) in points.enumerated() {
            guard pt.probability.isFinite, pt.probability >= 0, pt.probability <= 1 else {
                throw .invalidParameter(
                    field: "\(k)[\(i)].probability", value: pt.probability,
                    allowed: "a probability in [0, 1] (write p90 as 0.9)")
            }
            try nonNegative(pt.value, "\(k).\(label(pt.probability))")
        }
        for i in points.indices.dropFirst() {
            let (a, b) = (points[i - 1], points[i])
            guard b.probability > a.probability else {
                throw .invalidTable(
                    field: "\(k).\(label(b.probability))",
                    reason:
                        "probabilities must strictly increase, but \(label(b.probability)) comes after \(label(a.probability)); sort the table by percentile and remove duplicates."
                )
            }
            guard b.value >= a.value else {
                throw .invalidTable(
                    field: "\(k).\(label(b.probability))",
                    reason:
                        "values must not decrease as the percentile rises, but \(label(b.probability)) = \(b.value) is below \(label(a.probability)) = \(a.value); make each percentile at least as large as the one before it."
                )
            }
        }
        guard points[0].probability == 0 else {
            throw .invalidTable(
                field: k,
                reason:
                    "the table starts at \(label(points[0].probability)), not at probability 0; add `min` (the smallest value) or build it with empirical(percentiles:), which assumes min = 0."
            )
        }
        guard points[points.count - 1].probability == 1 else {
            throw .invalidTable(
                field: k,
                reason:
                    "the table ends at \(label(points[points.count - 1].probability)) and has no `max` (probability 1); add `max`, the largest value the distribution can take."
            )
        }
    }

    /// `0 → "min"`, `1 → "max"`, `0.9 → "p90"`, `0.999 → "p99.9"`.
    static func label(_ p: Double) -> String {
        if p == 0 { return "min" }
        if p == 1 { return "max" }
        guard p.isFinite, p > 0, p < 1 else { return "probability \(p)" }
        let percent = p * 100
        var scale = 1.0
        for decimals in 0...6 {
            let scaled = percent * scale
            let whole = scaled.rounded()
            if abs(scaled - whole) < 1e-9 * scale {
                var digits = String(Int(whole))
                guard decimals > 0 else { return "p" + digits }
                while digits.count <= decimals { digits = "0" + digits }
                let cut = digits.index(digits.endIndex, offsetBy: -decimals)
                return "p" + digits[..<cut] + "." + digits[cut...]
            }
            scale *= 10
        }
        return "p\(percent)"
    }
}
