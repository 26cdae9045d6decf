import FaultlineRandom
import Testing

@Suite struct SamplerTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func truncatedNormalNeverNegative(seed: UInt64) throws {
        let sampler = try Sampler(.normal(mean: 0.001, stddev: 1))
        let stream = RandomStream(seed: seed)
        for _ in 0..<200_000 {
            let x = sampler.sample(stream)
            #expect(x >= 0)
            #expect(sampler.sampleNanoseconds(stream) >= 0)
        }
    }

    @Test func normalFarBelowZeroFallsBackToZeroAndStaysFinite() throws {
        // mean 0 is the edge of the allowed range; sd 0 is a point mass.
        let sampler = try Sampler(.normal(mean: 0, stddev: 0))
        let stream = RandomStream(seed: 1)
        #expect(sampler.sample(stream) == 0)
        #expect(sampler.sample(stream).sign == .plus)
    }

    @Test func sampleNanosecondsRoundsAndClamps() throws {
        let stream = RandomStream(seed: 1)
        #expect(try Sampler(.constant(0.1)).sampleNanoseconds(stream) == 100_000_000)
        #expect(try Sampler(.constant(0)).sampleNanoseconds(stream) == 0)
        #expect(try Sampler(.constant(2.4e-9)).sampleNanoseconds(stream) == 2)
        #expect(try Sampler(.constant(2.6e-9)).sampleNanoseconds(stream) == 3)
        #expect(try Sampler(.constant(1e300)).sampleNanoseconds(stream) == Int64.max / 4)
        #expect(try Sampler(.constant(Double(Int64.max / 4) / 1e9)).sampleNanoseconds(stream) <= Int64.max / 4)
    }

    /// Pareto with a tiny shape overflows to +inf on some draws: samples stay non-NaN and
    /// nanoseconds stay clamped.
    @Test func extremeDrawsAreClamped() throws {
        let sampler = try Sampler(.pareto(shape: 0.01, scale: 1))
        let stream = RandomStream(seed: 5)
        var infinite = 0
        for _ in 0..<50_000 {
            let x = sampler.sample(stream)
            #expect(!x.isNaN && x >= 1)
            if x == .infinity { infinite += 1 }
            let ns = sampler.sampleNanoseconds(stream)
            #expect(ns >= 0 && ns <= Int64.max / 4)
        }
        #expect(infinite > 0, "expected some overflowing draws to exercise the clamp")
    }

    @Test func samplesAreDeterministic() throws {
        let d = try Distribution.lognormal(p50: 0.1, p99: 0.8)
        let sampler = try Sampler(d)
        let a = RandomStream(master: 1, component: "service/api")
        let b = RandomStream(master: 1, component: "service/api")
        for _ in 0..<1_000 { #expect(sampler.sampleNanoseconds(a) == sampler.sampleNanoseconds(b)) }
    }

    @Test func keepsItsDistribution() throws {
        let d = Distribution.gamma(shape: 2, scale: 3)
        let s = try Sampler(d)
        #expect(s.distribution == d)
        #expect(s.mean == 6)
        #expect(s.quantile(0.5) == d.quantile(0.5))
    }

    @Test func constantConsumesNoRandomness() throws {
        let a = RandomStream(seed: 8)
        let b = RandomStream(seed: 8)
        _ = try Sampler(.constant(3)).sample(a)
        #expect(a.uniform() == b.uniform())
    }

    /// GSL's Weibull takes (scale, shape) and Pareto (shape, scale): the support and median show
    /// the order is right.
    @Test func gslArgumentOrder() throws {
        let pareto = try SampleStatistics(.pareto(shape: 3, scale: 0.01), n: 50_000)
        #expect(pareto.minimum >= 0.01)
        #expect(pareto.minimum < 0.0101)
        // Weibull median = scale · (ln 2)^(1/shape).
        let weibull = try SampleStatistics(.weibull(shape: 2, scale: 3), n: 50_000)
        let median = 3 * 0.6931471805599453.squareRoot()
        #expect(abs(weibull.quantile(0.5) - median) < 0.03)
    }
}
