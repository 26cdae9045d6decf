import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// FIS action parameters: names, defaults and ranges per action, as the FIS API checks them.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
struct FaultParameters: Sendable {
    /// Builds the model's fault action from the written parameters, or records diagnostics.
    let build: @Sendable (ScenarioFile.FaultFile, DocumentReader) -> FaultAction?

    static let supported = actions.keys.sorted()

    /// FIS `aws:fis:inject-api-*-error`: `service`, `operations` (comma list), `percentage`. In
    /// a scenario's `faults:` the targets decide the service, and `operations` defaults to all.
    static func injectAPI(_ id: String, status: UInt16) -> FaultParameters {
        FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let pct = p.int("percentage")
            _ = p.string("service", scenarioDefault: "")
            let ops = p.string("operations", scenarioDefault: "")?.split(separator: ",").map { String($0).trimmingCharacters(in: " ") } ?? []
            guard p.ok, let pct else { return nil }
            return .apiError(actionID: id, percentage: Double(pct), status: status, operations: ops)
        }
    }

    /// The LocalStack forms filter by `service` and `operation` (older docs: `apiCall`, `api`).
    static func localStackOperations(_ p: inout Reader) -> [String] {
        let given = ["operation", "apiCall", "api"].first { p.value($0) != nil } ?? "operation"
        guard let op = p.string(given), op != "all", !op.isEmpty else { return [] }
        return op.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }
    }

    /// Every action scenarios and templates may use.
    static let actions: [String: FaultParameters] = coreActions.merging(networkActions) { a, _ in a }.merging(computeActions) { a, _ in a }

    static let coreActions: [String: FaultParameters] = [
        "aws:fis:inject-api-internal-error": injectAPI("aws:fis:inject-api-internal-error", status: Status.internalError),
        "aws:fis:inject-api-throttle-error": injectAPI("aws:fis:inject-api-throttle-error", status: Status.throttled),
        "aws:fis:inject-api-unavailable-error": injectAPI("aws:fis:inject-api-unavailable-error", status: Status.serviceUnavailable),
        "localstack:generic:api-error": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let ops = localStackOperations(&p)
            _ = p.string("region")
            _ = p.string("service")
            _ = p.string("exception")
            // The older form of the tutorial: only `latency` (seconds) delays every call.
            if p.value("latency") != nil {
                guard let seconds = p.decimal("latency"), p.ok else { return nil }
                return .apiLatency(actionID: "localstack:generic:api-error", delay: .fromSeconds(seconds), operations: ops)
            }
            let pct = p.int("percentage")
            let code = p.int("errorCode")
            guard p.ok, let pct, let code else { return nil }
            return .apiError(actionID: "localstack:generic:api-error", percentage: Double(pct), status: UInt16(code), operations: ops)
        },
        "localstack:generic:latency": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let ops = localStackOperations(&p)
            _ = p.string("region")
            _ = p.string("service")
            let ms = p.int("latencyMilliseconds")
            guard p.ok, let ms else { return nil }
            return .apiLatency(actionID: "localstack:generic:latency", delay: .milliseconds(Int64(ms)), operations: ops)
        },
        "aws:lambda:invocation-add-delay": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let delay = p.int("startupDelayMilliseconds")
            let pct = p.int("invocationPercentage")
            guard p.ok, let delay, let pct else { return nil }
            return .lambdaAddDelay(startupDelay: .milliseconds(Int64(delay)), invocationPercentage: Double(pct))
        },
        "aws:lambda:invocation-error": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let pct = p.int("invocationPercentage")
            let prevent = p.bool("preventExecution")
            guard p.ok, let pct, let prevent else { return nil }
            return .lambdaError(invocationPercentage: Double(pct), preventExecution: prevent)
        },
        "aws:lambda:invocation-http-integration-response": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let pct = p.int("invocationPercentage")
            let prevent = p.bool("preventExecution")
            let status = p.int("statusCode")
            let contentType = p.string("contentTypeHeader")
            guard p.ok, let pct, let prevent, let status, let contentType else { return nil }
            return .lambdaHTTPResponse(statusCode: status, contentType: contentType, invocationPercentage: Double(pct), preventExecution: prevent)
        }
    ].merging(databaseActions) { a, _ in a }

    /// Reads a fault's parameters through its action's declaration in ``ActionCatalog``: which
    /// names exist, their kinds (ranges, choices), defaults and required-ness all come from the
    /// catalog, so the scenario side never restates them. Each problem is reported at its key
    /// (file, path, what was expected, a fix).
    struct Reader {
        let fault: ScenarioFile.FaultFile
        let doc: DocumentReader
        /// The action's declaration (an empty one for an action the catalog lacks, which
        /// `ActionTableTests` rule out).
        let action: ActionCatalog.Action
        var ok = true

        /// The names a fault may give: the catalog's, except the length `duration`, which a
        /// fault states on itself.
        var allowed: [String] { action.parameters.map(\.name).filter { $0 != "duration" } }

        /// `declaration` stands in for the catalog for Faultline's own actions, which FIS does
        /// not have (``AutomationDocument/apiErrorAction``).
        init(fault: ScenarioFile.FaultFile, doc: DocumentReader, declaration: ActionCatalog.Action? = nil) {
            self.fault = fault
            self.doc = doc
            self.action =
                declaration ?? ActionCatalog.action(fault.action.value)
                ?? .undeclared(fault.action.value)
            let allowed = allowed
            for (key, _) in fault.parameters where action.parameter(key.value) == nil && key.value != "duration" {
                let hint = Suggestion.closest(to: key.value, in: allowed).map { "did you mean '\($0)'? " } ?? ""
                let list = allowed.isEmpty ? "it takes none" : "its parameters: \(allowed.joined(separator: ", "))"
                doc.error(
                    path: key.path, location: key.location, "\(fault.action.value) has no parameter '\(key.value)'.",
                    fix: "\(hint)\(list) (the fault's length is 'duration' on the fault itself)")
                ok = false
            }
        }

        /// The written key and text of `name` (or of an older name FIS still runs).
        func value(_ name: String) -> (Located<String>, String)? {
            fault.parameters.first { $0.key.value == name || action.legacyNames[$0.key.value] == name }.map { ($0.key, $0.value) }
        }

        mutating func missing(_ name: String, _ example: String) {
            doc.error(
                path: fault.parametersNode.path, location: fault.parametersNode.location,
                "\(fault.action.value) requires the parameter '\(name)'.", fix: "add e.g. \(name): \"\(example)\" under parameters")
            ok = false
        }

        /// The catalog's declaration of `name`; a model that reads an undeclared name is a
        /// Faultline bug, reported as an error rather than a crash.
        mutating func declaration(_ name: String) -> ActionCatalog.Parameter? {
            if let p = action.parameter(name) { return p }
            doc.error(
                path: fault.parametersNode.path, location: fault.parametersNode.location,
                "Faultline reads the parameter '\(name)' of \(fault.action.value), which its action catalog does not declare.",
                fix: "this is a Faultline bug; please report it with this scenario")
            ok = false
            return nil
        }

        /// The written text of `name`, else its default; nil (after reporting it when the
        /// catalog requires it) when neither. `scenarioDefault` stands in for a parameter FIS
        /// requires that a scenario's `faults:` entry may leave out (its targets decide).
        mutating func text(_ name: String, scenarioDefault: String? = nil) -> (key: Located<String>?, text: String)? {
            guard let decl = declaration(name) else { return nil }
            if let (key, text) = value(name) { return (key, text) }
            if let d = decl.defaultValue ?? scenarioDefault { return (nil, d) }
            if decl.required { missing(name, decl.example) }
            return nil
        }

        /// A free-text parameter (`.text`, `.region`, `.json`, an ARN).
        mutating func string(_ name: String, scenarioDefault: String? = nil) -> String? {
            text(name, scenarioDefault: scenarioDefault)?.text
        }

        mutating func bad(_ key: Located<String>?, _ message: String, fix: String? = nil) {
            let path = key?.path ?? fault.parametersNode.path, location = key?.location ?? fault.parametersNode.location
            doc.error(path: path, location: location, message, fix: fix)
            ok = false
        }

        /// An `.integer` parameter within its catalog range.
        mutating func int(_ name: String) -> Int? {
            guard let decl = declaration(name), case .integer(let range) = decl.kind else { return kindMismatch(name) }
            guard let (key, text) = text(name) else { return nil }
            guard let v = Int(text), range.contains(v) else {
                let unit = decl.unit.map { " of \($0)" } ?? ""
                bad(key, "'\(name)' must be a whole number\(unit) from \(range.lowerBound) to \(range.upperBound), got '\(text)'.")
                return nil
            }
            return v
        }

        /// A `.decimal` parameter within its catalog range.
        mutating func decimal(_ name: String) -> Double? {
            guard let decl = declaration(name), case .decimal(let range) = decl.kind else { return kindMismatch(name) }
            guard let (key, text) = text(name) else { return nil }
            guard let v = Double(text), v.isFinite, range.contains(v) else {
                let unit = decl.unit.map { " of \($0)" } ?? ""
                bad(
                    key,
                    "'\(name)' must be a number\(unit) from \(ActionCatalog.number(range.lowerBound)) to \(ActionCatalog.number(range.upperBound)), got '\(text)'."
                )
                return nil
            }
            return v
        }

        /// A `.boolean` parameter: `"true"` or `"false"` (any case).
        mutating func bool(_ name: String) -> Bool? {
            guard let decl = declaration(name), decl.kind == .boolean else { return kindMismatch(name) }
            guard let (key, text) = text(name) else { return nil }
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default:
                bad(key, "'\(name)' must be \"true\" or \"false\", got '\(text)'.")
                return nil
            }
        }

        /// A `.choice` parameter: one of the catalog's values.
        mutating func choice(_ name: String) -> String? {
            guard let decl = declaration(name), case .choice(let values) = decl.kind else { return kindMismatch(name) }
            guard let (key, text) = text(name) else { return nil }
            guard values.contains(text) else {
                let hint = Suggestion.closest(to: text, in: values).map { "did you mean '\($0)'? " } ?? ""
                bad(
                    key, "'\(name)' must be one of \(values.joined(separator: ", ")), got '\(text)'.",
                    fix: "\(hint)use one of: \(values.joined(separator: ", "))")
                return nil
            }
            return text
        }

        /// A `.duration` parameter: ISO-8601 within the catalog's bounds.
        mutating func duration(_ name: String) -> SimDuration? {
            guard let decl = declaration(name), case .duration(let min, let max) = decl.kind else { return kindMismatch(name) }
            guard let (key, text) = text(name) else { return nil }
            guard text.first == "P" || text.first == "p", let d = try? SimDuration.parse(text), d >= min, d <= max else {
                bad(
                    key, "'\(name)' must be an ISO-8601 duration from \(ActionCatalog.iso(min)) to \(ActionCatalog.iso(max)), got '\(text)'.",
                    fix: "e.g. \(name): \(ActionCatalog.iso(Swift.max(min, Swift.min(max, .minutes(5)))))")
                return nil
            }
            return d
        }

        private mutating func kindMismatch<T>(_ name: String) -> T? {
            if let decl = action.parameter(name) {
                bad(
                    nil, "Faultline reads the parameter '\(name)' of \(fault.action.value) as another kind than its catalog declares (\(decl.kindSummary)).",
                    fix: "this is a Faultline bug; please report it with this scenario")
            }
            return nil
        }
    }
}
