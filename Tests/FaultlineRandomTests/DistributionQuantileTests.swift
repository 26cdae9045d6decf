import FaultlineRandom
import Testing

@Suite struct DistributionQuantileTests {
    static let continuous: [Distribution] =
        SamplerMeanTests.cases.filter {
            if case .constant = $0 { return false }
            if case .mixture = $0 { return false }
            return true
        } + [
            .mixture([
                MixtureComponent(weight: 3, distribution: .exponential(mean: 0.02)),
                MixtureComponent(weight: 1, distribution: .lognormal(mu: 0, sigma: 0.3))
            ])
        ]

    /// cdf(quantile(p)) == p across the range.
    @Test(arguments: continuous)
    func quantileInvertsCDF(_ d: Distribution) {
        for p in [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999] {
            let x = d.quantile(p)
            #expect(x.isFinite && x >= 0)
            #expect(abs(d.cdf(x) - p) < 1e-9, "\(d): cdf(quantile(\(p))) = \(d.cdf(x))")
        }
    }

    /// Sample quantiles inside their order-statistic intervals: checks sampling and quantile
    /// agree on the whole shape, not just the mean.
    @Test(arguments: continuous)
    func sampleQuantilesMatch(_ d: Distribution) throws {
        let stats = try SampleStatistics(d, seed: 99)
        for p in [0.1, 0.5, 0.9, 0.99] {
            let interval = stats.quantileInterval(p, of: d)
            #expect(interval.contains(stats.quantile(p)), "\(d): sample p\(p) = \(stats.quantile(p)) outside \(interval)")
        }
    }

    @Test func edgesAndDomain() {
        let d = Distribution.lognormal(mu: 0, sigma: 1)
        #expect(d.quantile(0) == 0)
        #expect(d.quantile(1) == .infinity)
        #expect(d.quantile(-0.1).isNaN)
        #expect(d.quantile(1.1).isNaN)
        #expect(d.quantile(.nan).isNaN)
        #expect(d.cdf(.nan).isNaN)
        #expect(d.cdf(-1) == 0)
        #expect(Distribution.pareto(shape: 2, scale: 3).quantile(0) == 3)
        #expect(Distribution.uniform(min: 1, max: 3).quantile(1) == 3)
        #expect(Distribution.constant(4).quantile(0.3) == 4)
        #expect(abs(Distribution.exponential(mean: 2).quantile(0.5) - 2 * 0.6931471805599453) < 1e-12)
        // Half-normal median: Φ⁻¹(0.75).
        #expect(abs(Distribution.normal(mean: 0, stddev: 1).quantile(0.5) - 0.6744897501960817) < 1e-9)
    }

    @Test func mixtureQuantileWithAtoms() {
        let d = Distribution.mixture([
            MixtureComponent(weight: 99, distribution: .constant(0.01)),
            MixtureComponent(weight: 1, distribution: .constant(1))
        ])
        #expect(d.quantile(0.5) == 0.01)
        #expect(d.quantile(0.99) == 0.01)
        #expect(d.quantile(0.995) == 1)
        #expect(d.quantile(1) == 1)
        #expect(abs(d.cdf(0.5) - 0.99) < 1e-12)
    }
}
