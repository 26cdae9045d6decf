import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension World {
    // MARK: Admission

    /// A request reaches a Lambda function in one AZ: take concurrency, then a warm environment
    /// of the function anywhere in the Region (the request moves to that environment's AZ: its
    /// calls leave from there) or a new one in the request's AZ (a cold start, within the
    /// scale-up rate), else throttle with 429.
    ///
    /// https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
    mutating func admitLambda(request r: Int32, deployment routed: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        var d = routed
        let f = Int(core.deployments[d].function)
        let m = core.deployments[d].metrics
        // Requests per second are capped at 10 × concurrency, for the account and for a
        // function with reserved concurrency (sub-100 ms functions can hit this first).
        guard lambda.accountRate[Int(lambda.functions[f].region)].tryTake(1, at: now),
            lambda.functions[f].rateLimit == nil || lambda.functions[f].rateLimit!.tryTake(1, at: now)
        else {
            throttleLambda(request: r, now: now, queue: &queue)
            return
        }
        guard lambda.acquireConcurrency(function: f) else {
            throttleLambda(request: r, now: now, queue: &queue)
            return
        }
        var env = lambda.takeIdleEnvironment(function: f, now: now, core: &core)
        let cold = env < 0
        if !cold, Int(lambda.environments[Int(env)].deployment) != d {
            d = Int(lambda.environments[Int(env)].deployment)
            core.requests[Int(r)].deployment = Int32(d)
        }
        if cold {
            guard lambda.functions[f].takeScaleToken(at: now.nanoseconds) else {
                lambda.releaseConcurrency(function: f)
                throttleLambda(request: r, now: now, queue: &queue)
                return
            }
            env = lambda.createEnvironment(function: f, deployment: d, provisioned: false, now: now, core: &core)
        }
        core.metrics.add(m.invocations, at: now)
        core.metrics.adjust(m.concurrency, by: 1, at: now)
        if lambda.functions[f].scaler >= 0 { provisionedInvocation(function: f, environment: Int(env), now: now) }
        lambda.functions[f].inFlight += 1
        lambda.environments[Int(env)].busy = true
        core.requests[Int(r)].environment = env
        core.requests[Int(r)].arrival = now
        core.requests[Int(r)].flags.subtract(.drawnPerAttempt) // a retry is drawn afresh
        core.requests[Int(r)].state = .inService
        if core.requests[Int(r)].flags.contains(.async) {
            core.metrics.record(lambda.functions[f].metrics.asyncEventAge, nanoseconds: (now - core.requests[Int(r)].accepted).nanoseconds, at: now)
        }
        // Init (cold) comes before the Invoke phase; a wait for the extension's poll
        // (AWS_FIS_POLL_MAX_WAIT_MILLISECONDS) is inside it: billed, in Duration and under the timeout.
        var invokeStart = now.nanoseconds
        var start = invokeStart
        if cold {
            invokeStart += lambda.initialise(environment: Int(env), function: f, now: now, queue: &queue, core: &core)
            start = invokeStart
        } else if lambda.functions[f].hasExtension {
            start += lambda.thaw(environment: Int(env), function: f, at: start, queue: &queue, core: &core)
        }
        core.requests[Int(r)].invokeStart = SimInstant(nanoseconds: invokeStart)
        let (delay, prevented) = lambda.applyFaults(request: r, environment: Int(env), function: f, at: start, core: &core)
        if prevented { core.requests[Int(r)].flags.insert(.prevented) }
        let t = core.deployments[d].timeout
        if t > 0 {
            if invokeStart == now.nanoseconds {
                core.armDeploymentTimeout(r, deployment: d, deadline: invokeStart + t, queue: &queue) // in order
            } else {
                // After an Init the deadline is out of order: a heap event of its own.
                queue.schedule(.timeout(request: r, generation: core.requests[Int(r)].generation), at: SimInstant(nanoseconds: invokeStart + t))
            }
        }
        var work: Int64 = 0
        if prevented {
            core.requests[Int(r)].callIndex = core.deployments[d].callCount
        } else {
            work = core.deployments[d].serviceTime.sampleNanoseconds(core.deployments[d].stream)
        }
        queue.schedule(.workDone(request: r, generation: core.requests[Int(r)].generation), at: SimInstant(nanoseconds: start + delay + work))
    }

    /// 429 `TooManyRequestsException`: a synchronous caller gets it at once; an asynchronous
    /// event goes back to Lambda's queue and is retried with exponential backoff from 1 s up to
    /// 5 min, for as long as the event is younger than its maximum age.
    mutating func throttleLambda(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(core.requests[Int(r)].deployment)
        core.metrics.add(core.deployments[d].metrics.throttles, at: now)
        if core.requests[Int(r)].batch >= 0 {
            messaging.batchThrottled(request: r, now: now, events: &queue, core: &core)
            return
        }
        if core.requests[Int(r)].flags.contains(.async) {
            let k = Int64(min(core.requests[Int(r)].throttles, 9))
            core.requests[Int(r)].throttles &+= 1
            let backoff = min(Int64(1_000_000_000) << k, 300_000_000_000)
            retryAsync(request: r, after: backoff, now: now, queue: &queue)
            return
        }
        respond(request: r, status: Status.throttled, now: now, queue: &queue)
        core.freeRequest(r)
    }

    // MARK: Completion

    /// A Lambda invocation ends: record it, settle the extension's poll, free or reset the
    /// environment, then answer the caller (sync) or retry / dead-letter the event (async).
    mutating func finishLambda(request r: Int32, outcome: Outcome, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(core.requests[Int(r)].deployment)
        let f = Int(core.deployments[d].function)
        let m = core.deployments[d].metrics
        let flags = core.requests[Int(r)].flags
        var status: UInt16
        switch outcome {
        case .success: status = core.requests[Int(r)].returnStatus != 0 ? core.requests[Int(r)].returnStatus : Status.ok
        case .error: status = Status.functionError
        case .timedOut: status = Status.functionError
        }
        if outcome != .timedOut {
            if flags.contains(.faultError) { status = Status.functionError } else if flags.contains(.faultHTTP) { status = core.requests[Int(r)].faultStatus }
        }
        let functionError = outcome != .success || flags.contains(.faultError)
        let invokeStart = core.requests[Int(r)].invokeStart
        core.metrics.record(m.duration, nanoseconds: max(0, (now - invokeStart).nanoseconds), at: now)
        if functionError { core.metrics.add(m.errors, at: now) }
        if outcome == .timedOut { core.metrics.add(m.timeouts, at: now) }
        // The environment.
        let e = Int(core.requests[Int(r)].environment)
        if lambda.functions[f].hasExtension { lambda.freeze(environment: e, function: f, now: now, queue: &queue, core: &core) }
        lambda.environments[e].busy = false
        if lambda.functions[f].scaler >= 0, lambda.environments[e].provisioned { provisionedFinished(function: f, timedOut: outcome == .timedOut, now: now) }
        if outcome == .timedOut {
            lambda.destroyEnvironment(e, now: now, core: &core) // a timeout resets the environment; the next use re-inits
        } else if lambda.environments[e].provisioned {
            lambda.functions[f].provisionedIdle.append(Int32(e))
        } else {
            lambda.environments[e].expiresAt = now.nanoseconds + lambda.functions[f].idleLifetime.sampleNanoseconds(lambda.functions[f].environmentStream)
            lambda.parkIdle(environment: e, function: f, queue: &queue)
        }
        core.requests[Int(r)].environment = -1
        lambda.functions[f].inFlight -= 1
        lambda.releaseConcurrency(function: f)
        core.metrics.adjust(m.concurrency, by: -1, at: now)
        if core.requests[Int(r)].batch >= 0 {
            messaging.batchFinished(request: r, functionError: functionError, now: now, events: &queue, core: &core)
            core.freeRequest(r)
            return
        }
        if !flags.contains(.async) {
            respond(request: r, status: status, now: now, queue: &queue)
            core.freeRequest(r)
            return
        }
        // Asynchronous: function errors (incl. timeouts) are retried after ~1 min, then ~2 min.
        if functionError, Int32(core.requests[Int(r)].attempts) <= lambda.functions[f].maxRetryAttempts {
            let wait: Int64 = core.requests[Int(r)].attempts <= 1 ? 60_000_000_000 : 120_000_000_000
            core.requests[Int(r)].attempts &+= 1
            lambda.functions[f].asyncRetries += 1
            retryAsync(request: r, after: wait, now: now, queue: &queue)
        } else if functionError {
            failAsync(request: r, now: now, queue: &queue)
        } else {
            core.freeRequest(r)
        }
    }

    // MARK: Asynchronous invocation

    /// Lambda accepts an `Event` invocation: 202 to the caller at once, then the event is
    /// detached from it and attempted.
    mutating func acceptAsync(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(core.requests[Int(r)].deployment)
        let f = Int(core.deployments[d].function)
        core.metrics.add(lambda.functions[f].metrics.asyncEventsReceived, at: now)
        respond(request: r, status: Status.accepted, now: now, queue: &queue)
        core.requests[Int(r)].parent = -1
        core.requests[Int(r)].flags.insert(.async)
        core.requests[Int(r)].accepted = now
        core.requests[Int(r)].attempts = 1
        admitLambda(request: r, deployment: d, now: now, queue: &queue)
    }

    /// Puts an event back on Lambda's queue for another attempt after `wait` ns, unless it would
    /// then be older than the function's maximum event age.
    mutating func retryAsync(request r: Int32, after wait: Int64, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let f = Int(core.deployments[Int(core.requests[Int(r)].deployment)].function)
        let due = now.nanoseconds + wait
        guard due - core.requests[Int(r)].accepted.nanoseconds <= lambda.functions[f].maxEventAge else {
            failAsync(request: r, now: now, queue: &queue)
            return
        }
        // A new attempt: cancel the last one's pending timeout, workDone and call responses
        // (house rule 5), else a stale timeout would finish the waiting event a second time.
        core.requests[Int(r)].generation &+= 1
        core.requests[Int(r)].state = .asyncWaiting
        queue.schedule(.asyncRetry(request: r, generation: core.requests[Int(r)].generation), at: SimInstant(nanoseconds: due))
    }

    /// An event Lambda gives up on: sent to the on-failure destination, or dropped.
    mutating func failAsync(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(core.requests[Int(r)].deployment)
        let f = Int(core.deployments[d].function)
        let dest = lambda.functions[f].onFailure
        if dest >= 0 {
            lambda.functions[f].asyncToDestination += 1
            sendDetached(to: Int(dest), fromAZ: core.deployments[d].az, now: now, queue: &queue)
        } else {
            core.metrics.add(lambda.functions[f].metrics.asyncEventsDropped, at: now)
        }
        core.freeRequest(r)
    }

    /// A fire-and-forget message to another resource (an on-failure destination).
    @discardableResult
    mutating func sendDetached(to service: Int, fromAZ az: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Int32 {
        let local = core.services[service].deploymentByAZ[Int(az)]
        let d = local >= 0 ? local : core.pickDeployment(service, stream: core.networkHandle)
        let c = core.newRequest(service: service, deployment: d, callerAZ: az)
        queue.schedule(
            .deliver(request: c, generation: core.requests[Int(c)].generation), at: now + core.networkDelay(from: az, to: core.deployments[Int(d)].az))
        return c
    }
}
