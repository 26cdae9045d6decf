import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

@testable import FaultlineAnalysis

/// Experiments say what happened (issue 11): final states and reasons as FIS gives them, the
/// horizon cutting experiments and actions short, faults that could not take effect, and the
/// ledger findings (the work ledger's double count of expired messages, the ec2-worker-loss
/// figures that disagreed).
@Suite struct ExperimentOutcomeTests {
    /// `lambda-fis-stop-condition.yaml` with text replacements, loaded from the scenarios folder.
    static func variant(_ replacements: [(String, String)], file: String = "lambda-fis-stop-condition.yaml") throws -> ScenarioSpec {
        var text = try String(contentsOf: Fixtures.scenarios.appendingPathComponent(file), encoding: .utf8)
        for (a, b) in replacements {
            #expect(text.contains(a), "the scenario still has '\(a)'")
            text = text.replacingOccurrences(of: a, with: b)
        }
        return try ScenarioSpec.load(text: text, file: "scenarios/\(file)") { rel in
            try String(contentsOf: Fixtures.scenarios.appendingPathComponent(rel), encoding: .utf8)
        }
    }

    @Test func stoppedByAlarmSaysWhichAndWhen() throws {
        let a = try AnalyzedRun.run(Fixtures.load("lambda-fis-stop-condition.yaml"), options: RunOptions()).analysis
        let e = try #require(a.experiments.first)
        #expect(e.state == .stopped && e.alarm == "checkout-errors" && e.at == 480)
        #expect(e.headline == "stopped at 480 s: Experiment halted by stop condition (alarm checkout-errors)")
        #expect(!e.unexpected)
        let action = try #require(e.actions.first { $0.name == "invocation-error" })
        #expect(action.state == .stopped && action.firstEffect != nil && action.firstEffect! >= 312 && (action.injections ?? 0) > 0)
        #expect(e.actions.first { $0.name == "observe" }?.state == .cancelled)
        #expect(a.textSummary().hasPrefix("experiment error-guarded (templates/lambda-error-stop-condition.json): stopped at 480 s"))
    }

    @Test func alarmAlreadyInAlarmFailsTheExperimentAndIsUnexpected() throws {
        // Errors > -1 breaches from the first minute: the alarm is in ALARM when the experiment starts.
        let spec = try Self.variant([("threshold: 200", "threshold: -1")])
        let a = try AnalyzedRun.run(spec, options: RunOptions()).analysis
        let e = try #require(a.experiments.first)
        #expect(e.state == .failed)
        #expect(e.reason.contains("alarm 'checkout-errors' is in ALARM at start"), "\(e.reason)")
        #expect(e.unexpected && a.unexpectedExperiments.count == 1)
        #expect(!e.tookEffect && e.actions.allSatisfy { $0.state == .cancelled })
        #expect(!a.window.hasExperiment, "a failed experiment has no window: the whole run is steady state")
        #expect(a.textSummary().contains("experiment error-guarded (templates/lambda-error-stop-condition.json): failed at"))

        // The scenario may say it expects exactly that.
        let expected = try Self.variant([("threshold: 200", "threshold: -1"), ("initiationDelay: 12s", "initiationDelay: 12s\n    expect: failed")])
        let b = try AnalyzedRun.run(expected, options: RunOptions()).analysis
        #expect(b.experiments.first?.state == .failed && b.unexpectedExperiments.isEmpty)
        #expect(b.experiments.first?.headline.hasSuffix("(as expected)") == true)
    }

    @Test func expectRejectsUnknownStates() throws {
        #expect(throws: (any Error).self) { try Self.variant([("initiationDelay: 12s", "initiationDelay: 12s\n    expect: broken")]) }
    }

    @Test func targetResolvingToNothingFailsWithFISReason() throws {
        let spec = try Self.variant([("tags: { FIS-Ready: \"true\" }", "tags: { FIS-Ready: \"false\" }")])
        let a = try AnalyzedRun.run(spec, options: RunOptions(horizon: .minutes(8))).analysis
        let e = try #require(a.experiments.first)
        #expect(e.state == .failed && e.reason.hasPrefix("InvalidTarget: target 'FisReadyFunctions'"), "\(e.reason)")
        #expect(e.unexpected)
    }

    @Test func startAfterTheHorizonIsNotStartedNotCompleted() throws {
        let spec = try Self.variant([("start: 5m", "start: 25m")])
        let r = try AnalyzedRun.run(spec, options: RunOptions())
        let e = try #require(r.analysis.experiments.first)
        #expect(e.state == .notStarted && e.unexpected)
        #expect(e.reason.contains("at or after the run's horizon"))
        #expect(r.run.experiments.first?.status == .notStarted)
        #expect(e.actions.allSatisfy { $0.state == .notStarted })
        #expect(!r.analysis.window.hasExperiment)
    }

    @Test func horizonCuttingAnActionShortIsReported() throws {
        // The invocation-error action runs 312 s .. 912 s; the alarm would stop it at 480 s.
        let r = try AnalyzedRun.run(Fixtures.load("lambda-fis-stop-condition.yaml"), options: RunOptions(horizon: .seconds(360)))
        let e = try #require(r.analysis.experiments.first)
        #expect(e.state == .running && e.at == nil)
        #expect(e.reason.contains("when the run ended at the horizon (360 s)"))
        let action = try #require(e.actions.first { $0.name == "invocation-error" })
        #expect(action.state == .running)
        #expect(e.problem(action)?.contains("cut short by the horizon") == true)
        #expect(e.actions.first { $0.name == "observe" }?.state == .notStarted)
        #expect(r.analysis.window.end == 360, "the experiment window runs to the horizon")
    }

    @Test func lambdaActionWithoutFISExtensionTookNoEffect() throws {
        let spec = try Self.variant([("    fisExtension: { slowPoll: 60s, pollMaxWait: 2s }\n", "")])
        // validate finds it before the run.
        #expect(spec.warnings.contains { $0.contains("invocation-error") && $0.contains("checkout") && $0.contains("FIS extension") }, "\(spec.warnings)")
        let a = try AnalyzedRun.run(spec, options: RunOptions()).analysis
        let e = try #require(a.experiments.first)
        let action = try #require(e.actions.first { $0.name == "invocation-error" })
        #expect(action.state == .completed)
        #expect(action.firstEffect == nil && action.affected == 0)
        #expect(!e.tookEffect)
        #expect(e.problem(action)?.contains("took no effect") == true)
        #expect(e.actionLine(action).contains("took no effect"))
    }

    /// Regression: the work ledger counted messages that expired in a queue twice
    /// (`lost` 12,028 where 6,014 expired) with a queue retention of 60 s.
    @Test func expiredMessagesAreLostOnce() throws {
        let spec = try Self.variant([("  - name: ProductEventsQueue\n", "  - name: ProductEventsQueue\n    retention: 60s\n")], file: "product-api.yaml")
        let r = try AnalyzedRun.run(spec, options: RunOptions())
        guard case .object(let fields)? = r.run.ledgerJSON() else {
            Issue.record("no work ledger")
            return
        }
        func int(_ k: String) -> Int64 {
            if case .integer(let v)? = fields.first(where: { $0.0 == k })?.1 { return v }
            return -1
        }
        #expect(int("expired") > 1000, "the outage's messages expire")
        #expect(int("lost") == int("expired"), "lost \(int("lost")), expired \(int("expired"))")
        #expect(int("accepted") == int("stored") + int("buffered") + int("dead_lettered") + int("lost") - int("stored_beyond_accepted"))
        #expect(r.analysis.lost == int("lost"))
    }

    /// Regression: ec2-worker-loss showed "failed 8" in the experiment phase, 2,559 load
    /// balancer 5XX and a third figure per AZ. The ledger counts the answers the load balancer
    /// made (502 for reset connections, 504 for timeouts) and the targets' 503s once each.
    @Test func ec2WorkerLossFiguresAgree() throws {
        let r = try AnalyzedRun.run(Fixtures.load("ec2-worker-loss.yaml"), options: RunOptions())
        let t = r.analysis.ledger.totals
        let lb = try #require(r.run.result.loadBalancers.first)
        func status(_ s: UInt16) -> Int64 { t.failedByStatus.first { $0.status == s }?.count ?? 0 }
        #expect(status(502) + t.timedOut == lb.elb5xx, "ELB 5XX: \(lb.elb5xx)")
        #expect(status(503) == lb.target5xx)
        #expect(t.entered == lb.requests)
        let exp = try #require(r.analysis.requests.first { $0.phase == .experiment }?.counts)
        #expect(exp.timedOut > 1000, "the ELB 504s of the experiment are in its phase")
        #expect(r.analysis.blastRadius.azs.reduce(0) { $0 + $1.errors } == exp.ledger.errors)
    }

    /// Regression: multi-az-web counted each request once per service it passed through
    /// (3.2 M "requests" for 1.6 M offered). The ledger counts entries.
    @Test func multiAZWebCountsEachRequestOnce() throws {
        let r = try AnalyzedRun.run(Fixtures.load("multi-az-web.yaml"), options: RunOptions(horizon: .minutes(5)))
        let t = r.analysis.ledger.totals
        let perService = r.run.result.services.reduce(0) { $0 + $1.requests }
        #expect(Double(t.entered) < Double(perService) / 2.5, "entered \(t.entered), per-service sum \(perService)")
        #expect(r.analysis.ledger.entryPoints.map(\.name) == ["web", "orders"])
        #expect(t.entered == t.accountedFor)
    }

    static let reachability = """
        hypotheses:
          - name: fault-reached-an-invocation
            kind: reachable
            resource: checkout
            metric: FaultInjected
            statistic: Sum
            phase: experiment
          - name: some-minute-mostly-failing
            kind: sometimes
            resource: checkout
            metric: ErrorRate
            phase: pre
            bound: "> 50%"
        """

    @Test func sometimesAndReachableHypotheses() throws {
        let spec = try Self.variant([("hypotheses:\n", Self.reachability + "\n")])
        let a = try AnalyzedRun.run(spec, options: RunOptions()).analysis
        let reached = try #require(a.hypotheses.first { $0.spec.name == "fault-reached-an-invocation" })
        #expect(reached.spec.kind == .reachable && reached.spec.comparison == .gt && reached.spec.bound == 0)
        #expect(reached.verdict == .pass && (reached.measured ?? 0) > 0, "\(reached)")
        #expect(reached.spec.statement.hasPrefix("reachable: in some period FaultInjected Sum of checkout during experiment > 0"))
        let sometimes = try #require(a.hypotheses.first { $0.spec.name == "some-minute-mostly-failing" })
        #expect(sometimes.verdict == .fail && sometimes.note?.hasPrefix("0 of ") == true, "\(sometimes)")
        // A factor of the baseline makes no sense per period.
        #expect(throws: (any Error).self) {
            try Self.variant([("hypotheses:\n", Self.reachability.replacingOccurrences(of: "bound: \"> 50%\"", with: "bound: \"> 2x\"") + "\n")])
        }
    }

    /// A hypothesis on the experiment of a run whose faults never took effect is NO_DATA, not a PASS.
    @Test func hypothesesOfAnExperimentWithoutEffectAreNoData() throws {
        // Without the extension the function records no FaultInjected: validate says so.
        #expect(throws: (any Error).self) {
            try Self.variant([("    fisExtension: { slowPoll: 60s, pollMaxWait: 2s }\n", ""), ("hypotheses:\n", Self.reachability + "\n")])
        }
        let block = Self.reachability.replacingOccurrences(of: "metric: FaultInjected", with: "metric: Errors")
        let spec = try Self.variant([("    fisExtension: { slowPoll: 60s, pollMaxWait: 2s }\n", ""), ("hypotheses:\n", block + "\n")])
        let a = try AnalyzedRun.run(spec, options: RunOptions()).analysis
        #expect(a.experiments.first?.tookEffect == false)
        for name in ["damage-bounded", "quiet-after-stop", "fault-reached-an-invocation"] {
            let h = try #require(a.hypotheses.first { $0.spec.name == name })
            #expect(h.verdict == .noData && h.note?.contains("took effect") == true, "\(name): \(h)")
        }
        #expect(a.hypotheses.first { $0.spec.name == "some-minute-mostly-failing" }?.verdict == .fail, "the pre phase is still judged")
    }
}
