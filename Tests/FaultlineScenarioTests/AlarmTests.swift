import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// `alarms:` — simulated CloudWatch alarms: the M-out-of-N rule with missing-data treatment,
/// and experiments stopped (or failed at start) by their stop-condition alarms.
@Suite struct AlarmTests {
    // MARK: Evaluation rule

    static func points(_ s: String) -> [Bool?] { s.map { $0 == "X" ? true : $0 == "0" ? false : nil } }

    /// The documented table (N = 3, range 5): per row M and the state for missing, ignore,
    /// breaching, notBreaching ("keep": the current state is kept).
    @Test func documentedMissingDataTable() {
        let rows: [(String, Int, [String])] = [
            ("0-X-X", 3, ["OK", "OK", "OK", "OK"]),
            ("0----", 3, ["OK", "OK", "OK", "OK"]),
            ("-----", 3, ["INSUFFICIENT_DATA", "keep", "ALARM", "OK"]),
            ("0XX-X", 3, ["ALARM", "ALARM", "ALARM", "ALARM"]),
            ("--X--", 3, ["ALARM", "keep", "ALARM", "OK"]),
            ("0-X-X", 2, ["ALARM", "ALARM", "ALARM", "ALARM"]),
            ("00X0X", 2, ["ALARM", "ALARM", "ALARM", "ALARM"]),
            ("0-X--", 2, ["OK", "OK", "ALARM", "OK"]),
            ("----0", 2, ["OK", "OK", "ALARM", "OK"]),
            ("---X-", 2, ["ALARM", "keep", "ALARM", "OK"])
        ]
        let treatments: [TreatMissingData] = [.missing, .ignore, .breaching, .notBreaching]
        for (data, m, expected) in rows {
            for (t, e) in zip(treatments, expected) {
                for current in [AlarmState.ok, .alarm] {
                    let got = AlarmEvaluator.evaluate(Self.points(data), n: 3, m: m, treat: t, current: current)
                    let want = e == "keep" ? current : AlarmState(rawValue: e)!
                    #expect(got == want, "\(data) M=\(m) \(t) from \(current)")
                }
            }
        }
    }

    @Test func mOutOfNNeedNotBeConsecutive() {
        #expect(AlarmEvaluator.evaluate(Self.points("00X0X"), n: 3, m: 2, treat: .missing, current: .ok) == .alarm)
        #expect(AlarmEvaluator.evaluate(Self.points("XX000"), n: 3, m: 2, treat: .missing, current: .alarm) == .ok)
        #expect(AlarmEvaluator.evaluate(Self.points("000X0X"), n: 4, m: 2, treat: .missing, current: .ok) == .alarm)
        #expect(AlarmEvaluator.evaluate(Self.points("000X0X"), n: 4, m: 3, treat: .missing, current: .ok) == .ok)
    }

    // MARK: Synthetic metric through a run

    /// Errors of fn0 under an invocation-error fault (100 %), alarm `errors` on it.
    static func scenario(alarm: String, start: String = "1m", horizon: String = "8m", functions: String = "") -> String {
        """
        name: alarm-test
        horizon: \(horizon)
        period: 10s
        regions: [{ name: eu-west-1, azs: [az1, az2] }]
        functions:
          - { name: fn0, duration: 50ms, fisExtension: { slowPoll: 20s, pollMaxWait: 2s }, tags: { FIS-Ready: "true" } }
        \(functions)workloads:
          - { name: users, service: fn0, arrivals: { poisson: { rate: 20 } } }
        alarms:
          - \(alarm)
        experiments:
          - { name: exp, template: tpl.json, start: \(start) }

        """
    }

    static let arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:errors"
    static func template(stop: String = arn) -> String {
        """
        {
          "description": "errors, then a wait",
          "targets": { "T": { "resourceType": "aws:lambda:function", "resourceTags": { "FIS-Ready": "true" }, "selectionMode": "ALL" } },
          "actions": {
            "err": { "actionId": "aws:lambda:invocation-error", "parameters": { "duration": "PT4M", "preventExecution": "true" }, "targets": { "Functions": "T" } },
            "after": { "actionId": "aws:fis:wait", "parameters": { "duration": "PT1M" }, "startAfter": [ "err" ] }
          },
          "stopConditions": [ { "source": "aws:cloudwatch:alarm", "value": "\(stop)" } ],
          "roleArn": "arn:aws:iam::123456789012:role/fis"
        }
        """
    }

    static func load(_ yaml: String, _ tpl: String = template()) throws -> ScenarioSpec { try Fixtures.spec(yaml, files: ["tpl.json": tpl]) }

    @Test func alarmEvaluatesWithoutExperimentAndRecordsHistory() throws {
        // Invocations Sum per 30 s ≈ 600 > 100 from the first period on: ALARM at 30 s.
        let spec = try Self.load(
            Self.scenario(
                alarm: "{ name: errors, resource: fn0, metric: Invocations, statistic: Sum, period: 30s, threshold: 100, comparison: GreaterThanThreshold }"))
        let run = try ScenarioRun.run(spec)
        let h = run.result.alarms[0]
        #expect(h.changes.map(\.state) == [.insufficientData, .alarm])
        #expect(h.changes[1].at == .zero + .seconds(30))
        #expect(run.outputFiles.contains("alarms.json"))
        #expect(run.alarmsJSON().rendered().contains("\"INSUFFICIENT_DATA\""))
    }

    /// `Minimum` over a distribution: every invocation takes exactly 50 ms, so the period minimum is 50.
    @Test func alarmOnMinimumStatistic() throws {
        let high = try ScenarioRun.run(
            Self.load(
                Self.scenario(
                    alarm: "{ name: errors, resource: fn0, metric: Duration, statistic: Minimum, period: 10s, threshold: 45, comparison: GreaterThanThreshold }"
                )))
        let h = high.result.alarms[0]
        #expect(h.changes.map(\.state) == [.insufficientData, .alarm])
        #expect(h.changes[1].value == 50)
        #expect(high.experiments.first?.status == .failed, "an alarm already in ALARM fails the experiment at start")
        let low = try ScenarioRun.run(
            Self.load(
                Self.scenario(
                    alarm: "{ name: errors, resource: fn0, metric: Duration, statistic: Minimum, period: 10s, threshold: 45, comparison: LessThanThreshold }")))
        #expect(low.result.alarms[0].changes.map(\.state).prefix(2) == [.insufficientData, .ok])
    }

    @Test func alarmOnErrorsStopsTheExperiment() throws {
        let spec = try Self.load(
            Self.scenario(
                alarm:
                    "{ name: errors, resource: fn0, metric: Errors, statistic: Sum, period: 30s, threshold: 10, comparison: GreaterThanThreshold, evaluationPeriods: 2, datapointsToAlarm: 1 }"
            ))
        let run = try ScenarioRun.run(spec)
        let e = run.experiments[0]
        #expect(e.status == .stopped)
        let stopping = try #require(e.states.first { $0.status == .stopping })
        let stop = stopping.at.seconds
        #expect(stopping.reason == ExperimentOutcome.stopReason && stopping.alarm == "errors")
        #expect(e.states.map(\.status) == [.pending, .initiating, .running, .stopping, .stopped])
        let report = try #require(run.result.faults.first { $0.name == "exp/err" })
        let first = try #require(report.firstInjected)
        // The alarm needs a 30 s datapoint with errors: the stop comes after the first injection,
        // at an alarm period boundary, within two alarm periods of it.
        #expect(stop > first && stop <= first + 60)
        #expect(stop.truncatingRemainder(dividingBy: 30) == 0)
        #expect(report.end == stop)
        // Extensions drop the configuration at their next hot poll (20 s) after the stop; a
        // poll completes within pollMaxWait (with preventExecution and no wait, a zero-length
        // thaw abandons every poll and the configuration would never be seen to go).
        let last = try #require(report.lastInjected)
        #expect(last <= stop + 20 + 2 + 3) // hot poll, poll wait, slack
        #expect(e.actions.map(\.status) == [.stopped, .cancelled])
        #expect(e.actions[0].end?.seconds == stop)
        // The alarm history shows the transition at the stop.
        #expect(run.result.alarms[0].changes.contains { $0.state == .alarm && $0.at.seconds == stop })
        let json = run.experimentJSON().rendered()
        #expect(json.contains("\"stopped\"") && json.contains("\"cancelled\""))
        #expect(try ScenarioRun.run(spec).experimentJSON().rendered() == json)
    }

    @Test func alarmAlreadyInAlarmFailsTheExperimentAtStart() throws {
        let spec = try Self.load(
            Self.scenario(
                alarm: "{ name: errors, resource: fn0, metric: Invocations, statistic: Sum, period: 30s, threshold: 100, comparison: GreaterThanThreshold }"))
        let run = try ScenarioRun.run(spec)
        let e = run.experiments[0]
        #expect(e.status == .failed)
        #expect(e.states.map(\.status) == [.pending, .initiating, .failed])
        #expect(e.states.last?.at == .zero + .seconds(60))
        #expect(e.states.last?.alarm == "errors")
        #expect(e.actions.map(\.status) == [.cancelled, .cancelled])
        let report = try #require(run.result.faults.first { $0.name == "exp/err" })
        #expect(report.injections == 0)
        #expect(run.result.functions[0].faultInjected == 0)
    }

    @Test func quietAlarmLetsTheExperimentComplete() throws {
        let spec = try Self.load(
            Self.scenario(
                alarm:
                    "{ name: errors, resource: fn0, metric: Errors, statistic: Sum, period: 60s, threshold: 1000000, comparison: GreaterThanThreshold, treatMissingData: breaching }"
            ))
        let run = try ScenarioRun.run(spec)
        #expect(run.experiments[0].status == .completed)
        #expect(run.experiments[0].actions.map(\.status) == [.completed, .completed])
    }

    @Test func unknownAlarmARNIsAnErrorInTheTemplate() {
        let d = Fixtures.diagnostics(
            Self.scenario(
                alarm: "{ name: errors, resource: fn0, metric: Errors, statistic: Sum, period: 30s, threshold: 10, comparison: GreaterThanThreshold }"),
            files: ["tpl.json": Self.template(stop: "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:nope")])
        #expect(d.contains { $0.file == "tpl.json" && $0.message.contains("alarm:nope") && $0.message.contains("tpl.json") })
    }

    @Test func badAlarmsAreReported() {
        let d = Fixtures.diagnostics(
            Self.scenario(
                alarm: "{ name: errors, resource: fn0, metric: Errors, statistic: Sum, period: 45s, threshold: 10, comparison: Greater }"),
            files: ["tpl.json": Self.template()])
        #expect(d.contains { $0.message.contains("45s") })
        #expect(d.contains { $0.message.contains("'Greater'") })
        // A statistic the series does not record is refused at load (so by validate), located.
        let bad = Fixtures.diagnostics(
            Self.scenario(
                alarm: "{ name: errors, resource: fn0, metric: Errors, statistic: Maximum, period: 30s, threshold: 10, comparison: GreaterThanThreshold }"),
            files: ["tpl.json": Self.template()])
        #expect(
            bad.contains {
                $0.message.contains("asks fn0 Errors for Maximum, which the metric cannot give (it is recorded as Sum)") && $0.path == "alarms[0].statistic"
            },
            "\(bad)")
    }
}
