import FaultlineAnalysis
import FaultlineDocument
import FaultlineKernel
import FaultlineScenario
import Testing

/// Hypotheses: reading (every error with path and line), evaluation against real runs.
@Suite struct HypothesisTests {
    static let base = """
        name: h
        horizon: 2m
        period: 10s
        regions: [{ name: r, azs: [a] }]
        services:
          - { name: api, workersPerAZ: 4, serviceTime: 10ms, errorRate: 0.5 }
        workloads:
          - { name: w, service: api, arrivals: { poisson: { rate: 20 } } }

        """

    static func diagnostics(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try Fixtures.spec(yaml)
            return []
        } catch let e as DocumentError { return e.diagnostics } catch { return [] }
    }

    @Test func boundsAndMetricsAreRead() throws {
        let spec = try Fixtures.spec(
            Self.base + """
                hypotheses:
                  - { name: a, resource: api, metric: ErrorRate, bound: "< 1%" }
                  - { name: b, resource: api, metric: "Errors / Invocations", phase: pre, bound: { ge: 0.25 } }
                  - { name: c, resource: api, metric: Duration, statistic: p99, phase: run, bound: "<= 1.5x" }
                  - { name: d, resource: api, metric: Duration, statistic: Average, bound: "> 2", relativeTo: baseline }
                """)
        let h = spec.hypotheses
        #expect(h.count == 4)
        #expect(h[0].metric == .errorRate && h[0].comparison == .lt && h[0].bound == 0.01 && h[0].phase == .run)
        #expect(h[1].metric == .ratio(numerator: "Errors", denominator: "Invocations") && h[1].comparison == .ge && h[1].bound == 0.25)
        #expect(h[2].metric == .series(metric: "Duration", statistic: "p99") && h[2].relativeToBaseline && h[2].bound == 1.5)
        #expect(h[3].relativeToBaseline && h[3].comparison == .gt)
        #expect(h[0].line == 10)
    }

    @Test func badHypothesesAreReportedTogetherWithLines() {
        let d = Self.diagnostics(
            Self.base + """
                hypotheses:
                  - { name: a, resource: apii, metric: ErrorRate, bound: "< 1%" }
                  - { name: b, resource: api, metric: Duration, bound: "< 5" }
                  - { name: c, resource: api, metric: ErrorRate, bound: "1%" }
                  - { name: d, resource: api, metric: ErrorRate, phase: experiment, bound: "< 1%" }
                  - { name: e, resource: api, metric: ErrorRate, phase: during, bound: { lt: 1, gt: 0 } }
                  - { name: f, resource: api, metric: "Errors /", statistic: p99, bound: "< x" }
                """)
        let text = d.map(\.description).joined(separator: "\n")
        #expect(text.contains("hypotheses[0].resource: unknown resource 'apii'") && text.contains("did you mean 'api'"), "\(text)")
        #expect(text.contains("test.yaml:10:"), "lines are given: \(text)")
        #expect(text.contains("needs a statistic"), "\(text)")
        #expect(text.contains("the bound '1%' has no comparison operator"), "\(text)")
        #expect(text.contains("the phase 'experiment' needs an experiment"), "\(text)")
        #expect(text.contains("hypotheses[4].phase"), "\(text)")
        #expect(text.contains("exactly one of lt, le, gt, ge"), "\(text)")
        #expect(text.contains("two metric names separated by one '/'"), "\(text)")
        #expect(text.contains("does not end in a number"), "\(text)")
        #expect(d.count == 8, "\(text)")
    }

    @Test func verdictsOnARunWithoutExperiment() throws {
        let spec = try Fixtures.spec(
            Self.base + """
                hypotheses:
                  - { name: half-fail, resource: api, metric: ErrorRate, bound: "< 1%" }
                  - { name: some-fail, resource: api, metric: ErrorRate, phase: pre, bound: "> 30%" }
                  - { name: fast, resource: api, metric: Duration, statistic: p99, bound: "< 1000" }
                  - { name: relative, resource: api, metric: Duration, statistic: p99, bound: "< 1.2x" }
                """)
        let a = try Fixtures.analyze(spec).analysis
        let v = a.hypotheses.map(\.verdict)
        // (A metric api does not record is an error at load now: MetricValidationTests.)
        #expect(v == [.fail, .pass, .pass, .pass])
        // Errors / Invocations from the run's own totals.
        let s = try Fixtures.analyze(spec).run.result.services[0]
        #expect(a.hypotheses[0].measured == Double(s.errors) / Double(s.admitted))
        #expect(a.hypotheses[3].measured == 1, "without an experiment the whole run is the baseline")
        #expect(a.failedHypotheses.map(\.spec.name) == ["half-fail"])
    }

    /// The shipped pair: the same hypothesis passes with the SNS -> SQS buffer and fails without.
    @Test func productAPIPassesAndUnbufferedFails() throws {
        let options = RunOptions(horizon: .minutes(15))
        let buffered = try Fixtures.analyze(Fixtures.load("product-api.yaml"), options: options).analysis
        #expect(buffered.hypotheses.map(\.verdict) == [.pass, .pass])
        #expect(buffered.hypotheses[0].measured == 0)
        let unbuffered = try Fixtures.analyze(Fixtures.load("product-api-unbuffered.yaml"), options: options).analysis
        #expect(unbuffered.hypotheses.map(\.verdict) == [.fail])
        #expect(unbuffered.hypotheses[0].measured == 1, "every request during the outage is a 502")
        #expect(unbuffered.window.start == 300 && unbuffered.window.end == 600)
    }
}
