import FaultlineCloud
import FaultlineKernel

/// When one experiment action's fault took effect on one resource.
public struct ActionEffect: Sendable, Equatable {
    public var resource: String
    /// Seconds from the start of the run; nil when it never took effect.
    public var firstEffect: Double?
    public var lastEffect: Double?
    /// Lambda faults: invocations the FIS extension injected the fault into.
    public var injections: Int64?
    /// Network faults: messages that crossed a hop the fault impaired while it was active
    /// (``RunResult/networkCrossings``).
    public var crossings: Int64? = nil
}

extension ScenarioRun {
    /// When `a`'s fault took effect on each of its resources (none when it injects no fault):
    /// Lambda faults when the extension first and last injected (none without injections);
    /// compute faults when the host went down and served again; API, database and network
    /// faults act at once for exactly their window (within the horizon) — a network fault only
    /// when some message crossed a hop it impaired.
    public func effects(of a: ExperimentOutcome.Action) -> [ActionEffect] {
        guard let f = a.fault, let start = a.start?.seconds, start < result.horizon.seconds else { return [] }
        let end = min(a.end?.seconds ?? start, result.horizon.seconds)
        if let report = result.faults.first(where: { $0.name == f }) {
            return a.resources.map { name in
                let reach = FaultReach(report.records(of: name), start: start, end: end)
                return ActionEffect(resource: name, firstEffect: reach.firstInjected, lastEffect: reach.lastInjected, injections: reach.injections)
            }
        }
        if let fi = spec.model.faults.firstIndex(where: { $0.name == f }), spec.model.faults[fi].action.isCompute {
            return a.resources.map { name in
                guard let h = hostIndex(named: name) else { return ActionEffect(resource: name, firstEffect: start, lastEffect: end) }
                let changes = hostChanges(host: h, fault: fi)
                let down = changes.first { Self.hostDownEvents.contains($0.event) }?.at.seconds
                let back = changes.last { $0.event == "running" || $0.event == "app-up" || $0.event == "cpu-stress-end" }?.at.seconds
                return ActionEffect(resource: name, firstEffect: down, lastEffect: down.map { _ in back ?? result.horizon.seconds })
            }
        }
        if let fi = spec.model.faults.firstIndex(where: { $0.name == f }), fi < result.networkCrossings.count, let n = result.networkCrossings[fi] {
            // A network fault whose targets carried no traffic while it ran took no effect.
            return a.resources.map { ActionEffect(resource: $0, firstEffect: n > 0 ? start : nil, lastEffect: n > 0 ? end : nil, crossings: n) }
        }
        return a.resources.map { ActionEffect(resource: $0, firstEffect: start, lastEffect: end) }
    }

    /// Host changes that mean a compute fault took effect.
    static let hostDownEvents = ["stopped", "terminated", "rebooting", "app-down", "oom-killed", "cpu-stress-start"]
}
