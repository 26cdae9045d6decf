import FaultlineKernel
import FaultlineRandom

/// A workload at run time: where its next arrival comes from.
struct WorkloadRuntime: Sendable {
    let config: WorkloadConfig
    /// Cumulative AZ weights, normalised to end at 1.
    let cumulative: [Double]
    /// Next trace index, for `.trace`.
    var traceIndex: Int = 0
    /// Mean gap in seconds, for `.poisson` (0 otherwise): the hot path checks it before
    /// touching the arrival process enum, whose array payloads would be retained.
    let meanGap: Double
    /// The single AZ of the workload, or -1 when it has several.
    let singleAZ: Int32

    init(config: WorkloadConfig) {
        self.config = config
        let total = config.azWeights.reduce(0) { $0 + $1.weight }
        var acc = 0.0
        cumulative = config.azWeights.map {
            acc += $0.weight / total
            return acc
        }
        if case .poisson(let rate) = config.arrivals, rate > 0 { meanGap = 1 / rate } else { meanGap = 0 }
        singleAZ = config.azWeights.count == 1 ? config.azWeights[0].az.index : -1
    }
}

extension World {
    /// A client request enters the target service in the client's AZ.
    mutating func arrive(workload w: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let stream = core.workloadHandles[w]
        let target = Int(core.workloads[w].config.target.index)
        var az = core.workloads[w].singleAZ
        if az < 0 {
            let u = stream.uniform()
            let cumulative = core.workloads[w].cumulative
            var i = 0
            while i < cumulative.count - 1, u >= cumulative[i] { i += 1 }
            az = core.workloads[w].config.azWeights[i].az.index
        }
        let d: Int32
        if core.services[target].lb >= 0 {
            d = routeThroughLoadBalancer(Int(core.services[target].lb), from: az, now: now)
            guard d >= 0 else {
                // The load balancer answered 503 itself (no registered target).
                let local = core.services[target].deploymentByAZ[Int(az)]
                core.ledgerAnsweredAtEntry(
                    deployment: Int(local >= 0 ? local : core.services[target].deployments[0]), status: Status.serviceUnavailable, now: now)
                scheduleNextArrival(workload: w, after: now, queue: &queue)
                return
            }
        } else {
            let local = core.services[target].deploymentByAZ[Int(az)]
            d = local >= 0 ? local : core.pickDeployment(target, stream: stream)
        }
        let r = core.newRequest(service: target, deployment: d, callerAZ: az)
        core.ledgerEnter(request: r, deployment: Int(d), now: now)
        scheduleNextArrival(workload: w, after: now, queue: &queue)
        admit(request: r, now: now, queue: &queue)
    }

    /// Draws the next arrival instant of workload `w` after `now`, if any.
    mutating func scheduleNextArrival(workload w: Int, after now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let gap = core.workloads[w].meanGap
        if gap > 0 {
            let next = now + .fromSeconds(core.workloadHandles[w].exponential(mean: gap))
            queue.schedule(.arrival(workload: Int32(w)), at: next)
            return
        }
        switch core.workloads[w].config.arrivals {
        case .poisson:
            return // a zero rate
        case .schedule(let schedule):
            if let next = nextScheduledArrival(schedule, after: now, stream: core.workloadHandles[w]) {
                queue.schedule(.arrival(workload: Int32(w)), at: next)
            }
        case .trace(let times):
            var i = core.workloads[w].traceIndex
            while i < times.count, times[i] < now { i += 1 }
            guard i < times.count else { return }
            core.workloads[w].traceIndex = i + 1
            queue.schedule(.arrival(workload: Int32(w)), at: times[i])
        }
    }

    /// Thinning over the current segment of a piecewise-linear rate: candidates at the segment's
    /// peak rate, each kept with probability rate(t)/peak; past the segment's end, restart there
    /// (the exponential is memoryless, so this is exact).
    mutating func nextScheduledArrival(_ schedule: RateSchedule, after now: SimInstant, stream: StreamHandle) -> SimInstant? {
        let points = schedule.points
        var t = now
        let horizon = SimInstant.zero + core.config.horizon
        var guardCount = 0
        while t <= horizon {
            guardCount += 1
            if guardCount > 10_000_000 { return nil }
            // Segment containing t: [points[k].time, points[k+1].time), or the tail after the last point.
            var k = -1
            for i in points.indices where points[i].time <= t { k = i }
            let segmentEnd: SimInstant
            let peak: Double
            if k < 0 {
                segmentEnd = points[0].time
                peak = points[0].rate
            } else if k == points.count - 1 {
                segmentEnd = .distantFuture
                peak = points[k].rate
            } else {
                segmentEnd = points[k + 1].time
                peak = max(points[k].rate, points[k + 1].rate)
            }
            guard peak > 0 else {
                if segmentEnd == .distantFuture { return nil }
                t = segmentEnd
                continue
            }
            let candidate = t + .fromSeconds(stream.exponential(mean: 1 / peak))
            if candidate >= segmentEnd {
                t = segmentEnd
                continue
            }
            if stream.uniform() * peak < schedule.rate(at: candidate) { return candidate }
            t = candidate
        }
        return nil
    }
}
