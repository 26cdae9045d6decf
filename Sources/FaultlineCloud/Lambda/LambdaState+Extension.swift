import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// The FIS Lambda extension, per execution environment, and the Lambda fault actions it applies.
///
/// FIS writes a fault configuration to S3 when an action starts and deletes it when the action
/// ends; the extension learns of either only when a poll completes. A poll starts at the first
/// thaw at or after its due time and progresses only while the environment is thawed; it is due
/// every slow-poll interval while no fault is known and every hot-poll interval (20 s) while one
/// is. https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html
extension LambdaState {
    /// The Lambda faults whose configuration exists at `t` for function `f`.
    mutating func activeFaults(function f: Int, at t: Int64) -> UInt64 {
        var mask = functions[f].faultMask
        var active: UInt64 = 0
        while mask != 0 {
            let bit = mask.trailingZeroBitCount
            mask &= mask - 1
            if faultStart[bit] <= t && t < faultEnd[bit] { active |= 1 << UInt64(bit) }
        }
        return active
    }

    /// An invocation thaws a warm environment at `t`: settle a poll left in flight by the last
    /// freeze (`frozenPoll: resume`), start a poll if one is overdue (or resume a carried-over
    /// one), and wait for it up to `AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`. Returns the wait in ns
    /// (billed: it is part of the invocation's Duration).
    mutating func thaw(environment e: Int, function f: Int, at t: Int64, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) -> Int64 {
        if environments[e].pollRemaining > 0 && functions[f].resumeWithin > 0 {
            if t - environments[e].pollSentAt > functions[f].resumeWithin {
                startPoll(environment: e, function: f, at: t, core: &core) // timed out while frozen: retried
            } else if t >= environments[e].pollAnswerAt {
                // S3 answered while the environment was frozen: the listing is as old as the
                // request; a configuration deleted since is not found by the GetObject now.
                environments[e].pollRemaining = 0
                let listedAt = environments[e].pollSentAt + (environments[e].pollAnswerAt - environments[e].pollSentAt) / 2
                completePoll(environment: e, function: f, at: t, listedAt: listedAt, now: SimInstant(nanoseconds: t), queue: &queue, core: &core)
            } else {
                environments[e].pollRemaining = environments[e].pollAnswerAt - t
            }
        }
        if environments[e].pollRemaining == 0 && t >= environments[e].nextPollDue {
            startPoll(environment: e, function: f, at: t, core: &core)
        }
        let remaining = environments[e].pollRemaining
        guard remaining > 0 else { return 0 }
        environments[e].pollFrom = t
        let maxWait = functions[f].pollMaxWait
        if maxWait > 0 {
            let wait = min(remaining, maxWait)
            if wait == remaining {
                environments[e].pollRemaining = 0
                completePoll(environment: e, function: f, at: t + wait, now: SimInstant(nanoseconds: t), queue: &queue, core: &core)
                return wait
            }
            environments[e].pollRemaining = remaining - wait
            environments[e].pollFrom = t + wait
            queue.schedule(.pollDone(environment: Int32(e), poll: environments[e].pollGeneration), at: SimInstant(nanoseconds: t + remaining))
            return wait
        }
        queue.schedule(.pollDone(environment: Int32(e), poll: environments[e].pollGeneration), at: SimInstant(nanoseconds: t + remaining))
        return 0
    }

    mutating func startPoll(environment e: Int, function f: Int, at t: Int64, core: inout WorldCore) {
        let duration = max(1, functions[f].pollDuration.sampleNanoseconds(functions[f].environmentStream))
        environments[e].pollRemaining = duration
        environments[e].pollFrom = t
        environments[e].pollSentAt = t
        environments[e].pollAnswerAt = t + duration
        environments[e].pollGeneration &+= 1
        core.metrics.add(functions[f].metrics.extensionPolls, at: SimInstant(nanoseconds: t))
    }

    /// The extension's timer fires: a poll starts now if the environment is thawed, else at its
    /// next thaw.
    mutating func extensionTimer(environment e: Int, serial: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        guard environments[e].live, environments[e].serial == serial, environments[e].busy,
            environments[e].pollRemaining == 0, now.nanoseconds >= environments[e].nextPollDue
        else { return }
        let f = Int(environments[e].function)
        startPoll(environment: e, function: f, at: now.nanoseconds, core: &core)
        queue.schedule(.pollDone(environment: Int32(e), poll: environments[e].pollGeneration), at: now + .nanoseconds(environments[e].pollRemaining))
    }

    /// A poll's thawed work is done (it was not interrupted by a freeze).
    mutating func pollDone(environment e: Int, poll: UInt32, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        guard environments[e].live, environments[e].pollGeneration == poll, environments[e].pollRemaining > 0 else { return }
        environments[e].pollRemaining = 0
        completePoll(environment: e, function: Int(environments[e].function), at: now.nanoseconds, now: now, queue: &queue, core: &core)
    }

    /// The environment freezes at `now`: a poll in progress is settled (finished exactly now,
    /// left in flight until the next thaw, abandoned, or carried over) and its pending
    /// completion cancelled.
    mutating func freeze(environment e: Int, function f: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let remaining = environments[e].pollRemaining
        guard remaining > 0 else { return }
        environments[e].pollGeneration &+= 1
        let ran = now.nanoseconds - environments[e].pollFrom
        if ran >= remaining {
            environments[e].pollRemaining = 0
            completePoll(environment: e, function: f, at: environments[e].pollFrom + remaining, now: now, queue: &queue, core: &core)
        } else if functions[f].resumeWithin > 0 {
            environments[e].pollRemaining = remaining - max(0, ran) // in flight; settled at the next thaw
        } else {
            environments[e].pollRemaining = functions[f].carryOver ? remaining - max(0, ran) : 0
        }
    }

    /// A poll completes at `t`: the extension now knows the faults whose configuration was
    /// listed at `listedAt` (the request's time; `t` for a poll that ran thawed) and still
    /// exists at `t`, and its timer is set for the next poll.
    mutating func completePoll(
        environment e: Int, function f: Int, at t: Int64, listedAt: Int64? = nil, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore
    ) {
        core.metrics.add(functions[f].metrics.extensionPollsCompleted, at: now)
        let old = environments[e].view
        var new = activeFaults(function: f, at: t)
        if let listedAt, listedAt < t { new &= activeFaults(function: f, at: listedAt) }
        environments[e].view = new
        let due = t + (new != 0 ? functions[f].hotPoll : functions[f].slowPoll)
        environments[e].nextPollDue = due
        queue.schedule(.extensionTimer(environment: Int32(e), serial: environments[e].serial), at: SimInstant(nanoseconds: due))
        guard old != new else { return }
        if (old != 0) != (new != 0) {
            core.metrics.adjust(functions[f].metrics.faultAwareEnvironments, by: new != 0 ? 1 : -1, at: now)
        }
        ensureFaultRecords(environment: e, function: f, core: &core)
        let base = Int(environments[e].recordBase)
        var appeared = new & ~old
        while appeared != 0 {
            let bit = appeared.trailingZeroBitCount
            appeared &= appeared - 1
            if faultRecords[base + bit].sawAt < 0 { faultRecords[base + bit].sawAt = t }
        }
        var gone = old & ~new
        while gone != 0 {
            let bit = gone.trailingZeroBitCount
            gone &= gone - 1
            faultRecords[base + bit].clearedAt = t
        }
    }

    mutating func ensureFaultRecords(environment e: Int, function f: Int, core: inout WorldCore) {
        guard environments[e].recordBase < 0 else { return }
        environments[e].recordBase = Int32(faultRecords.count)
        let record = FaultRecord(
            environment: environments[e].serial, function: Int32(f),
            az: core.deployments[Int(environments[e].deployment)].az, createdAt: environments[e].createdAt)
        for _ in 0..<lambdaFaultCount { faultRecords.append(record) }
    }

    /// Counts one invocation of a targeted function in each of its faults' per-second curves:
    /// whether its environment knew the fault, and (`injected`) which faults it got.
    mutating func recordCurves(function f: Int, view: UInt64, injected: UInt64, at t: Int64) {
        var mask = functions[f].faultMask
        while mask != 0 {
            let bit = mask.trailingZeroBitCount
            mask &= mask - 1
            let since = t - faultStart[bit]
            guard since >= 0 else { continue }
            let i = 3 * Int(since / InvocationCurve.bucketNanoseconds)
            guard i < faultCurves[bit].count else { continue }
            let b = UInt64(1) << UInt64(bit)
            faultCurves[bit][i] += 1
            if view & b != 0 { faultCurves[bit][i + 1] += 1 }
            if injected & b != 0 { faultCurves[bit][i + 2] += 1 }
        }
    }

    /// Decides which known faults this invocation gets, drawing against each fault's
    /// `invocationPercentage`. Faults of different types combine; of two delays, or of an error
    /// and an HTTP response, only the one that started first applies (bits are in start order).
    /// Returns the start-up delay in ns and whether the handler is prevented from running.
    mutating func applyFaults(request r: Int32, environment e: Int, function f: Int, at t: Int64, core: inout WorldCore) -> (delay: Int64, prevented: Bool) {
        let view = environments[e].view & functions[f].faultMask
        var known = view
        guard known != 0 else {
            if functions[f].faultMask != 0 { recordCurves(function: f, view: 0, injected: 0, at: t) }
            return (0, false)
        }
        var injected: UInt64 = 0
        var delay: Int64 = 0
        var prevented = false
        var delayDecided = false
        var resultDecided = false
        while known != 0 {
            let bit = known.trailingZeroBitCount
            known &= known - 1
            let hit: Bool
            switch lambdaEffects[bit] {
            case .addDelay(let startupDelay, let percentage):
                guard !delayDecided else { continue }
                delayDecided = true
                hit = functions[f].faultStream.uniform() * 100 < percentage
                if hit { delay = startupDelay.nanoseconds }
            case .error(let percentage, let preventExecution):
                guard !resultDecided else { continue }
                resultDecided = true
                hit = functions[f].faultStream.uniform() * 100 < percentage
                if hit {
                    core.requests[Int(r)].flags.insert(.faultError)
                    prevented = prevented || preventExecution
                }
            case .httpResponse(let status, let percentage, let preventExecution):
                guard !resultDecided else { continue }
                resultDecided = true
                hit = functions[f].faultStream.uniform() * 100 < percentage
                if hit {
                    core.requests[Int(r)].flags.insert(.faultHTTP)
                    core.requests[Int(r)].faultStatus = status
                    prevented = prevented || preventExecution
                }
            }
            if hit {
                injected |= 1 << UInt64(bit)
                let now = SimInstant(nanoseconds: t)
                core.metrics.add(functions[f].metrics.faultInjected, at: now)
                let i = Int(environments[e].recordBase) + bit
                if faultRecords[i].firstInjected < 0 { faultRecords[i].firstInjected = t }
                faultRecords[i].lastInjected = t
                faultRecords[i].injections += 1
                core.metrics.add(faultInjections[bit], at: now)
            }
        }
        recordCurves(function: f, view: view, injected: injected, at: t)
        return (delay, prevented)
    }
}
