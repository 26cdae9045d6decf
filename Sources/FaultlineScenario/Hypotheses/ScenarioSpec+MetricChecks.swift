import FaultlineCloud
import FaultlineDocument

extension ScenarioSpec {
    /// Alarms and hypotheses on a metric the run does not record for that resource, or with a
    /// statistic the metric cannot give: found at load (so by `faultline validate`), located,
    /// listing what the resource records. Before, `run` found the alarm case only when it
    /// started, and a hypothesis came out NO_DATA after the whole run.
    static func metricChecks(_ spec: ScenarioSpec, alarms: [ScenarioFile.AlarmFile], hypotheses: [ScenarioFile.HypothesisFile], doc: DocumentReader) {
        guard !alarms.isEmpty || !hypotheses.isEmpty else { return }
        let recorded = Simulation.recordedMetrics(spec.model)
        func records(_ resource: String) -> [RecordedMetric] { recorded.filter { $0.resource == resource } }
        func list(_ rs: [RecordedMetric]) -> String { rs.map(\.metric).joined(separator: ", ") }
        func path(_ p: String, _ key: String) -> String {
            guard let dot = p.lastIndex(of: ".") else { return p + "." + key }
            return String(p[..<dot]) + "." + key
        }
        for (a, file) in zip(spec.model.alarms, alarms) {
            let own = records(a.resource)
            guard !own.isEmpty else { continue } // an unknown resource is reported where it is read
            if let m = own.first(where: { $0.metric == a.metric }) {
                if !m.statistics.contains(a.statistic) {
                    doc.error(
                        path: path(file.name.path, "statistic"), location: file.name.location,
                        "the alarm '\(a.name)' asks \(a.resource) \(a.metric) for \(a.statistic), which the metric cannot give (it is recorded as \(m.statistics.joined(separator: ", "))).",
                        fix: "statistic: one of \(m.statistics.joined(separator: ", "))")
                }
            } else {
                doc.error(
                    path: path(file.name.path, "metric"), location: file.name.location,
                    "the alarm '\(a.name)' watches \(a.metric) of \(a.resource), which the run does not record for it; \(a.resource) records \(list(own)).",
                    fix: "use one of those metrics (CloudWatch's names), or the resource that records \(a.metric)")
            }
        }
        for h in hypotheses {
            let s = h.spec, own = records(s.resource)
            guard !own.isEmpty else { continue }
            let at = path(s.path + ".name", "metric")
            switch s.metric {
            case .series(let metric, let statistic):
                if let m = own.first(where: { $0.metric == metric }) {
                    if !m.statistics.contains(statistic) {
                        doc.error(
                            path: path(s.path + ".name", "statistic"), location: h.resource.location,
                            "the hypothesis '\(s.name)' asks \(s.resource) \(metric) for \(statistic), which the metric cannot give (it is recorded as \(m.statistics.joined(separator: ", "))).",
                            fix: "statistic: one of \(m.statistics.joined(separator: ", "))")
                    }
                } else {
                    doc.error(
                        path: at, location: h.resource.location,
                        "the hypothesis '\(s.name)' is on \(metric) of \(s.resource), which the run does not record for it; \(s.resource) records \(list(own)).",
                        fix: "use one of those metrics, or ErrorRate")
                }
            case .ratio(let n, let d):
                for c in [n, d] where !own.contains(where: { $0.metric == c && $0.statistics.contains("Sum") }) {
                    let counters = own.filter { $0.statistics.contains("Sum") }
                    doc.error(
                        path: at, location: h.resource.location,
                        "the hypothesis '\(s.name)' divides by or into \(c), which \(s.resource) does not record as a counter; its counters are \(list(counters)).",
                        fix:
                            "write a ratio of two of those counters, e.g. \"\(counters.first?.metric ?? "Errors") / \(counters.dropFirst().first?.metric ?? "Invocations")\""
                    )
                }
            case .errorRate, .stopConditionEvaluations:
                continue
            }
        }
    }
}
