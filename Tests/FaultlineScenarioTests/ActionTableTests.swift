import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import Foundation
import Testing

@testable import FaultlineScenario

/// One table per FIS action: the catalog (``ActionCatalog``), the scenario's parameter reader
/// (``FaultParameters``) and the docs (`docs/fis-actions.md`, `docs/scenario-format.md`) agree.
@Suite struct ActionTableTests {
    /// A `faults:` entry of `action` with these parameters, as the scenario reader sees it.
    static func fault(_ action: String, _ parameters: [(String, String)]) -> ScenarioFile.FaultFile {
        func at(_ path: String) -> Located<String> { Located(value: path, path: path, location: SourceLocation(line: 1, column: 1)) }
        return ScenarioFile.FaultFile(
            name: at("f"), action: Located(value: action, path: "faults[0].action", location: SourceLocation(line: 1, column: 1)),
            targets: [], start: .zero, duration: .minutes(1),
            parameters: parameters.map { (Located(value: $0.0, path: "faults[0].parameters.\($0.0)", location: SourceLocation(line: 2, column: 1)), $0.1) },
            parametersNode: Located(value: 0, path: "faults[0].parameters", location: SourceLocation(line: 2, column: 1)))
    }

    /// What the reader makes of `parameters`: the fault, and the diagnostics as `path: message fix`.
    static func read(_ action: String, _ parameters: [(String, String)]) -> (FaultAction?, [String]) {
        let doc = DocumentReader(file: "s.yaml")
        let built = FaultParameters.actions[action]?.build(fault(action, parameters), doc)
        return (built, doc.diagnostics.map { "\($0.path): \($0.message) \($0.fix ?? "")" })
    }

    /// A valid value for `p` of `action` (the catalog's example; documents the model replays).
    static func sample(_ p: ActionCatalog.Parameter, of action: String) -> String {
        switch (action, p.name) {
        case ("aws:ssm:send-command", "documentParameters"): return #"{"DurationSeconds": "60"}"#
        default: return p.example
        }
    }

    @Test func everyModelledActionIsInTheCatalogWithAReader() {
        let ids = Set(ActionCatalog.ids)
        for id in ExperimentSpec.supportedActions {
            #expect(ids.contains(id), "\(id) is modelled but not in ActionCatalog")
            #expect(id == "aws:fis:wait" || FaultParameters.actions[id] != nil, "\(id) has no reader")
        }
        #expect(ExperimentSpec.supportedActions.count == FaultParameters.actions.count + 1)
    }

    /// Every parameter the catalog declares is read without complaint (so the reader reads no
    /// name the catalog lacks: that is reported as a Faultline bug), with all parameters given
    /// and with only the required ones.
    @Test func theReaderReadsThroughTheCatalog() throws {
        for id in FaultParameters.actions.keys.sorted() {
            let action = try #require(ActionCatalog.action(id))
            let params = action.parameters.filter { $0.name != "duration" }
            let all = params.map { ($0.name, Self.sample($0, of: id)) }
            let (full, fullErrors) = Self.read(id, all)
            #expect(fullErrors.isEmpty && full != nil, "\(id) with every parameter: \(fullErrors)")
            // An SSM command's document has required parameters of its own (DurationSeconds).
            let required = params.filter { $0.required || (id == "aws:ssm:send-command" && $0.name == "documentParameters") }
                .map { ($0.name, Self.sample($0, of: id)) }
            let (minimal, minimalErrors) = Self.read(id, required)
            #expect(minimalErrors.isEmpty && minimal != nil, "\(id) with its required parameters: \(minimalErrors)")
            for p in params where p.required {
                let (none, errors) = Self.read(id, required.filter { $0.0 != p.name })
                // The inject-api actions' service and operations come from the scenario's targets.
                if id.hasPrefix("aws:fis:inject-api-"), ["service", "operations"].contains(p.name) { continue }
                #expect(
                    none == nil && errors.contains { $0.contains("\(id) requires the parameter '\(p.name)'") && $0.contains("\(p.name): \"") },
                    "\(id) without \(p.name): \(errors)")
            }
        }
    }

    /// A name the catalog does not declare is refused at its key, with the catalog's list.
    @Test func undeclaredParametersAreRefusedWithTheCatalogsList() throws {
        for id in FaultParameters.actions.keys.sorted() {
            let action = try #require(ActionCatalog.action(id))
            let (built, errors) = Self.read(id, [("bogusParameter", "1")])
            #expect(built == nil)
            let names = action.parameters.map(\.name).filter { $0 != "duration" }
            #expect(
                errors.contains {
                    $0.hasPrefix("faults[0].parameters.bogusParameter: \(id) has no parameter 'bogusParameter'.")
                        && (names.isEmpty ? $0.contains("it takes none") : $0.contains("its parameters: \(names.joined(separator: ", "))"))
                },
                "\(id): \(errors)")
        }
    }

    /// Values outside the catalog's kind are refused with the range or choices it declares.
    @Test func badValuesNameWhatTheCatalogExpects() {
        let (_, range) = Self.read("aws:ecs:task-network-latency", [("delayMilliseconds", "60001")])
        #expect(range == ["faults[0].parameters.delayMilliseconds: 'delayMilliseconds' must be a whole number from 0 to 60000, got '60001'. "])
        let (_, choice) = Self.read("aws:ecs:task-kill-process", [("processName", "java"), ("signal", "SIGKIL")])
        #expect(
            choice == [
                "faults[0].parameters.signal: 'signal' must be one of SIGTERM, SIGKILL, got 'SIGKIL'. did you mean 'SIGKILL'? use one of: SIGTERM, SIGKILL"
            ])
        let (_, duration) = Self.read("aws:ec2:stop-instances", [("startInstancesAfterDuration", "PT30S")])
        #expect(
            duration == [
                "faults[0].parameters.startInstancesAfterDuration: 'startInstancesAfterDuration' must be an ISO-8601 duration from PT1M to PT12H, got 'PT30S'. e.g. startInstancesAfterDuration: PT5M"
            ])
        let (_, seconds) = Self.read("localstack:generic:api-error", [("latency", "901")])
        #expect(seconds == ["faults[0].parameters.latency: 'latency' must be a number of seconds from 0 to 900, got '901'. "])
        // Defaults come from the catalog too.
        let (memory, _) = Self.read("aws:eks:pod-memory-stress", [("kubernetesServiceAccount", "fis")])
        #expect(memory == .compute(actionID: "aws:eks:pod-memory-stress", effect: .memoryStress(percent: 80)))
    }

    static var docs: URL { Fixtures.root.appendingPathComponent("docs") }

    /// `docs/fis-actions.md` is the generated table; `FAULTLINE_WRITE_DOCS=1` rewrites it.
    @Test func theActionPageIsGeneratedFromTheCatalog() throws {
        let url = Fixtures.root.appendingPathComponent(ActionTable.path)
        let generated = ActionTable.markdown()
        if ProcessInfo.processInfo.environment["FAULTLINE_WRITE_DOCS"] == "1" {
            try generated.write(to: url, atomically: true, encoding: .utf8)
        }
        let checkedIn = try String(contentsOf: url, encoding: .utf8)
        #expect(checkedIn == generated, "\(ActionTable.path) is stale: regenerate it with FAULTLINE_WRITE_DOCS=1 swift test --filter ActionTableTests")
        for id in ActionCatalog.ids { #expect(checkedIn.contains("| `\(id)` | \(ActionTable.isModelled(id) ? "yes" : "no") |")) }
    }

    /// The rows of docs/scenario-format.md that describe modelled actions: every modelled
    /// action has one, every action they name is modelled, and every parameter name in their
    /// parameter column is one the catalog declares for the row's actions (or one of its values).
    @Test func theScenarioFormatDocumentsTheModelledActionsAndTheirParameters() throws {
        let text = try String(contentsOf: Self.docs.appendingPathComponent("scenario-format.md"), encoding: .utf8)
        let ids = Set(ActionCatalog.ids)
        var documented = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `aws:") || line.hasPrefix("| `localstack:") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 3 else { continue }
            let actions = Self.ticked(cells[1]).filter { ids.contains($0) }
            guard !actions.isEmpty else { continue }
            documented.formUnion(actions)
            for a in actions { #expect(ActionTable.isModelled(a), "docs/scenario-format.md describes \(a), which the model does not replay") }
            // The SSM rows list the documents' own parameters (DurationSeconds, ...), not the action's.
            guard !actions.contains("aws:ssm:send-command") else { continue }
            let declared = actions.compactMap(ActionCatalog.action).flatMap(\.parameters)
            // Values of choices and defaults, and the fault's own `targets` (which stand in for `service`).
            let values =
                ["targets"]
                + declared.flatMap { p -> [String] in
                    switch p.kind {
                    case .choice(let v), .commaList(let v): return v + [p.defaultValue].compactMap { $0 }
                    default: return [p.defaultValue].compactMap { $0 }
                    }
                }
            for name in Self.ticked(cells[2]) where name.first!.isLowercase && name.allSatisfy({ $0.isLetter || $0.isNumber }) {
                #expect(
                    declared.contains { $0.name == name } || values.contains(name),
                    "docs/scenario-format.md names '\(name)' for \(actions.joined(separator: ", ")), which the catalog does not declare")
            }
        }
        for id in FaultParameters.actions.keys.sorted() {
            #expect(documented.contains(id), "docs/scenario-format.md has no row for the modelled action \(id)")
        }
    }

    /// The `backticked` words of a table cell.
    static func ticked(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
