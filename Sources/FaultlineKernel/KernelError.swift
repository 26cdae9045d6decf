/// Errors raised by the kernel: malformed durations and runs that hit their limits.
public enum KernelError: Error, Equatable, CustomStringConvertible {
    /// A duration string could not be parsed.
    case invalidDuration(String, reason: String)
    /// A run dispatched more events than its limit allows.
    case eventLimitExceeded(limit: Int, at: SimInstant)

    public var description: String {
        switch self {
        case .invalidDuration(let text, let reason):
            return "'\(text)' is not a duration: \(reason). Write a duration such as 250ms, 2s, 5m, 1h30m or ISO-8601 PT5M."
        case .eventLimitExceeded(let limit, let at):
            return "the run dispatched its limit of \(limit) events at \(at) before reaching its horizon; raise limits.maxEvents or shorten the horizon"
        }
    }
}
