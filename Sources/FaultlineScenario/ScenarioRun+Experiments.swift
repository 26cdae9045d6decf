import FaultlineCloud
import FaultlineKernel

extension ScenarioRun {
    /// `experiment.json`: per experiment its FIS state history, resolved targets, action windows
    /// and, per target, when the fault actually took effect (joined from the fault reports).
    public func experimentJSON() -> JSONValue {
        func t(_ i: SimInstant?) -> JSONValue { i.map { .number($0.seconds) } ?? .null }
        return .object([
            ("scenario", .string(spec.name)),
            ("seed", .integer(Int64(bitPattern: result.seed))),
            ("experiments", .array(experiments.map { e in
                .object([
                    ("name", .string(e.name)),
                    ("template", .string(e.templateFile)),
                    ("status", .string(e.status)),
                    ("states", .array(e.states.map { s in
                        .object([("status", .string(s.status)), ("at_s", t(s.at))] + (s.reason.map { [("reason", .string($0))] } ?? []))
                    })),
                    ("resolved_targets", .array(e.targets.map { r in
                        .object([
                            ("target", .string(r.name)),
                            ("resource_type", .string(r.resourceType)),
                            ("selection_mode", .string(r.selectionMode)),
                            ("matched", .integer(Int64(r.candidates))),
                            ("resources", .array(r.resources.map { .object([("name", .string($0.name)), ("arn", .string($0.arn))]) })),
                        ])
                    })),
                    ("actions", .array(e.actions.map(actionJSON))),
                ])
            })),
        ])
    }

    func actionJSON(_ a: ExperimentOutcome.Action) -> JSONValue {
        func t(_ i: SimInstant?) -> JSONValue { i.map { .number($0.seconds) } ?? .null }
        var pairs: [(String, JSONValue)] = [
            ("name", .string(a.name)), ("action_id", .string(a.actionId)), ("status", .string(a.status)),
            ("start_s", t(a.start)), ("end_s", t(a.end)), ("target", a.target.map(JSONValue.string) ?? .null),
            ("fault", a.fault.map(JSONValue.string) ?? .null),
        ]
        if let note = a.note { pairs.append(("note", .string(note))) }
        let report = a.fault.flatMap { f in result.faults.first { $0.name == f } }
        let start = a.start.map { $0.seconds } ?? 0, end = a.end.map { $0.seconds } ?? 0
        pairs.append(("effect", .array(a.resources.map { name in
            var p: [(String, JSONValue)] = [("resource", .string(name))]
            if let report {
                p += Self.reachJSON(report.records(of: name), start: start, end: end)
            } else if a.fault != nil {
                // API faults act at once, for exactly their window.
                p += [("first_effect_s", .number(start)), ("last_effect_s", .number(end))]
            }
            return .object(p)
        })))
        return .object(pairs)
    }
}
