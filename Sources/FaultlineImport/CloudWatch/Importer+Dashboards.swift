import FaultlineDocument

/// CloudWatch dashboards (`AWS::CloudWatch::Dashboard`): the metric widgets of `DashboardBody`
/// (`properties.metrics` rows `[Namespace, MetricName, DimName, DimValue, ..., {options}]`, with
/// `"."` repeating the row above, `stat`, `period`, `title`). Text, log and alarm widgets are
/// counted as skipped. The report renders each widget from the simulated series.
extension Importer {
    mutating func mapDashboard(_ r: ResolvedResource) throws {
        guard let body = r.properties["DashboardBody"]?.text else {
            throw r.fail("DashboardBody", "the dashboard has no DashboardBody string.", "give the dashboard body as a JSON string")
        }
        let doc: DocumentNode
        do { doc = try DocumentParser.parse(body, file: r.file) } catch {
            throw r.fail(
                "DashboardBody", "the dashboard body is not JSON: \(error.diagnostics.first?.message ?? "").", "fix the JSON (CloudWatch rejects it too)")
        }
        var conv = CFConverter(file: r.file)
        let value = try conv.convert(doc)
        var widgets: [ImportedSystem.Widget] = [], skipped: [String] = []
        for (i, w) in (value["widgets"]?.list ?? []).enumerated() {
            let type = w["type"]?.text ?? "?"
            guard type == "metric", let props = w["properties"] else {
                skipped.append(type)
                continue
            }
            let stat = props["stat"]?.text ?? "Average"
            let period = props["period"]?.int ?? 300
            var previous: [String] = []
            for (j, row) in (props["metrics"]?.list ?? []).enumerated() {
                guard let items = row.list else { continue }
                var texts: [String] = []
                var options: CFValue?
                for (k, item) in items.enumerated() {
                    if item.entries != nil {
                        options = item
                        continue
                    }
                    let t = item.text ?? ""
                    texts.append(t == "." && k < previous.count ? previous[k] : t)
                }
                previous = texts
                guard texts.count >= 2 else { continue }
                var dims: [(String, String)] = []
                var k = 2
                while k + 1 < texts.count {
                    dims.append((texts[k], texts[k + 1]))
                    k += 2
                }
                let title = props["title"]?.text ?? "\(texts[1])"
                widgets.append(
                    .init(
                        title: (props["metrics"]?.list?.count ?? 0) > 1 ? "\(title) (\(j + 1))" : title,
                        namespace: texts[0], metric: texts[1], dimensions: dims,
                        statistic: options?["stat"]?.text ?? stat, period: options?["period"]?.int ?? period,
                        resource: metricResource(namespace: texts[0], dimensions: dims)))
            }
            _ = i
        }
        system.dashboards.append(.init(origin: r.origin, name: r.identity.name, widgets: widgets, skippedWidgets: skipped))
    }
}
