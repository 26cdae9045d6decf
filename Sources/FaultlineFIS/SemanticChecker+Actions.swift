import FaultlineDocument
import FaultlineKernel

/// Per-action checks against the ``ActionCatalog``: target keys and resource types, parameter
/// names, required parameters and values (ranges, enums, durations, SSM document ARNs).
///
/// Values that are placeholders are not checked (they are reported elsewhere, or fit the
/// shape). Whatever is outside the catalog (an action ID or resource type it does not know) is an
/// error, as FIS refuses it at CreateExperimentTemplate; the catalog is a snapshot of the FIS
/// action reference and FIS keeps adding actions, so `--allow-unknown-actions` makes it a warning.
extension SemanticChecker {
    func checkAction(_ a: DocumentNode.Entry, targets: [DocumentNode.Entry]) {
        let action = a.value
        guard let idNode = action["actionId"], let id = checker.stringValue(idNode), !Placeholder.isPlaceholder(id) else { return }
        guard let spec = ActionCatalog.action(id) else {
            let parts = id.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 3, !parts.contains(where: \.isEmpty), parts[0] == "aws" {
                let hint = Suggestion.closest(to: id, in: ActionCatalog.ids).map { "did you mean '\($0)'? " } ?? ""
                unknown(
                    idNode, "'\(id)' is not in the FIS action reference Faultline knows; FIS refuses an unknown action (\"Invalid actionId\").",
                    fix: "\(hint)check the ID against https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html")
            }
            return
        }
        checkActionTargets(action, spec: spec, targets: targets)
        checkActionParameters(action, spec: spec)
    }

    private func checkActionTargets(_ action: DocumentNode, spec: ActionCatalog.Action, targets: [DocumentNode.Entry]) {
        let keys = spec.targets.compactMap(\.key)
        guard let map = action["targets"]?.entries, !map.isEmpty else {
            if !spec.targets.isEmpty {
                let key = keys.first ?? "<key>"
                findings.warning(
                    action,
                    "\(spec.id) acts on \(spec.targets.flatMap(\.resourceTypes).joined(separator: " or ")) but names no target; the experiment fails with InvalidTarget when the action starts.",
                    fix: "add \(checker.display("targets")): {\"\(key)\": \"<target name>\"}")
            }
            return
        }
        for e in map {
            let keyNode = DocumentNode(value: .scalar(e.key, quoted: true), location: e.keyLocation, path: e.value.path)
            if spec.targets.isEmpty {
                findings.error(
                    keyNode, "\(spec.id) takes no targets, but names the target key '\(e.key)'.",
                    fix: "remove \(checker.display("targets")) from this action")
                continue
            }
            guard let types = spec.resourceTypes(forKey: e.key) else {
                let hint = Suggestion.closest(to: e.key, in: keys).map { "did you mean '\($0)'? " } ?? ""
                findings.error(
                    keyNode, "'\(e.key)' is not a target key of \(spec.id); it takes \(keys.map { "'\($0)'" }.joined(separator: " or ")).",
                    fix: "\(hint)write \"\(keys.first ?? "")\": \"<target name>\"",
                    cause: Placeholder.isPlaceholder(e.key) ? .placeholder : .genuine)
                continue
            }
            guard let name = checker.stringValue(e.value), let target = targets.first(where: { $0.key == name })?.value,
                let typeNode = target["resourceType"], let type = checker.stringValue(typeNode), !Placeholder.isPlaceholder(type)
            else { continue }
            // A type the catalog does not know is warned about on the target itself.
            if ActionCatalog.resourceTypes.contains(type), !types.contains(type) {
                findings.error(
                    e.value, "the target '\(name)' has resourceType \(type), but \(spec.id) takes \(types.joined(separator: " or ")) under '\(e.key)'.",
                    fix: "point '\(e.key)' at a target of type \(types[0]), or change the target's resourceType")
            }
        }
    }

    private func checkActionParameters(_ action: DocumentNode, spec: ActionCatalog.Action) {
        let paramsNode = action["parameters"]
        let given = paramsNode?.entries ?? []
        if !spec.openParameters {
            let names = spec.parameters.map(\.name)
            for p in given where spec.parameter(p.key) == nil {
                let keyNode = DocumentNode(value: .scalar(p.key, quoted: true), location: p.keyLocation, path: p.value.path)
                let hint = Suggestion.closest(to: p.key, in: names).map { "did you mean '\($0)'? " } ?? ""
                let allowed = names.isEmpty ? "\(spec.id) takes no parameters" : "its parameters: \(names.joined(separator: ", "))"
                if Placeholder.isPlaceholder(p.key) {
                    findings.error(
                        keyNode, "'\(p.key)' is not a parameter of \(spec.id).", fix: "replace the placeholder with one of \(allowed)", cause: .placeholder)
                } else if let elsewhere = Self.misplacedParameterOwner(p.key) {
                    // Seen in published templates FIS ran; documented for another action or a target.
                    findings.warning(
                        keyNode, "'\(p.key)' is not a documented parameter of \(spec.id) (it is one of \(elsewhere)); FIS ignores or refuses it.",
                        fix: "\(hint)remove it, or move it where it belongs; \(allowed)")
                } else {
                    findings.error(keyNode, "'\(p.key)' is not a parameter of \(spec.id).", fix: "\(hint)\(allowed)")
                }
            }
        }
        for p in given where spec.legacyNames[p.key] != nil {
            let keyNode = DocumentNode(value: .scalar(p.key, quoted: true), location: p.keyLocation, path: p.value.path)
            findings.warning(
                keyNode, "'\(p.key)' is the older name of \(spec.id)'s parameter '\(spec.legacyNames[p.key]!)'.",
                fix: "rename it to '\(spec.legacyNames[p.key]!)'")
        }
        for param in spec.parameters where param.required && !given.contains(where: { spec.parameter($0.key)?.name == param.name }) {
            let path = DocumentNode.child(action.path, key: checker.display("parameters"))
            findings.error(
                path: path, location: paramsNode?.location ?? action.location,
                "\(spec.id) requires the parameter '\(param.name)'.",
                fix: "add \"\(param.name)\": \"\(Self.example(param))\" to its \(checker.display("parameters"))")
        }
        for p in given {
            guard let param = spec.parameter(p.key), let text = checker.stringValue(p.value), !Placeholder.isPlaceholder(text) else { continue }
            checkValue(text, of: param, spec: spec, node: p.value)
        }
    }

    private func checkValue(_ text: String, of param: ActionCatalog.Parameter, spec: ActionCatalog.Action, node: DocumentNode) {
        let name = "'\(param.name)' of \(spec.id)"
        switch param.kind {
        case .duration(let min, let max):
            // Syntax and the 12-hour cap are checked for every …Duration parameter already.
            guard let d = Self.isoDuration(text), d <= Self.maxDuration else { return }
            if d < min {
                findings.error(node, "\(name) is \(d); FIS accepts \(min) to \(max).", fix: "use at least \(Self.iso(min))")
            } else if d > max {
                findings.error(node, "\(name) is \(d); FIS accepts \(min) to \(max).", fix: "use at most \(Self.iso(max))")
            }
        case .integer(let range):
            guard let v = Int(text.trimmingCharacters(in: " ")), range.contains(v) else {
                findings.error(
                    node, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(ShapeChecker.clip(text))'.",
                    fix: "write it as a string, e.g. \"\(range.upperBound)\"")
                return
            }
        case .decimal(let range):
            guard let v = Double(text), v.isFinite, range.contains(v) else {
                findings.error(
                    node, "\(name) must be a number from \(range.lowerBound) to \(range.upperBound), got '\(ShapeChecker.clip(text))'.",
                    fix: "write it as a string, e.g. \"\(range.upperBound)\"")
                return
            }
        case .boolean:
            if !["true", "false"].contains(text.lowercased()) {
                findings.error(node, "\(name) must be \"true\" or \"false\", got '\(ShapeChecker.clip(text))'.", fix: "write \"true\" or \"false\"")
            }
        case .choice(let values):
            if !values.contains(text) {
                let hint = Suggestion.closest(to: text, in: values).map { "did you mean '\($0)'? " } ?? ""
                findings.error(
                    node, "\(name) is '\(ShapeChecker.clip(text))'; FIS accepts \(values.joined(separator: ", ")).",
                    fix: "\(hint)use one of: \(values.joined(separator: ", "))")
            }
        case .commaList(let values):
            let items = text.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }
            if let bad = items.first(where: { !values.contains($0) }) ?? (items.isEmpty ? "" : nil) {
                findings.error(
                    node, "\(name) lists '\(ShapeChecker.clip(bad))'; each item must be one of \(values.joined(separator: ", ")).",
                    fix: "write a comma-separated list of \(values.joined(separator: ", "))")
            }
        case .text:
            break
        case .json:
            if !Self.isJSON(text) {
                findings.warning(
                    node, "\(name) is not a JSON document; FIS passes it on as JSON, so the action would fail when it starts.",
                    fix: "write a JSON object as a string, e.g. \"{\\\"DurationSeconds\\\": \\\"120\\\"}\"")
            }
        case .ssmDocumentArn:
            // FIS hands the ARN to SSM when the action starts; SSM refuses it then.
            if !Self.isSSMDocumentArn(text) {
                findings.warning(
                    node, "\(name) is '\(ShapeChecker.clip(text))', which is not an SSM document ARN; the action fails when it starts.",
                    fix:
                        "write arn:aws:ssm:<region>::document/<AWSFIS-...> for an AWS-owned document, or arn:aws:ssm:<region>:<account>:document/<name> for your own"
                )
            }
        case .region:
            if !Self.isRegion(text) {
                findings.error(node, "\(name) is '\(ShapeChecker.clip(text))', which is not a Region name.", fix: "write a Region such as us-west-2")
            }
        }
    }

    /// Where else a parameter name is documented: another action of the catalog or a target parameter.
    static func misplacedParameterOwner(_ name: String) -> String? {
        if let a = ActionCatalog.actions.first(where: { $0.parameter(name) != nil }) { return "\(a.id)'s parameters" }
        if let (type, _) = ActionCatalog.targetParameters.sorted(by: { $0.key < $1.key }).first(where: { $0.value.contains { $0.name == name } }) {
            return "the target parameters of \(type)"
        }
        return nil
    }

    static func example(_ p: ActionCatalog.Parameter) -> String { p.example }

    /// An ISO-8601 duration (`PT5M`), or nil.
    static func isoDuration(_ text: String) -> SimDuration? {
        guard text.first == "P" || text.first == "p" else { return nil }
        return try? SimDuration.parse(text)
    }

    /// `PT1H30M`-style text for a whole number of seconds.
    static func iso(_ d: SimDuration) -> String {
        var s = d.nanoseconds / 1_000_000_000
        let h = s / 3600
        s %= 3600
        let m = s / 60
        s %= 60
        return "PT" + (h > 0 ? "\(h)H" : "") + (m > 0 ? "\(m)M" : "") + (s > 0 || (h == 0 && m == 0) ? "\(s)S" : "")
    }

    static func isSSMDocumentArn(_ s: String) -> Bool {
        let parts = s.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "ssm", !parts[3].isEmpty,
            parts[4].isEmpty || (parts[4].count == 12 && parts[4].allSatisfy(\.isNumber))
        else { return false }
        return (parts[5].hasPrefix("document/") && parts[5].count > 9) || (parts[5].hasPrefix("automation-definition/") && parts[5].count > 22)
    }

    static func isRegion(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }) else { return false }
        return parts.last!.allSatisfy(\.isNumber)
    }

    static func isJSON(_ s: String) -> Bool {
        (try? JSONParser.parse(s, file: "documentParameters")) != nil
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
