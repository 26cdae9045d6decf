import ArgumentParser
import FaultlineDocument
import FaultlineFIS
import FaultlineScenario

/// `faultline validate FILE...`: check scenario files and FIS experiment templates and report
/// every problem at once. Each file is recognised as a template (API input, get-experiment-template
/// output or CloudFormation) or else read as a scenario.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files and FIS experiment templates; report every problem with file, path, line and fix.",
        discussion: """
            Templates are checked as strictly as the FIS CreateExperimentTemplate API and get a
            verdict: valid, valid-modulo-placeholders (every error comes from a placeholder such as
            ${role} or <ACCOUNT_ID>; the placeholders are listed), invalid or not-json.
            Action IDs and resource types FIS does not know make the verdict invalid (FIS refuses
            them); --allow-unknown-actions reports them as warnings, for actions newer than
            Faultline's catalog.
            Exits 0 when every file is valid or valid-modulo-placeholders, 1 otherwise.

            Examples:
              faultline validate scenarios/*.yaml
              faultline validate scenarios/templates/*.json
              faultline validate scenarios/templates/lambda-add-delay.json --allow-unknown-actions
            """
    )

    @Argument(help: "Scenario files or FIS experiment templates (YAML or JSON).")
    var files: [String]

    @OptionGroup var reads: ReadOptions

    @Flag(help: "Action IDs and resource types Faultline's catalog does not know are warnings, not errors (for actions newer than the catalog).")
    var allowUnknownActions = false

    func run() throws {
        var failed = 0
        for file in files {
            let text: String
            do { text = try readText(file) } catch {
                failed += 1
                print(SafeText.message("\(error)"))
                continue
            }
            if TemplateValidator.isTemplate(text: text, file: file) {
                let report = TemplateValidator.validate(text: text, file: file, allowUnknownActions: allowUnknownActions)
                if !report.verdict.isAccepted { failed += 1 }
                print(Self.render(report), terminator: "")
                // aws:ssm:start-automation-execution: whether Faultline knows what the document does.
                for t in report.templates { for n in AutomationDocument.notes(for: t) { print("  note: \(SafeText.line(n))") } }
                continue
            }
            do {
                let spec = try loadScenario(file, allowRead: reads.allowRead)
                print(
                    "\(file): ok (scenario '\(spec.name)', \(plural(spec.model.services.count, "resource")), \(plural(spec.model.workloads.count, "workload")))"
                )
                for w in spec.warnings { print("  warning: \(SafeText.line(w))") }
            } catch let error as DocumentError {
                failed += 1
                print("\(file): \(error.diagnostics.count == 1 ? "1 error" : "\(error.diagnostics.count) errors")")
                for d in error.diagnostics { print("  \(d)") }
            } catch {
                failed += 1
                print(SafeText.message("\(file): \(error)"))
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// `FILE: VERDICT (form; counts)`, then the errors, the placeholder note and the warnings.
    static func render(_ r: TemplateReport) -> String {
        func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
        var head = "\(r.file): \(r.verdict)"
        var facts: [String] = []
        if let form = r.form { facts.append(form.description) }
        if r.templates.count == 1, let t = r.templates.first {
            facts.append(count(t.targets.count, "target"))
            facts.append(count(t.actions.count, "action"))
        } else if r.templates.count > 1 {
            facts.append("\(r.templates.count) templates: \(r.templates.compactMap(\.logicalID).joined(separator: ", "))")
        }
        let genuine = r.genuineErrors.count, caused = r.errors.count - genuine
        if genuine > 0 { facts.append(count(genuine, "error")) }
        if caused > 0 { facts.append("\(count(caused, "error")) caused by placeholders") }
        if !r.warnings.isEmpty { facts.append(count(r.warnings.count, "warning")) }
        if !facts.isEmpty { head += " (\(facts.joined(separator: "; ")))" }
        var out = head + "\n"
        for e in r.errors where e.cause == .genuine { out += "  error: \(e.diagnostic)\n" }
        for e in r.errors where e.cause == .placeholder { out += "  placeholder: \(e.diagnostic)\n" }
        if !r.placeholders.isEmpty {
            out += "  note: unresolved placeholders (\(r.placeholders.count)): \(r.placeholders.joined(separator: ", "))\n"
        }
        for w in r.warnings { out += "  warning: \(w.diagnostic)\n" }
        return out
    }
}

func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
