import Benchmark
import FaultlineRandom

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(2),
        maxIterations: 20
    )

    let cases: [(String, Distribution)] = [
        ("constant", .constant(0.1)),
        ("uniform", .uniform(min: 0.01, max: 0.02)),
        ("exponential", .exponential(mean: 1)),
        ("normal", .normal(mean: 0.1, stddev: 0.02)),
        ("lognormal", .lognormal(mu: -0.125, sigma: 0.5)),
        ("gamma", .gamma(shape: 4, scale: 0.001)),
        ("weibull", .weibull(shape: 1.5, scale: 0.1)),
        ("pareto", .pareto(shape: 2.5, scale: 0.01)),
        ("empirical", try! .empirical(percentiles: [(0, 0.005), (0.5, 0.02), (0.9, 0.06), (0.99, 0.2), (1, 1)])),
        (
            "mixture",
            .mixture([
                MixtureComponent(weight: 0.99, distribution: .lognormal(mu: -4, sigma: 0.3)),
                MixtureComponent(weight: 0.01, distribution: .constant(2))
            ])
        )
    ]
    for (name, distribution) in cases {
        let sampler = try! Sampler(distribution)
        // Through the public Sampler/RandomStream API (class reference per draw).
        Benchmark("Sampler \(name)") { benchmark in
            let stream = RandomStream(seed: 42)
            var sum = 0.0
            for _ in benchmark.scaledIterations { sum += sampler.sample(stream) }
            blackHole(sum)
        }
        // As the model draws: SamplerCore on a StreamHandle, to nanoseconds.
        Benchmark("SamplerCore \(name) ns") { benchmark in
            let stream = RandomStream(seed: 42)
            let core = sampler.core, handle = stream.handle
            var sum: Int64 = 0
            for _ in benchmark.scaledIterations { sum &+= core.sampleNanoseconds(handle) }
            blackHole(sum)
            withExtendedLifetime(stream) {}
        }
    }
}
