import FaultlineDocument

/// One problem found in a template: a ``Diagnostic`` (file, JSON path, line:column, what is
/// wrong, the fix) and whether a placeholder caused it.
public struct Finding: Sendable, Equatable, CustomStringConvertible {
    /// Why the value is wrong.
    public enum Cause: String, Sendable, Equatable {
        /// The template itself is wrong; FIS would reject it whatever the placeholders become.
        case genuine
        /// The offending value is a placeholder (`${role}`, `<ACCOUNT_ID>`, `""`, a CloudFormation
        /// intrinsic, ...): it is expected to pass once the placeholder is filled in.
        case placeholder
    }

    public var diagnostic: Diagnostic
    public var cause: Cause

    public init(_ diagnostic: Diagnostic, cause: Cause) {
        self.diagnostic = diagnostic
        self.cause = cause
    }

    public var description: String {
        cause == .placeholder ? "\(diagnostic) (placeholder)" : diagnostic.description
    }
}

/// Collects errors and warnings for one file, in the order found.
final class FindingCollector {
    let file: String
    private(set) var errors: [Finding] = []
    private(set) var warnings: [Finding] = []

    init(file: String) { self.file = file }

    func error(_ node: DocumentNode, _ message: String, fix: String?, cause: Finding.Cause = .genuine) {
        error(path: node.path, location: node.location, message, fix: fix, cause: cause)
    }

    func error(path: String, location: SourceLocation?, _ message: String, fix: String?, cause: Finding.Cause = .genuine) {
        errors.append(Finding(Diagnostic(file: file, path: path, location: location, message: message, fix: fix), cause: cause))
    }

    func warning(_ node: DocumentNode, _ message: String, fix: String?) {
        warning(path: node.path, location: node.location, message, fix: fix)
    }

    func warning(path: String, location: SourceLocation?, _ message: String, fix: String?) {
        warnings.append(Finding(Diagnostic(file: file, path: path, location: location, message: message, fix: fix), cause: .genuine))
    }
}
