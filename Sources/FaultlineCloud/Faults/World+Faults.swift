import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// A DynamoDB table at run time: capacity buckets and latency per operation.
struct TableRuntime: Sendable {
    var read: TokenBucket?
    var write: TokenBucket?
    /// Latency sampler per operation index (`World.operations`); nil: the service's own.
    var latency: [SamplerCore?]
    /// Whether each operation index writes.
    var writes: [Bool]
    /// Writes whose success reached the caller (what a caller can count as stored).
    var acknowledgedWrites: Int64 = 0
}

/// An API Gateway API at run time: the stage's throttle, shared by its routes.
struct APIRuntime: Sendable {
    var bucket: TokenBucket
}

extension World {
    // MARK: API faults

    /// A fault window opens or closes on the services it targets.
    mutating func faultEdge(fault i: Int, starting: Bool) {
        apiFaultActive[i] = starting
        if config.faults[i].action.isNetwork {
            network.setActive(fault: i, starting)
            return
        }
        for t in config.faults[i].targets {
            let s = Int(t.index)
            let on = apiFaultsByService[s].contains { apiFaultActive[$0] }
            for d in services[s].deployments { deployments[Int(d)].apiFaulted = on }
        }
    }

    /// Applies the active API faults of the request's service: an error answers it at once
    /// (returns true); a latency fault re-delivers it later (returns true); else false.
    mutating func injectAPIFault(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Bool {
        let s = Int(deployments[d].service)
        let op = operations[Int(requests[Int(r)].operation)]
        for i in apiFaultsByService[s] where apiFaultActive[i] {
            switch config.faults[i].action {
            case let .apiError(_, percentage, status, ops):
                guard ops.isEmpty || ops.contains(op) else { continue }
                guard apiFaultHandle.uniform() * 100 < percentage else { continue }
                let m = deployments[d].metrics
                if status == Status.throttled {
                    metrics.add(m.throttles, at: now)
                } else {
                    // A request the service answered at once with an error.
                    metrics.add(m.invocations, at: now)
                    metrics.add(m.errors, at: now)
                    metrics.record(m.duration, nanoseconds: 0, at: now)
                }
                if requests[Int(r)].flags & RequestFlags.async != 0 { requests[Int(r)].flags &= ~RequestFlags.async }
                if requests[Int(r)].batch >= 0 {
                    // An event source mapping's Invoke failed: the batch returns to the queue.
                    batchFinished(request: r, functionError: true, now: now, events: &queue)
                }
                countRouteStatus(deployment: d, status)
                respond(request: r, status: status, now: now, queue: &queue)
                freeRequest(r)
                return true
            case let .apiLatency(_, delay, ops):
                guard requests[Int(r)].flags & RequestFlags.faultDelayed == 0, ops.isEmpty || ops.contains(op) else { continue }
                requests[Int(r)].flags |= RequestFlags.faultDelayed
                queue.schedule(.deliver(request: r, generation: requests[Int(r)].generation), at: now + delay)
                return true
            default:
                continue
            }
        }
        return false
    }

    // MARK: Tables

    /// A DynamoDB request: capacity first (`ProvisionedThroughputExceededException`, a
    /// throttling error the SDK retries), then served in parallel after its operation's latency.
    mutating func admitTable(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let t = Int(deployments[d].kindIndex)
        let m = deployments[d].metrics
        let op = Int(requests[Int(r)].operation)
        let writes = op < tables[t].writes.count && tables[t].writes[op]
        var admitted = true
        if writes, tables[t].write != nil { admitted = tables[t].write!.tryTake(1, at: now) }
        if !writes, tables[t].read != nil { admitted = tables[t].read!.tryTake(1, at: now) }
        guard admitted else {
            metrics.add(m.throttles, at: now)
            respond(request: r, status: Status.throttled, now: now, queue: &queue)
            freeRequest(r)
            return
        }
        metrics.add(m.invocations, at: now)
        metrics.adjust(m.concurrency, by: 1, at: now)
        deployments[d].busy += 1
        requests[Int(r)].arrival = now
        requests[Int(r)].state = .inService
        requests[Int(r)].callIndex = deployments[d].callCount
        let work: Int64
        if op < tables[t].latency.count, tables[t].latency[op] != nil {
            work = tables[t].latency[op]!.sampleNanoseconds(deployments[d].stream)
        } else {
            work = deployments[d].serviceTime.sampleNanoseconds(deployments[d].stream)
        }
        queue.schedule(.workDone(request: r, generation: requests[Int(r)].generation), at: now + .nanoseconds(work))
    }

    // MARK: Topics

    /// SNS Publish: acknowledged at once, then delivered to every subscription (a queue gets a
    /// message; a function an asynchronous invocation).
    mutating func admitTopic(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let m = deployments[d].metrics
        metrics.add(m.invocations, at: now)
        let az = deployments[d].az
        respond(request: r, status: Status.ok, now: now, queue: &queue)
        freeRequest(r)
        let t = Int(deployments[d].kindIndex)
        for (i, sub) in topicSubscriptions[t].enumerated() {
            let c = sendDetached(to: Int(sub), fromAZ: az, now: now, queue: &queue)
            if topicToFunction[t][i] { requests[Int(c)].flags = RequestFlags.async }
            metrics.add(topicDelivered[Int(deployments[d].kindIndex)], at: now)
        }
    }

    // MARK: API Gateway

    /// A request reaches an API route: the stage throttle (429), then the Lambda proxy
    /// integration as the route's one call, with the integration timeout.
    mutating func admitRoute(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Bool {
        let a = Int(routeAPI[Int(deployments[d].kindIndex)])
        guard apis[a].bucket.tryTake(1, at: now) else {
            metrics.add(deployments[d].metrics.throttles, at: now)
            countRouteStatus(deployment: d, Status.throttled)
            respond(request: r, status: Status.throttled, now: now, queue: &queue)
            freeRequest(r)
            return false
        }
        return true
    }

    /// Tallies a response of an API route by HTTP status (not on the hot path of other kinds).
    mutating func countRouteStatus(deployment d: Int, _ status: UInt16) {
        guard deployments[d].kind == DeploymentKind.apiRoute else { return }
        routeStatusCounts[Int(deployments[d].kindIndex)][status, default: 0] += 1
    }

    /// What API Gateway answers when its Lambda integration failed with `status`.
    static func gatewayStatus(integration status: UInt16) -> UInt16 {
        switch status {
        case Status.throttled: return Status.internalError   // Lambda 429 cannot be mapped: 500
        case Status.functionError: return Status.badGateway   // function error / malformed: 502
        case Status.gatewayTimeout: return Status.gatewayTimeout
        default: return status
        }
    }
}
