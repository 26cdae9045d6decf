import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// Same scenario + seed + version => byte-identical outputs (house rule 12). The per-scenario
/// checks (golden fingerprints, run twice, another seed) run in `ShippedScenarioTests`, on one
/// run of each shipped scenario.
@Suite struct DeterminismTests {
    @Test func replicationsUseIndependentStreams() throws {
        let spec = try Fixtures.load("mmc-erlang-c.yaml")
        let a = try ScenarioRun.run(spec, options: RunOptions(horizon: .minutes(12), replication: 0))
        let b = try ScenarioRun.run(spec, options: RunOptions(horizon: .minutes(12), replication: 1))
        #expect(a.result.fingerprint != b.result.fingerprint)
    }

    /// Adding a component must not shift another component's random draws.
    @Test func addingAComponentDoesNotShiftOthers() throws {
        let base = """
            name: streams
            horizon: 5m
            regions: [{ name: r, azs: [a] }]
            services:
              - { name: fn, workersPerAZ: 100, serviceTime: { exponential: { mean: 10ms } } }
            """
        let one = try Fixtures.spec(base + "\nworkloads:\n  - { name: w, service: fn, arrivals: { poisson: { rate: 5 } } }\n")
        let two = try Fixtures.spec(
            base.replacingOccurrences(of: "services:\n", with: "services:\n  - { name: other, workersPerAZ: 1, serviceTime: 1ms }\n")
                + "\nworkloads:\n  - { name: w, service: fn, arrivals: { poisson: { rate: 5 } } }\n")
        let a = try ScenarioRun.run(one).result.services[0]
        let b = try ScenarioRun.run(two).result.services.first { $0.name == "fn" }!
        #expect(a.latency == b.latency)
        #expect(a.requests == b.requests)
    }
}
