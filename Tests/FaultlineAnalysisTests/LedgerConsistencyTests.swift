import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

@testable import FaultlineAnalysis

/// "One number, one computation" over every shipped scenario: each is run ONCE (the heaviest
/// with a shorter horizon) and every request count shown in more than one place — the terminal,
/// `summary.json`, the phase table, the blast radius, `report.html` and `compare` — is checked
/// to be the same number, and the request ledger to balance (docs/ledger.md).
@Suite struct LedgerConsistencyTests {
    /// Scenarios too slow for a debug test run at their own horizon.
    static let shortHorizons: [String: SimDuration] = [
        "multi-az-web.yaml": .minutes(10), "az-application-slowdown.yaml": .minutes(20),
        "cross-az-traffic-slowdown.yaml": .minutes(20)
    ]

    static var shipped: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.scenarios.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func everyShippedScenarioIsListed() {
        #expect(Self.shipped.count >= 15, "the scenarios folder is where the suite expects it")
    }

    @Test(arguments: LedgerConsistencyTests.shipped)
    func everyNumberAgreesEverywhere(_ name: String) throws {
        let spec = try Fixtures.load(name)
        let analyzed = try AnalyzedRun.run(spec, options: RunOptions(horizon: Self.shortHorizons[name]))
        let a = analyzed.analysis
        let t = a.ledger.totals

        // The ledger balances: every request that entered has one outcome or is still in flight.
        #expect(t.entered == t.accountedFor, "\(name): entered \(t.entered) != outcomes + in flight \(t.accountedFor)")
        #expect(t.failedByStatus.reduce(0) { $0 + $1.count } == t.failed, "\(name): failures by status add up")
        // The phase split (analysis counters) and the engine's totals are the same counts.
        let run = a.ledger.all[.run]
        #expect(
            run.entered == Double(t.entered) && run.succeeded == Double(t.succeeded) && run.failed == Double(t.failed)
                && run.throttled == Double(t.throttled) && run.timedOut == Double(t.timedOut) && run.lost == Double(t.lost), "\(name)")
        let phases = a.window.phases.map(\.phase)
        for m in ["entered", "succeeded", "failed", "throttled", "timedOut", "lost"] {
            let byPhase = phases.reduce(0.0) { $0 + Self.value(a.ledger.all[$1], m) }
            #expect(byPhase == Self.value(run, m), "\(name): \(m) per phase adds up to the run")
            for p in phases + [.run] {
                let entries = a.ledger.entryPoints.reduce(0.0) { $0 + Self.value($1[p], m) }
                let azs = a.ledger.azs.reduce(0.0) { $0 + Self.value($1[p], m) }
                #expect(entries == Self.value(a.ledger.all[p], m), "\(name): \(m) of the entry points in \(p.rawValue)")
                #expect(azs == Self.value(a.ledger.all[p], m), "\(name): \(m) of the AZs in \(p.rawValue)")
            }
        }
        // The phase table is the ledger.
        for (p, c) in a.requests { #expect(c.ledger == a.ledger.all[p], "\(name): phase table \(p.rawValue)") }
        // The blast radius is the ledger in its phase.
        let b = a.blastRadius
        #expect(b.entryPoints.map(\.requests) == a.ledger.entryPoints.map { $0[b.phase].entered }, "\(name)")
        #expect(b.entryPoints.map(\.errors) == a.ledger.entryPoints.map { $0[b.phase].errors }, "\(name)")
        #expect(b.azs.map(\.requests) == a.ledger.azs.map { $0[b.phase].entered }, "\(name)")
        #expect(b.azs.reduce(0) { $0 + $1.errors } == a.ledger.all[b.phase].errors, "\(name)")

        // summary.json holds the same numbers.
        let summaryText = analyzed.summaryJSON().rendered()
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(summaryText.utf8)) as? [String: Any])
        let ledger = try #require(summary["request_ledger"] as? [String: Any])
        #expect(
            Self.int(ledger["entered"]) == t.entered && Self.int(ledger["failed"]) == t.failed
                && Self.int(ledger["timed_out"]) == t.timedOut && Self.int(ledger["in_flight_at_end"]) == t.inFlightAtEnd, "\(name)")
        #expect(ledger["balanced"] as? Bool == true, "\(name)")
        let rows = try #require((summary["phases"] as? [String: Any])?["requests"] as? [[String: Any]])
        #expect(rows.count == a.requests.count)
        for (row, (p, c)) in zip(rows, a.requests) {
            #expect(row["phase"] as? String == p.rawValue)
            #expect(
                Self.double(row["requests"]) == c.requests && Self.double(row["succeeded"]) == c.succeeded
                    && Self.double(row["failed"]) == c.failed && Self.double(row["timed_out"]) == c.timedOut
                    && Self.double(row["throttled"]) == c.throttled && Self.double(row["lost"]) == c.lost, "\(name): summary phase \(p.rawValue)")
        }
        let blast = try #require(summary["blast_radius"] as? [String: Any])
        let azRows = (blast["by_entry_az"] as? [[String: Any]]) ?? []
        #expect(azRows.map { Self.double($0["requests"]) } == b.azs.map(\.requests), "\(name)")
        #expect(azRows.map { Self.double($0["errors"]) } == b.azs.map(\.errors), "\(name)")

        // compare reads the same numbers back from summary.json.
        let cmp = try RunComparison.compare(summaryA: summaryText, fileA: "a", summaryB: summaryText, fileB: "b")
        for (p, c) in a.requests {
            #expect(cmp.requests.first { $0.metric == "requests" && $0.field == p.rawValue }?.a == c.requests, "\(name): compare \(p.rawValue)")
            #expect(cmp.requests.first { $0.metric == "failed" && $0.field == p.rawValue }?.a == c.failed, "\(name): compare \(p.rawValue)")
        }

        // The terminal and report.html print the same headline and phase counts.
        let text = a.textSummary(), html = analyzed.reportHTML()
        #expect(text.contains(a.ledgerLine()), "\(name)")
        #expect(html.contains(Report.escape(a.ledgerLine())), "\(name): report.html shows the terminal's ledger line")
        for (p, c) in a.requests where p != .run {
            #expect(
                text.contains(
                    ": \(Int(c.requests)) entered, \(Int(c.succeeded)) succeeded, \(Int(c.failed)) failed, \(Int(c.throttled)) throttled, \(Int(c.timedOut)) timed out"
                ),
                "\(name): terminal phase \(p.rawValue)")
        }
        for (_, c) in a.requests { #expect(html.contains(Report.ledgerCells(c)), "\(name): report phase row") }

        // Experiments: one state everywhere.
        let experiments = (summary["experiments"] as? [[String: Any]]) ?? []
        #expect(experiments.map { $0["state"] as? String } == a.experiments.map(\.state.rawValue), "\(name)")
        #expect(analyzed.run.experiments.map(\.status.rawValue) == a.experiments.map(\.state.rawValue), "\(name): experiment.json status")
        for e in a.experiments {
            #expect(text.contains("experiment \(e.name) (\(e.template)): \(e.headline)"), "\(name)")
            #expect(html.contains(Report.escape(e.headline)), "\(name)")
        }

        // The work ledger (`ledger:`) balances too: accepted = stored + buffered + dead-lettered + lost - duplicates.
        if let work = summary["ledger"] as? [String: Any] {
            let accepted = Self.int(work["accepted"]), stored = Self.int(work["stored"]), buffered = Self.int(work["buffered"])
            let dead = Self.int(work["dead_lettered"]), lost = Self.int(work["lost"]), beyond = Self.int(work["stored_beyond_accepted"])
            #expect(accepted == stored + buffered + dead + lost - beyond, "\(name): work ledger")
            #expect(Self.int(work["expired"]) <= lost, "\(name): expired messages are part of lost, once")
            #expect(a.lost == lost, "\(name)")
        }
    }

    static func value(_ c: RequestLedger.Counts, _ m: String) -> Double {
        switch m {
        case "entered": return c.entered
        case "succeeded": return c.succeeded
        case "failed": return c.failed
        case "throttled": return c.throttled
        case "timedOut": return c.timedOut
        default: return c.lost
        }
    }

    static func int(_ v: Any?) -> Int64 { (v as? NSNumber)?.int64Value ?? -1 }
    static func double(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }
}
