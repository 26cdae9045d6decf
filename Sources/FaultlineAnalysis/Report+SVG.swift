import FaultlineCloud
import FaultlineMetrics
import FaultlineScenario

extension Report {
    /// What happened when, drawn on every chart: when each fault was in effect (Lambda faults:
    /// first to last injection by the FIS extension, from the fault reports; other faults: their
    /// window) and when an experiment was stopped or failed.
    struct Markers {
        var effects: [(name: String, from: Double, to: Double)] = []
        var stops: [(label: String, at: Double)] = []
    }

    func markers() -> Markers {
        var m = Markers()
        for f in run.spec.model.faults {
            if let r = run.result.faults.first(where: { $0.name == f.name }) {
                if let a = r.firstInjected, let b = r.lastInjected { m.effects.append((f.name, a, b)) }
            } else {
                m.effects.append((f.name, f.start.seconds, f.end.seconds))
            }
        }
        for e in run.experiments {
            for s in e.states where s.status == .stopped || s.status == .failed {
                m.stops.append(("\(e.name) \(s.status)" + (s.alarm.map { " (alarm \($0))" } ?? ""), s.at.seconds))
            }
        }
        return m
    }

    static func c(_ v: Double) -> String { NumberFormat.decimal(v, places: 1) }

    /// The run on one time axis: phases, experiment actions, faults (nominal window and effect),
    /// stops, and alarm states.
    func timelineSection() -> String {
        let model = run.spec.model
        guard analysis.window.hasExperiment || !model.alarms.isEmpty else { return "" }
        let width = 960.0, label = 230.0, right = 10.0, rowH = 18.0
        let horizon = max(run.result.horizon.seconds, 1e-9)
        func x(_ t: Double) -> Double { label + (min(max(t, 0), horizon) / horizon) * (width - label - right) }
        var rows: [String] = []
        func rect(_ cls: String, _ from: Double, _ to: Double, _ row: Int, _ tip: String) -> String {
            "<rect class=\"\(cls)\" x=\"\(Self.c(x(from)))\" y=\"\(Self.c(Double(row) * rowH + 3))\" width=\"\(Self.c(max(1, x(to) - x(from))))\" height=\"\(Self.c(rowH - 6))\"><title>\(Self.escape(tip))</title></rect>\n"
        }
        func text(_ s: String, _ row: Int) -> String {
            "<text x=\"4\" y=\"\(Self.c(Double(row) * rowH + 13))\">\(Self.escape(s))</text>\n"
        }
        var body = ""
        var row = 0
        for p in analysis.window.phases where p.phase != .experiment {
            body += rect("nominal", p.start, p.end, row, "\(Self.phaseName(p.phase)) \(Self.n(p.start))-\(Self.n(p.end)) s")
        }
        for w in analysis.window.experiments {
            body += rect(
                "exp", w.start, w.end, row,
                "\(w.name): experiment window \(Self.n(w.start))-\(Self.n(w.end)) s (effects ended at \(Self.n(w.end)) s, final state at \(Self.n(w.nominalEnd)) s)"
            )
        }
        body += text("phases (experiment windows)", row)
        row += 1
        for e in run.experiments {
            for a in e.actions {
                guard let s = a.start, let en = a.end else { continue }
                body += text("\(e.name): action \(a.name) (\(a.status))", row)
                body += rect("action", s.seconds, en.seconds, row, "\(a.actionId) \(a.status) \(Self.n(s.seconds))-\(Self.n(en.seconds)) s")
                row += 1
            }
        }
        let markers = self.markers()
        for (i, f) in model.faults.enumerated() {
            // A stop condition ends the fault's configuration when it stops the experiment.
            var end = f.end.seconds
            for (g, guardConfig) in model.stopGuards.enumerated() where guardConfig.faults.contains(i) && g < run.result.guards.count {
                if let at = run.result.guards[g].at, run.result.guards[g].kind != .none { end = min(end, max(at.seconds, f.start.seconds)) }
            }
            body += text("fault \(f.name)", row)
            body += rect("nominal", f.start.seconds, end, row, "\(f.name) configured \(Self.n(f.start.seconds))-\(Self.n(end)) s")
            if let ef = markers.effects.first(where: { $0.name == f.name }) {
                body += rect("effect", ef.from, ef.to, row, "\(f.name) in effect \(Self.n(ef.from))-\(Self.n(ef.to)) s (first and last injection)")
                for t in [ef.from, ef.to] {
                    body +=
                        "<line class=\"marker\" x1=\"\(Self.c(x(t)))\" x2=\"\(Self.c(x(t)))\" y1=\"\(Self.c(Double(row) * rowH + 1))\" y2=\"\(Self.c(Double(row + 1) * rowH - 1))\"/>\n"
                }
            }
            row += 1
        }
        for (config, history) in zip(model.alarms, run.result.alarms) {
            body += text("alarm \(config.name)", row)
            for (i, ch) in history.changes.enumerated() {
                let to = i + 1 < history.changes.count ? history.changes[i + 1].at.seconds : horizon
                let cls = ch.state == .alarm ? "alarm" : (ch.state == .ok ? "ok" : "insufficient")
                body += rect(cls, ch.at.seconds, to, row, "\(config.name) \(ch.state.rawValue) \(Self.n(ch.at.seconds))-\(Self.n(to)) s")
            }
            row += 1
        }
        let height = Double(row) * rowH + 16
        for st in markers.stops {
            body +=
                "<line class=\"stop\" x1=\"\(Self.c(x(st.at)))\" x2=\"\(Self.c(x(st.at)))\" y1=\"0\" y2=\"\(Self.c(height - 14))\"><title>\(Self.escape(st.label)) at \(Self.n(st.at)) s</title></line>\n"
        }
        body += "<text x=\"\(Self.c(label))\" y=\"\(Self.c(height - 2))\">0 s</text>\n"
        body += "<text x=\"\(Self.c(width - right))\" y=\"\(Self.c(height - 2))\" text-anchor=\"end\">\(Self.n(horizon)) s</text>\n"
        rows.append(body)
        var out = "<section id=\"timeline\">\n<h2>Timeline</h2>\n"
        out +=
            "<svg class=\"chart timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.c(width))\" height=\"\(Self.c(height))\" viewBox=\"0 0 \(Self.c(width)) \(Self.c(height))\" role=\"img\">\n"
        out += "<title>phases, actions, faults and alarms</title>\n"
        out += rows.joined()
        return out + "</svg>\n</section>\n"
    }
}
