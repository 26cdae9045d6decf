import FaultlineFIS

/// The FIS action table of the docs (`docs/fis-actions.md`), generated from ``ActionCatalog``
/// and the actions the model replays (``FaultParameters``): one table, so the validator, the
/// scenario reader and the docs cannot disagree about an action's parameters.
/// `ActionTableTests` checks the checked-in page equals ``markdown()``.
public enum ActionTable {
    /// Where the generated page lives, relative to the repository.
    public static let path = "docs/fis-actions.md"

    /// Whether `faultline run` replays the action (the model has a reader for it).
    public static func isModelled(_ id: String) -> Bool { ExperimentSpec.supportedActions.contains(id) }

    /// The page: an introduction and one row per catalog action.
    public static func markdown() -> String {
        var out = """
            # FIS actions

            <!-- Generated from ActionCatalog (Sources/FaultlineFIS/ActionCatalog.swift) by ActionTable.markdown();
                 ActionTableTests checks this page equals it. Regenerate: FAULTLINE_WRITE_DOCS=1 swift test --filter ActionTableTests -->

            Every FIS action Faultline knows: its targets and parameters as the FIS User Guide documents
            them (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html), which
            `faultline validate` checks templates against and from which the scenario reader takes each
            parameter's kind, range, default and whether it is required. **modelled** says whether
            `faultline run` replays the action (what it does in the model: docs/scenario-format.md);
            the others validate and plan, and a run skips or refuses them (`unsupported:`). In a
            scenario's `faults:` the action's length is the fault's own `duration`, not a parameter, and
            the targets stand in for `service`/`operations` of the `aws:fis:inject-api-*` actions.

            | action | modelled | targets | length | parameters |
            |---|---|---|---|---|

            """
        for a in ActionCatalog.actions {
            let targets =
                a.targets.isEmpty
                ? "none"
                : a.targets.map { t in "\(t.key.map { "`\($0)`" } ?? "any key") → " + t.resourceTypes.map { "`\($0)`" }.joined(separator: ", ") }
                    .joined(separator: "; ")
            let length: String
            switch a.length {
            case .instant: length = "instant"
            case .parameter(let p): length = "`\(p)`"
            }
            var params = a.parameters.map(describe)
            if a.openParameters { params.append("any other name (LocalStack passes them on)") }
            if !a.legacyNames.isEmpty {
                params.append("older names: " + a.legacyNames.sorted { $0.key < $1.key }.map { "`\($0.key)` for `\($0.value)`" }.joined(separator: ", "))
            }
            out +=
                "| `\(a.id)` | \(isModelled(a.id) ? "yes" : "no") | \(targets) | \(length) | \(params.isEmpty ? "none" : params.joined(separator: "<br>")) |\n"
        }
        return out
    }

    static func describe(_ p: ActionCatalog.Parameter) -> String {
        var s = "`\(p.name)`" + (p.required ? " (required)" : "") + ": " + p.kindSummary
        if let d = p.defaultValue { s += ", default `\(d)`" }
        return s.replacingOccurrences(of: "|", with: "\\|")
    }
}
