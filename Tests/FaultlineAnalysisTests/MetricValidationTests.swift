import FaultlineDocument
import FaultlineScenario
import Foundation
import Testing

/// `validate` finds, located and with a fix, an alarm or hypothesis on a metric the run does not
/// record for that resource (listing what it records) and a statistic the metric cannot give —
/// mistakes `run` found only when it started (alarms) or after the whole run (hypotheses: NO_DATA).
@Suite struct MetricValidationTests {
    static func diagnostics(_ replacements: [(String, String)]) throws -> [Diagnostic] {
        do {
            _ = try ExperimentOutcomeTests.variant(replacements)
            return []
        } catch let e as DocumentError {
            return e.diagnostics
        }
    }

    @Test func alarmOnAMetricTheResourceDoesNotRecord() throws {
        let d = try Self.diagnostics([
            ("    metric: Errors\n    statistic: Sum\n    period: 60s", "    metric: HTTPCode_Target_5XX_Count\n    statistic: Sum\n    period: 60s")
        ])
        let e = try #require(d.first { $0.message.contains("checkout-errors") })
        #expect(e.message.contains("watches HTTPCode_Target_5XX_Count of checkout, which the run does not record for it"))
        #expect(e.message.contains("checkout records Invocations, Errors, Throttles"), "\(e.message)")
        #expect(e.path == "alarms[0].metric" && e.location?.line != nil, "\(e.path)")
        #expect(e.fix?.contains("use one of those metrics") == true)
    }

    @Test func alarmStatisticTheMetricCannotGive() throws {
        let d = try Self.diagnostics([("    metric: Errors\n    statistic: Sum\n", "    metric: Errors\n    statistic: Maximum\n")])
        let e = try #require(d.first { $0.message.contains("checkout-errors") })
        #expect(e.message.contains("asks checkout Errors for Maximum, which the metric cannot give (it is recorded as Sum)"), "\(e.message)")
        #expect(e.path == "alarms[0].statistic")
    }

    @Test func hypothesisOnAMetricOrStatisticNotRecorded() throws {
        let extra = """
            hypotheses:
              - name: no-such-metric
                resource: checkout
                metric: Latency
                statistic: p99
                bound: "< 100"
              - name: wrong-statistic
                resource: checkout
                metric: Duration
                statistic: Sum
                bound: "< 100"
              - name: wrong-ratio
                resource: checkout
                metric: "Errors / Requests"
                bound: "< 1%"

            """
        let d = try Self.diagnostics([("hypotheses:\n", extra)])
        let metric = try #require(d.first { $0.message.contains("'no-such-metric'") })
        #expect(metric.message.contains("is on Latency of checkout, which the run does not record for it; checkout records Invocations"), "\(metric.message)")
        #expect(metric.path.hasSuffix(".metric") && metric.location?.line != nil)
        let stat = try #require(d.first { $0.message.contains("'wrong-statistic'") })
        #expect(stat.message.contains("asks checkout Duration for Sum"), "\(stat.message)")
        #expect(stat.fix?.contains("p99") == true)
        let ratio = try #require(d.first { $0.message.contains("'wrong-ratio'") })
        #expect(ratio.message.contains("Requests, which checkout does not record as a counter"), "\(ratio.message)")
    }

    @Test func everyShippedScenarioStillValidates() throws {
        for name in LedgerConsistencyTests.shipped { _ = try Fixtures.load(name) }
    }
}
