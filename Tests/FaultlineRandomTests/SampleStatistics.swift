import FaultlineRandom

/// Summary statistics of a batch of draws, for tests that compare against analytic values.
final class SampleStatistics {
    /// The draws in the order drawn.
    let draws: [Double]
    /// The draws, sorted ascending (sorted on first use).
    lazy var sorted: [Double] = draws.sorted()
    let mean: Double
    /// Sample standard deviation (n − 1).
    let stddev: Double
    /// Fourth central moment, for the standard error of the standard deviation.
    let fourthMoment: Double

    var count: Int { draws.count }
    var minimum: Double { draws.min()! }
    var maximum: Double { draws.max()! }

    init(_ draws: [Double]) {
        self.draws = draws
        let n = Double(draws.count)
        mean = draws.reduce(0, +) / n
        var m2 = 0.0
        var m4 = 0.0
        for x in draws {
            let d = (x - mean) * (x - mean)
            m2 += d
            m4 += d * d
        }
        stddev = (m2 / (n - 1)).squareRoot()
        fourthMoment = m4 / n
    }

    /// Draws `n` values of `distribution` from a fresh stream.
    convenience init(
        _ distribution: Distribution, n: Int = 200_000, seed: UInt64 = 20_240_601,
        generator: RandomGenerator = .mt19937
    ) throws {
        let sampler = try Sampler(distribution)
        let stream = RandomStream(seed: seed, generator: generator)
        self.init((0..<n).map { _ in sampler.sample(stream) })
    }

    /// Standard error of the mean.
    var standardError: Double { stddev / Double(count).squareRoot() }

    /// Large-sample standard error of the sample standard deviation: sqrt((m4 − s⁴)/n) / (2s).
    var stddevStandardError: Double {
        let s2 = stddev * stddev
        return ((fourthMoment - s2 * s2) / Double(count)).squareRoot() / (2 * stddev)
    }

    /// The empirical `p` quantile (order statistic ⌈np⌉).
    func quantile(_ p: Double) -> Double {
        let k = Swift.min(Swift.max(Int((p * Double(count)).rounded(.up)) - 1, 0), count - 1)
        return sorted[k]
    }

    /// Fraction of draws equal to x.
    func fraction(equalTo x: Double) -> Double {
        Double(draws.reduce(0) { $1 == x ? $0 + 1 : $0 }) / Double(count)
    }

    /// Fraction of draws ≤ x.
    func fraction(atMost x: Double) -> Double {
        Double(draws.reduce(0) { $1 <= x ? $0 + 1 : $0 }) / Double(count)
    }

    /// The `z`-sigma binomial band for a fraction `p` estimated from `count` draws.
    func band(_ p: Double, z: Double = 4) -> ClosedRange<Double> {
        let s = z * (p * (1 - p) / Double(count)).squareRoot()
        return (p - s)...(p + s)
    }

    /// The distribution-free `z`-sigma interval for the `p` quantile: the analytic quantiles at
    /// the ends of the binomial band of the order statistic's rank.
    func quantileInterval(_ p: Double, of d: Distribution, z: Double = 4) -> ClosedRange<Double> {
        let b = band(p, z: z)
        return d.quantile(Swift.max(b.lowerBound, 0))...d.quantile(Swift.min(b.upperBound, 1))
    }
}
