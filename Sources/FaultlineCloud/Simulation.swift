import FaultlineKernel
import FaultlineMetrics

/// Errors from building or running the cloud model.
public enum CloudError: Error, Equatable, CustomStringConvertible {
    /// A run hit a limit (events, requests in flight).
    case limitExceeded(String)
    /// An alarm does not fit the run's recorded metrics or metrics period.
    case invalidAlarm(String)

    public var description: String {
        switch self {
        case .limitExceeded(let why): return "the run stopped early: \(why)"
        case .invalidAlarm(let why): return "\(why)."
        }
    }
}

/// Runs a model to its horizon: the composition of ``World`` and the kernel's ``Engine``.
public enum Simulation {
    /// Runs one replication. The timeline streams into `sink` one period at a time.
    public static func run(
        _ config: ModelConfig, seed: UInt64, replication: UInt32 = 0,
        sink: TimelineSink? = nil
    ) throws(CloudError) -> RunResult {
        var engine = Engine(
            model: World(config: config, seed: seed, replication: replication, sink: sink),
            queue: EventQueue<WorldEvent>(reservingCapacity: 4_096))
        if let problem = engine.model.alarmProblems.first { throw .invalidAlarm(problem) }
        engine.model.start(queue: &engine.queue)
        let horizon = SimInstant.zero + config.horizon
        let stop: StopReason
        do {
            stop = try engine.run(until: horizon, maxEvents: config.limits.maxEvents)
        } catch {
            throw .limitExceeded("\(error)")
        }
        if let why = engine.model.haltReason { throw .limitExceeded(why) }
        engine.model.finalize(at: horizon)
        return RunResult(
            world: engine.model, stop: stop, dispatched: engine.dispatched,
            fingerprint: engine.fingerprint, seed: seed, replication: replication)
    }
}
