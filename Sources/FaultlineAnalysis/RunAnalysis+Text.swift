import FaultlineCloud
import FaultlineMetrics

extension RunAnalysis {
    static func count(_ v: Double) -> String { NumberFormat.decimal(v, places: 0) }

    /// The request ledger's headline: what entered, every outcome, in flight at the end.
    public func ledgerLine() -> String {
        let t = ledger.totals
        var line = "requests (entry points, after warm-up): \(t.entered) entered: \(t.succeeded) succeeded, \(t.failed) failed"
        if !t.failedByStatus.isEmpty {
            line +=
                " ("
                + t.failedByStatus.map { "\($0.count)×\($0.status == Status.functionError ? "function error" : "HTTP \($0.status)")" }.joined(separator: ", ")
                + ")"
        }
        line += ", \(t.throttled) throttled, \(t.timedOut) timed out"
        if t.lost > 0 { line += ", \(t.lost) lost" }
        line += ", \(t.inFlightAtEnd) in flight at the end"
        return line
    }

    /// One line per phase: its span and the ledger's counts in it.
    func phaseLines() -> [String] {
        var lines: [String] = []
        func f(_ v: Double?) -> String { v.map { NumberFormat.decimal($0, places: 1) } ?? "-" }
        if !window.hasExperiment { lines.append("phases: no fault took effect; the whole run is steady state") }
        let spans = Dictionary(uniqueKeysWithValues: window.phases.map { ($0.phase, ($0.start, $0.end)) })
        for (p, c) in requests where p != .run {
            let s = spans[p].map { "\(f($0.0))-\(f($0.1)) s" } ?? ""
            var line =
                "  \(p.rawValue) \(s): \(Self.count(c.requests)) entered, \(Self.count(c.succeeded)) succeeded, \(Self.count(c.failed)) failed, "
                + "\(Self.count(c.throttled)) throttled, \(Self.count(c.timedOut)) timed out"
            if c.lost > 0 { line += ", \(Self.count(c.lost)) lost" }
            var inside: [String] = []
            if c.retried > 0 { inside.append("\(Self.count(c.retried)) retries") }
            if c.buffered > 0 { inside.append("\(Self.count(c.buffered)) buffered") }
            if c.deadLettered > 0 { inside.append("\(Self.count(c.deadLettered)) dead-lettered") }
            if c.dropped > 0 { inside.append("\(Self.count(c.dropped)) dropped/expired") }
            if !inside.isEmpty { line += "; inside: " + inside.joined(separator: ", ") }
            lines.append(line)
        }
        return lines
    }

    /// Blast radius in a few lines: entry points and AZs hit in the experiment phase.
    func blastRadiusLines() -> [String] {
        let b = blastRadius
        guard window.hasExperiment, !b.targets.isEmpty else { return [] }
        var lines = ["blast radius: " + b.targets.map { "\($0.resource) (\($0.type), \($0.azs.joined(separator: "/")))" }.joined(separator: ", ")]
        func pct(_ v: Double?) -> String { v.map { NumberFormat.decimal($0 * 100, places: 2) + " %" } ?? "-" }
        let hit = (b.entryPoints.count > 1 ? b.entryPoints : []) + b.azs
        for s in hit where s.requests > 0 || s.errors > 0 {
            lines.append(
                "  \(s.resource): \(Self.count(s.errors)) of \(Self.count(s.requests)) requests failed in the experiment, error rate \(pct(s.errorRate)) (baseline \(pct(s.errorRateBaseline)))"
            )
        }
        return lines
    }

    func hypothesisLines() -> [String] {
        hypotheses.map { h in
            var line = "hypothesis \(h.spec.name): \(h.verdict.rawValue)  \(h.spec.statement)"
            if let m = h.measured { line += "  measured \(NumberFormat.decimal(m, places: 6))" }
            if let n = h.note { line += "  (\(n))" }
            return line
        }
    }

    /// Terminal lines: the request ledger, the phases, the blast radius and every hypothesis's verdict.
    public func textSummary() -> String {
        var lines = experimentLines() + [ledgerLine()] + phaseLines()
        if let lost { lines.append("  work ledger: \(lost) accepted requests lost") }
        lines += blastRadiusLines()
        lines += hypothesisLines()
        return lines.joined(separator: "\n")
    }
}
