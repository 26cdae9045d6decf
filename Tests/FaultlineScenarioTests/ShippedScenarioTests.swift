import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// Every shipped scenario, run once: the checks that used to run each scenario in four separate
/// tests (six runs per scenario, about three quarters of the suite's time) share that one run.
///
/// - The run's fingerprint and event count match `Golden/fingerprints.json` (same scenario + seed +
///   version => the same events in the same order; the fingerprint hashes every dispatched event's
///   time and kind/IDs). After an intended change of behaviour regenerate the file with
///   `FAULTLINE_UPDATE_GOLDEN=1 swift test --filter updateGoldenFingerprints` and say why in the commit.
/// - The timeline is a CSV with rows; Little's law, L = λW, holds for every busy service.
/// - Another seed gives another run (a short run of seed 2 past the warm-up).
///
/// Byte-identical outputs from two runs in one process are checked on a few scenarios below, and
/// across processes by `CLITests` (files written by two `faultline run`s).
@Suite struct ShippedScenarioTests {
    static let goldenURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/fingerprints.json")
    /// The horizon of the golden runs (a scenario's own horizon when shorter).
    static let horizon = SimDuration.minutes(15)
    static var updatingGolden: Bool { ProcessInfo.processInfo.environment["FAULTLINE_UPDATE_GOLDEN"] == "1" }

    static func golden() throws -> [String: String] {
        let data = try Data(contentsOf: goldenURL)
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: String])
    }

    static func options(_ spec: ScenarioSpec, seed: UInt64? = nil) -> RunOptions {
        RunOptions(seed: seed, horizon: min(spec.model.horizon, horizon))
    }

    static func goldenLine(_ run: ScenarioRun) -> String {
        "\(run.result.fingerprint) events=\(run.result.eventsDispatched)"
    }

    @Test(.disabled(if: updatingGolden), arguments: Fixtures.shippedScenarios)
    func shippedScenario(file: String) throws {
        let spec = try Fixtures.load(file)
        let a = try Fixtures.outputs(spec, options: Self.options(spec))

        // Determinism across versions and processes: the golden fingerprint.
        let golden = try Self.golden()
        #expect(
            golden[file] == Self.goldenLine(a.run),
            "fingerprint of \(file) changed; if intended, run FAULTLINE_UPDATE_GOLDEN=1 swift test --filter updateGoldenFingerprints")

        // The outputs are there.
        #expect(a.timeline.hasPrefix("t_s,resource,metric,statistic,value\n"))
        #expect(a.timeline.split(separator: "\n").count > 10)
        #expect(a.summary.hasPrefix("{"))
        #expect(a.manifest.hasPrefix("{"))

        // Little's law, L = λW, on every service busy enough to measure.
        for s in a.run.result.services where s.littleL > 0.05 {
            let relative = abs(s.littleL - s.littleLambdaW) / s.littleL
            #expect(relative < 0.03, "\(file) \(s.name): L = \(s.littleL), λW = \(s.littleLambdaW)")
        }

        // The seed matters: seed 2 diverges from the default seed within a minute past the warm-up.
        let short = RunOptions(seed: 2, horizon: min(spec.model.horizon, spec.model.warmup + .minutes(1)))
        let reference = RunOptions(seed: spec.defaultSeed == 2 ? 3 : nil, horizon: short.horizon)
        let b = try ScenarioRun.run(spec, options: short)
        let c = try ScenarioRun.run(spec, options: reference)
        #expect(b.result.fingerprint != c.result.fingerprint, "\(file): seeds 2 and the scenario's own give the same run")
    }

    /// The golden file lists exactly the shipped scenarios.
    @Test func goldenCoversEveryShippedScenario() throws {
        #expect(try Self.golden().keys.sorted() == Fixtures.shippedScenarios)
    }

    /// Regenerates `Golden/fingerprints.json` (only with `FAULTLINE_UPDATE_GOLDEN=1`).
    @Test(.enabled(if: updatingGolden)) func updateGoldenFingerprints() throws {
        var current: [(String, String)] = []
        for file in Fixtures.shippedScenarios {
            let spec = try Fixtures.load(file)
            current.append((file, Self.goldenLine(try ScenarioRun.run(spec, options: Self.options(spec)))))
        }
        let rendered = JSONValue.object(current.map { ($0.0, JSONValue.string($0.1)) }).rendered()
        try rendered.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
    }

    /// Two runs in one process give byte-identical timeline, summary and manifest (no state
    /// leaks between runs), on one scenario per model family: services with a fault template,
    /// Lambda with the FIS extension, a database failover.
    @Test(arguments: ["multi-az-web.yaml", "lambda-fis-template.yaml", "aurora-failover.yaml"])
    func runTwiceGivesByteIdenticalOutputs(file: String) throws {
        let spec = try Fixtures.load(file)
        let a = try Fixtures.outputs(spec, options: Self.options(spec))
        let b = try Fixtures.outputs(spec, options: Self.options(spec))
        #expect(a.timeline == b.timeline)
        #expect(a.summary == b.summary)
        #expect(a.manifest == b.manifest)
    }
}
