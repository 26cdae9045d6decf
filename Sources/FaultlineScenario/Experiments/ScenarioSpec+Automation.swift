import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// The automation actions of one template: expanded through their declarations, or undeclared.
struct AutomationActions {
    /// By action name.
    var expanded: [String: AutomationExpansion] = [:]
    /// Action name -> the undeclared document's name.
    var undeclared: [String: String] = [:]
}

extension AutomationDocument {
    static func undeclaredMessage(action: String, document: String) -> String {
        "the action '\(action)' runs the SSM Automation document '\(document)', which is not declared, so Faultline cannot tell what it does."
    }

    static var undeclaredFix: String {
        "declare it under automationDocuments: in the scenario (docs/scenario-format.md), or set unsupported: skip on the experiment; built-in declarations: "
            + library.map(\.document).joined(separator: ", ")
    }
}

extension ScenarioSpec {
    /// Expands every `aws:ssm:start-automation-execution` action of `template` whose document is
    /// declared (the scenario's declarations, then the built-in ones); each expansion's target is
    /// appended to the template's targets. Problems are reported in `doc` at the action.
    static func expandAutomation(
        _ template: inout ExperimentTemplate, declared: [AutomationDocument], doc: DocumentReader,
        node: (String) -> (String, SourceLocation?)
    ) -> AutomationActions {
        var out = AutomationActions()
        for a in template.actions where a.actionId == AutomationDocument.actionID {
            let arn = a.parameters["documentArn"] ?? ""
            guard let decl = AutomationDocument.lookup(arn, declared: declared) else {
                out.undeclared[a.name] = AutomationDocument.documentName(arn)
                continue
            }
            var (path, location) = node("\(a.name).parameters.documentParameters")
            if location == nil { (path, location) = node("\(a.name).parameters") }
            let at = Located(value: 0, path: path, location: location)
            if let x = decl.expand(a, doc: doc, at: at, report: { doc.error(path: path, location: location, $0, fix: $1) }) {
                out.expanded[a.name] = x
                template.targets.append(x.target)
            }
        }
        return out
    }
}

extension AutomationDocument {
    /// One line per `aws:ssm:start-automation-execution` action of `template`: which declaration
    /// describes its document, or that none does (`faultline validate` prints them).
    public static func notes(for template: ExperimentTemplate, declared: [AutomationDocument] = []) -> [String] {
        template.actions.filter { $0.actionId == actionID }.map { a in
            let name = documentName(a.parameters["documentArn"] ?? "")
            guard let d = lookup(a.parameters["documentArn"] ?? "", declared: declared) else {
                return "\(undeclaredMessage(action: a.name, document: name)) Fix: \(undeclaredFix)"
            }
            return "action '\(a.name)': the automation document '\(name)' is declared \(d.origin): \(d.description.isEmpty ? d.action : d.description)"
        }
    }
}
