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
        loadBalancers[lb].requests += 1
        metrics.add(loadBalancers[lb].metrics.requestCount, at: now)
        var node: Int32 = -1
        if loadBalancers[lb].nodes.contains(az), loadBalancers[lb].shifted[Int(az)] == 0, pickTarget(lb, node: az, healthyOnly: true, commit: false) >= 0 {
            node = az
        } else {
            let nodes = loadBalancers[lb].nodes
            for k in 0..<nodes.count {
                let candidate = nodes[(loadBalancers[lb].failover + k) % nodes.count]
                if loadBalancers[lb].shifted[Int(candidate)] == 0, pickTarget(lb, node: candidate, healthyOnly: true, commit: false) >= 0 {
                    node = candidate
                    loadBalancers[lb].failover = (loadBalancers[lb].failover + k + 1) % nodes.count
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
        hosts[Int(host)].routed += 1
        return hosts[Int(host)].deployment
    }

    /// The target node `node` would pick (-1: scope is every AZ), or -1 if none is eligible.
    mutating func pickTarget(_ lb: Int, node: Int32, healthyOnly: Bool, commit: Bool) -> Int32 {
        let targets = loadBalancers[lb].targets
        let n = targets.count
        let scopeAll = node < 0 || loadBalancers[lb].config.crossZone
        let least = loadBalancers[lb].config.algorithm == .leastOutstanding
        let start = node >= 0 ? loadBalancers[lb].next[Int(node)] % n : 0
        var best = -1
        var bestLoad = Int.max
        for k in 0..<n {
            let i = (start + k) % n
            let h = Int(targets[i])
            guard hosts[h].registered, !healthyOnly || hosts[h].healthy else { continue }
            guard scopeAll || hosts[h].az == node, loadBalancers[lb].shifted[Int(hosts[h].az)] == 0 else { continue }
            if !least { best = i; break }
            let d = Int(hosts[h].deployment)
            let load = Int(deployments[d].busy) + deployments[d].queued
            if load < bestLoad { best = i; bestLoad = load }
        }
        guard best >= 0 else { return -1 }
        if commit, node >= 0 { loadBalancers[lb].next[Int(node)] = (best + 1) % n }
        return targets[best]
    }

    /// A 5XX the load balancer generates itself (no healthy target, connection refused or timed out).
    mutating func loadBalancerError(_ lb: Int, _ status: UInt16, now: SimInstant) {
        let m = loadBalancers[lb].metrics
        loadBalancers[lb].elb5xx += 1
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
        if hosts[h].serving { return true }
        let lb = Int(hosts[h].lb)
        hosts[h].loadBalancerErrors += 1
        if hosts[h].state == .running {
            loadBalancerError(lb, Status.badGateway, now: now)
            respond(request: r, status: Status.badGateway, now: now, queue: &queue)
        } else {
            loadBalancerError(lb, Status.gatewayTimeout, now: now)
            respond(request: r, status: Status.gatewayTimeout, now: now + loadBalancers[lb].config.connectTimeout, queue: &queue)
        }
        freeRequest(r)
        return false
    }

    /// A host answered a request: the target group's `HTTPCode_Target_*` and `TargetResponseTime`.
    mutating func recordTargetResponse(deployment d: Int, status: UInt16, duration: Int64, now: SimInstant) {
        let h = Int(deployments[d].kindIndex)
        let lb = Int(hosts[h].lb)
        let m = loadBalancers[lb].metrics
        if status >= 500 {
            hosts[h].failed += 1
            loadBalancers[lb].target5xx += 1
            metrics.add(m.target5xx, at: now)
        } else if !Status.isFailure(status) {
            hosts[h].served += 1
            loadBalancers[lb].target2xx += 1
            metrics.add(m.target2xx, at: now)
        } else {
            hosts[h].failed += 1
        }
        metrics.record(m.responseTime, nanoseconds: duration, at: now)
    }

    /// Local processing time on a host, stretched while CPU stress runs on it.
    mutating func hostWork(_ work: Int64, deployment d: Int) -> Int64 {
        let s = hosts[Int(deployments[d].kindIndex)].stretch
        return s == 1 ? work : Int64((Double(work) * s).rounded())
    }

    // MARK: Health checks

    /// Every target is checked every interval at its own phase (drawn from the load
    /// balancer's stream `loadbalancer/<name>` at the start of the run).
    mutating func startHealthChecks(queue: inout EventQueue<WorldEvent>) {
        for lb in loadBalancers.indices {
            let interval = loadBalancers[lb].config.interval.nanoseconds
            let stream = loadBalancerStreams[lb].handle
            for h in loadBalancers[lb].targets {
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
        let lb = Int(hosts[h].lb)
        let c = loadBalancers[lb].config
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.healthCheck, generation: 0), at: now + c.interval)
        guard hosts[h].registered else { return }
        if network.isActive, healthCheckRoundTrip(host: h, now: now) == nil {
            queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.checkTimedOut, generation: hosts[h].generation), at: now + c.timeout)
        } else if hosts[h].serving {
            checkResult(host: h, passed: true, now: now, queue: &queue)
        } else if hosts[h].state == .running {
            checkResult(host: h, passed: false, now: now, queue: &queue)
        } else {
            queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.checkTimedOut, generation: hosts[h].generation), at: now + c.timeout)
        }
    }

    mutating func checkResult(host h: Int, passed: Bool, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let lb = Int(hosts[h].lb)
        let c = loadBalancers[lb].config
        guard hosts[h].registered else { return }
        if passed {
            hosts[h].fails = 0
            hosts[h].passes += 1
            if !hosts[h].healthy, hosts[h].passes >= (hosts[h].initial ? 1 : Int32(c.healthyThreshold)) {
                hosts[h].healthy = true
                hosts[h].initial = false
                if hosts[h].unhealthySince >= 0 { hosts[h].unhealthyTotal += now.nanoseconds - hosts[h].unhealthySince; hosts[h].unhealthySince = -1 }
                logHost(h, "healthy", now: now)
                updateHealthGauges(lb, now: now)
            }
        } else {
            hosts[h].passes = 0
            hosts[h].fails += 1
            if hosts[h].healthy, hosts[h].fails >= Int32(c.unhealthyThreshold) {
                hosts[h].healthy = false
                hosts[h].unhealthySince = now.nanoseconds
                logHost(h, "unhealthy", now: now)
                updateHealthGauges(lb, now: now)
                considerReplacement(host: h, now: now, queue: &queue)
            } else if hosts[h].initial, hosts[h].fails >= Int32(c.unhealthyThreshold) {
                // A newly registered target that fails its first checks goes from `initial`
                // to `unhealthy` (it was never healthy, so no traffic and no gauge change).
                hosts[h].initial = false
                logHost(h, "unhealthy", now: now)
                considerReplacement(host: h, now: now, queue: &queue)
            }
        }
    }

    mutating func updateHealthGauges(_ lb: Int, now: SimInstant) {
        var healthy: Int64 = 0, unhealthy: Int64 = 0
        for h in loadBalancers[lb].targets where hosts[Int(h)].registered {
            if hosts[Int(h)].healthy { healthy += 1 } else { unhealthy += 1 }
        }
        metrics.set(loadBalancers[lb].metrics.healthy, healthy, at: now)
        metrics.set(loadBalancers[lb].metrics.unhealthy, unhealthy, at: now)
    }
}
