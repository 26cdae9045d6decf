import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension World {
    /// Handles one event outside the engine's loop (no fingerprint is kept).
    public mutating func handle(_ payload: WorldEvent, at now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        var unused = Fingerprint()
        dispatch(payload, at: now, queue: &queue, fingerprint: &unused)
    }

    /// Dispatch: one `switch` over the event (house rule 3). Each case folds the event's
    /// fingerprint word in first (the word's own `switch` folds away there, the kind being known),
    /// so an event costs one branch on its kind, not two (``EventHandler/dispatch(_:at:queue:fingerprint:)``).
    public mutating func dispatch(_ payload: WorldEvent, at now: SimInstant, queue: inout EventQueue<WorldEvent>, fingerprint: inout Fingerprint) {
        core.clock = now
        switch payload {
        case .arrival(let w):
            fingerprint.combine(payload.fingerprintWord)
            arrive(workload: Int(w), now: now, queue: &queue)
        case .workDone(let r, let g):
            fingerprint.combine(payload.fingerprintWord)
            guard core.requests[Int(r)].generation == g, core.requests[Int(r)].state == .inService else { return }
            if core.deployments[Int(core.requests[Int(r)].deployment)].kind == .host { hostWorkDone(request: r, now: now) }
            advance(request: r, now: now, queue: &queue)
        case .deliver(let r, let g):
            fingerprint.combine(payload.fingerprintWord)
            guard core.requests[Int(r)].generation == g else { return }
            if core.requests[Int(r)].flags.contains(.async) {
                // The Invoke call itself can meet an API fault before Lambda accepts the event.
                let d = Int(core.requests[Int(r)].deployment)
                if core.deployments[d].apiFaulted, injectAPIFault(request: r, deployment: d, now: now, queue: &queue) { return }
                core.requests[Int(r)].flags.remove(.async)
                acceptAsync(request: r, now: now, queue: &queue)
            } else {
                admit(request: r, now: now, queue: &queue)
            }
        case .asyncRetry(let r, let g):
            fingerprint.combine(payload.fingerprintWord)
            guard core.requests[Int(r)].generation == g, core.requests[Int(r)].state == .asyncWaiting else { return }
            admitLambda(request: r, deployment: Int(core.requests[Int(r)].deployment), now: now, queue: &queue)
        case .timeoutCheck(let d):
            fingerprint.combine(payload.fingerprintWord)
            checkTimeouts(deployment: Int(d), now: now, queue: &queue)
        case .callTimeoutCheck(let c):
            fingerprint.combine(payload.fingerprintWord)
            checkCallTimeouts(client: Int(c), now: now, queue: &queue)
        case .queueWake(let q):
            fingerprint.combine(payload.fingerprintWord)
            messaging.queueWake(queue: Int(q), now: now, events: &queue, core: &core)
        case .batchRetry(let r, let g):
            fingerprint.combine(payload.fingerprintWord)
            guard core.requests[Int(r)].generation == g, core.requests[Int(r)].state == .asyncWaiting else { return }
            admitLambda(request: r, deployment: Int(core.requests[Int(r)].deployment), now: now, queue: &queue)
        case .faultEdge(let f, let starting):
            fingerprint.combine(payload.fingerprintWord)
            guard !faults.killed[Int(f)] else { return }
            switch core.config.faults[Int(f)].action.family {
            case .database: if starting { db.databaseFault(Int(f), now: now, queue: &queue, core: &core) }
            case .compute: computeFaultEdge(fault: Int(f), starting: starting, now: now, queue: &queue)
            case .network: networkFaultEdge(fault: Int(f), starting: starting)
            case .api: apiFaultEdge(fault: Int(f), starting: starting)
            case .lambda: break // no edges: extensions see the configuration at their polls
            }
        case .hostTimer(let h, let kind, let g):
            fingerprint.combine(payload.fingerprintWord)
            hostTimer(host: Int(h), kind: kind, generation: g, now: now, queue: &queue)
        case .experimentStart(let g):
            fingerprint.combine(payload.fingerprintWord)
            experimentStart(guard: Int(g), now: now, queue: &queue)
        case .databasePhase(let t, let p, let e):
            fingerprint.combine(payload.fingerprintWord)
            db.databasePhase(target: Int(t), phase: p, epoch: e, now: now, queue: &queue, core: &core)
        case .databaseReconnect(let c, let e):
            fingerprint.combine(payload.fingerprintWord)
            db.databaseReconnect(client: Int(c), epoch: e, now: now, queue: &queue, core: &core)
        case .extensionTimer(let e, let serial):
            fingerprint.combine(payload.fingerprintWord)
            lambda.extensionTimer(environment: Int(e), serial: serial, now: now, queue: &queue, core: &core)
        case .pollDone(let e, let poll):
            fingerprint.combine(payload.fingerprintWord)
            lambda.pollDone(environment: Int(e), poll: poll, now: now, queue: &queue, core: &core)
        case .reclaim(let e, let serial):
            fingerprint.combine(payload.fingerprintWord)
            lambda.reclaim(environment: Int(e), serial: serial, now: now, queue: &queue, core: &core)
        case .provisionedReady(let e, let serial):
            fingerprint.combine(payload.fingerprintWord)
            provisionedReady(environment: Int(e), serial: serial, now: now, queue: &queue)
        case .response(let r, let g, let status, let seq):
            fingerprint.combine(payload.fingerprintWord)
            guard core.requests[Int(r)].generation == g, core.requests[Int(r)].state == .waitingCall, core.requests[Int(r)].callSeq == seq else { return }
            callAnswered(request: r, status: status, now: now, queue: &queue)
        case .callRetry(let r, let g, let seq):
            fingerprint.combine(payload.fingerprintWord)
            guard core.requests[Int(r)].generation == g, core.requests[Int(r)].state == .waitingCall, core.requests[Int(r)].callSeq == seq else { return }
            sendAttempt(request: r, now: now, queue: &queue)
        case .timeout(let r, let g):
            fingerprint.combine(payload.fingerprintWord)
            guard core.requests[Int(r)].generation == g else { return }
            finish(request: r, outcome: .timedOut, now: now, queue: &queue)
        case .periodEnd:
            fingerprint.combine(payload.fingerprintWord)
            if lambda.functions.count > 0 { lambda.compactIdleEnvironments() }
            if !messaging.queues.isEmpty { messaging.periodEnd(now: now, core: &core) }
            core.closePeriod(at: now)
            if !alarms.runtimes.isEmpty { evaluateAlarms(now: now, queue: &queue) }
            if compute.hasPolicies { evaluateScaling(now: now, queue: &queue) }
            if !lambda.scalers.isEmpty { evaluateProvisionedScaling(now: now, queue: &queue) }
            queue.schedule(.periodEnd, at: now + core.config.period)
        }
    }

    // MARK: Requests

    /// A request reaches its deployment: start it, queue it, or reject it (throttle).
    mutating func admit(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(core.requests[Int(r)].deployment)
        if core.deployments[d].apiFaulted, injectAPIFault(request: r, deployment: d, now: now, queue: &queue) { return }
        switch core.deployments[d].kind {
        case .generic: break
        case .function:
            admitLambda(request: r, deployment: d, now: now, queue: &queue)
            return
        case .table:
            admitTable(request: r, deployment: d, now: now, queue: &queue)
            return
        case .queue:
            admitQueue(request: r, deployment: d, now: now, queue: &queue)
            return
        case .topic:
            admitTopic(request: r, deployment: d, now: now, queue: &queue)
            return
        case .host: guard admitHost(request: r, deployment: d, now: now, queue: &queue) else { return }
        case .database: guard admitDatabase(request: r, deployment: d, now: now, queue: &queue) else { return }
        case .apiRoute: guard admitRoute(request: r, deployment: d, now: now, queue: &queue) else { return }
        }
        let m = core.deployments[d].metrics
        if core.deployments[d].busy < core.deployments[d].workers {
            core.metrics.add(m.invocations, at: now)
            core.requests[Int(r)].arrival = now
            core.armTimeout(r, deployment: d, now: now, queue: &queue)
            begin(request: r, deployment: d, now: now, queue: &queue)
            core.metrics.adjust(m.concurrency, by: 1, at: now)
        } else if core.deployments[d].queued < core.deployments[d].capacity {
            core.metrics.add(m.invocations, at: now)
            core.requests[Int(r)].arrival = now
            core.requests[Int(r)].state = .queued
            core.metrics.add(m.waited, at: now)
            core.deployments[d].queue.append(RequestRef(index: r, generation: core.requests[Int(r)].generation))
            core.deployments[d].queued += 1
            core.metrics.adjust(m.queueDepth, by: 1, at: now)
            core.armTimeout(r, deployment: d, now: now, queue: &queue)
        } else {
            core.metrics.add(m.throttles, at: now)
            if core.deployments[d].kind == .host {
                // A host's web server answers 503 when its queue is full: a target 5XX.
                recordTargetResponse(deployment: d, status: Status.serviceUnavailable, duration: 0, now: now)
                respond(request: r, status: Status.serviceUnavailable, now: now, queue: &queue)
            } else {
                respond(request: r, status: Status.throttled, now: now, queue: &queue)
            }
            core.freeRequest(r)
        }
    }

    /// Fires the deployment's expired timeouts, drops entries of requests already gone, and
    /// schedules the next check at the first live deadline.
    mutating func checkTimeouts(deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        core.deployments[d].timeouts.checkAt = .max
        while let front = core.deployments[d].timeouts.entries.first {
            guard core.requests[Int(front.request)].generation == front.generation else {
                core.deployments[d].timeouts.entries.removeFirst()
                continue
            }
            guard front.deadline <= now.nanoseconds else { break }
            core.deployments[d].timeouts.entries.removeFirst()
            finish(request: front.request, outcome: .timedOut, now: now, queue: &queue)
        }
        if let front = core.deployments[d].timeouts.entries.first, core.deployments[d].timeouts.checkAt == .max {
            core.deployments[d].timeouts.checkAt = front.deadline
            queue.schedule(.timeoutCheck(deployment: Int32(d)), at: SimInstant(nanoseconds: front.deadline))
        }
    }

    /// A worker takes the request: sample its local processing time. The caller moves the
    /// concurrency gauge (a worker handed straight from one request to the next does not).
    mutating func begin(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        core.deployments[d].busy += 1
        core.metrics.record(core.deployments[d].metrics.queueWait, nanoseconds: (now - core.requests[Int(r)].arrival).nanoseconds, at: now)
        core.requests[Int(r)].state = .inService
        var work =
            core.deployments[d].kind == .database
            ? db.databaseWork(request: r, deployment: d, core: &core)
            : core.deployments[d].serviceTime.sampleNanoseconds(core.deployments[d].stream)
        if core.deployments[d].kind == .host { work = hostWork(work, deployment: d) }
        queue.schedule(.workDone(request: r, generation: core.requests[Int(r)].generation), at: now + .nanoseconds(work))
    }

    /// After local work or a call's response: make the next call, or complete.
    mutating func advance(request r: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(core.requests[Int(r)].deployment)
        let ci = core.requests[Int(r)].callIndex
        if ci < core.deployments[d].callCount {
            beginCall(request: r, now: now, queue: &queue)
        } else {
            let p = core.deployments[d].errorProbability
            let failed = p > 0 && core.deployments[d].stream.bernoulli(p)
            if core.requests[Int(r)].batch >= 0, !core.requests[Int(r)].flags.contains(.prevented) {
                if failed && !messaging.batchReportsItemFailures(r, core: &core) {
                    finish(request: r, outcome: .error, now: now, queue: &queue)
                } else if !messaging.batchMessageDone(request: r, failed: failed, now: now, queue: &queue, core: &core) {
                    finish(request: r, outcome: .success, now: now, queue: &queue)
                }
                return
            }
            finish(request: r, outcome: failed ? .error : .success, now: now, queue: &queue)
        }
    }

    /// The request leaves its service: record it, free its worker or queue slot, answer the caller.
    mutating func finish(request r: Int32, outcome: Outcome, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(core.requests[Int(r)].deployment)
        if core.deployments[d].function >= 0 {
            finishLambda(request: r, outcome: outcome, now: now, queue: &queue)
            return
        }
        let outcome = core.deployments[d].kind == .database ? db.databaseFinished(request: r, deployment: d, outcome: outcome, now: now, core: &core) : outcome
        let m = core.deployments[d].metrics
        core.metrics.record(m.duration, nanoseconds: (now - core.requests[Int(r)].arrival).nanoseconds, at: now)
        switch outcome {
        case .success: break
        case .error: core.metrics.add(m.errors, at: now)
        case .timedOut:
            core.metrics.add(m.errors, at: now)
            core.metrics.add(m.timeouts, at: now)
        }
        let state = core.requests[Int(r)].state
        let returned = core.requests[Int(r)].returnStatus
        let status =
            outcome == .success
            ? (returned != 0 ? returned : Status.ok)
            : (outcome == .timedOut ? Status.gatewayTimeout : (returned != 0 ? returned : Status.internalError))
        if core.deployments[d].kind == .apiRoute { countRouteStatus(deployment: d, status) }
        if core.deployments[d].kind == .host {
            recordTargetResponse(
                deployment: d, status: status, duration: (now - core.requests[Int(r)].arrival).nanoseconds,
                endsWork: state == .inService && outcome == .timedOut, now: now)
        }
        respond(request: r, status: status, now: now, queue: &queue)
        core.freeRequest(r)
        if state == .queued {
            core.deployments[d].queued -= 1
            core.metrics.adjust(m.queueDepth, by: -1, at: now)
        } else {
            core.deployments[d].busy -= 1
            let started = startNext(deployment: d, now: now, queue: &queue)
            if started != 1 { core.metrics.adjust(m.concurrency, by: Int64(started - 1), at: now) }
        }
    }

    /// Hands freed workers to the oldest live queued requests; returns how many started.
    mutating func startNext(deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Int {
        var started = 0
        while core.deployments[d].busy < core.deployments[d].workers, let next = core.deployments[d].queue.popFirst() {
            guard core.requests[Int(next.index)].generation == next.generation else { continue }
            core.deployments[d].queued -= 1
            begin(request: next.index, deployment: d, now: now, queue: &queue)
            started += 1
        }
        if started > 0 { core.metrics.adjust(core.deployments[d].metrics.queueDepth, by: Int64(-started), at: now) }
        return started
    }

    /// Sends the response back to a waiting caller, if any, over the network.
    mutating func respond(request r: Int32, status: UInt16, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let parent = core.requests[Int(r)].parent
        guard parent >= 0 else {
            core.ledgerAnswer(request: r, status: status, now: now)
            return
        }
        var hop = core.networkDelay(from: core.deployments[Int(core.requests[Int(r)].deployment)].az, to: core.requests[Int(r)].callerAZ)
        let parentGeneration = core.requests[Int(r)].parentGeneration
        if network.isActive, core.requests[Int(parent)].generation == parentGeneration {
            // The response travels the same flow back (NACLs are stateless: it can be dropped too).
            let flow = UInt64(UInt32(bitPattern: parent)) | UInt64(parentGeneration) << 32
            guard
                let impaired = network.impairedHop(
                    hop, from: Int(core.requests[Int(r)].deployment), to: Int(core.requests[Int(parent)].deployment), flow: flow, now: now, core: &core)
            else { return }
            hop = impaired
        }
        queue.schedule(
            .response(request: parent, generation: core.requests[Int(r)].parentGeneration, status: status, seq: core.requests[Int(r)].parentSeq), at: now + hop)
    }
}
