import FaultlineDocument

extension ScenarioSpec {
    /// Checks hypotheses against the scenario: unique names, known resources (any resource of
    /// the file, `client/<workload>` or `fault/<name>`), and an experiment or faults when a
    /// hypothesis looks at the experiment or post-experiment phase.
    /// `StopConditionEvaluatedWhileFaultActive` needs `resource: experiment/<name>` naming one of
    /// `experiments:` (and that resource form needs that metric).
    static func validateHypotheses(
        _ files: [ScenarioFile.HypothesisFile], serviceNames: [String], hasExperiment: Bool,
        experimentNames: [String] = [], doc: DocumentReader
    ) -> [HypothesisSpec] {
        var names: Set<String> = []
        var out: [HypothesisSpec] = []
        for h in files {
            let r = h.resource
            if !names.insert(h.spec.name).inserted {
                doc.error(
                    path: h.spec.path, location: r.location, "the hypothesis '\(h.spec.name)' is defined twice.", fix: "give every hypothesis a unique name")
            }
            let prefix = HypothesisSpec.Metric.experimentPrefix, stopMetric = HypothesisSpec.Metric.stopConditionMetric
            if h.spec.metric == .stopConditionEvaluations || (r.value.hasPrefix(prefix) && !serviceNames.contains(r.value)) {
                let experiment = r.value.hasPrefix(prefix) ? String(r.value.dropFirst(prefix.count)) : nil
                if h.spec.metric != .stopConditionEvaluations {
                    doc.error(
                        path: r.path, location: r.location, "an experiment (\(r.value)) has only the metric \(stopMetric).",
                        fix: "write metric: \(stopMetric) (kind: reachable), or name a resource of the scenario")
                    continue
                }
                guard let experiment, experimentNames.contains(experiment) else {
                    let hint = experiment.flatMap { Suggestion.closest(to: $0, in: experimentNames) }.map { "did you mean '\(prefix)\($0)'? " } ?? ""
                    doc.error(
                        path: r.path, location: r.location, "\(stopMetric) is about an experiment's stop conditions, but '\(r.value)' names no experiment.",
                        fix: "\(hint)write resource: \(prefix)<name> with a name of experiments:"
                            + (experimentNames.isEmpty ? " (the scenario has none)" : " (\(experimentNames.joined(separator: ", ")))"))
                    continue
                }
                out.append(h.spec)
                continue
            }
            if !serviceNames.contains(r.value) && !r.value.hasPrefix("fault/") {
                let hint = Suggestion.closest(to: r.value, in: serviceNames).map { "did you mean '\($0)'? " } ?? ""
                doc.error(
                    path: r.path, location: r.location, "unknown resource '\(r.value)'.",
                    fix: "\(hint)resources defined: \(serviceNames.joined(separator: ", "))")
                continue
            }
            if !hasExperiment, h.spec.phase == .experiment || h.spec.phase == .post {
                doc.error(
                    path: h.spec.path + ".phase", location: r.location,
                    "the phase '\(h.spec.phase.rawValue)' needs an experiment, but the scenario schedules no faults or experiments.",
                    fix: "use phase: run (or pre), or add faults: / experiments:")
                continue
            }
            out.append(h.spec)
        }
        return out
    }
}
