import FaultlineAnalysis
import FaultlineKernel
import FaultlineScenario
import Testing

/// `faultline compare`: differences read back from two summaries.
@Suite struct CompareTests {
    static func summary(_ file: String) throws -> String {
        let r = try Fixtures.analyze(Fixtures.load(file), options: RunOptions(horizon: .minutes(12)))
        return r.analysis.extend(summary: r.run.summaryJSON()).rendered()
    }

    @Test func bufferedAgainstUnbuffered() throws {
        let a = try Self.summary("product-api.yaml"), b = try Self.summary("product-api-unbuffered.yaml")
        let c = try RunComparison.compare(summaryA: a, fileA: "A", summaryB: b, fileB: "B")
        #expect(c.a.scenario == "product-api" && c.b.scenario == "product-api-unbuffered")
        let h = c.hypotheses.first { $0.name == "clients-see-no-errors" }!
        #expect(h.verdictA == "PASS" && h.verdictB == "FAIL" && h.measuredA == 0 && h.measuredB == 1)
        #expect(c.hypotheses.first { $0.name == "latency-recovers" }?.verdictB == nil, "only A states it")
        #expect(c.regressions.map(\.name) == ["clients-see-no-errors"])
        let failed = c.requests.first { $0.field == "experiment" && $0.metric == "failed" }!
        #expect(failed.a == 0 && (failed.b ?? 0) > 0)
        let sameRequests = c.requests.first { $0.field == "pre" && $0.metric == "requests" }!
        #expect(!sameRequests.changed, "the same seed and traffic before the outage")
        let text = c.text()
        #expect(text.contains("clients-see-no-errors  PASS  FAIL  changed"))
        #expect(text.contains("regressions: hypothesis clients-see-no-errors"))
        let json = c.json().rendered()
        #expect(json.contains("\"regressions\": [\"clients-see-no-errors\"]"))
    }

    @Test func aRunComparedWithItselfHasNoDifferences() throws {
        let a = try Self.summary("product-api-unbuffered.yaml")
        let c = try RunComparison.compare(summaryA: a, fileA: "A", summaryB: a, fileB: "A")
        #expect(c.metrics.allSatisfy { !$0.changed } && c.requests.allSatisfy { !$0.changed } && c.hypotheses.allSatisfy { !$0.changed })
        #expect(c.text().contains("(0 of "))
    }

    @Test func notASummaryIsAClearError() {
        #expect(throws: AnalysisError.self) { try RunComparison.compare(summaryA: "{\"x\": 1}", fileA: "a/summary.json", summaryB: "{}", fileB: "b") }
        do { _ = try RunComparison.compare(summaryA: "not json", fileA: "a/summary.json", summaryB: "{}", fileB: "b") } catch {
            #expect("\(error)".hasPrefix("a/summary.json: cannot compare:"))
            #expect("\(error)".contains("Fix: give two output folders"))
        }
    }
}
