import FaultlineMetrics
import FaultlineScenario

/// `report.html`'s experiment outcome and request ledger sections, read from
/// ``RunAnalysis/experiments`` and ``RunAnalysis/ledger`` (the numbers the terminal and
/// `summary.json` show).
extension Report {
    /// Leads the page: each experiment's final state and reason as FIS gives it, its actions and
    /// when their faults took effect, and the problems (faults that took no effect).
    func experimentsSection() -> String {
        guard !analysis.experiments.isEmpty else { return "" }
        var out = "<section id=\"experiments\">\n<h2>Experiments</h2>\n"
        for e in analysis.experiments {
            let cls: String
            switch e.state {
            case .completed: cls = "pass"
            case .stopped, .running: cls = "warn"
            case .failed, .notStarted: cls = "fail"
            }
            out += "<h3>\(Self.escape(e.name)) <span class=\"state \(e.unexpected ? "fail" : cls)\">\(Self.escape(e.state.rawValue))</span></h3>\n"
            out += "<p class=\"outcome\">\(Self.escape(e.headline))</p>\n"
            out += "<p class=\"facts\">template \(Self.escape(e.template))"
            if let r = e.runningAt { out += " &middot; running from \(Self.n(r)) s" }
            if let at = e.at, e.state != .notStarted { out += " &middot; \(Self.escape(e.state.rawValue)) at \(Self.n(at)) s" }
            out += "</p>\n"
            out += "<table>\n<tr><th>action</th><th>action ID</th><th>state</th><th>start s</th><th>end s</th><th>took effect s</th>"
            out += "<th>effect ended s</th><th>resources affected</th><th>invocations injected</th><th>note</th></tr>\n"
            for a in e.actions {
                let affected = a.injectsFault ? "\(a.affected) of \(a.resources)" : "-"
                out +=
                    "<tr><td>\(Self.escape(a.name))</td><td class=\"text\">\(Self.escape(a.actionId))</td><td class=\"text\">\(Self.escape(a.state.rawValue))</td>"
                out += "<td>\(Self.n(a.start))</td><td>\(Self.n(a.end))</td><td>\(Self.n(a.firstEffect))</td><td>\(Self.n(a.lastEffect))</td>"
                out += "<td>\(affected)</td><td>\(a.injections.map { "\($0)" } ?? "-")</td><td class=\"text\">\(Self.escape(a.note ?? ""))</td></tr>\n"
            }
            out += "</table>\n"
            for p in e.problems { out += "<p class=\"problem\">\(Self.escape(p))</p>\n" }
        }
        return out + "</section>\n"
    }

    /// The request ledger's columns of the phase table.
    static let ledgerHeader =
        "<th>entered</th><th>succeeded</th><th>failed</th><th>throttled</th><th>timed out</th><th>lost</th>"
        + "<th>retries (per service)</th><th>buffered (per service)</th><th>dead-lettered (per service)</th><th>dropped (per service)</th>"

    static func ledgerCells(_ c: RunAnalysis.Requests) -> String {
        [c.requests, c.succeeded, c.failed, c.throttled, c.timedOut, c.lost, c.retried, c.buffered, c.deadLettered, c.dropped]
            .map { "<td>\(n($0))</td>" }.joined()
    }

    /// Below the phase table: the measured window's ledger totals, as the terminal's first line.
    func ledgerParagraph() -> String {
        let t = analysis.ledger.totals
        var out = "<p class=\"ledger\">Request ledger (docs/ledger.md): \(Self.escape(analysis.ledgerLine()))"
        out += t.entered == t.accountedFor ? " &middot; balances." : " &middot; <span class=\"fail\">does not balance</span>."
        out += "</p>\n"
        if let lost = analysis.lost { out += "<p>Work ledger: \(lost) accepted requests lost.</p>\n" }
        return out
    }
}
