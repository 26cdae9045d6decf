import FaultlineKernel
import FaultlineMetrics

/// The public face of a finished run, and the core as the Compute extensions
/// (Compute/World+*.swift, which work on ``ComputeState``) reach it: yielded in place
/// (`_read` / `_modify`), never copied.
extension World {
    public var config: ModelConfig { _read { yield core.config } }
    public internal(set) var metrics: MetricsRecorder {
        _read { yield core.metrics }
        _modify { yield &core.metrics }
    }
    public var haltReason: String? { core.haltReason }
    public var alarmHistories: [AlarmHistory] { alarms.histories }
    public var guardOutcomes: [GuardOutcome] { alarms.guardOutcomes }
    /// Alarms that do not fit the run's metrics (``Simulation`` refuses to run).
    public var alarmProblems: [String] { alarms.problems }

    var services: [ServiceRuntime] {
        _read { yield core.services }
        _modify { yield &core.services }
    }
    var deployments: RawArray<Deployment> {
        _read { yield core.deployments }
        _modify { yield &core.deployments }
    }
    var requests: RawArray<Request> {
        _read { yield core.requests }
        _modify { yield &core.requests }
    }
    var apiFaultActive: [Bool] {
        _read { yield faults.active }
        _modify { yield &faults.active }
    }

    @inline(__always) mutating func freeRequest(_ r: Int32) { core.freeRequest(r) }
}
