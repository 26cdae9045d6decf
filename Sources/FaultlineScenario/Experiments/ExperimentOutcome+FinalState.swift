import FaultlineKernel

extension ExperimentOutcome {
    /// The state an experiment is in when the run ends: FIS's final states (`completed`,
    /// `stopped`, `failed`, https://docs.aws.amazon.com/fis/latest/userguide/experiment-states.html),
    /// `running` when the horizon came first, and `not started` when StartExperiment lies at or
    /// after the horizon (Faultline's, not an FIS state).
    public enum FinalState: String, Sendable, CaseIterable {
        case completed, stopped, failed, running
        case notStarted = "not started"

        /// `faultline run`'s exit status when an experiment ends `failed` (or is `not started`)
        /// and the scenario does not say `expect:` that state.
        public static let unexpectedExitStatus: Int32 = 4
    }

    /// The final state; the planner's and stop conditions' statuses map one to one, and
    /// `pending`, `initiating` and `stopping` (cut by the horizon) count as `running`.
    public var finalState: FinalState {
        switch status {
        case .completed: return .completed
        case .stopped: return .stopped
        case .failed: return .failed
        case .notStarted: return .notStarted
        // FIS cancels an experiment before it runs; the planner never does, and it counted as running.
        case .pending, .initiating, .running, .stopping, .cancelled: return .running
        }
    }

    /// Cuts the planned history at the run's horizon: states after it did not happen. An
    /// experiment whose StartExperiment lies at or after the horizon is `not started` (its
    /// actions too); one whose end lies after it is `running`, and actions still running there
    /// are `running` with a note that the horizon cut them short.
    mutating func clip(at horizon: SimInstant) {
        let terminal: Set<ExperimentStatus> = [.completed, .stopped, .failed]
        let kept = states.filter { $0.at < horizon || ($0.at == horizon && terminal.contains($0.status)) }
        guard kept.count < states.count else { return }
        if kept.isEmpty {
            let start = states.first?.at ?? horizon
            states = [
                .init(
                    status: .notStarted, at: horizon,
                    reason: "StartExperiment at \(start.seconds) s is at or after the run's horizon (\(horizon.seconds) s)")
            ]
            status = .notStarted
        } else {
            states = kept
            status = kept.last!.status
        }
        for i in actions.indices where actions[i].status != .skipped && actions[i].status != .cancelled {
            guard let s = actions[i].start else { continue }
            if s >= horizon {
                actions[i].status = .notStarted
                actions[i].note = "starts at \(s.seconds) s, at or after the horizon"
            } else if let e = actions[i].end, e > horizon {
                actions[i].status = .running
                actions[i].note = "cut short by the horizon at \(horizon.seconds) s (planned to end at \(e.seconds) s)"
            }
        }
    }
}
