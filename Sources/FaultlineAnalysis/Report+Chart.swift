import FaultlineMetrics

extension Report {
    /// One line of a chart: its legend name and a value per bucket (nil: no data).
    struct ChartSeries {
        var name: String
        var values: [Double?]
    }

    /// A chart: a title, the unit of its values and one or more lines on the same axes.
    struct ChartSpec {
        var title: String
        var unit: ChartUnit
        var series: [ChartSeries]
        /// The colour class of the first line (`s0`…`s7`): shades of blue for percentiles,
        /// distinct hues for AZs.
        var firstColor = 0
    }

    /// Layout of every metric chart, in SVG user units (CSS pixels).
    enum ChartLayout {
        static let width = 440.0, plotHeight = 120.0, right = 16.0, rowHeight = 14.0
        /// A generous width of one character of the 10 px label font, so estimated boxes are
        /// never narrower than the browser's (the browser test measures the real ones).
        static let charWidth = 6.6
        /// At most this many hover bands per chart; longer runs share a band between buckets.
        static let maxHoverBands = 120
    }

    /// The charts of one resource: `p50`/`p90`/`p99` of a duration in one chart, every other
    /// metric's primary statistic, its error rate, and per-AZ lines for the per-entry-AZ counters.
    func chartSpecs(of resource: String) -> [ChartSpec] {
        let period = run.result.period.seconds
        var out: [ChartSpec] = []
        for (metric, statistics) in store.metrics(of: resource) {
            let percentiles = ["p50", "p90", "p99"].filter(statistics.contains)
            let isDistribution = statistics.contains("SampleCount") && !percentiles.isEmpty
            if isDistribution {
                out.append(
                    ChartSpec(
                        title: "\(metric) (\(percentiles.joined(separator: ", ")))",
                        unit: .of(metric: metric, statistic: "p99", isDistribution: true, periodSeconds: period),
                        series: percentiles.map { ChartSeries(name: $0, values: store.values(SeriesKey(resource, metric, $0))) }))
            } else {
                let stat = MetricNames.primaryStatistic(statistics)
                out.append(
                    ChartSpec(
                        title: "\(metric) (\(stat))", unit: .of(metric: metric, statistic: stat, isDistribution: false, periodSeconds: period),
                        series: [ChartSeries(name: stat, values: store.values(SeriesKey(resource, metric, stat)))]))
            }
        }
        if let pair = MetricNames.errorPair(of: resource, in: store) {
            out.append(
                ChartSpec(
                    title: "ErrorRate (\(pair.errors.metric) / \(pair.requests.metric))", unit: .percent,
                    series: [ChartSeries(name: "error rate", values: store.ratioValues(pair.errors, pair.requests))]))
        }
        // Per-AZ lines: the responses and failures of requests by the AZ they entered.
        for (prefix, title) in [("EntryResponses/", "Responses by entry AZ"), ("EntryFailures/", "Failed responses by entry AZ")] {
            let azs = store.analysis.metrics(of: resource).map(\.metric).filter { $0.hasPrefix(prefix) }
            guard azs.count > 1 else { continue }
            out.append(
                ChartSpec(
                    title: "\(title) (Sum)", unit: .countPerPeriod(periodSeconds: period),
                    series: azs.map { ChartSeries(name: String($0.dropFirst(prefix.count)), values: store.analysis.values(SeriesKey(resource, $0, "Sum"))) },
                    firstColor: 3))
        }
        return out
    }

    static func textWidth(_ s: String) -> Double { Double(s.count) * ChartLayout.charWidth }

    /// One chart with real axes: nice y ticks labelled with their unit, time ticks in minutes
    /// from the start, gridlines, a legend, the warm-up shaded and left out of the lines and the
    /// scale, each experiment's window, the faults' effect and stops, and a hover band per
    /// bucket whose `<title>` gives every line's value there.
    func chart(_ spec: ChartSpec, markers: Markers) -> String {
        typealias L = ChartLayout
        let width = L.width
        let horizon = max(run.result.horizon.seconds, 1e-9), warmup = min(run.result.warmup.seconds, horizon)
        let count = store.bucketCount
        let spans = (0..<count).map(store.span)
        // Buckets that overlap the warm-up are not drawn: the transient would set the scale.
        let shown = spans.map { $0.start >= warmup - 1e-9 }
        var hiData = 0.0, loData = 0.0
        for s in spec.series {
            for (b, v) in s.values.enumerated() where b < count && shown[b] {
                if let v {
                    hiData = max(hiData, v)
                    loData = min(loData, v)
                }
            }
        }
        let display = spec.unit.display(hi: hiData)
        let axis = ChartAxis.nice(lo: loData * display.factor, hi: hiData * display.factor, target: 4, minStep: spec.unit.isCount ? 1 : 0)
        let yLabels = axis.ticks.map { ChartUnit.label($0, step: axis.step, unit: display.unit) }
        let left = 8 + (yLabels.map(Self.textWidth).max() ?? 0)

        // Legend rows: swatch + name per line, warm-up, the unit caption; wrapped to the width.
        var legend: [(x: Double, row: Int, text: String, cls: String)] = []
        var lx = 4.0, row = 0
        func place(_ text: String, _ cls: String) {
            let w = (cls.isEmpty ? 0 : 16) + Self.textWidth(text) + 10
            if lx + w > width - 4 && lx > 4 {
                row += 1
                lx = 4
            }
            legend.append((lx, row, text, cls))
            lx += w
        }
        let multi = spec.series.count > 1
        func color(_ i: Int) -> String { multi ? "s\((spec.firstColor + i) % 8)" : "s" }
        for (i, s) in spec.series.enumerated() { place(s.name, color(i)) }
        if warmup > 0 { place("warm-up (not drawn)", "warmup") }
        place("unit: " + spec.unit.caption(hi: hiData), "")
        let top = 20 + Double(row + 1) * L.rowHeight + 6
        let bottom = top + L.plotHeight
        let height = bottom + 30
        let plotW = width - left - L.right
        func x(_ t: Double) -> Double { left + (min(max(t, 0), horizon) / horizon) * plotW }
        func y(_ v: Double) -> Double { top + (1 - (v * display.factor - axis.lo) / (axis.hi - axis.lo)) * L.plotHeight }

        var out =
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.c(width))\" height=\"\(Self.c(height))\" viewBox=\"0 0 \(Self.c(width)) \(Self.c(height))\" role=\"img\">\n"
        out += "<title>\(Self.escape(spec.title))</title>\n"
        let maxTitle = Int((width - 8) / L.charWidth)
        let shortTitle = spec.title.count > maxTitle ? String(spec.title.prefix(maxTitle - 1)) + "…" : spec.title
        out += "<text class=\"title\" x=\"4\" y=\"13\">\(Self.escape(shortTitle))</text>\n"
        for item in legend {
            let ly = 20 + Double(item.row) * L.rowHeight + 10
            var tx = item.x
            if item.cls == "warmup" {
                out += "<rect class=\"warmup\" x=\"\(Self.c(tx))\" y=\"\(Self.c(ly - 8))\" width=\"12\" height=\"9\"/>\n"
                tx += 16
            } else if !item.cls.isEmpty {
                out += "<line class=\"\(item.cls)\" x1=\"\(Self.c(tx))\" x2=\"\(Self.c(tx + 12))\" y1=\"\(Self.c(ly - 3.5))\" y2=\"\(Self.c(ly - 3.5))\"/>\n"
                tx += 16
            }
            out += "<text class=\"legend\" x=\"\(Self.c(tx))\" y=\"\(Self.c(ly))\">\(Self.escape(item.text))</text>\n"
        }
        // Background: warm-up, experiment windows, gridlines.
        if warmup > 0 {
            out +=
                "<rect class=\"warmup\" x=\"\(Self.c(x(0)))\" y=\"\(Self.c(top))\" width=\"\(Self.c(max(0.5, x(warmup) - x(0))))\" height=\"\(Self.c(L.plotHeight))\"><title>warm-up 0-\(Self.n(warmup)) s: not measured, not drawn</title></rect>\n"
        }
        for w in analysis.window.experiments {
            out +=
                "<rect class=\"exp\" x=\"\(Self.c(x(w.start)))\" y=\"\(Self.c(top))\" width=\"\(Self.c(max(0.5, x(w.end) - x(w.start))))\" height=\"\(Self.c(L.plotHeight))\"><title>\(Self.escape(w.name)): experiment window \(Self.n(w.start))-\(Self.n(w.end)) s</title></rect>\n"
        }
        for (i, t) in axis.ticks.enumerated() {
            let yy = y(t / display.factor)
            out += "<line class=\"grid\" x1=\"\(Self.c(left))\" x2=\"\(Self.c(width - L.right))\" y1=\"\(Self.c(yy))\" y2=\"\(Self.c(yy))\"/>\n"
            out += "<text x=\"\(Self.c(left - 4))\" y=\"\(Self.c(yy + 3.5))\" text-anchor=\"end\">\(Self.escape(yLabels[i]))</text>\n"
        }
        let minutes = horizon / 60
        let maxXTicks = max(2, Int(plotW / 48))
        // Minutes 1, 2, 5 × 10ⁿ apart (2.5 minutes is not a step people count in).
        var xStep = ChartAxis.niceStep(minutes / Double(maxXTicks))
        if ChartAxis.places(xStep) > ChartAxis.places(xStep * 2) { xStep *= 2 }
        var m = 0.0
        while m <= minutes + xStep * 1e-9 {
            let xx = x(m * 60)
            out += "<line class=\"grid\" x1=\"\(Self.c(xx))\" x2=\"\(Self.c(xx))\" y1=\"\(Self.c(top))\" y2=\"\(Self.c(bottom))\"/>\n"
            // The first label starts at the y axis so that it clears the lowest y label.
            out +=
                "<text x=\"\(Self.c(xx))\" y=\"\(Self.c(bottom + 12))\" text-anchor=\"\(m == 0 ? "start" : "middle")\">\(ChartUnit.grouped(m, places: ChartAxis.places(xStep)))</text>\n"
            m += xStep
        }
        out += "<text class=\"caption\" x=\"\(Self.c(left + plotW / 2))\" y=\"\(Self.c(height - 4))\" text-anchor=\"middle\">minutes from the start</text>\n"
        out += "<line class=\"axis\" x1=\"\(Self.c(left))\" x2=\"\(Self.c(width - L.right))\" y1=\"\(Self.c(bottom))\" y2=\"\(Self.c(bottom))\"/>\n"
        out += "<line class=\"axis\" x1=\"\(Self.c(left))\" x2=\"\(Self.c(left))\" y1=\"\(Self.c(top))\" y2=\"\(Self.c(bottom))\"/>\n"
        for ef in markers.effects {
            out +=
                "<rect class=\"effect\" x=\"\(Self.c(x(ef.from)))\" y=\"\(Self.c(bottom - 4))\" width=\"\(Self.c(max(0.5, x(ef.to) - x(ef.from))))\" height=\"4\"><title>\(Self.escape(ef.name)) in effect \(Self.n(ef.from))-\(Self.n(ef.to)) s</title></rect>\n"
        }
        for st in markers.stops {
            out +=
                "<line class=\"stop\" x1=\"\(Self.c(x(st.at)))\" x2=\"\(Self.c(x(st.at)))\" y1=\"\(Self.c(top))\" y2=\"\(Self.c(bottom))\"><title>\(Self.escape(st.label)) at \(Self.n(st.at)) s</title></line>\n"
        }
        // The lines: a path per series, a new subpath after a gap.
        for (i, s) in spec.series.enumerated() {
            var d = ""
            var open = false
            for (b, v) in s.values.enumerated() where b < count {
                guard let v, shown[b] else {
                    open = false
                    continue
                }
                d += (open ? " L" : (d.isEmpty ? "M" : " M")) + "\(Self.c(x((spans[b].start + spans[b].end) / 2))),\(Self.c(y(v)))"
                open = true
            }
            if !d.isEmpty { out += "<path class=\"series \(color(i))\" d=\"\(d)\"/>\n" }
        }
        // Hover bands on top: every line's value in the bucket under the pointer.
        let first = spans.firstIndex { $0.start >= warmup - 1e-9 } ?? count
        let stride = max(1, (count - first + L.maxHoverBands - 1) / L.maxHoverBands)
        var b = first
        while b < count {
            let last = min(count, b + stride) - 1
            var tip = "\(ChartUnit.grouped(spans[b].start / 60, places: 2))-\(ChartUnit.grouped(spans[last].end / 60, places: 2)) min"
            for s in spec.series {
                let v = b < s.values.count ? s.values[b] : nil
                tip +=
                    "\n\(s.name): "
                    + (v.map { NumberFormat.decimal($0 * display.factor, places: 3) + (display.unit.isEmpty ? "" : " " + display.unit) } ?? "no data")
            }
            if stride > 1 { tip += "\n(values of the first \(Self.n(spans[b].end - spans[b].start)) s bucket)" }
            out +=
                "<rect class=\"hover\" x=\"\(Self.c(x(spans[b].start)))\" y=\"\(Self.c(top))\" width=\"\(Self.c(max(0.5, x(spans[last].end) - x(spans[b].start))))\" height=\"\(Self.c(L.plotHeight))\"><title>\(Self.escape(tip))</title></rect>\n"
            b += stride
        }
        return out + "</svg>\n"
    }
}
