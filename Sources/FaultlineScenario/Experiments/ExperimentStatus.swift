/// The states of an FIS experiment (`ExperimentState.status` in the FIS API: `pending`,
/// `initiating`, `running`, `completed`, `stopping`, `stopped`, `failed`, `cancelled`;
/// https://docs.aws.amazon.com/fis/latest/userguide/experiment-states.html), plus Faultline's
/// `not started` for an experiment whose StartExperiment lies at or after the run's horizon.
/// Raw values are the exact strings FIS writes in JSON; `description` is the raw value, so text
/// outputs read as before.
public enum ExperimentStatus: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case pending, initiating, running, completed, stopping, stopped, failed, cancelled
    /// Faultline's, not an FIS state: the run ended before StartExperiment.
    case notStarted = "not started"

    public var description: String { rawValue }

    /// The experiment has ended (FIS's final states); `not started` never began.
    public var isFinal: Bool {
        switch self {
        case .completed, .stopped, .failed, .cancelled: return true
        case .pending, .initiating, .running, .stopping, .notStarted: return false
        }
    }
}

/// The states of an experiment's action (`ExperimentActionState.status`: `pending`,
/// `initiating`, `running`, `completed`, `cancelled`, `stopping`, `stopped`, `failed`,
/// `skipped`), plus Faultline's `not started` for an action the run's horizon came before.
public enum ExperimentActionStatus: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case pending, initiating, running, completed, cancelled, stopping, stopped, failed, skipped
    /// Faultline's, not an FIS state: the action starts at or after the run's horizon.
    case notStarted = "not started"

    public var description: String { rawValue }
}
