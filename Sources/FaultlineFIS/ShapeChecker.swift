import FaultlineDocument

/// How scalars and member names are read.
enum Dialect: Equatable {
    /// JSON for the API: strings must be quoted, numbers and booleans are not strings.
    case json
    /// YAML for the API (`--cli-input-yaml`): unquoted `true`, `100`, `1.5` are not strings.
    case yaml
    /// CloudFormation properties: member names in PascalCase (matched case-insensitively), and
    /// CloudFormation turns any scalar into a string where a string is expected.
    case cloudFormation
}

/// Checks a ``DocumentNode`` tree against an ``APIShape``, as botocore's `ParamValidator` does
/// (types, required and unknown members, minimum lengths) plus the constraints it skips (maximum
/// lengths, list and map sizes, enums, patterns). Returns the tree with CloudFormation member
/// names mapped to API names; nodes keep the paths and locations of the file.
struct ShapeChecker {
    let dialect: Dialect
    let findings: FindingCollector

    /// Members of the top-level structure to accept without checking (read-only output members).
    func check(_ node: DocumentNode, _ shape: APIShape) -> DocumentNode {
        switch shape {
        case .string(let rule):
            checkString(node, rule)
            return node
        case .integer(let name):
            checkInteger(node, name)
            return node
        case .structure(let s): return checkStructure(node, s)
        case .list(let name, let member, let max):
            guard case .sequence(let items) = node.value else {
                typeError(node, expected: "a list (\(name))", fix: "write a JSON array: [ ... ]")
                return node
            }
            if let max, items.count > max {
                findings.error(
                    node, "has \(items.count) items; at most \(max) are allowed (\(name)).",
                    fix: name == "ResourceArnList"
                        ? "FIS accepts at most 5 resourceArns per target: split them over several targets, or select by resourceTags/filters"
                        : "remove items until there are \(max) or fewer")
            }
            return DocumentNode(value: .sequence(items.map { check($0, member) }), location: node.location, path: node.path, tag: node.tag)
        case .map(let name, let keyRule, let value, let max):
            guard case .mapping(let entries) = node.value else {
                typeError(node, expected: "an object keyed by name (\(name))", fix: mapFix(name))
                return node
            }
            if let max, entries.count > max {
                findings.error(
                    node, "has \(entries.count) entries; at most \(max) are allowed (\(name)).", fix: "remove entries until there are \(max) or fewer")
            }
            var out: [DocumentNode.Entry] = []
            for e in entries {
                let keyNode = DocumentNode(value: .scalar(e.key, quoted: true), location: e.keyLocation, path: e.value.path)
                checkString(keyNode, keyRule, isKey: true)
                out.append(.init(key: e.key, keyLocation: e.keyLocation, value: check(e.value, value)))
            }
            return DocumentNode(value: .mapping(out), location: node.location, path: node.path, tag: node.tag)
        }
    }

    func checkStructure(_ node: DocumentNode, _ s: APIShape.Structure, skipping: Set<String> = []) -> DocumentNode {
        guard case .mapping(let entries) = node.value else {
            typeError(
                node, expected: "an object (\(s.name))",
                fix: "write an object: { ... } with the members \(s.members.map { display($0.name) }.joined(separator: ", "))")
            return node
        }
        var out: [DocumentNode.Entry] = []
        var present: Set<String> = []
        for e in entries {
            if skipping.contains(e.key) || s.outputOnly.contains(e.key) { continue }
            guard let (member, shape) = resolve(e.key, in: s) else {
                let names = s.members.map { display($0.name) }
                var fix = Suggestion.closest(to: e.key, in: names).map { "did you mean '\($0)'? " } ?? ""
                if e.key.lowercased() == "startafterdelay" {
                    fix += "FIS has no delay between actions: add an aws:fis:wait action with the delay as its duration and list it in startAfter. "
                }
                fix += "Allowed members: \(names.joined(separator: ", "))."
                findings.error(
                    path: e.value.path, location: e.keyLocation,
                    "unknown member '\(e.key)' (not in the FIS API shape \(s.name)).", fix: fix)
                continue
            }
            present.insert(member)
            out.append(.init(key: member, keyLocation: e.keyLocation, value: check(e.value, shape)))
        }
        for r in s.required where !present.contains(r) {
            findings.error(
                path: DocumentNode.child(node.path, key: display(r)), location: node.location,
                "the required member '\(display(r))' is missing (\(s.name)).", fix: requiredFix(r))
        }
        return DocumentNode(value: .mapping(out), location: node.location, path: node.path, tag: node.tag)
    }

    private func resolve(_ key: String, in s: APIShape.Structure) -> (String, APIShape)? {
        if let shape = s.member(key) { return (key, shape) }
        guard dialect == .cloudFormation else { return nil }
        if let alias = APIModel.cloudFormationAliases[key], let shape = s.member(alias) { return (alias, shape) }
        let lower = key.lowercased()
        return s.members.first { $0.name.lowercased() == lower }.map { ($0.name, $0.shape) }
    }

    /// The member name as the user writes it in this dialect.
    func display(_ member: String) -> String {
        dialect == .cloudFormation ? member.prefix(1).uppercased() + member.dropFirst() : member
    }

    // MARK: scalars

    /// The string in `node` if it is one in this dialect, else nil.
    func stringValue(_ node: DocumentNode) -> String? {
        guard node.tag == nil, case .scalar(let s, let quoted) = node.value else { return nil }
        switch dialect {
        case .cloudFormation: return s
        case .json: return quoted ? s : nil
        case .yaml: return quoted || !Self.isYAMLNonString(s) ? s : nil
        }
    }

    static func isYAMLNonString(_ s: String) -> Bool {
        if ["true", "false", "True", "False", "TRUE", "FALSE", ".inf", "-.inf", ".nan", ".NaN", ".Inf"].contains(s) { return true }
        if Int(s) != nil { return true }
        if Double(s) != nil, s.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true { return true }
        return false
    }

    func checkString(_ node: DocumentNode, _ rule: StringRule, isKey: Bool = false) {
        guard let s = stringValue(node) else {
            typeError(node, expected: "a string (\(rule.name))", fix: stringFix(node))
            return
        }
        let what = isKey ? "the name '\(s)'" : "'\(Self.clip(s))'"
        let length = s.unicodeScalars.count
        let cause: Finding.Cause = Placeholder.isPlaceholder(s) ? .placeholder : .genuine
        let placeholderFix = cause == .placeholder ? "replace the placeholder \(Placeholder.tokens(in: s).joined(separator: ", ")) with the real value" : nil
        if let min = rule.min, length < min {
            findings.error(
                node, "\(what) is \(length) character\(length == 1 ? "" : "s") long; at least \(min) are required (\(rule.name)).",
                fix: placeholderFix ?? "write the complete value (\(Self.hint(rule.name)))", cause: cause)
        } else if let max = rule.max, length > max {
            findings.error(
                node, "is \(length) characters long; at most \(max) are allowed (\(rule.name)).",
                fix: placeholderFix ?? "shorten it to \(max) characters or fewer", cause: cause)
        } else if let p = rule.pattern, !p.matches(s) {
            findings.error(
                node, "\(what) does not match the pattern \(p.rawValue) of \(rule.name): it \(p.explanation).",
                fix: placeholderFix ?? (p == .targetParameterValue ? "remove the other characters" : "write a value with no spaces"), cause: cause)
        } else if let allowed = rule.allowed, !allowed.contains(s) {
            let hint = Suggestion.closest(to: s, in: allowed).map { "did you mean '\($0)'? " } ?? ""
            findings.error(
                node, "\(what) is not one of \(allowed.joined(separator: ", ")) (\(rule.name)).",
                fix: placeholderFix ?? "\(hint)use one of the listed values", cause: cause)
        }
    }

    func checkInteger(_ node: DocumentNode, _ name: String) {
        if node.tag == nil, case .scalar(let s, let quoted) = node.value, Int(s) != nil, dialect == .cloudFormation || !quoted { return }
        typeError(
            node, expected: "a whole number (\(name))",
            fix: name == "LogSchemaVersion" ? "write 2, the current log schema version, without quotes" : "write a whole number without quotes")
    }

    /// Records a type error; a CloudFormation intrinsic or a placeholder string is placeholder-caused.
    func typeError(_ node: DocumentNode, expected: String, fix: String) {
        if let fn = Placeholder.intrinsic(node) {
            let message =
                dialect == .cloudFormation
                ? "is the CloudFormation intrinsic \(fn), whose value is only known after deployment; expected \(expected)."
                : "expected \(expected), got the CloudFormation intrinsic \(fn); the API does not resolve intrinsics."
            findings.error(node, message, fix: "deploy it through CloudFormation, or write the resolved value", cause: .placeholder)
            return
        }
        if case .scalar(let s, _) = node.value, Placeholder.isPlaceholder(s) {
            findings.error(
                node, "expected \(expected), got \(describe(node)).",
                fix: "replace the placeholder \(Placeholder.tokens(in: s).joined(separator: ", ")) with the real value", cause: .placeholder)
            return
        }
        findings.error(node, "expected \(expected), got \(describe(node)).", fix: fix)
    }

    func describe(_ node: DocumentNode) -> String {
        switch node.value {
        case .scalar(let s, let quoted):
            if quoted { return "the string \"\(Self.clip(s))\"" }
            if ["true", "false", "True", "False", "TRUE", "FALSE"].contains(s) { return "the boolean \(s)" }
            if Double(s) != nil { return "the number \(s)" }
            return "'\(Self.clip(s))'"
        case .mapping: return "an object"
        case .sequence(let items): return "a list of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .null: return "null"
        }
    }

    private func stringFix(_ node: DocumentNode) -> String {
        switch node.value {
        case .scalar(let s, _): return "write it as a string: \"\(s)\" (all FIS parameter values are strings)"
        case .sequence(let items):
            if items.count == 1 { return "write the single value itself, not a one-item list" }
            return "write one string (for several values use the form the action documents, e.g. comma-separated)"
        case .mapping: return "write a string, not an object (nested JSON such as documentParameters must itself be a JSON string)"
        case .null: return "write a value, or remove the member"
        }
    }

    private func mapFix(_ name: String) -> String {
        switch name {
        case "CreateExperimentTemplateTargetInputMap":
            return "write targets as an object keyed by target name: \"targets\": {\"myInstances\": {\"resourceType\": ..., \"selectionMode\": ...}}"
        case "CreateExperimentTemplateActionInputMap": return "write actions as an object keyed by action name: \"actions\": {\"stop\": {\"actionId\": ...}}"
        case "ExperimentTemplateActionTargetMap": return "write an object from the action's target key to a target name, e.g. {\"Instances\": \"myInstances\"}"
        default: return "write an object of names to string values: {\"key\": \"value\"}"
        }
    }

    private func requiredFix(_ member: String) -> String {
        switch member {
        case "stopConditions":
            return
                "add \(display("stopConditions")): [{\"\(display("source"))\": \"none\"}] to run without a guard, or name a CloudWatch alarm with source aws:cloudwatch:alarm"
        case "description": return "add a short description of the experiment"
        case "roleArn": return "add the ARN of the IAM role FIS assumes, e.g. arn:aws:iam::123456789012:role/fis-experiment"
        case "actions": return "add at least one action, e.g. {\"wait\": {\"actionId\": \"aws:fis:wait\", \"parameters\": {\"duration\": \"PT1M\"}}}"
        case "actionId": return "add the action's ID, e.g. aws:ec2:stop-instances"
        case "resourceType": return "add the target's resource type, e.g. aws:ec2:instance"
        case "selectionMode": return "add \(display("selectionMode")): \"ALL\", \"COUNT(n)\" or \"PERCENT(n)\""
        case "source": return "add \(display("source")): \"none\" or \"aws:cloudwatch:alarm\""
        case "logSchemaVersion": return "add \(display("logSchemaVersion")): 2"
        default: return "add '\(display(member))'"
        }
    }

    private static func hint(_ shape: String) -> String {
        switch shape {
        case "RoleArn": return "an IAM role ARN such as arn:aws:iam::123456789012:role/fis"
        case "StopConditionValue": return "a CloudWatch alarm ARN such as arn:aws:cloudwatch:us-east-1:123456789012:alarm:name"
        case "ResourceArn": return "a full resource ARN"
        default: return shape
        }
    }

    static func clip(_ s: String) -> String { s.count > 60 ? String(s.prefix(57)) + "..." : s }
}
