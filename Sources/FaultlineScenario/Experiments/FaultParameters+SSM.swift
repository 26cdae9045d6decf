import FaultlineCloud
import FaultlineDocument
import FaultlineKernel

/// `aws:ssm:send-command`: FIS runs an SSM document on the targeted EC2 instances. One action
/// stands for every document, so one entry dispatches by the document's name (the part of
/// `documentArn` after `document/`): the compute documents (CPU stress, memory stress, kill
/// process) become compute faults, the network documents host `tc` faults.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/actions-ssm-agent.html
extension FaultParameters {
    /// Every SSM document Faultline replays.
    static var ssmDocuments: [String] { computeDocuments + networkDocuments }

    /// The document a `documentArn` names: the part after the last `/` (the whole text when it
    /// has none).
    static func ssmDocumentName(_ arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }

    /// Whether a `faults:` entry or template action is `aws:ssm:send-command` with a compute
    /// document (it then targets hosts of `hosts:` services, as the other compute actions do).
    static func isComputeCommand(_ fault: ScenarioFile.FaultFile) -> Bool {
        guard fault.action.value == "aws:ssm:send-command",
            let arn = fault.parameters.first(where: { $0.key.value == "documentArn" })?.value
        else { return false }
        return computeDocuments.contains(ssmDocumentName(arn))
    }

    /// Builds the fault of an `aws:ssm:send-command` from its document, or reports an unknown
    /// document with the list of supported ones.
    static func ssmSendCommand(_ f: ScenarioFile.FaultFile, _ doc: DocumentReader) -> FaultAction? {
        guard let (key, arn) = f.parameters.first(where: { $0.key.value == "documentArn" }).map({ ($0.key, $0.value) }) else {
            var p = Reader(fault: f, doc: doc)
            p.missing("documentArn", "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress")
            return nil
        }
        let name = ssmDocumentName(arn)
        if computeDocuments.contains(name) { return computeDocument(f, doc, name: name) }
        if networkDocuments.contains(name) { return networkDocument(f, doc, document: name) }
        _ = Reader(fault: f, doc: doc)
        let hint = Suggestion.closest(to: name, in: ssmDocuments).map { "did you mean '\($0)'? " } ?? ""
        doc.error(
            path: key.path, location: key.location,
            "the SSM document '\(name)' is not modelled by Faultline; aws:ssm:send-command replays \(ssmDocuments.joined(separator: ", ")).",
            fix: "\(hint)use arn:aws:ssm:<region>::document/<one of them> (the I/O, disk and other documents are not modelled yet)")
        return nil
    }
}

/// The documents' own `DurationSeconds`: every `AWSFIS-Run-*` document Faultline replays except
/// `AWSFIS-Run-Kill-Process` requires it, as a whole number of seconds from 1 to 43200 (12 h).
/// The document stops injecting (and runs its rollback) when it elapses, whatever the action's
/// `duration`: the fault's effect window is the shorter of the two.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/actions-ssm-agent.html
extension FaultParameters {
    /// `DurationSeconds` bounds, as the documents' parameter patterns allow.
    static let documentDurationRange = 1...43_200

    /// Whether the document named `name` takes (and requires) `DurationSeconds`.
    static func documentHasDuration(_ name: String) -> Bool {
        ssmDocuments.contains(name) && name != "AWSFIS-Run-Kill-Process"
    }

    /// The `DurationSeconds` of an `aws:ssm:send-command` action's document, when its
    /// `documentArn` names a document that takes one and `documentParameters` gives a valid
    /// value (nil otherwise: the parameter readers report what is wrong).
    static func documentDuration(action: String, _ parameters: [(key: String, value: String)]) -> SimDuration? {
        guard action == "aws:ssm:send-command", let arn = parameters.first(where: { $0.key == "documentArn" })?.value,
            documentHasDuration(ssmDocumentName(arn)),
            let text = parameters.first(where: { $0.key == "documentParameters" })?.value,
            let root = try? JSONParser.parse(text, file: "documentParameters").root, case .mapping(let entries) = root.value,
            let entry = entries.first(where: { $0.key == "DurationSeconds" }), case .scalar(let v, _) = entry.value.value,
            let seconds = Int(v.trimmingCharacters(in: " ")), documentDurationRange.contains(seconds)
        else { return nil }
        return .seconds(Int64(seconds))
    }

    /// How long a fault's effect lasts: the action's window, cut short by the document's own
    /// `DurationSeconds` for `aws:ssm:send-command` (the document ends its injection then; FIS
    /// keeps the action running until its `duration`).
    static func effectWindow(action: String, _ parameters: [(key: String, value: String)], window: SimDuration) -> SimDuration {
        guard let d = documentDuration(action: action, parameters) else { return window }
        return min(window, d)
    }

    /// Reads `DurationSeconds` of the document `document` from its `documentParameters` (`value`
    /// looks one up) and reports a missing or out-of-range value naming the document, the
    /// parameter and the allowed range.
    static func checkDocumentDuration(_ document: String, value: (String) -> String?, report: (String, String) -> Void) -> Bool {
        guard documentHasDuration(document) else { return true }
        let r = documentDurationRange
        guard let text = value("DurationSeconds") else {
            report(
                "the document \(document) requires the parameter DurationSeconds (how long it injects, in seconds: \(r.lowerBound) to \(r.upperBound)).",
                "add e.g. \"DurationSeconds\": \"300\" to documentParameters (usually the action's duration in seconds)")
            return false
        }
        guard let v = Int(text.trimmingCharacters(in: " ")), r.contains(v) else {
            report(
                "the document \(document): DurationSeconds must be a whole number of seconds from \(r.lowerBound) to \(r.upperBound) (12 h), got '\(text)'.",
                "e.g. \"DurationSeconds\": \"300\"")
            return false
        }
        return true
    }
}
