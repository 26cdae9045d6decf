import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension World {
    /// Dispatch: one `switch` over the event (house rule 3).
    public mutating func handle(_ payload: WorldEvent, at now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        clock = now
        switch payload {
        case let .arrival(w):
            arrive(workload: Int(w), now: now, queue: &queue)
        case let .workDone(r, g):
            guard requests[Int(r)].generation == g, requests[Int(r)].state == .inService else { return }
            if deployments[Int(requests[Int(r)].deployment)].kind == DeploymentKind.host { hostWorkDone(request: r, now: now) }
            advance(request: r, now: now, queue: &queue)
        case let .deliver(r, g):
            guard requests[Int(r)].generation == g else { return }
            if requests[Int(r)].flags & RequestFlags.async != 0 {
                // The Invoke call itself can meet an API fault before Lambda accepts the event.
                let d = Int(requests[Int(r)].deployment)
                if deployments[d].apiFaulted, injectAPIFault(request: r, deployment: d, now: now, queue: &queue) { return }
                requests[Int(r)].flags &= ~RequestFlags.async
                acceptAsync(request: r, now: now, queue: &queue)
            } else {
                admit(request: r, now: now, queue: &queue)
            }
        case let .asyncRetry(r, g):
            guard requests[Int(r)].generation == g, requests[Int(r)].state == .asyncWaiting else { return }
            admitLambda(request: r, deployment: Int(requests[Int(r)].deployment), now: now, queue: &queue)
        case let .timeoutCheck(d):
            checkTimeouts(deployment: Int(d), now: now, queue: &queue)
        case let .callTimeoutCheck(c):
            checkCallTimeouts(client: Int(c), now: now, queue: &queue)
        case let .queueWake(q):
            queueWake(queue: Int(q), now: now, events: &queue)
        case let .batchRetry(r, g):
            guard requests[Int(r)].generation == g, requests[Int(r)].state == .asyncWaiting else { return }
            admitLambda(request: r, deployment: Int(requests[Int(r)].deployment), now: now, queue: &queue)
        case let .faultEdge(f, starting):
            guard !apiFaultKilled[Int(f)] else { return }
            if config.faults[Int(f)].action.isDatabase {
                if starting { databaseFault(Int(f), now: now, queue: &queue) }
                return
            }
            if config.faults[Int(f)].action.isCompute {
                computeFaultEdge(fault: Int(f), starting: starting, now: now, queue: &queue)
            } else {
                faultEdge(fault: Int(f), starting: starting)
            }
        case let .hostTimer(h, kind, g):
            hostTimer(host: Int(h), kind: kind, generation: g, now: now, queue: &queue)
        case let .experimentStart(g):
            experimentStart(guard: Int(g), now: now)
            if !deferredComputeEnds.isEmpty { applyDeferredComputeEnds(now: now, queue: &queue) }
        case let .databasePhase(t, p, e):
            databasePhase(target: Int(t), phase: p, epoch: e, now: now, queue: &queue)
        case let .databaseReconnect(c, e):
            databaseReconnect(client: Int(c), epoch: e, now: now, queue: &queue)
        case let .extensionTimer(e, serial):
            extensionTimer(environment: Int(e), serial: serial, now: now, queue: &queue)
        case let .pollDone(e, poll):
            pollDone(environment: Int(e), poll: poll, now: now, queue: &queue)
        case let .reclaim(e, serial):
            reclaim(environment: Int(e), serial: serial, now: now, queue: &queue)
        case let .response(r, g, status, seq):
            guard requests[Int(r)].generation == g, requests[Int(r)].state == .waitingCall, requests[Int(r)].callSeq == seq else { return }
            callAnswered(request: r, status: status, now: now, queue: &queue)
        case let .callRetry(r, g, seq):
            guard requests[Int(r)].generation == g, requests[Int(r)].state == .waitingCall, requests[Int(r)].callSeq == seq else { return }
            sendAttempt(request: r, now: now, queue: &queue)
        case let .timeout(r, g):
            guard requests[Int(r)].generation == g else { return }
            finish(request: r, outcome: .timedOut, now: now, queue: &queue)
        case .periodEnd:
            if functions.count > 0 { compactIdleEnvironments() }
            for q in queues.indices {
                queues[q].store.advance(to: now)
                if queues[q].store.visibleCount > 0 {
                    metrics.record(queues[q].metrics.ageOfOldest, nanoseconds: queues[q].store.ageOfOldestMessage(at: now).nanoseconds, at: now)
                }
                updateQueueGauges(q, now: now)
            }
            closePeriod(at: now)
            if !alarmRuntimes.isEmpty { evaluateAlarms(now: now) }
            if compute.hasPolicies { evaluateScaling(now: now, queue: &queue) }
            if !deferredComputeEnds.isEmpty { applyDeferredComputeEnds(now: now, queue: &queue) }
            queue.schedule(.periodEnd, at: now + config.period)
        }
    }

    // MARK: Requests

    mutating func allocateRequest() -> Int32 {
        liveRequests += 1
        if liveRequests > config.limits.maxInFlight, haltReason == nil {
            haltReason = "more than \(config.limits.maxInFlight) requests were in flight at once (limits.maxInFlight); the system is overloaded without bound — add a queue capacity or a timeout, or raise the limit"
        }
        if let i = freeRequests.popLast() {
            requests[Int(i)].flags = 0
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

    /// A request reaches its deployment: start it, queue it, or reject it (throttle).
    mutating func admit(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(requests[Int(r)].deployment)
        if deployments[d].apiFaulted, injectAPIFault(request: r, deployment: d, now: now, queue: &queue) { return }
        switch deployments[d].kind {
        case DeploymentKind.generic: break
        case DeploymentKind.function: admitLambda(request: r, deployment: d, now: now, queue: &queue); return
        case DeploymentKind.table: admitTable(request: r, deployment: d, now: now, queue: &queue); return
        case DeploymentKind.queue: admitQueue(request: r, deployment: d, now: now, queue: &queue); return
        case DeploymentKind.topic: admitTopic(request: r, deployment: d, now: now, queue: &queue); return
        case DeploymentKind.host: guard admitHost(request: r, deployment: d, now: now, queue: &queue) else { return }
        case DeploymentKind.database: guard admitDatabase(request: r, deployment: d, now: now, queue: &queue) else { return }
        default: guard admitRoute(request: r, deployment: d, now: now, queue: &queue) else { return }
        }
        let m = deployments[d].metrics
        if deployments[d].busy < deployments[d].workers {
            metrics.add(m.invocations, at: now)
            requests[Int(r)].arrival = now
            armTimeout(r, deployment: d, now: now, queue: &queue)
            begin(request: r, deployment: d, now: now, queue: &queue)
            metrics.adjust(m.concurrency, by: 1, at: now)
        } else if deployments[d].queued < deployments[d].capacity {
            metrics.add(m.invocations, at: now)
            requests[Int(r)].arrival = now
            requests[Int(r)].state = .queued
            metrics.add(m.waited, at: now)
            deployments[d].queue.append(RequestRef(index: r, generation: requests[Int(r)].generation))
            deployments[d].queued += 1
            metrics.adjust(m.queueDepth, by: 1, at: now)
            armTimeout(r, deployment: d, now: now, queue: &queue)
        } else {
            metrics.add(m.throttles, at: now)
            if deployments[d].kind == DeploymentKind.host {
                // A host's web server answers 503 when its queue is full: a target 5XX.
                recordTargetResponse(deployment: d, status: Status.serviceUnavailable, duration: 0, now: now)
                respond(request: r, status: Status.serviceUnavailable, now: now, queue: &queue)
            } else {
                respond(request: r, status: Status.throttled, now: now, queue: &queue)
            }
            freeRequest(r)
        }
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

    /// Fires the deployment's expired timeouts, drops entries of requests already gone, and
    /// schedules the next check at the first live deadline.
    mutating func checkTimeouts(deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        deployments[d].timeouts.checkAt = .max
        while let front = deployments[d].timeouts.entries.first {
            guard requests[Int(front.request)].generation == front.generation else {
                deployments[d].timeouts.entries.removeFirst()
                continue
            }
            guard front.deadline <= now.nanoseconds else { break }
            deployments[d].timeouts.entries.removeFirst()
            finish(request: front.request, outcome: .timedOut, now: now, queue: &queue)
        }
        if let front = deployments[d].timeouts.entries.first, deployments[d].timeouts.checkAt == .max {
            deployments[d].timeouts.checkAt = front.deadline
            queue.schedule(.timeoutCheck(deployment: Int32(d)), at: SimInstant(nanoseconds: front.deadline))
        }
    }

    /// A worker takes the request: sample its local processing time. The caller moves the
    /// concurrency gauge (a worker handed straight from one request to the next does not).
    mutating func begin(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        deployments[d].busy += 1
        metrics.record(deployments[d].metrics.queueWait, nanoseconds: (now - requests[Int(r)].arrival).nanoseconds, at: now)
        requests[Int(r)].state = .inService
        var work = deployments[d].kind == DeploymentKind.database ? databaseWork(request: r, deployment: d)
            : deployments[d].serviceTime.sampleNanoseconds(deployments[d].stream)
        if deployments[d].kind == DeploymentKind.host { work = hostWork(work, deployment: d) }
        queue.schedule(.workDone(request: r, generation: requests[Int(r)].generation), at: now + .nanoseconds(work))
    }

    /// After local work or a call's response: make the next call, or complete.
    mutating func advance(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(requests[Int(r)].deployment)
        let ci = requests[Int(r)].callIndex
        if ci < deployments[d].callCount {
            beginCall(request: r, now: now, queue: &queue)
        } else {
            let p = deployments[d].errorProbability
            let failed = p > 0 && deployments[d].stream.bernoulli(p)
            if requests[Int(r)].batch >= 0, requests[Int(r)].flags & RequestFlags.prevented == 0 {
                if failed && !batchReportsItemFailures(r) {
                    finish(request: r, outcome: .error, now: now, queue: &queue)
                } else if !batchMessageDone(request: r, failed: failed, now: now, queue: &queue) {
                    finish(request: r, outcome: .success, now: now, queue: &queue)
                }
                return
            }
            finish(request: r, outcome: failed ? .error : .success, now: now, queue: &queue)
        }
    }

    // Helpers called from mutating code are `mutating` too: a non-mutating method on the
    // non-copyable World made the compiler copy all of `self` (912 bytes) to borrow it.
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

    /// The request leaves its service: record it, free its worker or queue slot, answer the caller.
    mutating func finish(request r: Int32, outcome: Outcome, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(requests[Int(r)].deployment)
        if deployments[d].function >= 0 {
            finishLambda(request: r, outcome: outcome, now: now, queue: &queue)
            return
        }
        let outcome = deployments[d].kind == DeploymentKind.database ? databaseFinished(request: r, deployment: d, outcome: outcome, now: now) : outcome
        let m = deployments[d].metrics
        metrics.record(m.duration, nanoseconds: (now - requests[Int(r)].arrival).nanoseconds, at: now)
        switch outcome {
        case .success: break
        case .error: metrics.add(m.errors, at: now)
        case .timedOut:
            metrics.add(m.errors, at: now)
            metrics.add(m.timeouts, at: now)
        }
        let state = requests[Int(r)].state
        let returned = requests[Int(r)].returnStatus
        let status = outcome == .success ? (returned != 0 ? returned : Status.ok)
            : (outcome == .timedOut ? Status.gatewayTimeout : (returned != 0 ? returned : Status.internalError))
        if deployments[d].kind == DeploymentKind.apiRoute { countRouteStatus(deployment: d, status) }
        if deployments[d].kind == DeploymentKind.host {
            recordTargetResponse(deployment: d, status: status, duration: (now - requests[Int(r)].arrival).nanoseconds,
                                 endsWork: state == .inService && outcome == .timedOut, now: now)
        }
        respond(request: r, status: status, now: now, queue: &queue)
        freeRequest(r)
        if state == .queued {
            deployments[d].queued -= 1
            metrics.adjust(m.queueDepth, by: -1, at: now)
        } else {
            deployments[d].busy -= 1
            let started = startNext(deployment: d, now: now, queue: &queue)
            if started != 1 { metrics.adjust(m.concurrency, by: Int64(started - 1), at: now) }
        }
    }

    /// Hands freed workers to the oldest live queued requests; returns how many started.
    mutating func startNext(deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Int {
        var started = 0
        while deployments[d].busy < deployments[d].workers, let next = deployments[d].queue.popFirst() {
            guard requests[Int(next.index)].generation == next.generation else { continue }
            deployments[d].queued -= 1
            begin(request: next.index, deployment: d, now: now, queue: &queue)
            started += 1
        }
        if started > 0 { metrics.adjust(deployments[d].metrics.queueDepth, by: Int64(-started), at: now) }
        return started
    }

    /// Sends the response back to a waiting caller, if any, over the network.
    mutating func respond(request r: Int32, status: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let parent = requests[Int(r)].parent
        guard parent >= 0 else {
            ledgerAnswer(request: r, status: status, now: now)
            return
        }
        var hop = networkDelay(from: deployments[Int(requests[Int(r)].deployment)].az, to: requests[Int(r)].callerAZ)
        let parentGeneration = requests[Int(r)].parentGeneration
        if network.isActive, requests[Int(parent)].generation == parentGeneration {
            // The response travels the same flow back (NACLs are stateless: it can be dropped too).
            let flow = UInt64(UInt32(bitPattern: parent)) | UInt64(parentGeneration) << 32
            guard let impaired = impairedHop(hop, from: Int(requests[Int(r)].deployment), to: Int(requests[Int(parent)].deployment), flow: flow, now: now) else { return }
            hop = impaired
        }
        queue.schedule(.response(request: parent, generation: requests[Int(r)].parentGeneration, status: status, seq: requests[Int(r)].parentSeq), at: now + hop)
    }

    mutating func closePeriod(at now: SimInstant) {
        let shares = sink == nil ? [] : waitedShareRows(periodStart: lastPeriodEnd)
        metrics.closePeriod(at: now, sink: sink)
        if !shares.isEmpty { sink?.consume(shares) }
        lastPeriodEnd = now
    }
}
