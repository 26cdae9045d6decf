import Benchmark
import FaultlineKernel
import FaultlineScenario
import Foundation

/// The scenarios folder, found from this file's path.
let scenarios = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scenarios")

func load(_ name: String) -> ScenarioSpec {
    let text = try! String(contentsOf: scenarios.appendingPathComponent(name), encoding: .utf8)
    return try! ScenarioSpec.load(text: text, file: name)
}

/// Simulated arrivals per second of wall time, reported as a custom metric.
let arrivalsPerSecond = BenchmarkMetric.custom("Simulated arrivals / s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, arrivalsPerSecond],
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 5
    )

    // M/M/c: lambda 9/s, mu 1/s, c 10 — 20 simulated hours, 648 k arrivals per iteration.
    // Loss: lambda 80/s, c 100, lognormal (mean 1 s, sigma 0.5) — 2 hours, 576 k arrivals.
    // lambda-poll-tuning at 10 000 invocations/s (scenarios/scale): 10 simulated minutes = 6 M
    // invocations per iteration (the documented figure in docs/performance.md is the full hour).
    let lambdaSpec = load("scale/lambda-poll-tuning-10k.yaml")
    Benchmark("Lambda poll tuning 10k/s (10 min)", configuration: .init(maxIterations: 3)) { benchmark in
        let clock = ContinuousClock()
        let start = clock.now
        let run = try! ScenarioRun.run(lambdaSpec, options: RunOptions(horizon: .minutes(10)))
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let invocations = run.result.services.filter { $0.name.hasPrefix("get-item") }.reduce(0) { $0 + $1.requests }
        benchmark.measurement(arrivalsPerSecond, Int(Double(invocations) / seconds))
        blackHole(run.result.eventsDispatched)
    }

    for (name, file, horizon) in [
        ("M/M/c (mmc-erlang-c, 20h)", "mmc-erlang-c.yaml", SimDuration.hours(20)),
        ("M/G/c/c loss (loss-erlang-b, 2h)", "loss-erlang-b.yaml", SimDuration.hours(2))
    ] {
        let spec = load(file)
        Benchmark(name) { benchmark in
            let clock = ContinuousClock()
            let start = clock.now
            let run = try! ScenarioRun.run(spec, options: RunOptions(horizon: horizon))
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            benchmark.measurement(arrivalsPerSecond, Int(Double(run.result.services[0].requests) / seconds))
            blackHole(run.result.eventsDispatched)
        }
    }
}
