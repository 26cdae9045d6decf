import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// What an SSM Automation document that `aws:ssm:start-automation-execution` runs does, in the
/// model's own terms: one fault (an action of `faults:`, with its parameters) on the resources a
/// target selects, for a duration. FIS runs a user's own document (it has no built-in automation
/// documents), so the model cannot know what it does unless someone declares it: a scenario's
/// `automationDocuments:` or Faultline's built-in declarations for the public FIS template
/// library (``AutomationDocument/library``).
///
/// Values may name the template's `documentParameters` as `{{ documentParameters.NAME }}` (the
/// only substitution there is: no expressions, no nesting), so one declaration serves every
/// template that runs the document.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ssm-actions-reference-list
public struct AutomationDocument: Sendable {
    /// A parameter the document takes (Automation refuses an execution that gives an unknown
    /// parameter or omits a required one: `InvalidAutomationExecutionParametersException`).
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var defaultValue: String?
        public var required: Bool
    }

    /// The resources the effect acts on, as an FIS template target selects them; every string
    /// may hold `{{ documentParameters.NAME }}`. An SQS queue URL in `resourceArns` stands for the
    /// queue's ARN (`https://sqs.<region>.amazonaws.com/<account>/<name>` ->
    /// `arn:aws:sqs:<region>:<account>:<name>`).
    public struct Target: Sendable {
        public var resourceType: String
        public var resourceArns: [String] = []
        public var resourceTags: [(key: String, value: String)] = []
        public var filters: [(path: String, values: [String])] = []
        public var selectionMode: String = "ALL"
    }

    /// The document name (the part of `documentArn` after `document/`).
    public var document: String
    public var description: String
    public var parameters: [Parameter]
    /// The model's fault: an action of `faults:` or ``apiErrorAction``.
    public var action: String
    public var effectParameters: [(key: String, value: String)]
    public var target: Target
    /// How long the effect lasts (`{{ documentParameters.duration }}`, `PT5M`, `90s`); nil: until
    /// the action's `maxDuration`.
    public var duration: String?
    /// Where it was declared: the scenario file, or `built-in`.
    public var origin: String

    /// A declaration-only effect: a queue or bucket policy that denies access, an IAM deny
    /// policy: `percentage` (default 100) of the calls to the targets (the `operations` listed,
    /// all when empty) fail at once with `statusCode` (400 to 599; 403 is AccessDenied).
    public static let apiErrorAction = "faultline:api-error"

    /// `aws:ssm:start-automation-execution`.
    public static let actionID = "aws:ssm:start-automation-execution"

    /// Limits on declarations (per scenario, per document, per value).
    public enum Limits {
        public static let documents = 200
        public static let parameters = 100
        public static let valueLength = 4_096
    }

    /// The document named by `documentArn` (`arn:...:document/NAME`, or a bare name).
    public static func documentName(_ arn: String) -> String {
        guard let r = arn.range(of: ":document/") else { return FaultParameters.ssmDocumentName(arn) }
        return String(arn[r.upperBound...])
    }

    /// The declaration for `documentArn`: the scenario's own first (they override a built-in of
    /// the same name), then the built-in library.
    public static func lookup(_ documentArn: String, declared: [AutomationDocument]) -> AutomationDocument? {
        let name = documentName(documentArn)
        return declared.first { $0.document == name } ?? library.first { $0.document == name }
    }

    /// The `{{ documentParameters.NAME }}` references in `text`, in order (names only).
    static func references(in text: String) -> [String] {
        var out: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let inner = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: " ")
            out.append(inner.hasPrefix("documentParameters.") ? String(inner.dropFirst("documentParameters.".count)) : "\u{0}" + inner)
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// `text` with each `{{ documentParameters.NAME }}` replaced by `values[NAME]` (one pass: a
    /// substituted value is never read again).
    static func substitute(_ text: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let inner = String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: " ")
            let name = inner.hasPrefix("documentParameters.") ? String(inner.dropFirst("documentParameters.".count)) : ""
            out += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// An SQS queue URL as the queue's ARN; any other text unchanged.
    static func queueARN(_ text: String) -> String {
        let t = text.trimmingCharacters(in: " ")
        guard t.hasPrefix("https://sqs.") || t.hasPrefix("http://sqs.") else { return t }
        let parts = t.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // ["https:", "sqs.<region>.amazonaws.com", "<account>", "<name>"]
        guard parts.count == 4 else { return t }
        let host = parts[1].split(separator: ".").map(String.init)
        guard host.count >= 3 else { return t }
        return "arn:aws:sqs:\(host[1]):\(parts[2]):\(parts[3])"
    }
}
