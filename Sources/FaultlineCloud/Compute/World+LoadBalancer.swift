import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Load balancers in front of hosts: routing (ALB node per AZ, round robin or least
/// outstanding requests, fail-open) and per-target health checks.
extension World {
    // MARK: Routing

    /// Picks the target for a request entering the service's load balancer from `az`, as an
    /// ALB does: the load balancer node in the client's AZ (DNS sends clients elsewhere when
    /// that node has no healthy target or its AZ is shifted away) routes to a healthy target in
    /// its AZ (or in any AZ with cross-zone load balancing), by round robin or fewest
    /// outstanding requests. With no healthy target anywhere it fails open to every registered
    /// target; with none registered it answers 503. Returns the deployment, or -1 (503).
    mutating func routeThroughLoadBalancer(_ lb: Int, from az: Int32, now: SimInstant) -> Int32 {
        compute.loadBalancers[lb].requests += 1
        metrics.add(compute.loadBalancers[lb].metrics.requestCount, at: now)
        var node: Int32 = -1
        if compute.loadBalancers[lb].nodes.contains(az), compute.loadBalancers[lb].shifted[Int(az)] == 0,
            pickTarget(lb, node: az, healthyOnly: true, commit: false) >= 0
        {
            node = az
        } else {
            let nodes = compute.loadBalancers[lb].nodes
            for k in 0..<nodes.count {
                let candidate = nodes[(compute.loadBalancers[lb].failover + k) % nodes.count]
                if compute.loadBalancers[lb].shifted[Int(candidate)] == 0, pickTarget(lb, node: candidate, healthyOnly: true, commit: false) >= 0 {
                    node = candidate
                    compute.loadBalancers[lb].failover = (compute.loadBalancers[lb].failover + k + 1) % nodes.count
                    break
                }
            }
        }
        var host: Int32 = -1
        if node >= 0 {
            host = pickTarget(lb, node: node, healthyOnly: true, commit: true)
        } else {
            // Fail open: every registered target outside shifted AZs, whatever its health.
            host = pickTarget(lb, node: -1, healthyOnly: false, commit: true)
        }
        guard host >= 0 else {
            loadBalancerError(lb, Status.serviceUnavailable, now: now)
            return -1
        }
        compute.hosts[Int(host)].routed += 1
        return compute.hosts[Int(host)].deployment
    }

    /// The target node `node` would pick (-1: scope is every AZ), or -1 if none is eligible.
    mutating func pickTarget(_ lb: Int, node: Int32, healthyOnly: Bool, commit: Bool) -> Int32 {
        let targets = compute.loadBalancers[lb].targets
        let n = targets.count
        let scopeAll = node < 0 || compute.loadBalancers[lb].config.crossZone
        let least = compute.loadBalancers[lb].config.algorithm == .leastOutstanding
        let start = node >= 0 ? compute.loadBalancers[lb].next[Int(node)] % n : 0
        var best = -1
        var bestLoad = Int.max
        for k in 0..<n {
            let i = (start + k) % n
            let h = Int(targets[i])
            guard compute.hosts[h].registered, !healthyOnly || compute.hosts[h].healthy else { continue }
            guard scopeAll || compute.hosts[h].az == node, compute.loadBalancers[lb].shifted[Int(compute.hosts[h].az)] == 0 else { continue }
            if !least {
                best = i
                break
            }
            let d = Int(compute.hosts[h].deployment)
            let load = Int(deployments[d].busy) + deployments[d].queued
            if load < bestLoad {
                best = i
                bestLoad = load
            }
        }
        guard best >= 0 else { return -1 }
        if commit, node >= 0 { compute.loadBalancers[lb].next[Int(node)] = (best + 1) % n }
        return targets[best]
    }

    /// A 5XX the load balancer generates itself (no healthy target, connection refused or timed out).
    mutating func loadBalancerError(_ lb: Int, _ status: UInt16, now: SimInstant) {
        let m = compute.loadBalancers[lb].metrics
        compute.loadBalancers[lb].elb5xx += 1
        metrics.add(m.elb5xx, at: now)
        switch status {
        case Status.badGateway: metrics.add(m.elb502, at: now)
        case Status.gatewayTimeout: metrics.add(m.elb504, at: now)
        default: metrics.add(m.elb503, at: now)
        }
    }

    /// A request reaches a host: it is admitted if the host serves. Otherwise the load
    /// balancer's connection fails: refused by a running instance whose application is down
    /// (502 at once), or unanswered by a stopped, booting or terminated one (504 after the
    /// load balancer's connect timeout). ELB 5XX are counted when the request is routed.
    mutating func admitHost(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Bool {
        let h = Int(deployments[d].kindIndex)
        if compute.hosts[h].serving {
            hostReceived(h, now: now)
            return true
        }
        let lb = Int(compute.hosts[h].lb)
        compute.hosts[h].loadBalancerErrors += 1
        if compute.hosts[h].state == .running {
            loadBalancerError(lb, Status.badGateway, now: now)
            respond(request: r, status: Status.badGateway, now: now, queue: &queue)
        } else {
            loadBalancerError(lb, Status.gatewayTimeout, now: now)
            respond(request: r, status: Status.gatewayTimeout, now: now + compute.loadBalancers[lb].config.connectTimeout, queue: &queue)
        }
        freeRequest(r)
        return false
    }

    /// A host answered a request: the target group's `HTTPCode_Target_*` and `TargetResponseTime`.
    /// `endsWork`: the request timed out during its local work, which ends with it.
    mutating func recordTargetResponse(deployment d: Int, status: UInt16, duration: Int64, endsWork: Bool = false, now: SimInstant) {
        let h = Int(deployments[d].kindIndex)
        if endsWork { hostComputeEnded(h, now: now) }
        hostResponded(h, now: now)
        let lb = Int(compute.hosts[h].lb)
        let m = compute.loadBalancers[lb].metrics
        if status >= 500 {
            compute.hosts[h].failed += 1
            compute.loadBalancers[lb].target5xx += 1
            metrics.add(m.target5xx, at: now)
        } else if !Status.isFailure(status) {
            compute.hosts[h].served += 1
            compute.loadBalancers[lb].target2xx += 1
            metrics.add(m.target2xx, at: now)
        } else {
            compute.hosts[h].failed += 1
        }
        metrics.record(m.responseTime, nanoseconds: duration, at: now)
    }

    /// Local processing time on a host, stretched while CPU stress runs on it.
    mutating func hostWork(_ work: Int64, deployment d: Int) -> Int64 {
        let h = Int(deployments[d].kindIndex)
        hostComputeStarted(h, now: core.clock)
        let s = compute.hosts[h].stretch
        return s == 1 ? work : Int64((Double(work) * s).rounded())
    }

    /// A request's local work on a host is done (its worker's CPU is free).
    mutating func hostWorkDone(request r: Int32, now: SimInstant) {
        hostComputeEnded(Int(deployments[Int(requests[Int(r)].deployment)].kindIndex), now: now)
    }

    // MARK: Health checks

    /// Every target is checked every interval at its own phase (drawn from the load
    /// balancer's stream `loadbalancer/<name>` at the start of the run).
    mutating func startHealthChecks(queue: inout EventQueue<WorldEvent>) {
        for lb in compute.loadBalancers.indices {
            let interval = compute.loadBalancers[lb].config.interval.nanoseconds
            let stream = compute.loadBalancerStreams[lb].handle
            for h in compute.loadBalancers[lb].targets {
                let phase = Int64(stream.uniform() * Double(interval))
                queue.schedule(.hostTimer(host: h, kind: HostTimer.healthCheck, generation: 0), at: SimInstant(nanoseconds: phase))
            }
            updateHealthGauges(lb, now: .zero)
        }
    }

    /// A health check: passes at once when the application serves; refused (fails at once) when
    /// the instance runs but the application is down; otherwise unanswered, failing after the
    /// timeout. Under active network faults the check crosses the network first
    /// (``healthCheckRoundTrip(host:now:)``): lost or blocked, it goes unanswered too. A
    /// deregistered target is not checked.
    mutating func healthCheck(host h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let lb = Int(compute.hosts[h].lb)
        let c = compute.loadBalancers[lb].config
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.healthCheck, generation: 0), at: now + c.interval)
        guard compute.hosts[h].registered else { return }
        if network.isActive, healthCheckRoundTrip(host: h, now: now) == nil {
            queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.checkTimedOut, generation: compute.hosts[h].generation), at: now + c.timeout)
        } else if compute.hosts[h].serving {
            checkResult(host: h, passed: true, now: now, queue: &queue)
        } else if compute.hosts[h].state == .running {
            checkResult(host: h, passed: false, now: now, queue: &queue)
        } else {
            queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.checkTimedOut, generation: compute.hosts[h].generation), at: now + c.timeout)
        }
    }

    mutating func checkResult(host h: Int, passed: Bool, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let lb = Int(compute.hosts[h].lb)
        let c = compute.loadBalancers[lb].config
        guard compute.hosts[h].registered else { return }
        if passed {
            compute.hosts[h].fails = 0
            compute.hosts[h].passes += 1
            if !compute.hosts[h].healthy, compute.hosts[h].passes >= (compute.hosts[h].initial ? 1 : Int32(c.healthyThreshold)) {
                compute.hosts[h].healthy = true
                compute.hosts[h].initial = false
                if compute.hosts[h].unhealthySince >= 0 {
                    compute.hosts[h].unhealthyTotal += now.nanoseconds - compute.hosts[h].unhealthySince
                    compute.hosts[h].unhealthySince = -1
                }
                logHost(h, "healthy", now: now)
                updateHealthGauges(lb, now: now)
            }
        } else {
            compute.hosts[h].passes = 0
            compute.hosts[h].fails += 1
            if compute.hosts[h].healthy, compute.hosts[h].fails >= Int32(c.unhealthyThreshold) {
                compute.hosts[h].healthy = false
                compute.hosts[h].unhealthySince = now.nanoseconds
                logHost(h, "unhealthy", now: now)
                updateHealthGauges(lb, now: now)
                considerReplacement(host: h, now: now, queue: &queue)
            } else if compute.hosts[h].initial, compute.hosts[h].fails >= Int32(c.unhealthyThreshold) {
                // A newly registered target that fails its first checks goes from `initial`
                // to `unhealthy` (it was never healthy, so no traffic and no gauge change).
                compute.hosts[h].initial = false
                logHost(h, "unhealthy", now: now)
                considerReplacement(host: h, now: now, queue: &queue)
            }
        }
    }

    mutating func updateHealthGauges(_ lb: Int, now: SimInstant) {
        var healthy: Int64 = 0, unhealthy: Int64 = 0
        for h in compute.loadBalancers[lb].targets where compute.hosts[Int(h)].registered {
            if compute.hosts[Int(h)].healthy { healthy += 1 } else { unhealthy += 1 }
        }
        metrics.set(compute.loadBalancers[lb].metrics.healthy, healthy, at: now)
        metrics.set(compute.loadBalancers[lb].metrics.unhealthy, unhealthy, at: now)
    }
}
