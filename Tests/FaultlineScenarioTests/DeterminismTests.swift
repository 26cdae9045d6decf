import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// Same scenario + seed + version => byte-identical outputs (house rule 12).
///
/// Golden fingerprints live in `Golden/fingerprints.json`; after an intended change of behaviour,
/// regenerate them with `FAULTLINE_UPDATE_GOLDEN=1 swift test --filter DeterminismTests` and
/// say why in the commit.
@Suite struct DeterminismTests {
    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/fingerprints.json")
    static let horizon = SimDuration.minutes(15)

    @Test(arguments: Fixtures.shippedScenarios)
    func runTwiceGivesByteIdenticalOutputs(file: String) throws {
        let spec = try Fixtures.load(file)
        let options = RunOptions(horizon: min(spec.model.horizon, Self.horizon))
        let a = try Fixtures.outputs(spec, options: options)
        let b = try Fixtures.outputs(spec, options: options)
        #expect(a.timeline == b.timeline)
        #expect(a.summary == b.summary)
        #expect(a.manifest == b.manifest)
        #expect(a.timeline.hasPrefix("t_s,resource,metric,statistic,value\n"))
        #expect(a.timeline.split(separator: "\n").count > 10)
    }

    @Test(arguments: Fixtures.shippedScenarios)
    func differentSeedsGiveDifferentOutputs(file: String) throws {
        let spec = try Fixtures.load(file)
        let h = min(spec.model.horizon, Self.horizon)
        let a = try Fixtures.outputs(spec, options: RunOptions(seed: 1, horizon: h))
        let b = try Fixtures.outputs(spec, options: RunOptions(seed: 2, horizon: h))
        #expect(a.timeline != b.timeline)
        #expect(a.run.result.fingerprint != b.run.result.fingerprint)
    }

    @Test func goldenFingerprints() throws {
        var current: [(String, String)] = []
        for file in Fixtures.shippedScenarios {
            let spec = try Fixtures.load(file)
            let run = try ScenarioRun.run(spec, options: RunOptions(horizon: min(spec.model.horizon, Self.horizon)))
            current.append((file, "\(run.result.fingerprint) events=\(run.result.eventsDispatched)"))
        }
        let rendered = JSONValue.object(current.map { ($0.0, JSONValue.string($0.1)) }).rendered()
        if ProcessInfo.processInfo.environment["FAULTLINE_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: Self.goldenURL, encoding: .utf8)
        #expect(golden == rendered, "fingerprints changed; if intended, run FAULTLINE_UPDATE_GOLDEN=1 swift test --filter goldenFingerprints")
    }

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
        let two = try Fixtures.spec(base.replacingOccurrences(of: "services:\n", with: "services:\n  - { name: other, workersPerAZ: 1, serviceTime: 1ms }\n")
            + "\nworkloads:\n  - { name: w, service: fn, arrivals: { poisson: { rate: 5 } } }\n")
        let a = try ScenarioRun.run(one).result.services[0]
        let b = try ScenarioRun.run(two).result.services.first { $0.name == "fn" }!
        #expect(a.latency == b.latency)
        #expect(a.requests == b.requests)
    }
}
