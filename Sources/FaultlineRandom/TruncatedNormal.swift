import CGSL

/// The normal distribution truncated at 0 exactly as ``Sampler`` draws it: negative draws are
/// resampled up to 64 times, then 0 is returned (an atom at 0 of mass `Φ(α)⁶⁴`, `α = −μ/σ`).
///
/// Uses `gsl_cdf_ugaussian_P/Q/Qinv` and `gsl_ran_ugaussian_pdf`.
struct TruncatedNormal {
    /// μ of the untruncated normal.
    var location: Double
    /// σ of the untruncated normal.
    var scale: Double

    /// −μ/σ, the truncation point in standard units.
    var alpha: Double { -location / scale }

    /// The mass of the atom at 0: Φ(α)⁶⁴.
    var atomAtZero: Double {
        GSLErrorHandling.ensureQuiet()
        var c = gsl_cdf_ugaussian_P(alpha)
        for _ in 0..<6 { c *= c }
        return c
    }

    /// E[draw] = E[X | X ≥ 0] · (1 − atom), with E[X | X ≥ 0] = μ + σ·φ(α)/Q(α).
    var mean: Double {
        guard scale > 0 else { return Swift.max(location, 0) }
        GSLErrorHandling.ensureQuiet()
        let a = alpha
        let conditional = location + scale * gsl_ran_ugaussian_pdf(a) / gsl_cdf_ugaussian_Q(a)
        return conditional * (1 - atomAtZero)
    }

    /// P(draw ≤ x) = atom + (1 − atom)·(1 − Q(z)/Q(α)) for x ≥ 0, z = (x − μ)/σ.
    func cdf(_ x: Double) -> Double {
        guard x >= 0 else { return 0 }
        guard scale > 0 else { return x >= Swift.max(location, 0) ? 1 : 0 }
        GSLErrorHandling.ensureQuiet()
        let atom = atomAtZero
        let tail = gsl_cdf_ugaussian_Q((x - location) / scale) / gsl_cdf_ugaussian_Q(alpha)
        return 1 - (1 - atom) * tail
    }

    /// The inverse of ``cdf(_:)``; 0 for p within the atom, `.infinity` at p = 1.
    func quantile(_ p: Double) -> Double {
        guard scale > 0 else { return Swift.max(location, 0) }
        if p >= 1 { return .infinity }
        GSLErrorHandling.ensureQuiet()
        let atom = atomAtZero
        guard p > atom else { return 0 }
        let q = (p - atom) / (1 - atom)
        let x = location + scale * gsl_cdf_ugaussian_Qinv((1 - q) * gsl_cdf_ugaussian_Q(alpha))
        return Swift.max(x, 0)
    }
}
