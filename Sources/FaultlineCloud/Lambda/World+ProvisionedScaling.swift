import FaultlineKernel
import FaultlineMetrics

/// Application Auto Scaling of Lambda provisioned concurrency (docs/lambda-model.md, "Scaling"):
/// the same policies and alarm rules as ECS services (``ScalingDecision``) on the alias's
/// `ProvisionedConcurrencyUtilization`, with the allocated environments as the capacity the
/// metric reflects.
///
/// - Scale-out raises the requested capacity at once; each new environment is allocated after
///   `allocationTime` plus its own Init (and, with the FIS extension, its Init check of the
///   configuration, which sets its poll phase), then takes invocations before on-demand ones.
/// - Scale-in cancels allocations still in progress first (newest first), then releases idle
///   provisioned environments, then busy ones: those finish their invocation and stay as
///   ordinary on-demand environments until Lambda reclaims them.
/// - Provisioned concurrency of a function without reserved concurrency must leave the Region's
///   unreserved minimum; a request beyond that room is cut to it (a failed activity is logged).
/// - An environment lost to a timeout is allocated again at the next period end.
extension World {
    mutating func evaluateProvisionedScaling(now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let rows = metrics.lastClosedRows
        for s in lambda.scalers.indices {
            let sc = lambda.scalers[s].config
            let basis = lambda.scalers[s].allocated
            let desired = lambda.scalers[s].requested
            let d = ScalingDecision.evaluate(sc.policies, &lambda.scalers[s].policies, rows: rows, basis: basis, desired: desired)
            if d.anyEvaluated, let (target, name) = d.out {
                setRequested(
                    s, min(sc.maxCapacity, max(sc.minCapacity, target)), policy: name,
                    cause: "an alarm of policy \(name) is in ALARM: more provisioned concurrency", now: now, queue: &queue)
            } else if d.anyEvaluated, d.allIn, let (target, name) = d.scaleIn {
                let cooldown = sc.policies.map(\.scaleInCooldown.nanoseconds).max() ?? 0
                if now.nanoseconds >= lambda.scalers[s].lastScaleIn + cooldown {
                    setRequested(
                        s, min(sc.maxCapacity, max(sc.minCapacity, target)), policy: name,
                        cause: "the alarms of every policy ask for less provisioned concurrency", now: now, queue: &queue)
                    lambda.scalers[s].lastScaleIn = now.nanoseconds
                }
            }
            reconcileProvisioned(s, now: now, queue: &queue) // replaces environments lost to timeouts
        }
    }

    mutating func setRequested(_ s: Int, _ n: Int, policy: String, cause: String, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let from = lambda.scalers[s].requested
        guard n != from else { return }
        lambda.scalers[s].requested = n
        let at = compute.activities.count
        let (added, released) = reconcileProvisioned(s, now: now, queue: &queue)
        var text = "\(cause): provisioned concurrency \(from) → \(n)"
        if added > 0 { text += ", allocating \(added) environment\(added == 1 ? "" : "s")" }
        if released > 0 { text += "\(added > 0 ? ";" : ",") releasing \(released)" }
        compute.activities.insert(ScalingActivity(at: now, group: lambda.scalers[s].name, policy: policy, from: from, to: n, cause: text), at: at)
    }

    /// Allocates or releases environments until allocated + allocating is the requested capacity
    /// (within the Region's unreserved room); returns how many were added and released.
    @discardableResult
    mutating func reconcileProvisioned(_ s: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> (added: Int, released: Int) {
        let f = Int(lambda.scalers[s].function)
        let region = Int(lambda.functions[f].region)
        let unreserved = lambda.functions[f].reserved < 0
        var have = lambda.scalers[s].allocated + lambda.scalers[s].pending.count
        var added = 0, released = 0
        while have < lambda.scalers[s].requested {
            if unreserved, lambda.provisionedUnreserved[region] >= lambda.provisionedUnreservedLimit[region] {
                if !lambda.scalers[s].capped {
                    lambda.scalers[s].capped = true
                    compute.activities.append(
                        ScalingActivity(
                            at: now, group: lambda.scalers[s].name, policy: "", from: have, to: lambda.scalers[s].requested,
                            cause:
                                "failed to allocate provisioned concurrency: the Region's unreserved concurrency must stay at or above its minimum (\(core.config.lambdaAccount.unreservedMinimum)); \(have) allocated or allocating"
                        ))
                }
                break
            }
            allocateProvisioned(s, now: now, queue: &queue)
            if unreserved { lambda.provisionedUnreserved[region] += 1 }
            have += 1
            added += 1
        }
        if have >= lambda.scalers[s].requested { lambda.scalers[s].capped = false }
        while have > lambda.scalers[s].requested {
            releaseProvisioned(s, now: now)
            if unreserved { lambda.provisionedUnreserved[region] -= 1 }
            have -= 1
            released += 1
        }
        return (added, released)
    }

    /// Starts allocating one provisioned environment: Init (and the extension's Init check) after
    /// the allocation time, drawn from the function's environment stream.
    mutating func allocateProvisioned(_ s: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let f = Int(lambda.scalers[s].function)
        let own = core.services[Int(lambda.functions[f].service)].deployments
        let d = Int(own[Int(lambda.functions[f].environmentsCreated % Int64(own.count))])
        let e = lambda.createEnvironment(function: f, deployment: d, provisioned: true, now: now, core: &core)
        lambda.environments[Int(e)].allocating = true
        lambda.environments[Int(e)].expiresAt = Int64.max
        var t = lambda.scalers[s].allocationTime + lambda.functions[f].initTime.sampleNanoseconds(lambda.functions[f].environmentStream)
        if lambda.functions[f].hasExtension { t += lambda.functions[f].pollDuration.sampleNanoseconds(lambda.functions[f].environmentStream) }
        lambda.scalers[s].pending.append((e, lambda.environments[Int(e)].serial))
        queue.schedule(.provisionedReady(environment: e, serial: lambda.environments[Int(e)].serial), at: now + .nanoseconds(t))
    }

    /// An allocation finished: the environment takes invocations; with the FIS extension, its
    /// Init check completes now (its poll phase starts here).
    mutating func provisionedReady(environment e: Int, serial: Int32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard lambda.environments[e].live, lambda.environments[e].serial == serial, lambda.environments[e].allocating else { return }
        let f = Int(lambda.environments[e].function)
        let s = Int(lambda.functions[f].scaler)
        lambda.environments[e].allocating = false
        lambda.scalers[s].pending.removeAll { $0.environment == Int32(e) && $0.serial == serial }
        lambda.scalers[s].allocated += 1
        lambda.functions[f].provisionedIdle.append(Int32(e))
        if lambda.functions[f].hasExtension {
            core.metrics.add(lambda.functions[f].metrics.extensionPolls, at: now)
            lambda.completePoll(environment: e, function: f, at: now.nanoseconds, now: now, queue: &queue, core: &core)
        }
        provisionedChanged(s, now: now)
    }

    /// Releases one environment: an allocation in progress, else an idle one, else a busy one
    /// (it finishes its invocation as an on-demand environment).
    mutating func releaseProvisioned(_ s: Int, now: SimInstant) {
        let f = Int(lambda.scalers[s].function)
        if let p = lambda.scalers[s].pending.popLast() {
            lambda.destroyEnvironment(Int(p.environment), now: now, core: &core)
            return
        }
        if let e = lambda.functions[f].provisionedIdle.popLast() {
            lambda.destroyEnvironment(Int(e), now: now, core: &core)
            lambda.scalers[s].allocated -= 1
            provisionedChanged(s, now: now)
            return
        }
        var pick = -1
        for e in 0..<lambda.environments.count
        where lambda.environments[e].live && lambda.environments[e].provisioned && !lambda.environments[e].allocating
            && Int(lambda.environments[e].function) == f && lambda.environments[e].busy
        {
            if pick < 0 || lambda.environments[e].serial > lambda.environments[pick].serial { pick = e }
        }
        guard pick >= 0 else { return }
        lambda.environments[pick].provisioned = false
        lambda.scalers[s].allocated -= 1
        lambda.scalers[s].busy -= 1
        provisionedChanged(s, now: now)
    }

    /// The provisioned series after a change of allocated or busy provisioned environments.
    mutating func provisionedChanged(_ s: Int, now: SimInstant) {
        let m = lambda.scalers[s].metrics
        core.metrics.set(m.utilization, lambda.scalers[s].utilizationMillionths, at: now)
        core.metrics.set(m.executions, Int64(lambda.scalers[s].busy), at: now)
        core.metrics.set(m.allocated, Int64(lambda.scalers[s].allocated), at: now)
    }

    /// An invocation starts on a function with scaled provisioned concurrency: on a provisioned
    /// environment it is in use; on an on-demand one it is a spillover invocation.
    mutating func provisionedInvocation(function f: Int, environment e: Int, now: SimInstant) {
        let s = Int(lambda.functions[f].scaler)
        if lambda.environments[e].provisioned {
            lambda.scalers[s].busy += 1
            provisionedChanged(s, now: now)
        } else {
            core.metrics.add(lambda.scalers[s].metrics.spillover, at: now)
        }
    }

    /// An invocation on a provisioned environment ends; a timeout resets the environment
    /// (destroyed by the caller), so it is no longer allocated until it is allocated again.
    mutating func provisionedFinished(function f: Int, timedOut: Bool, now: SimInstant) {
        let s = Int(lambda.functions[f].scaler)
        lambda.scalers[s].busy -= 1
        if timedOut {
            lambda.scalers[s].allocated -= 1
            if lambda.functions[f].reserved < 0 { lambda.provisionedUnreserved[Int(lambda.functions[f].region)] -= 1 }
        }
        provisionedChanged(s, now: now)
    }
}
