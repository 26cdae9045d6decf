import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension HostsConfig {
    /// A host's name in outputs and `faults:` targets: `<service>/<az>/<index>`.
    public static func hostName(service: String, az: String, index: Int) -> String { "\(service)/\(az)/\(index)" }
}

/// Hosts behind a load balancer: routing, health checks, state changes from compute faults,
/// Auto Scaling / scheduler replacement.
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
    /// timeout. A deregistered target is not checked.
    mutating func healthCheck(host h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let lb = Int(hosts[h].lb)
        let c = loadBalancers[lb].config
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.healthCheck, generation: 0), at: now + c.interval)
        guard hosts[h].registered else { return }
        if hosts[h].serving {
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

    // MARK: Timers

    mutating func hostTimer(host h: Int, kind: UInt8, generation: UInt32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        switch kind {
        case HostTimer.healthCheck:
            healthCheck(host: h, now: now, queue: &queue)
        case HostTimer.checkTimedOut:
            checkResult(host: h, passed: false, now: now, queue: &queue)
        case HostTimer.booted:
            guard hosts[h].generation == generation else { return }
            hosts[h].state = .running
            hosts[h].appUp = true
            markServing(h, now: now)
            logHost(h, "running", now: now)
            if !hosts[h].registered {
                // A replacement registers with the target group once it runs: one passing check.
                hosts[h].registered = true
                hosts[h].healthy = false
                hosts[h].initial = true
                hosts[h].passes = 0
                hosts[h].fails = 0
                hosts[h].unhealthySince = now.nanoseconds
                updateHealthGauges(Int(hosts[h].lb), now: now)
            }
        case HostTimer.appRestart:
            guard hosts[h].generation == generation, hosts[h].state == .running else { return }
            hosts[h].appUp = true
            markServing(h, now: now)
            logHost(h, "app-up", now: now)
        case HostTimer.replace:
            replaceHost(h, now: now, queue: &queue)
        default:
            break
        }
    }

    // MARK: State changes

    mutating func logHost(_ h: Int, _ event: String, now: SimInstant) {
        hostLog.append(HostChange(host: Int32(h), at: now, event: event, fault: hosts[h].lastFault))
    }

    mutating func markDown(_ h: Int, now: SimInstant) {
        if hosts[h].downSince < 0 { hosts[h].downSince = now.nanoseconds }
    }

    mutating func markServing(_ h: Int, now: SimInstant) {
        if hosts[h].downSince >= 0 { hosts[h].downTotal += now.nanoseconds - hosts[h].downSince; hosts[h].downSince = -1 }
    }

    /// Every request queued, in service or waiting on a call at the host fails: the host's
    /// connections are reset, and the load balancer answers 502.
    mutating func failHostRequests(_ h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(hosts[h].deployment)
        let m = deployments[d].metrics
        let lb = Int(hosts[h].lb)
        for i in 0..<requests.count {
            let st = requests[i].state
            guard requests[i].deployment == Int32(d), st == .queued || st == .inService || st == .waitingCall else { continue }
            metrics.record(m.duration, nanoseconds: (now - requests[i].arrival).nanoseconds, at: now)
            metrics.add(m.errors, at: now)
            hosts[h].failed += 1
            hosts[h].loadBalancerErrors += 1
            loadBalancerError(lb, Status.badGateway, now: now)
            respond(request: Int32(i), status: Status.badGateway, now: now, queue: &queue)
            freeRequest(Int32(i))
        }
        if deployments[d].busy > 0 { metrics.adjust(m.concurrency, by: -Int64(deployments[d].busy), at: now) }
        if deployments[d].queued > 0 { metrics.adjust(m.queueDepth, by: -Int64(deployments[d].queued), at: now) }
        deployments[d].busy = 0
        deployments[d].queued = 0
        deployments[d].queue.removeAll()
    }

    /// Takes the host out of service (stop, terminate, reboot, kill): its requests fail.
    mutating func bringDown(_ h: Int, to state: HostState, appOnly: Bool = false, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        failHostRequests(h, now: now, queue: &queue)
        hosts[h].generation &+= 1
        hosts[h].appUp = false
        if !appOnly { hosts[h].state = state }
        markDown(h, now: now)
    }

    /// The host's service's stream `hosts/<service>` (boot, reboot and launch times).
    mutating func hostStream(_ h: Int) -> StreamHandle {
        hostStreams[Int(services[Int(hosts[h].service)].hostStream)].handle
    }

    mutating func hostIndex(_ ref: HostRef) -> Int? {
        hosts.firstIndex { $0.service == ref.service.index && $0.az == ref.az.index && $0.index == ref.index }
    }

    /// A compute fault's window opens or closes.
    mutating func computeFaultEdge(fault i: Int, starting: Bool, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        apiFaultActive[i] = starting
        guard case let .compute(_, effect) = config.faults[i].action else { return }
        if case let .zonalShift(name) = effect {
            guard let az = config.topology.azs.firstIndex(where: { $0.name == name }) else { return }
            for t in config.faults[i].targets where services[Int(t.index)].lb >= 0 {
                loadBalancers[Int(services[Int(t.index)].lb)].shifted[az] += starting ? 1 : -1
            }
            return
        }
        // Insufficient capacity acts when the group launches (`replaceHost`), not on hosts.
        if case .insufficientCapacity = effect { return }
        for ref in config.faults[i].hosts {
            guard let h = hostIndex(ref) else { continue }
            if starting { hosts[h].lastFault = Int32(i) }
            let hc = services[Int(hosts[h].service)].config.hosts!
            switch effect {
            case let .stop(restart):
                if starting {
                    guard hosts[h].state == .running || hosts[h].state == .rebooting || hosts[h].state == .pending else { continue }
                    bringDown(h, to: .stopped, now: now, queue: &queue)
                    logHost(h, "stopped", now: now)
                    considerReplacement(host: h, now: now, queue: &queue)
                } else if restart, hosts[h].state == .stopped, hosts[h].lastFault == Int32(i) {
                    hosts[h].generation &+= 1
                    hosts[h].state = .pending
                    logHost(h, "pending", now: now)
                    let boot = hc.bootTime.core.sampleNanoseconds(hostStream(h))
                    queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.booted, generation: hosts[h].generation), at: now + .nanoseconds(boot))
                }
            case .terminate:
                guard starting, hosts[h].state != .terminated else { continue }
                bringDown(h, to: .terminated, now: now, queue: &queue)
                logHost(h, "terminated", now: now)
                considerReplacement(host: h, now: now, queue: &queue)
            case .reboot:
                guard starting, hosts[h].state == .running else { continue }
                bringDown(h, to: .rebooting, now: now, queue: &queue)
                logHost(h, "rebooting", now: now)
                let t = hc.rebootTime.core.sampleNanoseconds(hostStream(h))
                queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.booted, generation: hosts[h].generation), at: now + .nanoseconds(t))
            case let .cpuStress(load, cpus):
                let share = cpus <= 0 ? 1 : min(1, Double(cpus) / Double(max(1, hc.vcpus)))
                let factor = ComputeEffect.cpuStretch(loadPercent: load, cpuShare: share)
                if starting {
                    hosts[h].stresses += 1
                    hosts[h].stretch *= factor
                    logHost(h, "cpu-stress-start", now: now)
                } else if hosts[h].stresses > 0 {
                    hosts[h].stresses -= 1
                    hosts[h].stretch = hosts[h].stresses == 0 ? 1 : hosts[h].stretch / factor
                    logHost(h, "cpu-stress-end", now: now)
                }
            case let .memoryStress(percent):
                guard starting, percent >= hc.oomPercent, hosts[h].serving else { continue }
                killApp(h, event: "oom-killed", restartDelay: hc.restartDelay, now: now, queue: &queue)
            case .killProcess:
                guard starting, hosts[h].serving else { continue }
                killApp(h, event: "app-down", restartDelay: hc.restartDelay, now: now, queue: &queue)
            case .zonalShift, .insufficientCapacity:
                break
            }
        }
    }

    mutating func killApp(_ h: Int, event: String, restartDelay: SimDuration, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        bringDown(h, to: .running, appOnly: true, now: now, queue: &queue)
        logHost(h, event, now: now)
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.appRestart, generation: hosts[h].generation), at: now + restartDelay)
    }

    /// Whether the host's replacer considers it unhealthy now: ECS/EKS schedulers replace
    /// stopped tasks and deleted pods; an Auto Scaling group replaces instances not running
    /// (EC2 status) and, with ELB health checks after the grace period, unhealthy targets.
    mutating func replacerSeesUnhealthy(_ h: Int, now: SimInstant) -> Bool {
        let s = services[Int(hosts[h].service)].config
        guard let hc = s.hosts else { return false }
        if hc.type != .ec2Instance { return hosts[h].state == .terminated }
        guard let asg = s.autoScaling, asg.replaceUnhealthy else { return false }
        if hosts[h].state == .stopped || hosts[h].state == .terminated { return true }
        return asg.healthCheckType == .elb && hosts[h].registered && !hosts[h].healthy
            && now.nanoseconds >= hosts[h].launchedAt + asg.healthCheckGracePeriod.nanoseconds
    }

    mutating func considerReplacement(host h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard !hosts[h].replacing, replacerSeesUnhealthy(h, now: now) else { return }
        let s = services[Int(hosts[h].service)].config
        let delay = s.hosts!.type == .ec2Instance ? s.autoScaling!.detectionDelay : s.hosts!.replacementDelay
        hosts[h].replacing = true
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.replace, generation: 0), at: now + delay)
    }

    /// The replacer terminates the host (if it is not already) and launches a new one in the
    /// same AZ and slot: launch (Auto Scaling) + boot, then it registers as a new target.
    mutating func replaceHost(_ h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        hosts[h].replacing = false
        guard replacerSeesUnhealthy(h, now: now) else { return }
        let s = services[Int(hosts[h].service)].config
        if s.hosts!.type == .ec2Instance, launchFails(h, now: now) {
            // The group terminates the unhealthy instance (which leaves the target group), its
            // launch in this AZ fails; it tries again after the next detection cycle.
            if hosts[h].state != .terminated {
                bringDown(h, to: .terminated, now: now, queue: &queue)
                logHost(h, "terminated", now: now)
            }
            deregister(h, now: now)
            if !hosts[h].launchBlocked {
                hosts[h].launchBlocked = true
                logHost(h, "launch-failed", now: now)
            }
            hosts[h].replacing = true
            queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.replace, generation: 0), at: now + s.autoScaling!.detectionDelay)
            return
        }
        hosts[h].launchBlocked = false
        if hosts[h].serving || hosts[h].state == .running { bringDown(h, to: .terminated, now: now, queue: &queue) }
        hosts[h].generation &+= 1
        hosts[h].state = .pending
        hosts[h].appUp = false
        markDown(h, now: now)
        deregister(h, now: now)
        hosts[h].replacements += 1
        hosts[h].launchedAt = now.nanoseconds
        logHost(h, "replacing", now: now)
        let stream = hostStream(h)
        var t: Int64 = 0
        if s.hosts!.type == .ec2Instance { t += s.autoScaling!.launchTime.core.sampleNanoseconds(stream) }
        t += s.hosts!.bootTime.core.sampleNanoseconds(stream)
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.booted, generation: hosts[h].generation), at: now + .nanoseconds(t))
    }

    /// The host leaves its target group (the group terminated it): no more checks or traffic.
    mutating func deregister(_ h: Int, now: SimInstant) {
        guard hosts[h].registered else { return }
        hosts[h].registered = false
        if hosts[h].unhealthySince >= 0 { hosts[h].unhealthyTotal += now.nanoseconds - hosts[h].unhealthySince; hosts[h].unhealthySince = -1 }
        updateHealthGauges(Int(hosts[h].lb), now: now)
    }

    /// Whether an active `aws:ec2:asg-insufficient-instance-capacity-error` on the host's group
    /// fails this launch in the host's AZ. Below 100 % the attempt is picked by a hash of
    /// (fault, host, replacement count, time), so it draws from no random stream.
    mutating func launchFails(_ h: Int, now: SimInstant) -> Bool {
        let az = config.topology.azs[Int(hosts[h].az)].name
        for (i, f) in config.faults.enumerated() where apiFaultActive[i] && f.targets.contains(ServiceID(Int(hosts[h].service))) {
            guard case let .compute(_, .insufficientCapacity(azs, percent)) = f.action, azs.contains(az) else { continue }
            if percent >= 100 { return true }
            let key = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(h) << 32 ^ UInt64(hosts[h].replacements) ^ UInt64(bitPattern: now.nanoseconds)
            if StreamSeed.splitMix64(key) % 100 < UInt64(percent) { return true }
        }
        return false
    }

    // MARK: Results

    func hostSummaries(at end: SimInstant) -> [HostSummary] {
        hosts.map { h in
            let s = services[Int(h.service)].config
            let down = h.downTotal + (h.downSince >= 0 ? end.nanoseconds - h.downSince : 0)
            let unhealthy = h.unhealthyTotal + (h.unhealthySince >= 0 ? end.nanoseconds - h.unhealthySince : 0)
            return HostSummary(
                name: HostsConfig.hostName(service: s.name, az: config.topology.azs[Int(h.az)].name, index: Int(h.index)),
                service: s.name, az: config.topology.azs[Int(h.az)].name, index: Int(h.index), type: s.hosts!.type.rawValue,
                stateAtEnd: h.state == .running && !h.appUp ? "running (application down)" : (h.state == .rebooting ? "rebooting" : h.state.stateName),
                healthyAtEnd: h.registered && h.healthy, routed: h.routed, served: h.served, failed: h.failed,
                loadBalancerErrors: h.loadBalancerErrors, replacements: Int(h.replacements),
                downSeconds: Double(down) / 1e9, unhealthySeconds: Double(unhealthy) / 1e9)
        }
    }

    func loadBalancerSummaries() -> [LoadBalancerSummary] {
        loadBalancers.map {
            LoadBalancerSummary(name: $0.config.name, service: services[Int($0.service)].config.name, requests: $0.requests,
                                target2xx: $0.target2xx, target5xx: $0.target5xx, elb5xx: $0.elb5xx)
        }
    }
}

extension World {
    /// Ends the compute faults a stop condition (or a failed start) ended: FIS stops the action,
    /// and a stop-instances action with `startInstancesAfterDuration` starts its instances.
    mutating func applyDeferredComputeEnds(now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let ends = deferredComputeEnds
        deferredComputeEnds.removeAll()
        for f in ends { computeFaultEdge(fault: Int(f), starting: false, now: now, queue: &queue) }
    }
}
