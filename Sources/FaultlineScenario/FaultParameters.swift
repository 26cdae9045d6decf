import FaultlineCloud
import FaultlineDocument
import FaultlineKernel

/// FIS action parameters: names, defaults and ranges per action, as the FIS API checks them.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
struct FaultParameters: Sendable {
    /// Builds the model's fault action from the written parameters, or records diagnostics.
    let build: @Sendable (ScenarioFile.FaultFile, DocumentReader) -> FaultAction?

    static let supported = actions.keys.sorted()

    /// FIS `aws:fis:inject-api-*-error`: `service`, `operations` (comma list), `percentage`.
    static func injectAPI(_ id: String, status: UInt16) -> FaultParameters {
        FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc, allowed: ["service", "operations", "percentage"])
            let pct = p.int("percentage", default: nil, range: 1...100)
            _ = p.value("service")
            let ops = p.value("operations").map { $0.1.split(separator: ",").map { String($0).trimmingCharacters(in: " ") } } ?? []
            guard p.ok, let pct else { return nil }
            return .apiError(actionID: id, percentage: Double(pct), status: status, operations: ops)
        }
    }

    /// The LocalStack forms filter by `service` and `operation` (older docs: `apiCall`).
    static func localStackOperations(_ p: Reader) -> [String] {
        guard let op = (p.value("operation") ?? p.value("apiCall") ?? p.value("api"))?.1, op != "all", !op.isEmpty else { return [] }
        return op.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }
    }

    /// Every action scenarios and templates may use.
    static let actions: [String: FaultParameters] = coreActions.merging(networkActions) { a, _ in a }.merging(computeActions) { a, _ in a }

    static let coreActions: [String: FaultParameters] = [
        "aws:fis:inject-api-internal-error": injectAPI("aws:fis:inject-api-internal-error", status: Status.internalError),
        "aws:fis:inject-api-throttle-error": injectAPI("aws:fis:inject-api-throttle-error", status: Status.throttled),
        "aws:fis:inject-api-unavailable-error": injectAPI("aws:fis:inject-api-unavailable-error", status: Status.serviceUnavailable),
        "localstack:generic:api-error": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc, allowed: ["region", "service", "operation", "apiCall", "api", "percentage", "exception", "errorCode", "latency"])
            let ops = localStackOperations(p)
            // The older form of the tutorial: only `latency` (seconds) delays every call.
            if let (key, text) = p.value("latency") {
                guard let seconds = Double(text), seconds >= 0, seconds <= 900 else {
                    doc.error(path: key.path, location: key.location, "'latency' must be a number of seconds from 0 to 900, got '\(text)'.")
                    return nil
                }
                return .apiLatency(actionID: "localstack:generic:api-error", delay: .fromSeconds(seconds), operations: ops)
            }
            let pct = p.int("percentage", default: 100, range: 1...100)
            let code = p.int("errorCode", default: 500, range: 400...599)
            guard p.ok, let pct, let code else { return nil }
            return .apiError(actionID: "localstack:generic:api-error", percentage: Double(pct), status: UInt16(code), operations: ops)
        },
        "localstack:generic:latency": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc, allowed: ["region", "service", "operation", "apiCall", "api", "latencyMilliseconds"])
            let ms = p.int("latencyMilliseconds", default: nil, range: 0...900_000)
            guard p.ok, let ms else { return nil }
            return .apiLatency(actionID: "localstack:generic:latency", delay: .milliseconds(Int64(ms)), operations: localStackOperations(p))
        },
        "aws:lambda:invocation-add-delay": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc, allowed: ["startupDelayMilliseconds", "invocationPercentage"])
            let delay = p.int("startupDelayMilliseconds", default: 1_000, range: 0...900_000)
            let pct = p.int("invocationPercentage", default: 100, range: 1...100)
            guard p.ok, let delay, let pct else { return nil }
            return .lambdaAddDelay(startupDelay: .milliseconds(Int64(delay)), invocationPercentage: Double(pct))
        },
        "aws:lambda:invocation-error": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc, allowed: ["invocationPercentage", "preventExecution"])
            let pct = p.int("invocationPercentage", default: 100, range: 1...100)
            let prevent = p.bool("preventExecution")
            guard p.ok, let pct, let prevent else { return nil }
            return .lambdaError(invocationPercentage: Double(pct), preventExecution: prevent)
        },
        "aws:lambda:invocation-http-integration-response": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc, allowed: ["invocationPercentage", "preventExecution", "statusCode", "contentTypeHeader"])
            let pct = p.int("invocationPercentage", default: 100, range: 1...100)
            let prevent = p.bool("preventExecution")
            let status = p.int("statusCode", default: nil, range: 0...999)
            let contentType = p.string("contentTypeHeader")
            guard p.ok, let pct, let prevent, let status, let contentType else { return nil }
            return .lambdaHTTPResponse(statusCode: status, contentType: contentType, invocationPercentage: Double(pct), preventExecution: prevent)
        },
    ].merging(databaseActions) { a, _ in a }

    /// Reads string parameters with FIS's rules, reporting each problem at its key.
    struct Reader {
        let fault: ScenarioFile.FaultFile
        let doc: DocumentReader
        let allowed: [String]
        var ok = true

        init(fault: ScenarioFile.FaultFile, doc: DocumentReader, allowed: [String]) {
            self.fault = fault
            self.doc = doc
            self.allowed = allowed
            for (key, _) in fault.parameters where !allowed.contains(key.value) && key.value != "duration" {
                let hint = Suggestion.closest(to: key.value, in: allowed).map { "did you mean '\($0)'? " } ?? ""
                doc.error(path: key.path, location: key.location, "\(fault.action.value) has no parameter '\(key.value)'.",
                          fix: "\(hint)its parameters: \(allowed.joined(separator: ", ")) (the fault's length is 'duration' on the fault itself)")
                ok = false
            }
        }

        func value(_ name: String) -> (Located<String>, String)? {
            fault.parameters.first { $0.key.value == name }.map { ($0.key, $0.value) }
        }

        mutating func missing(_ name: String, _ example: String) {
            doc.error(path: fault.parametersNode.path, location: fault.parametersNode.location,
                      "\(fault.action.value) requires the parameter '\(name)'.", fix: "add e.g. \(name): \"\(example)\" under parameters")
            ok = false
        }

        mutating func int(_ name: String, default d: Int?, range: ClosedRange<Int>) -> Int? {
            guard let (key, text) = value(name) else {
                if d == nil { missing(name, "\(range.upperBound)") }
                return d
            }
            guard let v = Int(text), range.contains(v) else {
                doc.error(path: key.path, location: key.location, "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'.")
                ok = false
                return nil
            }
            return v
        }

        mutating func bool(_ name: String) -> Bool? {
            guard value(name) != nil else {
                missing(name, "true")
                return nil
            }
            return optionalBool(name)
        }

        /// `"true"` or `"false"` (any case); nil when the parameter is absent or not a boolean.
        mutating func optionalBool(_ name: String) -> Bool? {
            guard let (key, text) = value(name) else { return nil }
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default:
                doc.error(path: key.path, location: key.location, "'\(name)' must be \"true\" or \"false\", got '\(text)'.")
                ok = false
                return nil
            }
        }

        mutating func string(_ name: String) -> String? {
            guard let (_, text) = value(name) else {
                missing(name, "application/json")
                return nil
            }
            return text
        }
    }
}
