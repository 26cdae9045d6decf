import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// The request slab, routing to deployments, the base network latency, deployment timeouts and
/// period closing: what every component does with requests.
extension WorldCore {
    mutating func allocateRequest() -> Int32 {
        liveRequests += 1
        if liveRequests > config.limits.maxInFlight, haltReason == nil {
            haltReason =
                "more than \(config.limits.maxInFlight) requests were in flight at once (limits.maxInFlight); the system is overloaded without bound — add a queue capacity or a timeout, or raise the limit"
        }
        if let i = freeRequests.popLast() {
            requests[Int(i)].flags = RequestFlags()
            requests[Int(i)].attempts = 0
            requests[Int(i)].throttles = 0
            requests[Int(i)].returnStatus = 0
            requests[Int(i)].operation = 0
            requests[Int(i)].batch = -1
            return i
        }
        requests.append(Request())
        return Int32(requests.count - 1)
    }

    mutating func freeRequest(_ r: Int32) {
        ledgerFree(request: r, now: clock)
        requests[Int(r)].generation &+= 1
        requests[Int(r)].state = .free
        freeRequests.append(r)
        liveRequests -= 1
    }

    /// A new request from outside any handler (a client, a destination, a poller), in transit
    /// to deployment `d`; its answer goes nowhere.
    @inline(__always)
    mutating func newRequest(service: Int, deployment d: Int32, callerAZ az: Int32) -> Int32 {
        let c = allocateRequest()
        requests[Int(c)].service = Int32(service)
        requests[Int(c)].deployment = d
        requests[Int(c)].parent = -1
        requests[Int(c)].callerAZ = az
        requests[Int(c)].callIndex = 0
        requests[Int(c)].state = .inTransit
        return c
    }

    // Helpers called from mutating code are `mutating` too: a non-mutating method on a
    // non-copyable struct made the compiler copy all of `self` to borrow it.
    mutating func pickDeployment(_ service: Int, stream: StreamHandle) -> Int32 {
        let own = services[service].deployments
        return own.count == 1 ? own[0] : own[stream.uniformInt(own.count)]
    }

    /// One-way latency between two AZs (`gsl_ran_*` via the network's own stream).
    mutating func networkDelay(from a: Int32, to b: Int32) -> SimDuration {
        // Draw in place: copying a SamplerCore out retains and releases its kernel.
        if a == b { return .nanoseconds(networkCores.intraAZ.sampleNanoseconds(networkHandle)) }
        if azRegion[Int(a)] == azRegion[Int(b)] { return .nanoseconds(networkCores.crossAZ.sampleNanoseconds(networkHandle)) }
        return .nanoseconds(networkCores.crossRegion.sampleNanoseconds(networkHandle))
    }

    mutating func armTimeout(_ r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let t = deployments[d].timeout
        if t > 0 { armDeploymentTimeout(r, deployment: d, deadline: now.nanoseconds + t, queue: &queue) }
    }

    /// Arms a timeout whose deadline is `now` + the deployment's constant timeout (so in order).
    mutating func armDeploymentTimeout(_ r: Int32, deployment d: Int, deadline: Int64, queue: inout EventQueue<WorldEvent>) {
        let entry = TimeoutList.Entry(request: r, generation: requests[Int(r)].generation, seq: 0, deadline: deadline)
        if let at = deployments[d].timeouts.arm(entry) {
            queue.schedule(.timeoutCheck(deployment: Int32(d)), at: SimInstant(nanoseconds: at))
        }
    }

    mutating func closePeriod(at now: SimInstant) {
        let shares = sink == nil ? [] : waitedShareRows(periodStart: lastPeriodEnd)
        metrics.closePeriod(at: now, sink: sink)
        if !shares.isEmpty { sink?.consume(shares) }
        lastPeriodEnd = now
    }
}
