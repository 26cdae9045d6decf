import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// A template's `aws:ssm:start-automation-execution` action turned into the model's fault: what
/// its declared document does, on which resources, for how long.
public struct AutomationExpansion: Sendable {
    public var document: String
    public var fault: FaultAction
    /// The target the fault acts on (added to the template's targets under ``target``'s name).
    public var target: TemplateTarget
    /// The action's length: the effect's duration, at most the action's `maxDuration` (FIS
    /// stops an execution still running then). The action completes when the execution does.
    public var duration: SimDuration
}

extension AutomationDocument {
    /// The name of the synthesized target of action `action` (not a valid template target name,
    /// so it never collides with one).
    public static func targetName(action: String, document: String) -> String { "\(action) (automation \(document))" }

    /// The documentParameters values (the template's, then the declaration's defaults), or nil
    /// after reporting unknown, missing or non-string parameters through `report`.
    func values(_ a: TemplateAction, report: (String, String) -> Void) -> [String: String]? {
        var given: [(String, String)] = []
        if let text = a.parameters["documentParameters"], !text.trimmingCharacters(in: " \n\t").isEmpty {
            guard let root = try? JSONParser.parse(text, file: "documentParameters").root, case .mapping(let entries) = root.value else {
                report(
                    "documentParameters of '\(a.name)' must be a JSON object of strings, got '\(text.prefix(200))'.",
                    "e.g. \"documentParameters\": \"{\\\"duration\\\": \\\"PT5M\\\"}\"")
                return nil
            }
            for e in entries {
                guard case .scalar(let v, _) = e.value.value else {
                    report(
                        "documentParameters.\(e.key) of '\(a.name)' must be a string (the automation document \(document) takes strings).", "quote the value")
                    return nil
                }
                given.append((e.key, v))
            }
        }
        var ok = true
        var out: [String: String] = [:]
        let known = parameters.map(\.name)
        for (k, v) in given {
            guard known.contains(k) else {
                let hint = Suggestion.closest(to: k, in: known).map { "did you mean '\($0)'? " } ?? ""
                report(
                    "the automation document \(document) (declared \(origin)) has no parameter '\(k)'; Automation refuses the execution (InvalidAutomationExecutionParametersException).",
                    "\(hint)its parameters: \(known.joined(separator: ", ")); or declare the parameter under automationDocuments")
                ok = false
                continue
            }
            out[k] = v
        }
        for p in parameters where out[p.name] == nil {
            if let d = p.defaultValue {
                out[p.name] = d
            } else if p.required {
                report(
                    "the automation document \(document) (declared \(origin)) requires the parameter '\(p.name)' in documentParameters of '\(a.name)'.",
                    "add \"\(p.name)\": \"<value>\" to documentParameters")
                ok = false
            } else {
                out[p.name] = "" // an optional parameter left out substitutes as empty text
            }
        }
        return ok ? out : nil
    }

    /// Expands `a` (an `aws:ssm:start-automation-execution` action running this document).
    /// Problems are reported through `report` (message, fix); `located` places the keys of the
    /// model fault's parameters for the action readers' own diagnostics.
    func expand(_ a: TemplateAction, doc: DocumentReader, at node: Located<Int>, report: (String, String) -> Void) -> AutomationExpansion? {
        guard let values = values(a, report: report) else { return nil }
        func sub(_ s: String) -> String { Self.substitute(s, values) }
        // The model fault, through the same parameter readers as `faults:`.
        var fault: FaultAction?
        let ff = ScenarioFile.FaultFile(
            name: Located(value: a.name, path: node.path, location: node.location),
            action: Located(value: action, path: node.path, location: node.location), targets: [], start: .zero, duration: .seconds(1),
            parameters: effectParameters.map { (Located(value: $0.key, path: node.path, location: node.location), sub($0.value)) },
            parametersNode: node)
        let before = doc.diagnostics.count
        if action == Self.apiErrorAction {
            fault = Self.apiError(ff, doc)
        } else {
            fault = FaultParameters.actions[action]?.build(ff, doc)
        }
        guard let fault else {
            if doc.diagnostics.count == before {
                report(
                    "the automation document \(document) declares the action '\(action)', which Faultline cannot build.",
                    "declare one of the actions of faults:")
            }
            report(
                "the automation document \(document) (declared \(origin)) gives \(action) parameters that these documentParameters make invalid (see the errors above).",
                "fix documentParameters of '\(a.name)', or the declaration's effect parameters")
            return nil
        }
        // How long: the declared duration, at most maxDuration.
        let maxText = a.parameters["maxDuration"] ?? a.parameters["duration"]
        let maxDuration = maxText.flatMap { try? SimDuration.parse($0) } ?? .hours(12)
        var length = maxDuration
        if let d = duration {
            let text = sub(d)
            guard let parsed = try? SimDuration.parse(text), parsed > .zero, parsed <= .hours(12) else {
                report(
                    "the automation document \(document) lasts '\(text)' (its duration \(d)), which is not a duration from 1 s to 12 h.",
                    "give documentParameters a duration such as PT5M")
                return nil
            }
            length = min(parsed, maxDuration)
        } else if let instant = FaultParameters.instantActions[action] {
            length = min(instant, maxDuration)
        } else if FaultParameters.durationless.contains(action) {
            length = min(FaultParameters.window(of: action, effectParameters.map { ($0.key, sub($0.value)) }), maxDuration)
        }
        let t = resolvedTarget(named: Self.targetName(action: a.name, document: document), values: values)
        if case .unresolved(let text) = t.selectionMode {
            report(
                "the automation document \(document) selects its targets with '\(text)' (its selectionMode \(target.selectionMode)), which is not a selection mode.",
                "give documentParameters a value that makes it ALL, COUNT(n) or PERCENT(n)")
            return nil
        }
        return AutomationExpansion(document: document, fault: fault, target: t, duration: length)
    }

    /// The declaration's target with `values` substituted (queue URLs read as ARNs): what the
    /// effect acts on, as a template target named `name` selects it.
    func resolvedTarget(named name: String, values: [String: String]) -> TemplateTarget {
        func sub(_ s: String) -> String { Self.substitute(s, values) }
        var t = TemplateTarget(name: name, resourceType: target.resourceType)
        t.resourceArns = target.resourceArns.map { Self.queueARN(sub($0)) }.filter { !$0.isEmpty }
        t.resourceTags = StringPairs(target.resourceTags.map { .init(key: sub($0.key), value: sub($0.value)) })
        t.filters = target.filters.map { TargetFilter(path: $0.path, values: $0.values.map(sub)) }
        t.selectionMode = SelectionMode(parsing: sub(target.selectionMode))
        return t
    }

    /// Faultline's own action for "a policy denies access", declared as the catalog declares
    /// FIS actions (it is not one: templates cannot name it).
    static let apiErrorDeclaration = ActionCatalog.Action(
        id: actionID, targets: [],
        parameters: [
            ActionCatalog.Parameter("statusCode", required: true, .integer(400...599), example: "403"),
            ActionCatalog.Parameter("percentage", .integer(1...100), default: "100"),
            ActionCatalog.Parameter("operations", .text)
        ],
        length: .instant)

    /// ``apiErrorAction``: `statusCode` (400–599, required), `percentage` (1–100, default 100),
    /// `operations` (comma list; all when absent).
    static func apiError(_ f: ScenarioFile.FaultFile, _ doc: DocumentReader) -> FaultAction? {
        var p = FaultParameters.Reader(fault: f, doc: doc, declaration: apiErrorDeclaration)
        let status = p.int("statusCode")
        let pct = p.int("percentage")
        let ops = p.value("operations").map { $0.1.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty } } ?? []
        guard p.ok, let status, let pct else { return nil }
        return .apiError(actionID: actionID, percentage: Double(pct), status: UInt16(status), operations: ops)
    }
}
