import FaultlineDocument

extension ScenarioSpec {
    /// Checks hypotheses against the scenario: unique names, known resources (any resource of
    /// the file, `client/<workload>` or `fault/<name>`), and an experiment or faults when a
    /// hypothesis looks at the experiment or post-experiment phase.
    static func validateHypotheses(_ files: [ScenarioFile.HypothesisFile], serviceNames: [String], hasExperiment: Bool,
                                   doc: DocumentReader) -> [HypothesisSpec] {
        var names: Set<String> = []
        var out: [HypothesisSpec] = []
        for h in files {
            let r = h.resource
            if !names.insert(h.spec.name).inserted {
                doc.error(path: h.spec.path, location: r.location, "the hypothesis '\(h.spec.name)' is defined twice.", fix: "give every hypothesis a unique name")
            }
            if !serviceNames.contains(r.value) && !r.value.hasPrefix("fault/") {
                let hint = Suggestion.closest(to: r.value, in: serviceNames).map { "did you mean '\($0)'? " } ?? ""
                doc.error(path: r.path, location: r.location, "unknown resource '\(r.value)'.",
                          fix: "\(hint)resources defined: \(serviceNames.joined(separator: ", "))")
                continue
            }
            if !hasExperiment, h.spec.phase == .experiment || h.spec.phase == .post {
                doc.error(path: h.spec.path + ".phase", location: r.location,
                          "the phase '\(h.spec.phase.rawValue)' needs an experiment, but the scenario schedules no faults or experiments.",
                          fix: "use phase: run (or pre), or add faults: / experiments:")
                continue
            }
            out.append(h.spec)
        }
        return out
    }
}
