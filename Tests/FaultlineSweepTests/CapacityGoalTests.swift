import FaultlineAnalysis
import FaultlineKernel
import FaultlineScenario
import Testing

@testable import FaultlineSweep

/// `faultline capacity --hypothesis` resolution against the scenario's own hypotheses, and the
/// hypothesis verdicts as sweep metrics.
@Suite struct CapacityGoalTests {
    static let throttles = HypothesisSpec(
        name: "no-throttling", resource: "get-item", metric: .series(metric: "Throttles", statistic: "Sum"),
        phase: .run, comparison: .lt, bound: 1)
    static let rate = HypothesisSpec(
        name: "throttle-rate", resource: "get-item", metric: .ratio(numerator: "Throttles", denominator: "Invocations"),
        phase: .run, comparison: .lt, bound: 0.001)
    static let scenario = [throttles, rate]

    func result(_ spec: HypothesisSpec, _ verdict: HypothesisResult.Verdict, _ measured: Double?) -> HypothesisResult {
        HypothesisResult(spec: spec, verdict: verdict, measured: measured, value: measured, baseline: nil, note: nil)
    }

    @Test func noHypothesisOrScenarioMeansAllOfTheScenarios() throws {
        let all: [CapacityGoal.Criterion] = [
            .scenario(name: "no-throttling", statement: Self.throttles.statement),
            .scenario(name: "throttle-rate", statement: Self.rate.statement)
        ]
        #expect(try CapacityGoal.resolve([], scenarioHypotheses: Self.scenario).criteria == all)
        #expect(try CapacityGoal.resolve(["scenario"], scenarioHypotheses: Self.scenario).criteria == all)
        // Named twice (all, then one by name): each criterion once.
        #expect(try CapacityGoal.resolve(["scenario", "throttle-rate"], scenarioHypotheses: Self.scenario).criteria == all)
        #expect(try CapacityGoal.resolve([], scenarioHypotheses: Self.scenario).needsAnalysis)
    }

    @Test func aNameSelectsOneAndAnythingElseIsAnExpression() throws {
        let one = try CapacityGoal.resolve(["throttle-rate"], scenarioHypotheses: Self.scenario)
        #expect(one.criteria == [.scenario(name: "throttle-rate", statement: "Throttles / Invocations of get-item during run < 0.001")])
        let mixed = try CapacityGoal.resolve(["no-throttling", "services.get-item.latency_ms.p99 < 500"], scenarioHypotheses: Self.scenario)
        #expect(mixed.criteria.count == 2)
        #expect(mixed.criteria[1] == .expression(try Hypothesis(parsing: "services.get-item.latency_ms.p99 < 500")))
        let expr = try CapacityGoal.resolve(["services.get-item.throttled < 1"], scenarioHypotheses: [])
        #expect(!expr.needsAnalysis)
    }

    @Test func unknownNamesAndMissingHypothesesAreExplained() {
        #expect(
            throws: SweepError.hypothesis(
                "'no-throttle' is neither a hypothesis of the scenario (its hypotheses are no-throttling, throttle-rate) nor an expression.",
                fix: "give a hypothesis name, 'scenario' for all of them, or METRIC OP NUMBER such as 'services.web.error_rate < 1%'")
        ) {
            try CapacityGoal.resolve(["no-throttle"], scenarioHypotheses: Self.scenario)
        }
        #expect(throws: SweepError.self) { try CapacityGoal.resolve([], scenarioHypotheses: []) }
        #expect(throws: SweepError.self) { try CapacityGoal.resolve(["scenario"], scenarioHypotheses: []) }
    }

    /// Only PASS meets a scenario hypothesis (NO_DATA does not, as with `run --check`); a
    /// verdict that is missing does not either.
    @Test func onlyPassMeets() throws {
        let goal = try CapacityGoal.resolve(["scenario"], scenarioHypotheses: Self.scenario)
        let metrics = RunMetrics(replication: 0, fingerprint: "f", values: [])
        #expect(goal.holds(metrics: metrics, verdicts: [result(Self.throttles, .pass, 0), result(Self.rate, .pass, 0)]))
        #expect(!goal.holds(metrics: metrics, verdicts: [result(Self.throttles, .pass, 0), result(Self.rate, .fail, 0.002)]))
        #expect(!goal.holds(metrics: metrics, verdicts: [result(Self.throttles, .pass, 0), result(Self.rate, .noData, nil)]))
        #expect(!goal.holds(metrics: metrics, verdicts: [result(Self.throttles, .pass, 0)]))
        let expr = try CapacityGoal.resolve(["services.get-item.throttled < 1", "throttle-rate"], scenarioHypotheses: Self.scenario)
        let m = RunMetrics(replication: 0, fingerprint: "f", values: [("services.get-item.throttled", 3)])
        #expect(!expr.holds(metrics: m, verdicts: [result(Self.rate, .pass, 0.0004)]))
    }

    /// Verdicts as metrics: pass 1/0 (NO_DATA is 0), measured rounded as summary.json prints
    /// it (left out without data), and all_pass.
    @Test func verdictsBecomeMetrics() {
        let m = SummaryMetrics.hypotheses([result(Self.throttles, .fail, 5), result(Self.rate, .noData, nil)])
        #expect(
            m.map(\.name) == [
                "hypotheses.no-throttling.pass", "hypotheses.no-throttling.measured", "hypotheses.throttle-rate.pass",
                "hypotheses.all_pass"
            ])
        #expect(m.map(\.value) == [0, 5, 0, 0])
        let ok = SummaryMetrics.hypotheses([result(Self.throttles, .pass, 0), result(Self.rate, .pass, 1.0 / 3.0)])
        #expect(ok.map(\.value) == [1, 0, 1, 0.333333, 1])
        #expect(SummaryMetrics.hypotheses([]).isEmpty)
        #expect(
            MetricSelector.expand([]).contains { $0.matches("hypotheses.throttle-rate.pass") && $0.matches("hypotheses.all_pass") },
            "the default set reports them")
    }

    /// A sweep replication of a scenario with hypotheses is analysed: its metrics hold the same
    /// verdicts as the analysed run (what `faultline run --check` reads).
    @Test func measureReportsTheVerdictsOfRunCheck() throws {
        let text =
            SweepFixtures.yaml + """

                hypotheses:
                  - { name: fast, resource: web, metric: Duration, statistic: p99, bound: "< 1000" }
                  - { name: impossible, resource: web, metric: Errors, statistic: Sum, bound: "< 0" }
                """
        let point = try SweepRunner.prepare([], root: SweepFixtures.document(text), file: "test.yaml", scenarioHash: 1, loadFile: { _ in "" })
        let options = RunOptions(horizon: .seconds(120), replication: 1)
        let measured = try SweepRunner.measure(point, options: options)
        let analyzed = try SweepRunner.analyze(point, options: options)
        #expect(measured == RunMetrics(analyzed, replication: 1))
        #expect(analyzed.analysis.hypotheses.map(\.verdict) == [.pass, .fail])
        #expect(measured.value("hypotheses.fast.pass") == 1)
        #expect(measured.value("hypotheses.impossible.pass") == 0)
        #expect(measured.value("hypotheses.impossible.measured") == 0)
        #expect(measured.value("hypotheses.all_pass") == 0)
        // Without hypotheses: the plain run's metrics, nothing about hypotheses.
        let plain = try SweepRunner.prepare([], root: SweepFixtures.document(), file: "test.yaml", scenarioHash: 1, loadFile: { _ in "" })
        let values = try SweepRunner.measure(plain, options: options).values
        #expect(!values.contains { $0.name.hasPrefix("hypotheses.") })
        #expect(values.map(\.name) == RunMetrics(try SweepRunner.analyze(plain, options: options), replication: 1).values.map(\.name))
    }
}
