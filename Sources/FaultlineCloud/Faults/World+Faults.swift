import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Fault windows routed to the family that acts on them, and API faults at admission.
extension World {
    // MARK: API faults

    /// A network fault's window opens or closes.
    mutating func networkFaultEdge(fault i: Int, starting: Bool) {
        faults.active[i] = starting
        network.setActive(fault: i, starting)
    }

    /// An API fault's window opens or closes on the services it targets.
    mutating func apiFaultEdge(fault i: Int, starting: Bool) {
        faults.apiEdge(fault: i, starting: starting, core: &core)
    }

    /// Applies the active API faults of the request's service: an error answers it at once
    /// (returns true); a latency fault re-delivers it later (returns true); else false.
    mutating func injectAPIFault(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Bool {
        let s = Int(core.deployments[d].service)
        let op = core.operations[Int(core.requests[Int(r)].operation)]
        for i in faults.apiByService[s] where faults.active[i] {
            switch faults.apiEffects[i] {
            case .error(let percentage, let status, let ops):
                guard ops.isEmpty || ops.contains(op) else { continue }
                guard faults.apiHandle.uniform() * 100 < percentage else { continue }
                let m = core.deployments[d].metrics
                if status == Status.throttled {
                    core.metrics.add(m.throttles, at: now)
                } else {
                    // A request the service answered at once with an error.
                    core.metrics.add(m.invocations, at: now)
                    core.metrics.add(m.errors, at: now)
                    core.metrics.record(m.duration, nanoseconds: 0, at: now)
                }
                if core.requests[Int(r)].flags.contains(.async) { core.requests[Int(r)].flags.remove(.async) }
                if core.requests[Int(r)].batch >= 0 {
                    // An event source mapping's Invoke failed: the batch returns to the queue.
                    messaging.batchFinished(request: r, functionError: true, now: now, events: &queue, core: &core)
                }
                countRouteStatus(deployment: d, status)
                respond(request: r, status: status, now: now, queue: &queue)
                core.freeRequest(r)
                return true
            case .latency(let delay, let ops):
                guard !core.requests[Int(r)].flags.contains(.faultDelayed), ops.isEmpty || ops.contains(op) else { continue }
                core.requests[Int(r)].flags.insert(.faultDelayed)
                queue.schedule(.deliver(request: r, generation: core.requests[Int(r)].generation), at: now + delay)
                return true
            case nil:
                continue // not an API fault: never in `faults.apiByService`
            }
        }
        return false
    }
}
