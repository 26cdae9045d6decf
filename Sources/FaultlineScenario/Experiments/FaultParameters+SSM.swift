import FaultlineCloud
import FaultlineDocument

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
              let arn = fault.parameters.first(where: { $0.key.value == "documentArn" })?.value else { return false }
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
        doc.error(path: key.path, location: key.location,
                  "the SSM document '\(name)' is not modelled by Faultline; aws:ssm:send-command replays \(ssmDocuments.joined(separator: ", ")).",
                  fix: "\(hint)use arn:aws:ssm:<region>::document/<one of them> (the I/O, disk and other documents are not modelled yet)")
        return nil
    }
}
