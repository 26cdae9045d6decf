import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// StopExperiment at a time (`stopAt`): FIS moves the experiment to stopping → stopped, stops
/// the running actions, cancels the rest and deletes the Lambda fault configuration, so each
/// warm environment stops injecting at its next (hot, 20 s) poll.
@Suite struct ExperimentStopTests {
    func run(stopAt: String?) throws -> ScenarioRun {
        let url = Fixtures.scenarios.appendingPathComponent("lambda-fis-template.yaml")
        var text = try String(contentsOf: url, encoding: .utf8)
        if let stopAt { text = text.replacingOccurrences(of: "    initiationDelay: 12s", with: "    initiationDelay: 12s\n    stopAt: \(stopAt)") }
        text = text.replacingOccurrences(of: "horizon: 30m", with: "horizon: 20m")
        let spec = try ScenarioSpec.load(text: text, file: "scenarios/lambda-fis-template.yaml") { rel in
            try String(contentsOf: Fixtures.scenarios.appendingPathComponent(rel), encoding: .utf8)
        }
        return try ScenarioRun.run(spec)
    }

    @Test func stopExperimentEndsTheFaultAndRecordsTheStop() throws {
        let stopped = try run(stopAt: "700s")
        let e = try #require(stopped.experiments.first)
        #expect(e.status == .stopped)
        #expect(e.states.map(\.status).suffix(2) == [.stopping, .stopped])
        #expect(e.states.last?.at == SimInstant.zero + .seconds(700))
        #expect(e.actions.first?.status == .stopped)
        #expect(e.actions.first?.end == SimInstant.zero + .seconds(700))
        let fault = try #require(stopped.result.faults.first)
        #expect(fault.end == 700)
        // Every environment stops within the 20 s hot poll (+ the 2 s poll wait and a handler).
        let last = try #require(fault.lastInjected)
        #expect(last > 612 && last <= 700 + 20 + 3, "last injection \(last)")
    }

    @Test func aStopAfterTheEndChangesNothing() throws {
        let late = try run(stopAt: "1000s")
        let none = try run(stopAt: nil)
        #expect(late.experiments.first?.status == .completed)
        #expect(late.result.fingerprint == none.result.fingerprint)
    }

    @Test func stopAtMustFollowTheStart() throws {
        #expect(throws: (any Error).self) { try run(stopAt: "5m") }
    }
}
