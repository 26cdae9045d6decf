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
        services[Int(requests[Int(r)].service)].steps[Int(requests[Int(r)].callIndex)]
    }

    /// Starts the request's current step: the first attempt of its call.
    mutating func beginCall(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        requests[Int(r)].callAttempt = 0
        requests[Int(r)].quotaHeld = -1
        requests[Int(r)].state = .waitingCall
        let st = step(r)
        if st.usesClientState {
            let c = clientIndex(r)
            if clients[c].breaker != nil, !clients[c].breaker!.allow(at: now) {
                metrics.add(services[Int(requests[Int(r)].service)].clientMetrics.breakerRejections, at: now)
                callFinallyFailed(request: r, status: Status.serviceUnavailable, now: now, queue: &queue)
                return
            }
        }
        sendAttempt(request: r, now: now, queue: &queue)
    }

    mutating func clientIndex(_ r: Int32) -> Int {
        Int(deployments[Int(requests[Int(r)].deployment)].clientBase) + Int(requests[Int(r)].callIndex)
    }

    /// Sends one attempt of the current call over the network, unless an adaptive rate
    /// limiter makes it wait first.
    mutating func sendAttempt(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let st = step(r)
        requests[Int(r)].callSeq &+= 1
        let seq = requests[Int(r)].callSeq
        if st.usesClientState, clients[clientIndex(r)].limiter != nil {
            let c = clientIndex(r)
            let wait = clients[c].limiter!.acquireDelay(at: now)
            if wait > .zero {
                queue.schedule(.callRetry(request: r, generation: requests[Int(r)].generation, seq: seq), at: now + wait)
                return
            }
        }
        requests[Int(r)].callAttempt &+= 1
        let callerAZ = deployments[Int(requests[Int(r)].deployment)].az
        let stream = deployments[Int(requests[Int(r)].deployment)].stream
        let target = Int(st.target)
        var d: Int32
        if services[target].lb >= 0 {
            // Through the callee's load balancer (its node in the caller's AZ).
            d = routeThroughLoadBalancer(Int(services[target].lb), from: callerAZ, now: now)
            guard d >= 0 else {
                let hop = networkDelay(from: callerAZ, to: callerAZ)
                queue.schedule(.response(request: r, generation: requests[Int(r)].generation, status: Status.serviceUnavailable, seq: seq), at: now + hop + hop)
                return
            }
        } else {
            switch st.routing {
            case .sameAZ:
                let local = services[target].deploymentByAZ[Int(callerAZ)]
                d = local >= 0 ? local : pickDeployment(target, stream: stream)
            case .random:
                d = pickDeployment(target, stream: stream)
            }
        }
        if !db.clientOf.isEmpty, db.clientOf[clientIndex(r)] >= 0 {
            // A database call runs on its pool's connection, or fails at once without one.
            d = databaseInstanceDeployment(client: clientIndex(r))
            if d < 0 {
                databaseNotConnected(client: clientIndex(r), now: now)
                queue.schedule(.response(request: r, generation: requests[Int(r)].generation, status: Status.serviceUnavailable, seq: seq), at: now)
                return
            }
        }
        let parentGeneration = requests[Int(r)].generation
        var hop = networkDelay(from: callerAZ, to: deployments[Int(d)].az)
        if network.isActive {
            let from = Int(requests[Int(r)].deployment)
            guard let impaired = impairedHop(hop, from: from, to: Int(d), flow: UInt64(UInt32(bitPattern: r)) | UInt64(parentGeneration) << 32, now: now) else {
                // Never delivered (a NACL, a blackhole route, or TCP gave up): only the
                // caller's timeout ends the attempt.
                armCallTimeout(request: r, st: st, generation: parentGeneration, seq: seq, now: now, queue: &queue)
                return
            }
            hop = impaired
        }
        let c = allocateRequest()
        requests[Int(c)].service = Int32(target)
        requests[Int(c)].deployment = d
        requests[Int(c)].parent = r
        requests[Int(c)].parentGeneration = parentGeneration
        requests[Int(c)].parentSeq = seq
        requests[Int(c)].callerAZ = callerAZ
        requests[Int(c)].callIndex = 0
        requests[Int(c)].operation = services[Int(requests[Int(r)].service)].stepOperations[Int(requests[Int(r)].callIndex)]
        requests[Int(c)].state = .inTransit
        if st.invocation == .async { requests[Int(c)].flags = RequestFlags.async }
        queue.schedule(.deliver(request: c, generation: requests[Int(c)].generation), at: now + hop)
        armCallTimeout(request: r, st: st, generation: parentGeneration, seq: seq, now: now, queue: &queue)
    }

    /// Arms the attempt's client timeout (SDK read timeout), if the step has one.
    @inline(__always)
    mutating func armCallTimeout(request r: Int32, st: CallStep, generation: UInt32, seq: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        if st.timeout > 0 {
            let ci = clientIndex(r)
            let entry = TimeoutList.Entry(request: r, generation: generation, seq: seq, deadline: now.nanoseconds + st.timeout)
            if let at = clients[ci].timeouts.arm(entry) {
                queue.schedule(.callTimeoutCheck(client: Int32(ci)), at: SimInstant(nanoseconds: at))
            }
        }
    }

    /// Fires a client's expired per-attempt timeouts (an attempt still waiting for its answer),
    /// drops stale entries, and schedules the next check.
    mutating func checkCallTimeouts(client c: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        clients[c].timeouts.checkAt = .max
        while let front = clients[c].timeouts.entries.first {
            let r = Int(front.request)
            guard requests[r].generation == front.generation, requests[r].state == .waitingCall, requests[r].callSeq == front.seq else {
                clients[c].timeouts.entries.removeFirst()
                continue
            }
            guard front.deadline <= now.nanoseconds else { break }
            clients[c].timeouts.entries.removeFirst()
            callFailed(request: front.request, kind: .timeout, status: Status.gatewayTimeout, now: now, queue: &queue)
        }
        if let front = clients[c].timeouts.entries.first, clients[c].timeouts.checkAt == .max {
            clients[c].timeouts.checkAt = front.deadline
            queue.schedule(.callTimeoutCheck(client: Int32(c)), at: SimInstant(nanoseconds: front.deadline))
        }
    }

    /// The callee answered the current attempt.
    mutating func callAnswered(request r: Int32, status: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard Status.isFailure(status) else {
            let st = step(r)
            if st.usesClientState {
                let c = clientIndex(r)
                let held = requests[Int(r)].quotaHeld
                clients[c].quota?.recordSuccess(lastAcquired: held >= 0 ? Int(held) : nil)
                clients[c].limiter?.record(throttled: false, at: now)
                clients[c].breaker?.record(success: true, at: now)
            }
            let callee = Int(deployments[Int(services[Int(st.target)].deployments[0])].kindIndex)
            if callee >= 0, services[Int(st.target)].isTable {
                let op = Int(services[Int(requests[Int(r)].service)].stepOperations[Int(requests[Int(r)].callIndex)])
                if op < tables[callee].writes.count, tables[callee].writes[op] { tables[callee].acknowledgedWrites += 1 }
            }
            if requests[Int(r)].callIndex >= services[Int(requests[Int(r)].service)].mainStepCount {
                requests[Int(r)].returnStatus = st.returnsStatus
            } else if deployments[Int(requests[Int(r)].deployment)].kind == DeploymentKind.apiRoute {
                // A Lambda proxy integration passes the function's status code through (e.g. a
                // handler's fallbackStatus 202, or an HTTP-response fault's 201).
                requests[Int(r)].returnStatus = status
            }
            requests[Int(r)].callIndex = st.next
            advance(request: r, now: now, queue: &queue)
            return
        }
        callFailed(request: r, kind: failureKind(status: status), status: status, now: now, queue: &queue)
    }

    /// An attempt failed (an error status, or the client timeout): retry if the policy, the
    /// attempt count and the retry quota allow, else the call has finally failed.
    mutating func callFailed(request r: Int32, kind: FailureKind, status: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let st = step(r)
        requests[Int(r)].callSeq &+= 1 // a late answer to this attempt is now stale
        if st.usesClientState {
            let c = clientIndex(r)
            clients[c].limiter?.record(throttled: kind == .throttle, at: now)
            clients[c].breaker?.record(success: false, at: now)
            let attempt = Int(requests[Int(r)].callAttempt)
            let retry = services[Int(requests[Int(r)].service)].stepCalls[Int(requests[Int(r)].callIndex)].retry
            if retry.canRetry(afterAttempt: attempt, failure: kind) {
                var granted = true
                if clients[c].quota != nil {
                    if let taken = clients[c].quota!.acquire(for: kind) {
                        requests[Int(r)].quotaHeld = Int16(taken)
                    } else {
                        granted = false
                        metrics.add(services[Int(requests[Int(r)].service)].clientMetrics.quotaExhausted, at: now)
                    }
                }
                if granted {
                    let u = deployments[Int(requests[Int(r)].deployment)].stream.uniform()
                    let backoff = retry.backoff(afterAttempt: attempt, uniform: u)
                    metrics.add(services[Int(requests[Int(r)].service)].clientMetrics.retries, at: now)
                    queue.schedule(.callRetry(request: r, generation: requests[Int(r)].generation, seq: requests[Int(r)].callSeq), at: now + backoff)
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
            metrics.add(services[Int(requests[Int(r)].service)].clientMetrics.fallbacks, at: now)
            requests[Int(r)].callIndex = st.fallback
            beginCall(request: r, now: now, queue: &queue)
        } else if st.onError == .continue {
            requests[Int(r)].callIndex = st.next
            advance(request: r, now: now, queue: &queue)
        } else if requests[Int(r)].batch >= 0, batchReportsItemFailures(r) {
            if !batchMessageDone(request: r, failed: true, now: now, queue: &queue) {
                finish(request: r, outcome: .success, now: now, queue: &queue)
            }
        } else {
            if deployments[Int(requests[Int(r)].deployment)].kind == DeploymentKind.apiRoute {
                requests[Int(r)].returnStatus = World.gatewayStatus(integration: status)
            }
            finish(request: r, outcome: .error, now: now, queue: &queue)
        }
    }

    mutating func batchReportsItemFailures(_ r: Int32) -> Bool {
        queues[Int(batches[Int(requests[Int(r)].batch)].queue)].reportBatchItemFailures
    }
}

/// Client-side series of a calling service (emitted when it uses those features).
struct ClientMetrics: Sendable {
    let retries: CounterID
    let quotaExhausted: CounterID
    let breakerRejections: CounterID
    let fallbacks: CounterID
}
