import Testing

@testable import FaultlineSweep

/// Hypothesis expressions and the capacity search's bisection.
@Suite struct CapacityTests {
    static let run = RunMetrics(
        replication: 0, fingerprint: "f",
        values: [
            ("services.web.error_rate", 0.004), ("services.web.latency_ms.p99", 240), ("services.get-item.throttled", 0)
        ])

    @Test func hypothesesParseAndHold() throws {
        let h = try Hypothesis(parsing: "services.web.error_rate < 1% && services.web.latency_ms.p99<=240 and services.get-item.throttled == 0")
        #expect(h.clauses.map(\.comparison) == [.less, .lessOrEqual, .equal])
        #expect(h.clauses[0].bound == 0.01)
        #expect(h.holds(for: Self.run))
        #expect(!(try Hypothesis(parsing: "services.web.latency_ms.p99 < 240")).holds(for: Self.run))
        #expect(try Hypothesis(parsing: "services.web.error_rate != 0").holds(for: Self.run))
        #expect(try Hypothesis(parsing: "services.web.error_rate >= 0.004").holds(for: Self.run))
        // A missing metric does not hold, and checkMetrics names similar ones.
        let missing = try Hypothesis(parsing: "services.api.error_rate < 0.01")
        #expect(!missing.holds(for: Self.run))
        #expect(
            throws: SweepError.hypothesis(
                "the summary has no metric 'services.api.error_rate'; similar: services.web.error_rate.",
                fix: "use a name as in sweep.csv: services.<name>.error_rate, services.<name>.latency_ms.p99, functions.<name>.cold_starts, ...")
        ) {
            try missing.checkMetrics(in: Self.run)
        }
        for bad in ["services.web.error_rate", "x < y", "< 3", "a b < 3", "a < 1 &&"] {
            #expect(throws: SweepError.self, "\(bad)") { try Hypothesis(parsing: bad) }
        }
    }

    @Test func searchFindsTheThresholdWithFewEvaluations() throws {
        for threshold in [1, 2, 37, 199, 200] {
            var calls = 0
            let o = CapacitySearch.search(range: 1...200, share: 0.95) { v in
                calls += 1
                return (v >= threshold ? 20 : 18, 20) // 18/20 = 0.9 < 0.95
            }
            #expect(o.answer == threshold)
            #expect(calls <= 2 + 8 + 1, "ends, bisection and the check: \(calls) evaluations")
            #expect(o.violations.isEmpty)
            #expect(o.evaluated.map(\.value) == o.evaluated.map(\.value).sorted())
        }
        #expect(CapacitySearch.search(range: 1...200, share: 0.95) { _ in (0, 5) }.answer == nil)
        #expect(CapacitySearch.search(range: 5...5, share: 1) { _ in (5, 5) }.answer == 5)
        // 19 of 20 is exactly 0.95: it meets.
        #expect(CapacitySearch.search(range: 1...2, share: 0.95) { v in (v == 2 ? 19 : 0, 20) }.answer == 2)
    }

    @Test func nonMonotoneResultsAreFlagged() {
        // Meets from 50 except 60..80: bisection answers 50, the check at 75 fails.
        let o = CapacitySearch.search(range: 0...100, share: 1) { v in (v >= 50 && !(60...80).contains(v) ? 1 : 0, 1) }
        #expect(o.answer == 50)
        #expect(o.violations.map(\.meets) == [50] && o.violations.map(\.fails) == [75])
    }

    @Test func rangesParse() throws {
        #expect(try CapacitySearch.parseRange("10..300") == 10...300)
        for bad in ["10-300", "300..10", "a..b", "10..", "1..2..3"] {
            #expect(throws: SweepError.self) { try CapacitySearch.parseRange(bad) }
        }
    }
}
