import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Execution environments (create, reuse, reclaim, pre-warm) and concurrency.
extension LambdaState {
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

    // MARK: Environments

    /// The most recently used idle environment of the function in the Region that Lambda has
    /// not reclaimed (provisioned ones first); expired ones met on the way are reclaimed.
    mutating func takeIdleEnvironment(function f: Int, now: SimInstant, core: inout WorldCore) -> Int32 {
        if let e = functions[f].provisionedIdle.popLast() { return e }
        while let ref = functions[f].idle.popLast() {
            let e = Int(ref.environment)
            guard environments[e].live, environments[e].serial == ref.serial, !environments[e].busy else {
                functions[f].staleIdle -= 1
                continue
            }
            if environments[e].expiresAt > now.nanoseconds { return ref.environment }
            destroyEnvironment(e, now: now, core: &core)
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
    mutating func reclaim(environment e: Int, serial: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        guard environments[e].live, environments[e].serial == serial else { return }
        environments[e].reclaimPending = false
        guard !environments[e].busy else { return } // re-armed when it next goes idle
        if environments[e].expiresAt > now.nanoseconds {
            environments[e].reclaimPending = true
            queue.schedule(.reclaim(environment: Int32(e), serial: serial), at: SimInstant(nanoseconds: environments[e].expiresAt))
            return
        }
        functions[Int(environments[e].function)].staleIdle += 1
        destroyEnvironment(e, now: now, core: &core)
    }

    mutating func createEnvironment(function f: Int, deployment d: Int, provisioned: Bool, now: SimInstant, core: inout WorldCore) -> Int32 {
        let e: Int32
        if let free = freeEnvironments.popLast() {
            e = free
        } else {
            environments.append(Environment())
            e = Int32(environments.count - 1)
        }
        environmentSerial += 1
        // A reused slot keeps counting poll generations, so its predecessor's events stay stale.
        let pollGeneration = environments[Int(e)].pollGeneration &+ 1
        environments[Int(e)] = Environment(
            serial: environmentSerial, createdAt: now.nanoseconds, function: Int32(f), deployment: Int32(d),
            busy: false, provisioned: provisioned, live: true)
        environments[Int(e)].pollGeneration = pollGeneration
        functions[f].environmentsCreated += 1
        core.metrics.adjust(functions[f].metrics.environments, by: 1, at: now)
        return e
    }

    mutating func destroyEnvironment(_ e: Int, now: SimInstant, core: inout WorldCore) {
        let f = Int(environments[e].function)
        if environments[e].view & functions[f].faultMask != 0 {
            core.metrics.adjust(functions[f].metrics.faultAwareEnvironments, by: -1, at: now)
        }
        environments[e].live = false
        core.metrics.adjust(functions[f].metrics.environments, by: -1, at: now)
        freeEnvironments.append(Int32(e))
    }

    /// The Init phase of a new environment, in ns: the function's init plus, with the FIS
    /// extension, its initial check of the configuration location, so that a new environment
    /// applies active faults from its first invocation.
    mutating func initialise(environment e: Int, function f: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) -> Int64 {
        var total = functions[f].initTime.sampleNanoseconds(functions[f].environmentStream)
        if functions[f].hasExtension {
            total += functions[f].pollDuration.sampleNanoseconds(functions[f].environmentStream)
            core.metrics.add(functions[f].metrics.extensionPolls, at: now)
            completePoll(environment: e, function: f, at: now.nanoseconds + total, now: now, queue: &queue, core: &core)
        }
        core.metrics.add(functions[f].metrics.coldStarts, at: now)
        core.metrics.record(functions[f].metrics.initDuration, nanoseconds: total, at: now)
        return total
    }

    /// Creates the environments that exist when the run starts, spread over the function's AZs:
    /// provisioned ones (never reclaimed) and pre-warmed on-demand ones (idle, reclaimed after an
    /// idle lifetime). They were created at different times before the run, so each extension
    /// is at its own phase of the slow poll: its last poll completed a uniform fraction of the
    /// interval ago (drawn from the function's environment stream), before any fault started.
    mutating func startProvisioned(now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        for f in 0..<functions.count {
            let s = Int(functions[f].service)
            guard let fc = core.services[s].config.kind.function, fc.provisionedConcurrency + fc.prewarmed > 0 else { continue }
            let own = core.services[s].deployments
            for i in 0..<(fc.provisionedConcurrency + fc.prewarmed) {
                let provisioned = i < fc.provisionedConcurrency
                let d = Int(own[i % own.count])
                let e = createEnvironment(function: f, deployment: d, provisioned: provisioned, now: now, core: &core)
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
        // Functions whose provisioned concurrency scales start with it allocated.
        for s in scalers.indices {
            scalers[s].allocated = scalers[s].requested
            core.metrics.set(scalers[s].metrics.allocated, Int64(scalers[s].allocated), at: now)
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
}
