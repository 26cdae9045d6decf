import FaultlineDocument

/// Everything that can go wrong in FaultlineSweep (house rule 10: one error enum per module).
/// Each message says what was given, what was expected and how to fix it.
public enum SweepError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A `--set`/`--vary` path or value that does not fit the scenario document.
    case override(path: String, message: String, fix: String)
    /// A command-line argument that is malformed (not about the scenario).
    case argument(String, fix: String)
    /// The scenario with some point's overrides does not validate.
    case invalidPoint(point: String, DocumentError)
    /// A sweep folder or point file that cannot be used.
    case folder(String, fix: String)
    /// A hypothesis expression that cannot be parsed or names nothing.
    case hypothesis(String, fix: String)
    /// A run failed (a limit was hit, an option did not fit).
    case run(point: String, replication: UInt32, message: String)

    public var description: String {
        switch self {
        case let .override(path, message, fix):
            return "--set \(path): \(message) Fix: \(fix)"
        case let .argument(message, fix):
            return "\(message) Fix: \(fix)"
        case let .invalidPoint(point, error):
            return "with \(point) the scenario is not valid: \(error)"
        case let .folder(message, fix):
            return "\(message) Fix: \(fix)"
        case let .hypothesis(message, fix):
            return "hypothesis: \(message) Fix: \(fix)"
        case let .run(point, replication, message):
            return "run failed at \(point.isEmpty ? "the scenario as written" : point), replication \(replication): \(message)"
        }
    }
}
