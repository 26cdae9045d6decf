import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension HostsConfig {
    /// A host's name in outputs and `faults:` targets: `<service>/<az>/<index>`.
    public static func hostName(service: String, az: String, index: Int) -> String { "\(service)/\(az)/\(index)" }
}

/// Host state: timers (boot, reboot, restart, replacement), state changes, lookups. Routing and
/// health checks are in World+LoadBalancer, compute faults and replacement in World+HostFaults.
extension World {
    // MARK: Timers

    mutating func hostTimer(host h: Int, kind: HostTimer, generation: UInt32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        switch kind {
        case HostTimer.healthCheck:
            healthCheck(host: h, now: now, queue: &queue)
        case HostTimer.checkTimedOut:
            checkResult(host: h, passed: false, now: now, queue: &queue)
        case HostTimer.booted:
            guard compute.hosts[h].generation == generation else { return }
            compute.hosts[h].state = .running
            compute.hosts[h].appUp = true
            markServing(h, now: now)
            logHost(h, "running", now: now)
            hostBooted(h, now: now, queue: &queue)
            if !compute.hosts[h].registered {
                // A replacement registers with the target group once it runs: one passing check.
                compute.hosts[h].registered = true
                compute.hosts[h].healthy = false
                compute.hosts[h].initial = true
                compute.hosts[h].passes = 0
                compute.hosts[h].fails = 0
                compute.hosts[h].unhealthySince = now.nanoseconds
                updateHealthGauges(Int(compute.hosts[h].lb), now: now)
            }
        case HostTimer.appRestart:
            guard compute.hosts[h].generation == generation, compute.hosts[h].state == .running else { return }
            compute.hosts[h].appUp = true
            markServing(h, now: now)
            logHost(h, "app-up", now: now)
            refreshCPU(h, now: now)
        case HostTimer.replace:
            replaceHost(h, now: now, queue: &queue)
        case HostTimer.warmedUp:
            guard compute.hosts[h].generation == generation, compute.hosts[h].state == .running, compute.hosts[h].active else { return }
            setContributing(h, true, now: now)
        case HostTimer.drained:
            drained(h, generation: generation, now: now, queue: &queue)
        case HostTimer.reconcile:
            guard compute.hosts[h].group >= 0 else { return }
            compute.groups[Int(compute.hosts[h].group)].reconcileArmed = false
            reconcile(Int(compute.hosts[h].group), policy: "", now: now, queue: &queue)
        }
    }

    // MARK: State changes

    mutating func logHost(_ h: Int, _ event: String, now: SimInstant) {
        compute.log.append(HostChange(host: Int32(h), at: now, event: event, fault: compute.hosts[h].lastFault))
    }

    mutating func markDown(_ h: Int, now: SimInstant) {
        if compute.hosts[h].downSince < 0 { compute.hosts[h].downSince = now.nanoseconds }
    }

    mutating func markServing(_ h: Int, now: SimInstant) {
        if compute.hosts[h].downSince >= 0 {
            compute.hosts[h].downTotal += now.nanoseconds - compute.hosts[h].downSince
            compute.hosts[h].downSince = -1
        }
    }

    /// Every request queued, in service or waiting on a call at the host fails: the host's
    /// connections are reset, and the load balancer answers 502.
    mutating func failHostRequests(_ h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let d = Int(compute.hosts[h].deployment)
        let m = deployments[d].metrics
        let lb = Int(compute.hosts[h].lb)
        for i in 0..<requests.count {
            let st = requests[i].state
            guard requests[i].deployment == Int32(d), st == .queued || st == .inService || st == .waitingCall else { continue }
            metrics.record(m.duration, nanoseconds: (now - requests[i].arrival).nanoseconds, at: now)
            metrics.add(m.errors, at: now)
            compute.hosts[h].failed += 1
            compute.hosts[h].loadBalancerErrors += 1
            loadBalancerError(lb, Status.badGateway, now: now)
            respond(request: Int32(i), status: Status.badGateway, now: now, queue: &queue)
            freeRequest(Int32(i))
        }
        if deployments[d].busy > 0 { metrics.adjust(m.concurrency, by: -Int64(deployments[d].busy), at: now) }
        if deployments[d].queued > 0 { metrics.adjust(m.queueDepth, by: -Int64(deployments[d].queued), at: now) }
        deployments[d].busy = 0
        deployments[d].queued = 0
        deployments[d].queue.removeAll()
        compute.hosts[h].computing = 0
    }

    /// Takes the host out of service (stop, terminate, reboot, kill): its requests fail.
    mutating func bringDown(_ h: Int, to state: HostState, appOnly: Bool = false, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        failHostRequests(h, now: now, queue: &queue)
        compute.hosts[h].generation &+= 1
        compute.hosts[h].appUp = false
        if !appOnly { compute.hosts[h].state = state }
        markDown(h, now: now)
        hostStateChanged(h, now: now)
    }

    /// The host's service's stream `hosts/<service>` (boot, reboot and launch times).
    mutating func hostStream(_ h: Int) -> StreamHandle {
        compute.hostStreams[Int(services[Int(compute.hosts[h].service)].hostStream)].handle
    }

    mutating func hostIndex(_ ref: HostRef) -> Int? {
        compute.hosts.firstIndex { $0.service == ref.service.index && $0.az == ref.az.index && $0.index == ref.index }
    }
}
