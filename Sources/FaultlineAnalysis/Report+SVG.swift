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
            for s in e.states where s.status == "stopped" || s.status == "failed" {
                m.stops.append(("\(e.name) \(s.status)" + (s.alarm.map { " (alarm \($0))" } ?? ""), s.at.seconds))
            }
        }
        return m
    }

    static func c(_ v: Double) -> String { NumberFormat.decimal(v, places: 1) }

    /// One metric's chart: a polyline per run of consecutive periods with data.
    func chart(title: String, values: [Double?], markers: Markers) -> String {
        let width = 300.0, height = 130.0, left = 44.0, right = 6.0, top = 16.0, bottom = 16.0
        let horizon = max(run.result.horizon.seconds, 1e-9)
        func x(_ t: Double) -> Double { left + (t / horizon) * (width - left - right) }
        let present = values.compactMap { $0 }
        var lo = min(0, present.min() ?? 0), hi = max(present.max() ?? 0, 0)
        if hi == lo { hi = lo + 1 }
        func y(_ v: Double) -> Double { top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom) }
        var out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.c(width))\" height=\"\(Self.c(height))\" viewBox=\"0 0 \(Self.c(width)) \(Self.c(height))\" role=\"img\">\n"
        out += "<title>\(Self.escape(title))</title>\n"
        out += "<text x=\"\(Self.c(left))\" y=\"11\">\(Self.escape(title))</text>\n"
        if let s = analysis.window.start, let e = analysis.window.end {
            out += "<rect class=\"exp\" x=\"\(Self.c(x(s)))\" y=\"\(Self.c(top))\" width=\"\(Self.c(max(0.5, x(e) - x(s))))\" height=\"\(Self.c(height - top - bottom))\"/>\n"
        }
        for ef in markers.effects {
            out += "<rect class=\"effect\" x=\"\(Self.c(x(ef.from)))\" y=\"\(Self.c(height - bottom - 4))\" width=\"\(Self.c(max(0.5, x(ef.to) - x(ef.from))))\" height=\"4\"><title>\(Self.escape(ef.name)) in effect \(Self.n(ef.from))-\(Self.n(ef.to)) s</title></rect>\n"
        }
        for st in markers.stops {
            out += "<line class=\"stop\" x1=\"\(Self.c(x(st.at)))\" x2=\"\(Self.c(x(st.at)))\" y1=\"\(Self.c(top))\" y2=\"\(Self.c(height - bottom))\"><title>\(Self.escape(st.label)) at \(Self.n(st.at)) s</title></line>\n"
        }
        out += "<line class=\"axis\" x1=\"\(Self.c(left))\" x2=\"\(Self.c(width - right))\" y1=\"\(Self.c(height - bottom))\" y2=\"\(Self.c(height - bottom))\"/>\n"
        out += "<line class=\"axis\" x1=\"\(Self.c(left))\" x2=\"\(Self.c(left))\" y1=\"\(Self.c(top))\" y2=\"\(Self.c(height - bottom))\"/>\n"
        out += "<text x=\"\(Self.c(left - 3))\" y=\"\(Self.c(top + 8))\" text-anchor=\"end\">\(Self.n(hi))</text>\n"
        out += "<text x=\"\(Self.c(left - 3))\" y=\"\(Self.c(height - bottom))\" text-anchor=\"end\">\(Self.n(lo))</text>\n"
        out += "<text x=\"\(Self.c(left))\" y=\"\(Self.c(height - 3))\">0 s</text>\n"
        out += "<text x=\"\(Self.c(width - right))\" y=\"\(Self.c(height - 3))\" text-anchor=\"end\">\(Self.n(horizon)) s</text>\n"
        var d = ""
        var open = false
        for (b, v) in values.enumerated() {
            guard let v else { open = false; continue }
            let s = store.span(b)
            d += (open ? " L" : (d.isEmpty ? "M" : " M")) + "\(Self.c(x((s.start + s.end) / 2))),\(Self.c(y(v)))"
            open = true
        }
        if !d.isEmpty { out += "<path class=\"series\" d=\"\(d)\"/>\n" }
        return out + "</svg>\n"
    }

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
        for p in analysis.window.phases {
            let cls = p.phase == .experiment ? "exp" : "nominal"
            body += rect(cls, p.start, p.end, row, "\(Self.phaseName(p.phase)) \(Self.n(p.start))-\(Self.n(p.end)) s")
            body += "<text x=\"\(Self.c(x(p.start) + 3))\" y=\"\(Self.c(Double(row) * rowH + 13))\">\(Self.phaseName(p.phase))</text>\n"
        }
        body += text("phases", row)
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
                    body += "<line class=\"marker\" x1=\"\(Self.c(x(t)))\" x2=\"\(Self.c(x(t)))\" y1=\"\(Self.c(Double(row) * rowH + 1))\" y2=\"\(Self.c(Double(row + 1) * rowH - 1))\"/>\n"
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
            body += "<line class=\"stop\" x1=\"\(Self.c(x(st.at)))\" x2=\"\(Self.c(x(st.at)))\" y1=\"0\" y2=\"\(Self.c(height - 14))\"><title>\(Self.escape(st.label)) at \(Self.n(st.at)) s</title></line>\n"
        }
        body += "<text x=\"\(Self.c(label))\" y=\"\(Self.c(height - 2))\">0 s</text>\n"
        body += "<text x=\"\(Self.c(width - right))\" y=\"\(Self.c(height - 2))\" text-anchor=\"end\">\(Self.n(horizon)) s</text>\n"
        rows.append(body)
        var out = "<section id=\"timeline\">\n<h2>Timeline</h2>\n"
        out += "<svg class=\"chart timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.c(width))\" height=\"\(Self.c(height))\" viewBox=\"0 0 \(Self.c(width)) \(Self.c(height))\" role=\"img\">\n"
        out += "<title>phases, actions, faults and alarms</title>\n"
        out += rows.joined()
        return out + "</svg>\n</section>\n"
    }
}
