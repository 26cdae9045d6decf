import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Calls from a handler to its dependencies, with the AWS SDK's client behaviour: per-attempt
/// timeouts, retries with backoff and a retry quota (standard), client-side rate limiting
/// (adaptive), a circuit breaker, and a fallback step when the call finally fails.
///
/// https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
extension World {
    mutating func step(_ r: Int32) -> CallStep {
        core.services[Int(core.requests[Int(r)].service)].steps[Int(core.requests[Int(r)].callIndex)]
    }

    /// Starts the request's current step: the first attempt of its call.
    mutating func beginCall(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        core.requests[Int(r)].callAttempt = 0
        core.requests[Int(r)].quotaHeld = -1
        core.requests[Int(r)].state = .waitingCall
        let st = step(r)
        if st.usesClientState {
            let c = clientIndex(r)
            if core.clients[c].breaker != nil, !core.clients[c].breaker!.allow(at: now) {
                core.metrics.add(core.services[Int(core.requests[Int(r)].service)].clientMetrics.breakerRejections, at: now)
                callFinallyFailed(request: r, status: Status.serviceUnavailable, now: now, queue: &queue)
                return
            }
        }
        sendAttempt(request: r, now: now, queue: &queue)
    }

    mutating func clientIndex(_ r: Int32) -> Int {
        Int(core.deployments[Int(core.requests[Int(r)].deployment)].clientBase) + Int(core.requests[Int(r)].callIndex)
    }

    /// Sends one attempt of the current call over the network, unless an adaptive rate
    /// limiter makes it wait first.
    mutating func sendAttempt(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let st = step(r)
        core.requests[Int(r)].callSeq &+= 1
        let seq = core.requests[Int(r)].callSeq
        if st.usesClientState, core.clients[clientIndex(r)].limiter != nil {
            let c = clientIndex(r)
            let wait = core.clients[c].limiter!.acquireDelay(at: now)
            if wait > .zero {
                queue.schedule(.callRetry(request: r, generation: core.requests[Int(r)].generation, seq: seq), at: now + wait)
                return
            }
        }
        core.requests[Int(r)].callAttempt &+= 1
        let callerAZ = core.deployments[Int(core.requests[Int(r)].deployment)].az
        let stream = core.deployments[Int(core.requests[Int(r)].deployment)].stream
        let target = Int(st.target)
        var d: Int32
        if core.services[target].lb >= 0 {
            // Through the callee's load balancer (its node in the caller's AZ).
            d = routeThroughLoadBalancer(Int(core.services[target].lb), from: callerAZ, now: now)
            guard d >= 0 else {
                let hop = core.networkDelay(from: callerAZ, to: callerAZ)
                queue.schedule(
                    .response(request: r, generation: core.requests[Int(r)].generation, status: Status.serviceUnavailable, seq: seq), at: now + hop + hop)
                return
            }
        } else {
            switch st.routing {
            case .sameAZ:
                let local = core.services[target].deploymentByAZ[Int(callerAZ)]
                d = local >= 0 ? local : core.pickDeployment(target, stream: stream)
            case .random:
                d = core.pickDeployment(target, stream: stream)
            }
        }
        if !db.clientOf.isEmpty, db.clientOf[clientIndex(r)] >= 0 {
            // A database call runs on its pool's connection, or fails at once without one.
            let ci = clientIndex(r)
            d = db.databaseInstanceDeployment(client: ci)
            if d < 0 {
                db.databaseNotConnected(client: ci, now: now, core: &core)
                queue.schedule(.response(request: r, generation: core.requests[Int(r)].generation, status: Status.serviceUnavailable, seq: seq), at: now)
                return
            }
        }
        let parentGeneration = core.requests[Int(r)].generation
        var hop = core.networkDelay(from: callerAZ, to: core.deployments[Int(d)].az)
        if network.isActive {
            let from = Int(core.requests[Int(r)].deployment)
            guard
                let impaired = network.impairedHop(
                    hop, from: from, to: Int(d), flow: UInt64(UInt32(bitPattern: r)) | UInt64(parentGeneration) << 32, now: now, core: &core)
            else {
                // Never delivered (a NACL, a blackhole route, or TCP gave up): only the
                // caller's timeout ends the attempt.
                armCallTimeout(request: r, st: st, generation: parentGeneration, seq: seq, now: now, queue: &queue)
                return
            }
            hop = impaired
        }
        let c = core.allocateRequest()
        core.requests[Int(c)].service = Int32(target)
        core.requests[Int(c)].deployment = d
        core.requests[Int(c)].parent = r
        core.requests[Int(c)].parentGeneration = parentGeneration
        core.requests[Int(c)].parentSeq = seq
        core.requests[Int(c)].callerAZ = callerAZ
        core.requests[Int(c)].callIndex = 0
        core.requests[Int(c)].operation = core.services[Int(core.requests[Int(r)].service)].stepOperations[Int(core.requests[Int(r)].callIndex)]
        core.requests[Int(c)].state = .inTransit
        if st.invocation == .async { core.requests[Int(c)].flags = .async }
        queue.schedule(.deliver(request: c, generation: core.requests[Int(c)].generation), at: now + hop)
        armCallTimeout(request: r, st: st, generation: parentGeneration, seq: seq, now: now, queue: &queue)
    }

    /// Arms the attempt's client timeout (SDK read timeout), if the step has one.
    @inline(__always)
    mutating func armCallTimeout(request r: Int32, st: CallStep, generation: UInt32, seq: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        if st.timeout > 0 {
            let ci = clientIndex(r)
            let entry = TimeoutList.Entry(request: r, generation: generation, seq: seq, deadline: now.nanoseconds + st.timeout)
            if let at = core.clients[ci].timeouts.arm(entry) {
                queue.schedule(.callTimeoutCheck(client: Int32(ci)), at: SimInstant(nanoseconds: at))
            }
        }
    }

    /// Fires a client's expired per-attempt timeouts (an attempt still waiting for its answer),
    /// drops stale entries, and schedules the next check.
    mutating func checkCallTimeouts(client c: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        core.clients[c].timeouts.checkAt = .max
        while let front = core.clients[c].timeouts.entries.first {
            let r = Int(front.request)
            guard core.requests[r].generation == front.generation, core.requests[r].state == .waitingCall, core.requests[r].callSeq == front.seq else {
                core.clients[c].timeouts.entries.removeFirst()
                continue
            }
            guard front.deadline <= now.nanoseconds else { break }
            core.clients[c].timeouts.entries.removeFirst()
            callFailed(request: front.request, kind: .timeout, status: Status.gatewayTimeout, now: now, queue: &queue)
        }
        if let front = core.clients[c].timeouts.entries.first, core.clients[c].timeouts.checkAt == .max {
            core.clients[c].timeouts.checkAt = front.deadline
            queue.schedule(.callTimeoutCheck(client: Int32(c)), at: SimInstant(nanoseconds: front.deadline))
        }
    }

    /// The callee answered the current attempt.
    mutating func callAnswered(request r: Int32, status: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard Status.isFailure(status) else {
            let st = step(r)
            if st.usesClientState {
                let c = clientIndex(r)
                let held = core.requests[Int(r)].quotaHeld
                core.clients[c].quota?.recordSuccess(lastAcquired: held >= 0 ? Int(held) : nil)
                core.clients[c].limiter?.record(throttled: false, at: now)
                core.clients[c].breaker?.record(success: true, at: now)
            }
            let callee = Int(core.deployments[Int(core.services[Int(st.target)].deployments[0])].kindIndex)
            if callee >= 0, core.services[Int(st.target)].isTable {
                let op = Int(core.services[Int(core.requests[Int(r)].service)].stepOperations[Int(core.requests[Int(r)].callIndex)])
                tables.acknowledged(table: callee, operation: op)
            }
            if core.requests[Int(r)].callIndex >= core.services[Int(core.requests[Int(r)].service)].mainStepCount {
                core.requests[Int(r)].returnStatus = st.returnsStatus
            } else if core.deployments[Int(core.requests[Int(r)].deployment)].kind == .apiRoute {
                // A Lambda proxy integration passes the function's status code through (e.g. a
                // handler's fallbackStatus 202, or an HTTP-response fault's 201).
                core.requests[Int(r)].returnStatus = status
            }
            core.requests[Int(r)].callIndex = st.next
            advance(request: r, now: now, queue: &queue)
            return
        }
        callFailed(request: r, kind: failureKind(status: status), status: status, now: now, queue: &queue)
    }

    /// An attempt failed (an error status, or the client timeout): retry if the policy, the
    /// attempt count and the retry quota allow, else the call has finally failed.
    mutating func callFailed(request r: Int32, kind: FailureKind, status: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let st = step(r)
        core.requests[Int(r)].callSeq &+= 1 // a late answer to this attempt is now stale
        if st.usesClientState {
            let c = clientIndex(r)
            core.clients[c].limiter?.record(throttled: kind == .throttle, at: now)
            core.clients[c].breaker?.record(success: false, at: now)
            let attempt = Int(core.requests[Int(r)].callAttempt)
            let retry = core.services[Int(core.requests[Int(r)].service)].stepCalls[Int(core.requests[Int(r)].callIndex)].retry
            if retry.canRetry(afterAttempt: attempt, failure: kind) {
                var granted = true
                if core.clients[c].quota != nil {
                    if let taken = core.clients[c].quota!.acquire(for: kind) {
                        core.requests[Int(r)].quotaHeld = Int16(taken)
                    } else {
                        granted = false
                        core.metrics.add(core.services[Int(core.requests[Int(r)].service)].clientMetrics.quotaExhausted, at: now)
                    }
                }
                if granted {
                    let u = core.deployments[Int(core.requests[Int(r)].deployment)].stream.uniform()
                    let backoff = retry.backoff(afterAttempt: attempt, uniform: u)
                    core.metrics.add(core.services[Int(core.requests[Int(r)].service)].clientMetrics.retries, at: now)
                    queue.schedule(.callRetry(request: r, generation: core.requests[Int(r)].generation, seq: core.requests[Int(r)].callSeq), at: now + backoff)
                    return
                }
            }
        }
        callFinallyFailed(request: r, status: status, now: now, queue: &queue)
    }

    /// No more attempts: run the fallback step, carry on, or fail the request (an API route
    /// answers with API Gateway's mapping of the integration's failure; a message of an SQS
    /// batch with ReportBatchItemFailures is marked failed and the batch goes on).
    mutating func callFinallyFailed(request r: Int32, status: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let st = step(r)
        if st.fallback >= 0 {
            core.metrics.add(core.services[Int(core.requests[Int(r)].service)].clientMetrics.fallbacks, at: now)
            core.requests[Int(r)].callIndex = st.fallback
            beginCall(request: r, now: now, queue: &queue)
        } else if st.onError == .continue {
            core.requests[Int(r)].callIndex = st.next
            advance(request: r, now: now, queue: &queue)
        } else if core.requests[Int(r)].batch >= 0, messaging.batchReportsItemFailures(r, core: &core) {
            if !messaging.batchMessageDone(request: r, failed: true, now: now, queue: &queue, core: &core) {
                finish(request: r, outcome: .success, now: now, queue: &queue)
            }
        } else {
            if core.deployments[Int(core.requests[Int(r)].deployment)].kind == .apiRoute {
                core.requests[Int(r)].returnStatus = APIGatewayState.gatewayStatus(integration: status)
            }
            finish(request: r, outcome: .error, now: now, queue: &queue)
        }
    }
}

/// Client-side series of a calling service (emitted when it uses those features).
struct ClientMetrics: Sendable {
    let retries: CounterID
    let quotaExhausted: CounterID
    let breakerRejections: CounterID
    let fallbacks: CounterID
}
