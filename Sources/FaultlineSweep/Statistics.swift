import CGSL
import Foundation

/// Mean, standard deviation and a 95 % confidence interval of one quantity over replications.
public struct ReplicationStatistics: Sendable, Equatable {
    /// Replications that reported the quantity.
    public var n: Int
    public var mean: Double
    /// Sample standard deviation (n - 1 in the denominator); nil below two replications.
    public var sd: Double?
    /// mean ± t(0.975, n - 1) · sd / √n; nil below two replications.
    public var ciLow: Double?
    public var ciHigh: Double?

    /// Summarises `values` (in replication order; the sums are taken in that order, so the
    /// figures are the same on every machine).
    public init?(_ values: [Double], confidence: Double = 0.95) {
        guard !values.isEmpty else { return nil }
        n = values.count
        var sum = 0.0
        for v in values { sum += v }
        mean = sum / Double(n)
        guard n >= 2 else { return }
        var squares = 0.0
        for v in values { squares += (v - mean) * (v - mean) }
        let s = (squares / Double(n - 1)).squareRoot()
        sd = s
        let half = Self.studentT(quantile: 0.5 + confidence / 2, dof: Double(n - 1)) * s / Double(n).squareRoot()
        ciLow = mean - half
        ciHigh = mean + half
    }

    /// The Student t quantile, from GSL (`gsl_cdf_tdist_Pinv`).
    public static func studentT(quantile p: Double, dof: Double) -> Double {
        gsl_cdf_tdist_Pinv(p, dof)
    }
}
