import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

@testable import FaultlineAnalysis

/// Issue 11: "the stop condition was evaluated while the fault was active" as a `reachable`
/// hypothesis (`StopConditionEvaluatedWhileFaultActive` on `experiment/<name>`).
@Suite struct StopConditionHypothesisTests {
    static let hypothesis = """
          - name: stop-condition-saw-the-fault
            kind: reachable
            resource: experiment/error-guarded
            metric: StopConditionEvaluatedWhileFaultActive

        """

    static func spec(_ more: [(String, String)] = []) throws -> ScenarioSpec {
        try ExperimentOutcomeTests.variant([("hypotheses:\n", "hypotheses:\n" + hypothesis)] + more)
    }

    static func verdict(_ a: RunAnalysis) throws -> HypothesisResult {
        try #require(a.hypotheses.first { $0.spec.name == "stop-condition-saw-the-fault" })
    }

    @Test func passesWhenTheAlarmJudgedDataFromTheFault() throws {
        let spec = try Self.spec()
        #expect(spec.hypotheses.first?.metric == .stopConditionEvaluations)
        let r = try AnalyzedRun.run(spec, options: RunOptions())
        let e = try #require(r.analysis.experiments.first)
        // Stopped by checkout-errors (60 s periods); the fault took effect from ~312 s: every
        // evaluation after the first effect, up to and including the one that stopped it,
        // judged fault-time data (the alarm history's evaluation times, one computation).
        let first = try #require(e.actions.compactMap(\.firstEffect).min()), stop = try #require(e.at)
        let evaluations = r.run.result.alarms[0].evaluations.map(\.seconds)
        #expect(evaluations == (1...20).map { Double($0 * 60) }, "one evaluation per alarm period: \(evaluations)")
        let expected = evaluations.filter { $0 > first && $0 <= stop }.count
        #expect(
            e.state == .stopped && expected >= 2 && e.stopConditionEvaluations == expected,
            "\(String(describing: e.stopConditionEvaluations)) of \(evaluations), first effect \(first), stopped \(stop)")
        let h = try Self.verdict(r.analysis)
        #expect(h.verdict == .pass && h.measured == Double(expected), "\(h)")
        #expect(h.spec.statement == "reachable: stop-condition evaluations of experiment/error-guarded while a fault was active > 0")
        // summary.json shows the same number.
        #expect(r.analysis.hypothesesJSON().rendered().contains("StopConditionEvaluatedWhileFaultActive"))
    }

    @Test func failsWhenNoEvaluationCameWhileTheFaultWasActive() throws {
        // 10-minute alarm periods: the first evaluation (600 s) comes after the horizon (590 s).
        let spec = try Self.spec([("    period: 60s\n", "    period: 600s\n")])
        let r = try AnalyzedRun.run(spec, options: RunOptions(horizon: .seconds(590)))
        let e = try #require(r.analysis.experiments.first)
        #expect(e.tookEffect && e.stopConditionEvaluations == 0)
        let h = try Self.verdict(r.analysis)
        #expect(h.verdict == .fail && h.measured == 0, "\(h)")
    }

    @Test func noDataWhenTheFaultNeverTookEffect() throws {
        let spec = try Self.spec([("    fisExtension: { slowPoll: 60s, pollMaxWait: 2s }\n", "")])
        let r = try AnalyzedRun.run(spec, options: RunOptions())
        let h = try Self.verdict(r.analysis)
        #expect(h.verdict == .noData && h.note?.contains("took effect") == true, "\(h)")
    }

    @Test func validateNamesAnUnknownExperiment() throws {
        #expect {
            try ExperimentOutcomeTests.variant([
                ("hypotheses:\n", "hypotheses:\n" + Self.hypothesis.replacingOccurrences(of: "experiment/error-guarded", with: "experiment/error-guard"))
            ])
        } throws: { error in
            let text = "\(error)"
            return text.contains("names no experiment") && text.contains("did you mean 'experiment/error-guarded'")
        }
    }
}
