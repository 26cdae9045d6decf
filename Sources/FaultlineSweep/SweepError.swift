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
        case .override(let path, let message, let fix):
            return "--set \(path): \(message) Fix: \(fix)"
        case .argument(let message, let fix):
            return "\(message) Fix: \(fix)"
        case .invalidPoint(let point, let error):
            return "with \(point) the scenario is not valid: \(error)"
        case .folder(let message, let fix):
            return "\(message) Fix: \(fix)"
        case .hypothesis(let message, let fix):
            return "hypothesis: \(message) Fix: \(fix)"
        case .run(let point, let replication, let message):
            return "run failed at \(point.isEmpty ? "the scenario as written" : point), replication \(replication): \(message)"
        }
    }
}
