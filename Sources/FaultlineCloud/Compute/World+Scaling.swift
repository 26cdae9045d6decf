import FaultlineKernel
import FaultlineMetrics

/// Dynamic scaling (docs/compute-model.md): target tracking and step scaling policies read their
/// group's metric as one-minute datapoints, and change the desired capacity; the group then
/// launches or terminates hosts to reach it.
///
/// - Target tracking (EC2 Auto Scaling, Application Auto Scaling): a high alarm (3 of 3
///   datapoints above the target) scales out to `ceil(capacity × value / target)`; a low alarm
///   (15 of 15 below 90 % of the target) scales in the same way, unless scale-in is disabled.
///   `capacity` is the capacity the metric reflects: the instances past their warm-up (EC2) or
///   the running tasks (ECS), so capacity still warming or starting is not added twice.
/// - Step scaling: when its alarm is in ALARM, the step that contains `value - threshold` adjusts
///   the same `capacity`.
/// - Scale-out happens when a policy asks for more than the desired capacity; scale-in only when
///   every policy asks for less, never while an instance warms up (EC2), and not within the
///   scale-in cooldown after the last scale-in (ECS).
/// - Capacity stays within [min, max]. New hosts go to the AZ with the fewest active hosts where
///   a launch succeeds; scale-in removes the newest host of the AZ with the most. A removed host
///   stops receiving requests at once and terminates after the deregistration delay.
extension World {
    mutating func evaluateScaling(now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let rows = metrics.lastClosedRows
        for g in compute.groups.indices where !compute.groups[g].policies.isEmpty {
            guard let sc = compute.groups[g].scaling else { continue }
            let basis = reflectedCapacity(g)
            let d = ScalingDecision.evaluate(sc.policies, &compute.groups[g].policies, rows: rows, basis: basis, desired: compute.groups[g].desired)
            let (out, inProposal, allIn, anyEvaluated) = (d.out, d.scaleIn, d.allIn, d.anyEvaluated)
            guard anyEvaluated else { continue }
            if let (target, name) = out {
                setDesired(
                    g, min(sc.maxCapacity, max(sc.minCapacity, target)), policy: name, cause: "an alarm of policy \(name) is in ALARM: more capacity", now: now,
                    queue: &queue)
                compute.groups[g].lastScaleOut = now.nanoseconds
            } else if allIn, let (target, name) = inProposal {
                let warming = compute.groups[g].isEC2 && warmingCount(g) > 0
                let cooling =
                    !compute.groups[g].isEC2
                    && now.nanoseconds < compute.groups[g].lastScaleIn + sc.policies.map(\.scaleInCooldown.nanoseconds).max()!
                if !warming, !cooling {
                    let before = compute.groups[g].desired
                    setDesired(
                        g, min(sc.maxCapacity, max(sc.minCapacity, target)), policy: name, cause: "the alarms of every policy ask for less capacity", now: now,
                        queue: &queue)
                    if compute.groups[g].desired < before { compute.groups[g].lastScaleIn = now.nanoseconds }
                }
            }
        }
    }

    static func larger(_ a: (Int, String)?, _ b: (Int, String)) -> (Int, String) {
        guard let a else { return b }
        return b.0 > a.0 ? b : a
    }

    /// One datapoint into a policy alarm's evaluation range; its new state.
    static func scalingAlarmStep(_ a: inout AlarmRuntime, value: Double?) -> AlarmState {
        let c = a.config
        a.points.append(value.map { c.comparison.breaches($0, c.threshold) })
        let keep = AlarmEvaluator.rangeLength(evaluationPeriods: c.evaluationPeriods)
        if a.points.count > keep { a.points.removeFirst(a.points.count - keep) }
        var padded = a.points
        if padded.count < keep { padded.insert(contentsOf: [Bool?](repeating: nil, count: keep - padded.count), at: 0) }
        return AlarmEvaluator.evaluate(padded, n: c.evaluationPeriods, m: c.datapointsToAlarm, treat: c.treatMissingData, current: a.state)
    }

    /// The capacity the group's metric reflects: warmed-up instances (EC2), running tasks (ECS).
    mutating func reflectedCapacity(_ g: Int) -> Int {
        if compute.groups[g].isEC2 { return Int(compute.groups[g].contributors) }
        return compute.groups[g].hosts.filter { compute.hosts[Int($0)].active && compute.hosts[Int($0)].state == .running }.count
    }

    /// Active instances not yet contributing: launching, booting or warming up.
    mutating func warmingCount(_ g: Int) -> Int {
        compute.groups[g].hosts.filter { compute.hosts[Int($0)].active && !compute.hosts[Int($0)].contributing }.count
    }

    mutating func setDesired(_ g: Int, _ n: Int, policy: String, cause: String, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let from = compute.groups[g].desired
        guard n != from else { return }
        compute.groups[g].desired = n
        let at = compute.activities.count
        let (launched, removed) = reconcile(g, policy: policy, now: now, queue: &queue)
        compute.activities.insert(
            ScalingActivity(
                at: now, group: compute.groups[g].name, policy: policy, from: from, to: n,
                cause: "\(cause): desired capacity \(from) → \(n)" + describe(launched, removed)), at: at)
    }

    /// ", launching A, B; terminating C" for an activity's cause.
    mutating func describe(_ launched: [Int], _ removed: [Int]) -> String {
        var out = ""
        if !launched.isEmpty { out += ", launching " + launched.map { hostName($0) }.joined(separator: ", ") }
        if !removed.isEmpty { out += (out.isEmpty ? ", " : "; ") + "terminating " + removed.map { hostName($0) }.joined(separator: ", ") }
        return out
    }

    mutating func hostName(_ h: Int) -> String {
        HostsConfig.hostName(
            service: services[Int(compute.hosts[h].service)].config.name,
            az: config.topology.azs[Int(compute.hosts[h].az)].name, index: Int(compute.hosts[h].index))
    }

    mutating func activeCount(_ g: Int) -> Int { compute.groups[g].hosts.filter { compute.hosts[Int($0)].active }.count }

    /// Launches or removes hosts until the active count is the desired capacity; returns the
    /// hosts launched and removed.
    @discardableResult
    mutating func reconcile(_ g: Int, policy: String, fault: Int32 = -1, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> (
        launched: [Int], removed: [Int]
    ) {
        var active = activeCount(g)
        var launched: [Int] = [], removed: [Int] = []
        defer { refreshGroup(g, now: now) }
        while active < compute.groups[g].desired {
            guard let h = launchOne(g, fault: fault, now: now, queue: &queue) else {
                if !compute.groups[g].launchBlocked {
                    compute.groups[g].launchBlocked = true
                    compute.activities.append(
                        ScalingActivity(
                            at: now, group: compute.groups[g].name, policy: policy, from: active, to: compute.groups[g].desired,
                            cause: "launch failed: no AZ of the group can take an instance now; retrying"))
                }
                armReconcile(g, now: now, queue: &queue)
                return (launched, removed)
            }
            if compute.groups[g].launchBlocked, policy.isEmpty, fault < 0 {
                compute.activities.append(
                    ScalingActivity(
                        at: now, group: compute.groups[g].name, policy: "", from: active, to: compute.groups[g].desired,
                        cause: "launch succeeded after failures" + describe([h], [])))
            }
            compute.groups[g].launchBlocked = false
            launched.append(h)
            active += 1
        }
        while active > compute.groups[g].desired {
            if let h = removeOne(g, now: now, queue: &queue) { removed.append(h) }
            active -= 1
        }
        return (launched, removed)
    }

    mutating func armReconcile(_ g: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard !compute.groups[g].reconcileArmed else { return }
        compute.groups[g].reconcileArmed = true
        let s = services[Int(compute.groups[g].service)].config
        let delay = s.autoScaling?.detectionDelay ?? s.hosts!.replacementDelay
        queue.schedule(.hostTimer(host: compute.groups[g].hosts[0], kind: HostTimer.reconcile, generation: 0), at: now + delay)
    }

    /// Starts one host in the AZ with the fewest active hosts where a launch succeeds now.
    /// `fault`: the fault whose consequence the launch is (a replacement), or -1.
    mutating func launchOne(_ g: Int, fault: Int32 = -1, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Int? {
        let si = Int(compute.groups[g].service)
        var best = -1, bestActive = Int.max, bestAZ: Int32 = -1
        for az in services[si].config.azs.map(\.index) {
            var activeHere = 0, free = -1
            for h in compute.groups[g].hosts where compute.hosts[Int(h)].az == az {
                if compute.hosts[Int(h)].active { activeHere += 1 } else if free < 0, compute.hosts[Int(h)].state == .terminated { free = Int(h) }
            }
            guard free >= 0, activeHere < bestActive else { continue }
            guard !launchFails(service: si, az: az, host: free, attempt: compute.hosts[free].replacements, now: now) else { continue }
            best = free
            bestActive = activeHere
            bestAZ = az
        }
        guard best >= 0, bestAZ >= 0 else { return nil }
        let h = best
        let hc = services[si].config.hosts!
        compute.hosts[h].active = true
        compute.hosts[h].generation &+= 1
        compute.hosts[h].state = .pending
        compute.hosts[h].appUp = false
        compute.hosts[h].registered = false
        compute.hosts[h].healthy = false
        compute.hosts[h].replacements += 1
        compute.hosts[h].launchedAt = now.nanoseconds
        compute.hosts[h].lastFault = fault
        logHost(h, "launching", now: now)
        hostStateChanged(h, now: now)
        let stream = hostStream(h)
        var t: Int64 = 0
        if let asg = services[si].config.autoScaling, hc.type == .ec2Instance {
            t += asg.launchTime.core.sampleNanoseconds(stream)
        } else {
            t += hc.replacementDelay.nanoseconds
        }
        t += hc.bootTime.core.sampleNanoseconds(stream)
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.booted, generation: compute.hosts[h].generation), at: now + .nanoseconds(t))
        return h
    }

    /// Scale-in: the newest active host of the AZ with the most active hosts leaves the target
    /// group at once and terminates after the deregistration delay.
    @discardableResult
    mutating func removeOne(_ g: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Int? {
        let si = Int(compute.groups[g].service)
        var counts: [Int32: Int] = [:]
        for h in compute.groups[g].hosts where compute.hosts[Int(h)].active { counts[compute.hosts[Int(h)].az, default: 0] += 1 }
        guard let most = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else { return nil }
        var pick = -1
        for h in compute.groups[g].hosts where compute.hosts[Int(h)].active && compute.hosts[Int(h)].az == most {
            if pick < 0 || (compute.hosts[Int(h)].launchedAt, Int(h)) > (compute.hosts[pick].launchedAt, pick) { pick = Int(h) }
        }
        guard pick >= 0 else { return nil }
        compute.hosts[pick].active = false
        setContributing(pick, false, now: now)
        deregister(pick, now: now)
        logHost(pick, "draining", now: now)
        let delay = services[si].config.loadBalancer?.deregistrationDelay ?? .zero
        queue.schedule(.hostTimer(host: Int32(pick), kind: HostTimer.drained, generation: compute.hosts[pick].generation), at: now + delay)
        return pick
    }

    /// A scaled-in host finished draining: it terminates (its slot is free again).
    mutating func drained(_ h: Int, generation: UInt32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard compute.hosts[h].generation == generation, !compute.hosts[h].active, compute.hosts[h].state != .terminated else { return }
        bringDown(h, to: .terminated, now: now, queue: &queue)
        markServing(h, now: now) // an empty slot is not "down"
        logHost(h, "terminated", now: now)
    }

    /// Health replacement in a group with a capacity: terminate, then launch where possible.
    mutating func replaceInGroup(_ h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        if compute.hosts[h].state != .terminated { bringDown(h, to: .terminated, now: now, queue: &queue) }
        markServing(h, now: now)
        deregister(h, now: now)
        compute.hosts[h].active = false
        compute.hosts[h].state = .terminated
        setContributing(h, false, now: now)
        logHost(h, "terminated", now: now)
        let g = Int(compute.hosts[h].group)
        guard g >= 0 else { return }
        let at = compute.activities.count
        let (launched, _) = reconcile(g, policy: "", fault: compute.hosts[h].lastFault, now: now, queue: &queue)
        compute.activities.insert(
            ScalingActivity(
                at: now, group: compute.groups[g].name, policy: "", from: compute.groups[g].desired, to: compute.groups[g].desired,
                cause: "an unhealthy host was terminated and is replaced: terminating \(hostName(h))"
                    + (launched.isEmpty ? "" : ", launching " + launched.map { hostName($0) }.joined(separator: ", "))), at: at)
    }

    /// A host finished booting: the group's gauges; its metrics join the aggregate after the
    /// group's instance warm-up (EC2 with a capacity), at once otherwise.
    mutating func hostBooted(_ h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        hostStateChanged(h, now: now)
        let g = Int(compute.hosts[h].group)
        guard g >= 0, compute.hosts[h].active else { return }
        let warmup = compute.groups[g].isEC2 ? (compute.groups[g].scaling?.instanceWarmup ?? .zero) : .zero
        if warmup > .zero {
            queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.warmedUp, generation: compute.hosts[h].generation), at: now + warmup)
        } else {
            setContributing(h, true, now: now)
        }
    }
}
