import FaultlineCloud
import FaultlineKernel

extension ScenarioSpec {
    /// Faults that cannot take effect, found before the run (at the scenario's seed and horizon):
    /// a Lambda action on a function without the FIS extension layer (AWS injects nothing into it
    /// and says so nowhere, https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html),
    /// an experiment that starts at or after the horizon, an action the horizon cuts short, and a
    /// host network action whose hosts carry no traffic (``noTrafficWarning``).
    /// The run reports the same per action (``ExperimentOutcome``, `summary.json` `experiments`).
    static func effectWarnings(_ spec: ScenarioSpec) -> [String] {
        guard !spec.experiments.isEmpty else { return [] }
        let horizon = SimInstant.zero + spec.model.horizon
        let planned = ExperimentPlanner.plan(
            spec.experiments, inventory: spec.inventory, services: spec.model.services,
            topology: spec.model.topology, seed: spec.defaultSeed, generator: spec.model.generator)
        var out: [String] = []
        let quiet = quietServices(spec.model), model = spec.model
        for (e, o) in zip(spec.experiments, planned.outcomes) {
            if SimInstant.zero + e.start >= horizon {
                out.append(
                    "experiment '\(e.name)' starts at \(e.start), at or after the horizon (\(spec.model.horizon)): it will not start. Give a longer horizon or an earlier start:."
                )
                continue
            }
            guard o.status == .completed else { continue }
            for (a, spec) in zip(o.actions, e.actions) where a.status == .completed {
                if spec.fault?.isLambda == true {
                    let without = spec.target.flatMap { tn in o.targets.first { $0.name == tn } }?.resources.filter { !$0.hasFISExtension }.map(\.name) ?? []
                    if !without.isEmpty {
                        out.append(
                            "experiment '\(e.name)': action '\(a.name)' (\(a.actionId)) has no effect on \(without.joined(separator: ", ")): "
                                + "no FIS extension layer, so AWS injects nothing into \(without.count == 1 ? "it" : "them") (the run reports 0 injected invocations). "
                                + "Add fisExtension: { } to the function, or leave it out of the target.")
                    }
                }
                if spec.fault?.isNetwork == true, let tn = spec.target, let t = o.targets.first(where: { $0.name == tn }),
                    let w = noTrafficWarning(experiment: e.name, action: a, targets: t.resources, quiet: quiet, model: model)
                {
                    out.append(w)
                }
                if let s = a.start, let end = a.end, s < horizon, end > horizon {
                    out.append(
                        "experiment '\(e.name)': action '\(a.name)' (\(a.actionId)) runs \(s.seconds)-\(end.seconds) s, past the horizon (\(horizon.seconds) s): the run cuts it short. Give a longer horizon to see it end."
                    )
                } else if let s = a.start, s >= horizon {
                    out.append(
                        "experiment '\(e.name)': action '\(a.name)' (\(a.actionId)) starts at \(s.seconds) s, at or after the horizon (\(horizon.seconds) s): it will not run."
                    )
                }
            }
        }
        return out
    }
}
