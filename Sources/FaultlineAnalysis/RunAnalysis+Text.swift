import FaultlineMetrics

extension RunAnalysis {
    /// Terminal lines: the phases, request outcomes per phase and every hypothesis's verdict.
    public func textSummary() -> String {
        var lines: [String] = []
        func f(_ v: Double?, _ places: Int = 1) -> String { v.map { NumberFormat.decimal($0, places: places) } ?? "-" }
        if window.hasExperiment {
            lines.append("phases: " + window.phases.map { "\($0.phase.rawValue) \(f($0.start))-\(f($0.end)) s" }.joined(separator: ", "))
        } else {
            lines.append("phases: no experiment; the whole run is steady state")
        }
        for (p, c) in requests where p != .run {
            lines.append("  \(p.rawValue): requests \(f(c.requests, 0)), failed \(f(c.failed, 0)), throttled \(f(c.throttled, 0)), timed out \(f(c.timedOut, 0)), retried \(f(c.retried, 0)), buffered \(f(c.buffered, 0))")
        }
        if let lost { lines.append("  lost (ledger): \(lost)") }
        for h in hypotheses {
            var line = "hypothesis \(h.spec.name): \(h.verdict.rawValue)  \(h.spec.statement)"
            if let m = h.measured { line += "  measured \(NumberFormat.decimal(m, places: 6))" }
            if let n = h.note { line += "  (\(n))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
