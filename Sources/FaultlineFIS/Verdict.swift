/// The outcome of validating one template file, as in the corpus manifest's
/// `validation_verdict` column.
public enum Verdict: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// FIS would accept the template as written (placeholder text that fits the shape is allowed).
    case valid
    /// Every error is caused by a placeholder; the template is expected to pass once they are filled.
    case validModuloPlaceholders = "valid-modulo-placeholders"
    /// At least one error that no placeholder explains.
    case invalid
    /// The file is not valid JSON (or YAML); nothing further was checked.
    case notJSON = "not-json"

    public var description: String { rawValue }

    /// True for `valid` and `valid-modulo-placeholders`.
    public var isAccepted: Bool { self == .valid || self == .validModuloPlaceholders }
}
