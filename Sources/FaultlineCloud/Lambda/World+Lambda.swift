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
        let f = Int(deployments[d].function)
        let m = deployments[d].metrics
        // Requests per second are capped at 10 × concurrency, for the account and for a
        // function with reserved concurrency (sub-100 ms functions can hit this first).
        guard accountRate[Int(functions[f].region)].tryTake(1, at: now),
              functions[f].rateLimit == nil || functions[f].rateLimit!.tryTake(1, at: now) else {
            throttleLambda(request: r, now: now, queue: &queue)
            return
        }
        guard acquireConcurrency(function: f) else {
            throttleLambda(request: r, now: now, queue: &queue)
            return
        }
        var env = takeIdleEnvironment(function: f, now: now)
        let cold = env < 0
        if !cold, Int(environments[Int(env)].deployment) != d {
            d = Int(environments[Int(env)].deployment)
            requests[Int(r)].deployment = Int32(d)
        }
        if cold {
            guard functions[f].takeScaleToken(at: now.nanoseconds) else {
                releaseConcurrency(function: f)
                throttleLambda(request: r, now: now, queue: &queue)
                return
            }
            env = createEnvironment(function: f, deployment: d, provisioned: false, now: now)
        }
        metrics.add(m.invocations, at: now)
        metrics.adjust(m.concurrency, by: 1, at: now)
        functions[f].inFlight += 1
        environments[Int(env)].busy = true
        requests[Int(r)].environment = env
        requests[Int(r)].arrival = now
        requests[Int(r)].flags &= ~(RequestFlags.faultError | RequestFlags.faultHTTP | RequestFlags.prevented) // a retry is drawn afresh
        requests[Int(r)].state = .inService
        if requests[Int(r)].flags & RequestFlags.async != 0 {
            metrics.record(functions[f].metrics.asyncEventAge, nanoseconds: (now - requests[Int(r)].accepted).nanoseconds, at: now)
        }
        // Init (cold) comes before the Invoke phase; a wait for the extension's poll
        // (AWS_FIS_POLL_MAX_WAIT_MILLISECONDS) is inside it: billed, in Duration and under the timeout.
        var invokeStart = now.nanoseconds
        var start = invokeStart
        if cold {
            invokeStart += initialise(environment: Int(env), function: f, now: now, queue: &queue)
            start = invokeStart
        } else if functions[f].hasExtension {
            start += thaw(environment: Int(env), function: f, at: start, queue: &queue)
        }
        requests[Int(r)].invokeStart = SimInstant(nanoseconds: invokeStart)
        let (delay, prevented) = applyFaults(request: r, environment: Int(env), function: f, at: start)
        if prevented { requests[Int(r)].flags |= RequestFlags.prevented }
        let t = deployments[d].timeout
        if t > 0 {
            if invokeStart == now.nanoseconds {
                armDeploymentTimeout(r, deployment: d, deadline: invokeStart + t, queue: &queue) // in order
            } else {
                // After an Init the deadline is out of order: a heap event of its own.
                queue.schedule(.timeout(request: r, generation: requests[Int(r)].generation), at: SimInstant(nanoseconds: invokeStart + t))
            }
        }
        var work: Int64 = 0
        if prevented {
            requests[Int(r)].callIndex = deployments[d].callCount
        } else {
            work = deployments[d].serviceTime.sampleNanoseconds(deployments[d].stream)
        }
        queue.schedule(.workDone(request: r, generation: requests[Int(r)].generation), at: SimInstant(nanoseconds: start + delay + work))
    }

    /// Reserved concurrency caps the function; otherwise the Region's unreserved pool does.
    mutating func acquireConcurrency(function f: Int) -> Bool {
        let reserved = functions[f].reserved
        if reserved >= 0 { return functions[f].inFlight < reserved }
        let region = Int(functions[f].region)
        guard unreservedInUse[region] < unreservedLimit[region] else { return false }
        unreservedInUse[region] += 1
        return true
    }

    mutating func releaseConcurrency(function f: Int) {
        if functions[f].reserved < 0 { unreservedInUse[Int(functions[f].region)] -= 1 }
    }

    /// 429 `TooManyRequestsException`: a synchronous caller gets it at once; an asynchronous
    /// event goes back to Lambda's queue and is retried with exponential backoff from 1 s up to
    /// 5 min, for as long as the event is younger than its maximum age.
    mutating func throttleLambda(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(requests[Int(r)].deployment)
        metrics.add(deployments[d].metrics.throttles, at: now)
        if requests[Int(r)].batch >= 0 {
            batchThrottled(request: r, now: now, events: &queue)
            return
        }
        if requests[Int(r)].flags & RequestFlags.async != 0 {
            let k = Int64(min(requests[Int(r)].throttles, 9))
            requests[Int(r)].throttles &+= 1
            let backoff = min(Int64(1_000_000_000) << k, 300_000_000_000)
            retryAsync(request: r, after: backoff, now: now, queue: &queue)
            return
        }
        respond(request: r, status: Status.throttled, now: now, queue: &queue)
        freeRequest(r)
    }

    // MARK: Environments

    /// The most recently used idle environment of the function in the Region that Lambda has
    /// not reclaimed (provisioned ones first); expired ones met on the way are reclaimed.
    mutating func takeIdleEnvironment(function f: Int, now: SimInstant) -> Int32 {
        if let e = functions[f].provisionedIdle.popLast() { return e }
        while let ref = functions[f].idle.popLast() {
            let e = Int(ref.environment)
            guard environments[e].live, environments[e].serial == ref.serial, !environments[e].busy else {
                functions[f].staleIdle -= 1
                continue
            }
            if environments[e].expiresAt > now.nanoseconds { return ref.environment }
            destroyEnvironment(e, now: now)
        }
        return -1
    }

    /// An on-demand environment becomes idle until `expiresAt`; Lambda reclaims it then unless
    /// it is used again (one pending `reclaim` event per environment, moved on when it fires early).
    mutating func parkIdle(environment e: Int, function f: Int, queue: inout EventQueue<WorldEvent>) {
        functions[f].idle.append(IdleRef(environment: Int32(e), serial: environments[e].serial))
        guard !environments[e].reclaimPending else { return }
        environments[e].reclaimPending = true
        queue.schedule(.reclaim(environment: Int32(e), serial: environments[e].serial), at: SimInstant(nanoseconds: environments[e].expiresAt))
    }

    /// An idle environment's reclaim deadline may have come: reclaim it (its idle-stack entry
    /// becomes stale), or look again at its new deadline if it was used meanwhile.
    mutating func reclaim(environment e: Int, serial: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard environments[e].live, environments[e].serial == serial else { return }
        environments[e].reclaimPending = false
        guard !environments[e].busy else { return } // re-armed when it next goes idle
        if environments[e].expiresAt > now.nanoseconds {
            environments[e].reclaimPending = true
            queue.schedule(.reclaim(environment: Int32(e), serial: serial), at: SimInstant(nanoseconds: environments[e].expiresAt))
            return
        }
        functions[Int(environments[e].function)].staleIdle += 1
        destroyEnvironment(e, now: now)
    }

    mutating func createEnvironment(function f: Int, deployment d: Int, provisioned: Bool, now: SimInstant) -> Int32 {
        let e: Int32
        if let free = freeEnvironments.popLast() { e = free } else {
            environments.append(Environment())
            e = Int32(environments.count - 1)
        }
        environmentSerial += 1
        // A reused slot keeps counting poll generations, so its predecessor's events stay stale.
        let pollGeneration = environments[Int(e)].pollGeneration &+ 1
        environments[Int(e)] = Environment(serial: environmentSerial, createdAt: now.nanoseconds, function: Int32(f), deployment: Int32(d),
                                           busy: false, provisioned: provisioned, live: true)
        environments[Int(e)].pollGeneration = pollGeneration
        functions[f].environmentsCreated += 1
        metrics.adjust(functions[f].metrics.environments, by: 1, at: now)
        return e
    }

    mutating func destroyEnvironment(_ e: Int, now: SimInstant) {
        let f = Int(environments[e].function)
        if environments[e].view & functions[f].faultMask != 0 {
            metrics.adjust(functions[f].metrics.faultAwareEnvironments, by: -1, at: now)
        }
        environments[e].live = false
        metrics.adjust(functions[f].metrics.environments, by: -1, at: now)
        freeEnvironments.append(Int32(e))
    }

    /// The Init phase of a new environment, in ns: the function's init plus, with the FIS
    /// extension, its initial check of the configuration location, so that a new environment
    /// applies active faults from its first invocation.
    mutating func initialise(environment e: Int, function f: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Int64 {
        var total = functions[f].initTime.sampleNanoseconds(functions[f].environmentStream)
        if functions[f].hasExtension {
            total += functions[f].pollDuration.sampleNanoseconds(functions[f].environmentStream)
            metrics.add(functions[f].metrics.extensionPolls, at: now)
            completePoll(environment: e, function: f, at: now.nanoseconds + total, now: now, queue: &queue)
        }
        metrics.add(functions[f].metrics.coldStarts, at: now)
        metrics.record(functions[f].metrics.initDuration, nanoseconds: total, at: now)
        return total
    }

    /// Creates the environments that exist when the run starts, spread over the function's AZs:
    /// provisioned ones (never reclaimed) and pre-warmed on-demand ones (idle, reclaimed after an
    /// idle lifetime). They were created at different times before the run, so each extension
    /// is at its own phase of the slow poll: its last poll completed a uniform fraction of the
    /// interval ago (drawn from the function's environment stream), before any fault started.
    mutating func startProvisioned(now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        for f in 0..<functions.count {
            let s = Int(functions[f].service)
            guard let config = services[s].config.kind.function, config.provisionedConcurrency + config.prewarmed > 0 else { continue }
            let own = services[s].deployments
            for i in 0..<(config.provisionedConcurrency + config.prewarmed) {
                let provisioned = i < config.provisionedConcurrency
                let d = Int(own[i % own.count])
                let e = createEnvironment(function: f, deployment: d, provisioned: provisioned, now: now)
                if functions[f].hasExtension {
                    let slow = functions[f].slowPoll
                    let due = now.nanoseconds + max(1, Int64(functions[f].environmentStream.uniform() * Double(slow)))
                    environments[Int(e)].nextPollDue = due
                    queue.schedule(.extensionTimer(environment: e, serial: environments[Int(e)].serial), at: SimInstant(nanoseconds: due))
                }
                if provisioned {
                    environments[Int(e)].expiresAt = Int64.max
                    functions[f].provisionedIdle.append(e)
                } else {
                    environments[Int(e)].expiresAt = now.nanoseconds + functions[f].idleLifetime.sampleNanoseconds(functions[f].environmentStream)
                    parkIdle(environment: Int(e), function: f, queue: &queue)
                }
            }
        }
    }

    /// Drops the idle-stack entries of environments reclaimed while idle (at each period end,
    /// so the stacks do not grow; the `Environments` gauge already fell when each was reclaimed).
    mutating func compactIdleEnvironments() {
        for f in 0..<functions.count where functions[f].staleIdle > 0 {
            var kept = functions[f].idle
            kept.removeAll()
            for ref in functions[f].idle {
                let e = Int(ref.environment)
                if environments[e].live, environments[e].serial == ref.serial, !environments[e].busy { kept.append(ref) }
            }
            functions[f].idle = kept
            functions[f].staleIdle = 0
        }
    }

    // MARK: Completion

    /// A Lambda invocation ends: record it, settle the extension's poll, free or reset the
    /// environment, then answer the caller (sync) or retry / dead-letter the event (async).
    mutating func finishLambda(request r: Int32, outcome: Outcome, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(requests[Int(r)].deployment)
        let f = Int(deployments[d].function)
        let m = deployments[d].metrics
        let flags = requests[Int(r)].flags
        var status: UInt16
        switch outcome {
        case .success: status = requests[Int(r)].returnStatus != 0 ? requests[Int(r)].returnStatus : Status.ok
        case .error: status = Status.functionError
        case .timedOut: status = Status.functionError
        }
        if outcome != .timedOut {
            if flags & RequestFlags.faultError != 0 { status = Status.functionError }
            else if flags & RequestFlags.faultHTTP != 0 { status = requests[Int(r)].faultStatus }
        }
        let functionError = outcome != .success || flags & RequestFlags.faultError != 0
        let invokeStart = requests[Int(r)].invokeStart
        metrics.record(m.duration, nanoseconds: max(0, (now - invokeStart).nanoseconds), at: now)
        if functionError { metrics.add(m.errors, at: now) }
        if outcome == .timedOut { metrics.add(m.timeouts, at: now) }
        // The environment.
        let e = Int(requests[Int(r)].environment)
        if functions[f].hasExtension { freeze(environment: e, function: f, now: now, queue: &queue) }
        environments[e].busy = false
        if outcome == .timedOut {
            destroyEnvironment(e, now: now) // a timeout resets the environment; the next use re-inits
        } else if environments[e].provisioned {
            functions[f].provisionedIdle.append(Int32(e))
        } else {
            environments[e].expiresAt = now.nanoseconds + functions[f].idleLifetime.sampleNanoseconds(functions[f].environmentStream)
            parkIdle(environment: e, function: f, queue: &queue)
        }
        requests[Int(r)].environment = -1
        functions[f].inFlight -= 1
        releaseConcurrency(function: f)
        metrics.adjust(m.concurrency, by: -1, at: now)
        if requests[Int(r)].batch >= 0 {
            batchFinished(request: r, functionError: functionError, now: now, events: &queue)
            freeRequest(r)
            return
        }
        if flags & RequestFlags.async == 0 {
            respond(request: r, status: status, now: now, queue: &queue)
            freeRequest(r)
            return
        }
        // Asynchronous: function errors (incl. timeouts) are retried after ~1 min, then ~2 min.
        if functionError, Int32(requests[Int(r)].attempts) <= functions[f].maxRetryAttempts {
            let wait: Int64 = requests[Int(r)].attempts <= 1 ? 60_000_000_000 : 120_000_000_000
            requests[Int(r)].attempts &+= 1
            functions[f].asyncRetries += 1
            retryAsync(request: r, after: wait, now: now, queue: &queue)
        } else if functionError {
            failAsync(request: r, now: now, queue: &queue)
        } else {
            freeRequest(r)
        }
    }

    // MARK: Asynchronous invocation

    /// Lambda accepts an `Event` invocation: 202 to the caller at once, then the event is
    /// detached from it and attempted.
    mutating func acceptAsync(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(requests[Int(r)].deployment)
        let f = Int(deployments[d].function)
        metrics.add(functions[f].metrics.asyncEventsReceived, at: now)
        respond(request: r, status: Status.accepted, now: now, queue: &queue)
        requests[Int(r)].parent = -1
        requests[Int(r)].flags |= RequestFlags.async
        requests[Int(r)].accepted = now
        requests[Int(r)].attempts = 1
        admitLambda(request: r, deployment: d, now: now, queue: &queue)
    }

    /// Puts an event back on Lambda's queue for another attempt after `wait` ns, unless it would
    /// then be older than the function's maximum event age.
    mutating func retryAsync(request r: Int32, after wait: Int64, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let f = Int(deployments[Int(requests[Int(r)].deployment)].function)
        let due = now.nanoseconds + wait
        guard due - requests[Int(r)].accepted.nanoseconds <= functions[f].maxEventAge else {
            failAsync(request: r, now: now, queue: &queue)
            return
        }
        // A new attempt: cancel the last one's pending timeout, workDone and call responses
        // (house rule 5), else a stale timeout would finish the waiting event a second time.
        requests[Int(r)].generation &+= 1
        requests[Int(r)].state = .asyncWaiting
        queue.schedule(.asyncRetry(request: r, generation: requests[Int(r)].generation), at: SimInstant(nanoseconds: due))
    }

    /// An event Lambda gives up on: sent to the on-failure destination, or dropped.
    mutating func failAsync(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(requests[Int(r)].deployment)
        let f = Int(deployments[d].function)
        let dest = functions[f].onFailure
        if dest >= 0 {
            functions[f].asyncToDestination += 1
            sendDetached(to: Int(dest), fromAZ: deployments[d].az, now: now, queue: &queue)
        } else {
            metrics.add(functions[f].metrics.asyncEventsDropped, at: now)
        }
        freeRequest(r)
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

    /// A fire-and-forget message to another resource (an on-failure destination).
    @discardableResult
    mutating func sendDetached(to service: Int, fromAZ az: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Int32 {
        let local = services[service].deploymentByAZ[Int(az)]
        let d = local >= 0 ? local : pickDeployment(service, stream: networkHandle)
        let c = newRequest(service: service, deployment: d, callerAZ: az)
        queue.schedule(.deliver(request: c, generation: requests[Int(c)].generation), at: now + networkDelay(from: az, to: deployments[Int(d)].az))
        return c
    }
}
