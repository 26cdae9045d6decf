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
extension World {
    /// The Lambda faults whose configuration exists at `t` for function `f`.
    func activeFaults(function f: Int, at t: Int64) -> UInt64 {
        var mask = functions[f].faultMask
        var active: UInt64 = 0
        while mask != 0 {
            let bit = mask.trailingZeroBitCount
            mask &= mask - 1
            if faultStart[bit] <= t && t < faultEnd[bit] { active |= 1 << UInt64(bit) }
        }
        return active
    }

    /// An invocation thaws a warm environment at `t`: start a poll if one is overdue, and wait
    /// for it up to `AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`. Returns the wait in ns (billed: it is
    /// part of the invocation's Duration).
    mutating func thaw(environment e: Int, function f: Int, at t: Int64) -> Int64 {
        environments[e].thawedAt = t
        if environments[e].pollRemaining == 0 && t >= environments[e].nextPollDue {
            startPoll(environment: e, function: f, at: t)
        }
        let remaining = environments[e].pollRemaining
        guard remaining > 0 else { return 0 }
        environments[e].pollFrom = t
        let maxWait = functions[f].pollMaxWait
        guard maxWait > 0 else { return 0 }
        let wait = min(remaining, maxWait)
        if wait == remaining {
            environments[e].pollRemaining = 0
            completePoll(environment: e, function: f, at: t + wait, now: SimInstant(nanoseconds: t))
        } else {
            environments[e].pollRemaining = remaining - wait
            environments[e].pollFrom = t + wait
        }
        return wait
    }

    mutating func startPoll(environment e: Int, function f: Int, at t: Int64) {
        environments[e].pollRemaining = max(1, functions[f].pollDuration.sampleNanoseconds(functions[f].environmentStream))
        environments[e].pollFrom = t
        metrics.add(functions[f].metrics.extensionPolls, at: SimInstant(nanoseconds: t))
    }

    /// The environment freezes at `now` after being thawed since `thawedAt`. The extension's
    /// timer kept running while thawed: polls that came due and finished in that time take
    /// effect in order; the one still unfinished is abandoned or carried over to the next thaw.
    mutating func freeze(environment e: Int, function f: Int, now: SimInstant) {
        while true {
            if environments[e].pollRemaining == 0 {
                let due = environments[e].nextPollDue
                guard due >= environments[e].thawedAt, due < now.nanoseconds else { return }
                startPoll(environment: e, function: f, at: due)
            }
            let remaining = environments[e].pollRemaining
            let ran = now.nanoseconds - environments[e].pollFrom
            guard ran >= remaining else {
                environments[e].pollRemaining = functions[f].carryOver ? remaining - max(0, ran) : 0
                return
            }
            environments[e].pollRemaining = 0
            completePoll(environment: e, function: f, at: environments[e].pollFrom + remaining, now: now)
        }
    }

    /// A poll completes at `t`: the extension now knows exactly the faults active at `t`.
    mutating func completePoll(environment e: Int, function f: Int, at t: Int64, now: SimInstant) {
        let old = environments[e].view
        let new = activeFaults(function: f, at: t)
        environments[e].view = new
        environments[e].nextPollDue = t + (new != 0 ? functions[f].hotPoll : functions[f].slowPoll)
        guard old != new else { return }
        if (old != 0) != (new != 0) {
            functions[f].aware += new != 0 ? 1 : -1
            metrics.adjust(functions[f].metrics.faultAwareEnvironments, by: new != 0 ? 1 : -1, at: now)
        }
        if environments[e].recordBase < 0 {
            environments[e].recordBase = Int32(faultRecords.count)
            let record = FaultRecord(environment: environments[e].serial, function: Int32(f),
                                     az: deployments[Int(environments[e].deployment)].az, createdAt: environments[e].createdAt)
            for _ in 0..<lambdaFaultCount { faultRecords.append(record) }
        }
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

    /// Decides which known faults this invocation gets, drawing against each fault's
    /// `invocationPercentage`. Faults of different types combine; of two delays, or of an error
    /// and an HTTP response, only the one that started first applies (bits are in start order).
    /// Returns the start-up delay in ns and whether the handler is prevented from running.
    mutating func applyFaults(request r: Int32, environment e: Int, function f: Int, at t: Int64) -> (delay: Int64, prevented: Bool) {
        var known = environments[e].view & functions[f].faultMask
        guard known != 0 else { return (0, false) }
        var delay: Int64 = 0
        var prevented = false
        var delayDecided = false
        var resultDecided = false
        while known != 0 {
            let bit = known.trailingZeroBitCount
            known &= known - 1
            let hit: Bool
            switch lambdaFaultActions[bit] {
            case let .lambdaAddDelay(startupDelay, percentage):
                guard !delayDecided else { continue }
                delayDecided = true
                hit = functions[f].faultStream.uniform() * 100 < percentage
                if hit { delay = startupDelay.nanoseconds }
            case let .lambdaError(percentage, preventExecution):
                guard !resultDecided else { continue }
                resultDecided = true
                hit = functions[f].faultStream.uniform() * 100 < percentage
                if hit {
                    requests[Int(r)].flags |= RequestFlags.faultError
                    prevented = prevented || preventExecution
                }
            case let .lambdaHTTPResponse(statusCode, _, percentage, preventExecution):
                guard !resultDecided else { continue }
                resultDecided = true
                hit = functions[f].faultStream.uniform() * 100 < percentage
                if hit {
                    requests[Int(r)].flags |= RequestFlags.faultHTTP
                    requests[Int(r)].faultStatus = UInt16(clamping: statusCode)
                    prevented = prevented || preventExecution
                }
            }
            if hit {
                let now = SimInstant(nanoseconds: t)
                metrics.add(functions[f].metrics.faultInjected, at: now)
                let i = Int(environments[e].recordBase) + bit
                if faultRecords[i].firstInjected < 0 { faultRecords[i].firstInjected = t }
                faultRecords[i].lastInjected = t
                faultRecords[i].injections += 1
                metrics.add(faultInjections[bit], at: now)
            }
        }
        return (delay, prevented)
    }
}
