import FaultlineRandom
import Testing

@Suite struct DistributionConstructorTests {
    /// z₀.₉₉ = Φ⁻¹(0.99).
    static let z99 = 2.3263478740408408

    @Test func lognormalFromPercentilesParameters() throws {
        let d = try Distribution.lognormal(p50: 0.1, p99: 0.8)
        guard case .lognormal(let mu, let sigma) = d else {
            Issue.record("expected a lognormal case")
            return
        }
        #expect(abs(mu - (-2.302585092994046)) < 1e-12)
        #expect(abs(sigma - 2.0794415416798357 / Self.z99) < 1e-12)
        #expect(abs(d.quantile(0.5) - 0.1) < 1e-12)
        #expect(abs(d.quantile(0.99) - 0.8) < 1e-9)
    }

    /// Sample p50 and p99 lie inside the 4-sigma order-statistic interval around the inputs
    /// (about ±0.9 % at p50 and ±3 % at p99 for these parameters and 200 000 draws).
    @Test(arguments: [(0.1, 0.8), (0.05, 0.06), (0.001, 2.0)])
    func lognormalFromPercentilesRecoversThem(p50: Double, p99: Double) throws {
        let d = try Distribution.lognormal(p50: p50, p99: p99)
        let stats = try SampleStatistics(d)
        let i50 = stats.quantileInterval(0.5, of: d)
        let i99 = stats.quantileInterval(0.99, of: d)
        #expect(i50.contains(stats.quantile(0.5)), "p50 \(stats.quantile(0.5)) outside \(i50)")
        #expect(i99.contains(stats.quantile(0.99)), "p99 \(stats.quantile(0.99)) outside \(i99)")
        #expect(i50.contains(p50))
        #expect(i99.contains(p99))
        if p99 / p50 <= 10 {
            #expect(i99.upperBound / i99.lowerBound < 1.07, "the interval should be tight enough to mean something")
        }
    }

    @Test func lognormalFromGenericQuantile() throws {
        let d = try Distribution.lognormal(median: 0.2, quantile: 0.5, at: 0.9)
        #expect(abs(d.quantile(0.5) - 0.2) < 1e-12)
        #expect(abs(d.quantile(0.9) - 0.5) < 1e-9)
        #expect(try Distribution.lognormal(median: 0.1, quantile: 0.8, at: 0.99) == Distribution.lognormal(p50: 0.1, p99: 0.8))
    }

    @Test(arguments: [(0.1, 0.05), (2.0, 6.0), (0.01, 0.001)])
    func lognormalFromMeanAndStddevRecoversThem(mean: Double, stddev: Double) throws {
        let d = try Distribution.lognormal(mean: mean, stddev: stddev)
        #expect(abs(d.mean - mean) < 1e-12 * mean)
        let stats = try SampleStatistics(d)
        #expect(abs(stats.mean - mean) <= 4 * stats.standardError, "mean \(stats.mean) vs \(mean)")
        #expect(
            abs(stats.stddev - stddev) <= 4 * stats.stddevStandardError,
            "stddev \(stats.stddev) vs \(stddev), 4 SE \(4 * stats.stddevStandardError)")
    }

    @Test func lognormalWithZeroSpreadIsAPointMass() throws {
        let d = try Distribution.lognormal(mean: 0.3, stddev: 0)
        let stats = try SampleStatistics(d, n: 1_000)
        #expect(abs(stats.minimum - 0.3) < 1e-12 && abs(stats.maximum - 0.3) < 1e-12)
    }

    @Test func gammaFromMeanAndStddev() throws {
        let d = try Distribution.gamma(mean: 0.1, stddev: 0.05)
        guard case .gamma(let shape, let scale) = d else {
            Issue.record("expected a gamma case")
            return
        }
        #expect(abs(shape - 4) < 1e-12)
        #expect(abs(scale - 0.025) < 1e-15)
        let stats = try SampleStatistics(d)
        #expect(abs(stats.mean - 0.1) <= 4 * stats.standardError)
        #expect(abs(stats.stddev - 0.05) <= 4 * stats.stddevStandardError)
    }

    @Test func empiricalAssumesMinZeroAndRecoversPercentiles() throws {
        let d = try Distribution.empirical(percentiles: [(0.5, 0.1), (0.9, 0.25), (0.99, 0.8), (1, 2)])
        #expect(
            d
                == .empirical([
                    QuantilePoint(probability: 0, value: 0), QuantilePoint(probability: 0.5, value: 0.1),
                    QuantilePoint(probability: 0.9, value: 0.25), QuantilePoint(probability: 0.99, value: 0.8),
                    QuantilePoint(probability: 1, value: 2)
                ]))
        let stats = try SampleStatistics(d)
        for (p, v) in [(0.5, 0.1), (0.9, 0.25), (0.99, 0.8)] {
            let f = stats.fraction(atMost: v)
            #expect(stats.band(p).contains(f), "fraction ≤ p\(Int(p * 100)) value is \(f)")
        }
        #expect(stats.maximum <= 2)
        #expect(stats.minimum >= 0)
    }

    @Test func empiricalKeepsAGivenMin() throws {
        let d = try Distribution.empirical(percentiles: [(0, 0.05), (0.5, 0.1), (1, 0.3)])
        let stats = try SampleStatistics(d, n: 20_000)
        #expect(stats.minimum >= 0.05)
        #expect(d.quantile(0) == 0.05)
    }

    /// A flat stretch (p90 == p99) is allowed and gives an atom.
    @Test func empiricalWithRepeatedValues() throws {
        let d = try Distribution.empirical(percentiles: [(0.5, 1), (0.9, 2), (0.99, 2), (1, 3)])
        let stats = try SampleStatistics(d)
        let atTwo = stats.fraction(equalTo: 2)
        #expect(stats.band(0.09).contains(atTwo))
        #expect(d.cdf(2) == 0.99)
        #expect(abs(d.cdf(1.5) - 0.7) < 1e-12)
    }

    @Test func mixtureRecoversWeights() throws {
        let d = Distribution.mixture([
            MixtureComponent(weight: 0.99, distribution: .constant(0.01)),
            MixtureComponent(weight: 0.01, distribution: .constant(1))
        ])
        let stats = try SampleStatistics(d)
        let slow = stats.fraction(equalTo: 1)
        #expect(stats.band(0.01).contains(slow), "slow fraction \(slow)")
        #expect(stats.draws.allSatisfy { $0 == 0.01 || $0 == 1 })
    }

    @Test func mixtureWeightsAreNormalised() throws {
        func draws(_ w: (Double, Double)) throws -> [Double] {
            let s = try Sampler(
                .mixture([
                    MixtureComponent(weight: w.0, distribution: .exponential(mean: 0.01)),
                    MixtureComponent(weight: w.1, distribution: .lognormal(mu: 0, sigma: 1))
                ]))
            let stream = RandomStream(seed: 77)
            return (0..<10_000).map { _ in s.sample(stream) }
        }
        #expect(try draws((3, 1)) == draws((0.75, 0.25)))
        #expect(try draws((3, 1)) != draws((1, 3)))
    }
}
