import FaultlineMetrics
import FaultlineScenario

/// The "CloudWatch dashboards" section of report.html: each metric widget of the scenario's
/// `dashboards:` drawn from the simulated series, as the FIS experiment report renders the
/// dashboards of `experimentReportConfiguration` as snapshot graphs
/// (https://docs.aws.amazon.com/fis/latest/userguide/experiment-report.html). A small renderer
/// of its own (a line per widget, zero-based y axis, the run's time on x), independent of the
/// per-resource charts.
extension Report {
    func dashboardsSection() -> String {
        let dashboards = run.spec.dashboards
        guard !dashboards.isEmpty else { return "" }
        var out = "<section id=\"dashboards\">\n<h2>CloudWatch dashboards</h2>\n"
        for d in dashboards {
            out += "<h3 class=\"dashboard\">\(Self.escape(d.name))</h3>\n<div class=\"widgets\" style=\"display:flex;flex-wrap:wrap;gap:16px\">\n"
            for w in d.widgets { out += widget(w) }
            out += "</div>\n"
        }
        return out + "</section>\n"
    }

    /// The statistic of the series closest to the widget's: counters are recorded as Sum.
    func seriesKey(_ w: DashboardSpec.Widget) -> SeriesKey? {
        let exact = SeriesKey(w.resource, w.metric, w.statistic)
        if store.contains(exact) { return exact }
        let stats = store.metrics(of: w.resource).first { $0.metric == w.metric }?.statistics ?? []
        if stats.contains("Sum") { return SeriesKey(w.resource, w.metric, "Sum") }
        return stats.first.map { SeriesKey(w.resource, w.metric, $0) }
    }

    func widget(_ w: DashboardSpec.Widget) -> String {
        let width = 360.0, height = 180.0, left = 48.0, right = 10.0, top = 10.0, bottom = 26.0
        var out = "<figure class=\"widget\">\n<figcaption><strong>\(Self.escape(w.title))</strong>"
        guard let key = seriesKey(w) else {
            return out
                + "<br><span class=\"note\">no data: the run records no \(Self.escape(w.metric)) for \(Self.escape(w.resource))</span></figcaption>\n</figure>\n"
        }
        let shown = key.statistic == w.statistic ? w.statistic : "\(key.statistic) (the dashboard asks \(w.statistic))"
        out += "<br><span class=\"note\">\(Self.escape(w.resource)) &middot; \(Self.escape(w.metric)) &middot; \(Self.escape(shown))"
        if !w.source.isEmpty { out += " &middot; \(Self.escape(w.source))" }
        out += "</span></figcaption>\n"
        let buckets = store.buckets(key)
        let values = buckets.map { $0.value(key.combine) }
        let maxValue = max(values.compactMap { $0 }.max() ?? 0, 1e-9)
        let horizon = run.result.horizon.seconds
        func x(_ t: Double) -> Double { left + (width - left - right) * (horizon > 0 ? t / horizon : 0) }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - v / maxValue) }
        out +=
            "<svg class=\"widget-chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Self.escape(w.title))\">\n"
        out +=
            "<line x1=\"\(Self.n(left))\" y1=\"\(Self.n(height - bottom))\" x2=\"\(Self.n(width - right))\" y2=\"\(Self.n(height - bottom))\" stroke=\"#888\"/>\n"
        out += "<line x1=\"\(Self.n(left))\" y1=\"\(Self.n(top))\" x2=\"\(Self.n(left))\" y2=\"\(Self.n(height - bottom))\" stroke=\"#888\"/>\n"
        out +=
            "<text x=\"\(Self.n(left - 4))\" y=\"\(Self.n(top + 8))\" text-anchor=\"end\" font-size=\"10\">\(NumberFormat.decimal(maxValue, places: 2))</text>\n"
        out += "<text x=\"\(Self.n(left - 4))\" y=\"\(Self.n(height - bottom))\" text-anchor=\"end\" font-size=\"10\">0</text>\n"
        out += "<text x=\"\(Self.n(left))\" y=\"\(Self.n(height - 8))\" font-size=\"10\">0 s</text>\n"
        out +=
            "<text x=\"\(Self.n(width - right))\" y=\"\(Self.n(height - 8))\" text-anchor=\"end\" font-size=\"10\">\(NumberFormat.decimal(horizon, places: 0)) s</text>\n"
        // One polyline per run of consecutive datapoints (CloudWatch leaves gaps for missing data).
        var runs: [[(Double, Double)]] = [[]]
        for (i, v) in values.enumerated() {
            guard let v else {
                if !(runs.last?.isEmpty ?? true) { runs.append([]) }
                continue
            }
            let span = store.span(i)
            runs[runs.count - 1].append((x((span.start + span.end) / 2), y(v)))
        }
        for r in runs where !r.isEmpty {
            out +=
                "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"" + r.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
                + "\"/>\n"
        }
        out += "</svg>\n</figure>\n"
        return out
    }
}
