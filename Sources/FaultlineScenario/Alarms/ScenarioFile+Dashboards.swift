import FaultlineDocument

/// A CloudWatch dashboard rendered in report.html: the metric widgets of an
/// `AWS::CloudWatch::Dashboard` (as FIS experiment reports render the dashboards named in
/// `experimentReportConfiguration`), each mapped to a resource, metric and statistic the run
/// records. Written by `faultline import`; docs/scenario-format.md (`dashboards:`).
public struct DashboardSpec: Sendable, Equatable {
    public struct Widget: Sendable, Equatable {
        public var title: String
        public var resource: String
        public var metric: String
        public var statistic: String
        /// The widget as CloudWatch names it (`AWS/Lambda Invocations FunctionName=f, SampleCount, 60 s`).
        public var source: String
    }
    public var name: String
    public var widgets: [Widget]
}

extension ScenarioFile {
    public struct DashboardFile: Sendable {
        var name: Located<String>
        var widgets: [(widget: DashboardSpec.Widget, resource: Located<String>)]
    }

    /// Limits: dashboards per scenario and widgets per dashboard (CloudWatch allows 500 widgets).
    static let maxDashboards = 50, maxWidgets = 500

    /// `dashboards: [{ name, widgets: [{ title, resource, metric, statistic, source }] }]`.
    static func readDashboards(_ node: DocumentNode, doc: DocumentReader) -> [DashboardFile] {
        var out: [DashboardFile] = []
        let items = doc.sequence(node, what: "a list of dashboards { name, widgets }") ?? []
        if items.count > maxDashboards {
            doc.error(node, "at most \(maxDashboards) dashboards, got \(items.count).", fix: "keep the dashboards the experiments name")
        }
        for item in items.prefix(maxDashboards) {
            guard let m = doc.mapping(item, what: "a dashboard { name, widgets }") else { continue }
            defer { m.finish() }
            guard let name = m.required("name").flatMap({ located($0, doc.string) }) else { continue }
            var widgets: [(DashboardSpec.Widget, Located<String>)] = []
            let list = m.required("widgets", fix: "list its metric widgets").flatMap { doc.sequence($0, what: "a list of widgets") } ?? []
            if list.count > maxWidgets { doc.error(item, "at most \(maxWidgets) widgets per dashboard, got \(list.count).", fix: "CloudWatch allows 500") }
            for w in list.prefix(maxWidgets) {
                guard let wm = doc.mapping(w, what: "a widget { title, resource, metric, statistic }") else { continue }
                let title = wm.optional("title").flatMap(doc.string)
                let resource = wm.required("resource").flatMap { located($0, doc.string) }
                let metric = wm.required("metric").flatMap(doc.string)
                let statistic = wm.required("statistic").flatMap(doc.string)
                let source = wm.optional("source").flatMap(doc.string)
                wm.finish()
                guard let resource, let metric, let statistic else { continue }
                widgets.append(
                    (
                        DashboardSpec.Widget(title: title ?? metric, resource: resource.value, metric: metric, statistic: statistic, source: source ?? ""),
                        resource
                    ))
            }
            out.append(DashboardFile(name: name, widgets: widgets))
        }
        return out
    }
}

extension ScenarioSpec {
    /// Widgets must name resources of the scenario (the metric is looked up in the run's series).
    static func validateDashboards(_ files: [ScenarioFile.DashboardFile], serviceNames: [String], doc: DocumentReader) -> [DashboardSpec] {
        files.map { d in
            for (_, r) in d.widgets where !serviceNames.contains(r.value) {
                let hint = Suggestion.closest(to: r.value, in: serviceNames).map { "did you mean '\($0)'? " } ?? ""
                doc.error(
                    path: r.path, location: r.location, "unknown resource '\(r.value)'.",
                    fix: "\(hint)resources defined: \(serviceNames.joined(separator: ", "))")
            }
            return DashboardSpec(name: d.name.value, widgets: d.widgets.map(\.widget))
        }
    }
}
