/// The one error type of FaultlineRandom: a distribution parameter or table that cannot be used.
///
/// `field` is a path such as `lognormal.sigma`, `empirical.p90` or
/// `mixture[1].lognormal.sigma`; callers prefix their own location (file and key path).
public enum RandomError: Error, Equatable, CustomStringConvertible {
    /// A number outside its allowed range, e.g. field `"lognormal.sigma"`, allowed
    /// `"a finite number >= 0"`.
    case invalidParameter(field: String, value: Double, allowed: String)
    /// A table or list that is malformed as a whole; `reason` says what is wrong and how to fix it.
    case invalidTable(field: String, reason: String)

    /// The field path the error is about.
    public var field: String {
        switch self {
        case .invalidParameter(let field, _, _), .invalidTable(let field, _): return field
        }
    }

    /// One sentence naming the field, the value, the allowed range and the fix.
    public var description: String {
        switch self {
        case .invalidParameter(let field, let value, let allowed):
            return "\(field) is \(value), but it must be \(allowed); change \(field) to a value in that range."
        case .invalidTable(let field, let reason):
            return "\(field): \(reason)"
        }
    }
}
