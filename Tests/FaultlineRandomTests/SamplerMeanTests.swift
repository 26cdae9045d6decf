import FaultlineRandom
import Testing

/// Sample means of 200 000 draws against the analytic means.
@Suite struct SamplerMeanTests {
    static let cases: [Distribution] = [
        .constant(0.25),
        .uniform(min: 0.1, max: 0.3),
        .exponential(mean: 0.05),
        .normal(mean: 0.1, stddev: 0.02),
        .normal(mean: 0.001, stddev: 1),
        .normal(mean: 0, stddev: 0.5),
        .lognormal(mu: -2, sigma: 0.5),
        .gamma(shape: 2.5, scale: 0.04),
        .gamma(shape: 0.5, scale: 2),
        .weibull(shape: 2, scale: 3),
        .weibull(shape: 0.8, scale: 1),
        .pareto(shape: 3, scale: 0.01),
        .empirical([
            QuantilePoint(probability: 0, value: 0.01), QuantilePoint(probability: 0.5, value: 0.1),
            QuantilePoint(probability: 0.9, value: 0.25), QuantilePoint(probability: 0.99, value: 0.8),
            QuantilePoint(probability: 1, value: 2)
        ]),
        .mixture([
            MixtureComponent(weight: 3, distribution: .exponential(mean: 0.02)),
            MixtureComponent(
                weight: 1,
                distribution: .mixture([
                    MixtureComponent(weight: 1, distribution: .constant(1)),
                    MixtureComponent(weight: 1, distribution: .lognormal(mu: 0, sigma: 0.3))
                ]))
        ])
    ]

    @Test(arguments: cases, RandomGenerator.allCases)
    func sampleMeanWithinFourStandardErrors(_ d: Distribution, generator: RandomGenerator) throws {
        let stats = try SampleStatistics(d, generator: generator)
        let tolerance = Swift.max(4 * stats.standardError, 1e-12 * abs(d.mean))
        #expect(
            abs(stats.mean - d.mean) <= tolerance,
            "\(d): sample mean \(stats.mean), analytic \(d.mean), 4 SE \(4 * stats.standardError)")
        #expect(stats.minimum >= 0)
    }

    /// Analytic means against closed forms worked out by hand.
    @Test func analyticMeans() {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * Swift.max(abs(b), 1e-300) }
        #expect(close(Distribution.uniform(min: 1, max: 3).mean, 2))
        #expect(close(Distribution.lognormal(mu: -2, sigma: 0.5).mean, 0.15335496684492847)) // e^(−1.875)
        #expect(close(Distribution.gamma(shape: 2.5, scale: 0.04).mean, 0.1))
        // 3 · Γ(1.5) = 1.5 √π. Swapping GSL's (a, b) would give 2 · Γ(4/3) ≈ 1.786.
        #expect(close(Distribution.weibull(shape: 2, scale: 3).mean, 2.658680776358274))
        #expect(close(Distribution.weibull(shape: 1, scale: 0.7).mean, 0.7))
        #expect(close(Distribution.pareto(shape: 3, scale: 0.01).mean, 0.015))
        #expect(Distribution.pareto(shape: 1, scale: 1).mean == .infinity)
        #expect(Distribution.pareto(shape: 0.5, scale: 1).mean == .infinity)
        // Half-normal: σ√(2/π).
        #expect(close(Distribution.normal(mean: 0, stddev: 1).mean, 0.7978845608028654))
        // Barely truncated: the mean is the untruncated one.
        #expect(close(Distribution.normal(mean: 1, stddev: 0.01).mean, 1))
        #expect(close(Distribution.normal(mean: 2, stddev: 0).mean, 2))
        let table = Distribution.empirical([
            QuantilePoint(probability: 0, value: 0), QuantilePoint(probability: 0.5, value: 0.1),
            QuantilePoint(probability: 0.9, value: 0.25), QuantilePoint(probability: 0.99, value: 0.8),
            QuantilePoint(probability: 1, value: 2)
        ])
        #expect(close(table.mean, 0.15625))
        let mix = Distribution.mixture([
            MixtureComponent(weight: 3, distribution: .constant(1)),
            MixtureComponent(weight: 1, distribution: .constant(5))
        ])
        #expect(close(mix.mean, 2))
    }

    /// mean = ∫₀¹ Q(p) dp, checked by the midpoint rule: ties ``Distribution/mean`` to
    /// ``Distribution/quantile(_:)`` for every case with a light enough tail.
    @Test(arguments: cases.filter { if case .pareto = $0 { return false } else { return true } })
    func meanIsIntegralOfQuantile(_ d: Distribution) {
        let n = 20_000
        var sum = 0.0
        for i in 0..<n { sum += d.quantile((Double(i) + 0.5) / Double(n)) }
        let integral = sum / Double(n)
        #expect(abs(integral - d.mean) <= 2e-3 * d.mean, "\(d): ∫Q = \(integral), mean = \(d.mean)")
    }
}
