/// Everything the service remembers, in one Codable value: persisted as `state.json` under
/// `--state-dir` (atomic writes, by the ``ServeStorage`` the command gives), otherwise kept in
/// memory. Arrays keep creation order, so listings and pages are deterministic.
public struct ServeState: Sendable, Codable, Equatable {
    public var format = 1
    public var ids: IDStream
    public var templates: [TemplateRecord] = []
    public var experiments: [ExperimentRecord] = []
    /// `Operation:clientToken` -> the request's fingerprint and the resource it created.
    public var tokens: [String: TokenRecord] = [:]
    public var lever = SafetyLeverRecord()

    public init(seed: UInt64) { ids = IDStream(seed: seed) }
}

public struct TokenRecord: Sendable, Codable, Equatable {
    /// The request body without `clientToken`, rendered with sorted keys.
    public var fingerprint: String
    public var resourceID: String
}

/// A stored experiment template: the CreateExperimentTemplate input as sent (members FIS
/// echoes in GetExperimentTemplate), without `clientToken` and `tags`.
public struct TemplateRecord: Sendable, Codable, Equatable {
    public var id: String
    public var arn: String
    public var body: [String: ServeJSON]
    public var tags: [String: String]
    public var creationTime: Int64
    public var lastUpdateTime: Int64
}

/// One StartExperiment: what was started, how its simulated time is projected, and (once the
/// simulation finished) its ``ExperimentDigest``.
public struct ExperimentRecord: Sendable, Codable, Equatable {
    public var id: String
    public var arn: String
    public var templateID: String
    /// The template as it was at StartExperiment (FIS experiments keep their own copy).
    public var template: [String: ServeJSON]
    public var tags: [String: String]
    public var actionsMode: String
    public var scenario: String
    public var seed: UInt64
    public var pace: Pace
    /// Wall-clock epoch milliseconds of StartExperiment.
    public var startMillis: Int64
    /// Simulated nanoseconds after StartExperiment at which StopExperiment (or the safety
    /// lever) stopped it, if it was stopped.
    public var stopAtNanos: Int64?
    public var stoppedBy: StopSource?
    /// Bumped for every simulation launched; a finished run of an older generation is dropped.
    public var generation = 0
    public var digest: ExperimentDigest?
    /// The digest shown while a stop's re-run computes (its timeline up to the stop).
    public var previous: ExperimentDigest?

    public enum StopSource: String, Sendable, Codable, Equatable {
        case user
        case safetyLever
    }
}

/// The safety lever (`GetSafetyLever`, `UpdateSafetyLeverState`): one per account and Region.
public struct SafetyLeverRecord: Sendable, Codable, Equatable {
    public var status = "disengaged"
    public var reason = ""
}
