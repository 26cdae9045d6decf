import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Compute faults on hosts (stop, terminate, reboot, stress, kill, zonal shift, insufficient
/// capacity) and Auto Scaling / scheduler replacement.
extension World {
    /// A compute fault's window opens or closes.
    mutating func computeFaultEdge(fault i: Int, starting: Bool, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        apiFaultActive[i] = starting
        guard case .compute(_, let effect) = config.faults[i].action else { return }
        if case .zonalShift(let name) = effect {
            guard let az = config.topology.azs.firstIndex(where: { $0.name == name }) else { return }
            for t in config.faults[i].targets where services[Int(t.index)].lb >= 0 {
                compute.loadBalancers[Int(services[Int(t.index)].lb)].shifted[az] += starting ? 1 : -1
            }
            return
        }
        // Insufficient capacity acts when the group launches (`replaceHost`), not on compute.hosts.
        if case .insufficientCapacity = effect { return }
        for ref in config.faults[i].hosts {
            guard let h = hostIndex(ref) else { continue }
            if starting { compute.hosts[h].lastFault = Int32(i) }
            let hc = services[Int(compute.hosts[h].service)].config.hosts!
            switch effect {
            case .stop(let restart):
                if starting {
                    guard compute.hosts[h].state == .running || compute.hosts[h].state == .rebooting || compute.hosts[h].state == .pending else { continue }
                    bringDown(h, to: .stopped, now: now, queue: &queue)
                    logHost(h, "stopped", now: now)
                    considerReplacement(host: h, now: now, queue: &queue)
                } else if restart, compute.hosts[h].state == .stopped, compute.hosts[h].lastFault == Int32(i) {
                    compute.hosts[h].generation &+= 1
                    compute.hosts[h].state = .pending
                    logHost(h, "pending", now: now)
                    hostStateChanged(h, now: now)
                    let boot = hc.bootTime.core.sampleNanoseconds(hostStream(h))
                    queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.booted, generation: compute.hosts[h].generation), at: now + .nanoseconds(boot))
                }
            case .terminate:
                guard starting, compute.hosts[h].state != .terminated else { continue }
                bringDown(h, to: .terminated, now: now, queue: &queue)
                logHost(h, "terminated", now: now)
                considerReplacement(host: h, now: now, queue: &queue)
            case .reboot:
                guard starting, compute.hosts[h].state == .running else { continue }
                bringDown(h, to: .rebooting, now: now, queue: &queue)
                logHost(h, "rebooting", now: now)
                let t = hc.rebootTime.core.sampleNanoseconds(hostStream(h))
                queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.booted, generation: compute.hosts[h].generation), at: now + .nanoseconds(t))
            case .cpuStress(let load, let cpus):
                let share = cpus <= 0 ? 1 : min(1, Double(cpus) / Double(max(1, hc.vcpus)))
                let factor = ComputeEffect.cpuStretch(loadPercent: load, cpuShare: share)
                let ppm = Int64((min(max(load, 0), 100) / 100 * share * 1_000_000).rounded())
                if starting {
                    compute.hosts[h].stresses += 1
                    compute.hosts[h].stretch *= factor
                    compute.hosts[h].stressPPM += ppm
                    logHost(h, "cpu-stress-start", now: now)
                } else if compute.hosts[h].stresses > 0 {
                    compute.hosts[h].stresses -= 1
                    compute.hosts[h].stretch = compute.hosts[h].stresses == 0 ? 1 : compute.hosts[h].stretch / factor
                    compute.hosts[h].stressPPM = compute.hosts[h].stresses == 0 ? 0 : max(0, compute.hosts[h].stressPPM - ppm)
                    logHost(h, "cpu-stress-end", now: now)
                }
                refreshCPU(h, now: now)
            case .memoryStress(let percent):
                compute.hosts[h].memoryStress = starting ? compute.hosts[h].memoryStress + percent : max(0, compute.hosts[h].memoryStress - percent)
                if compute.hosts[h].group >= 0 { refreshGroup(Int(compute.hosts[h].group), now: now) }
                guard starting, percent >= hc.oomPercent, compute.hosts[h].serving else { continue }
                killApp(h, event: "oom-killed", restartDelay: hc.restartDelay, now: now, queue: &queue)
            case .killProcess:
                guard starting, compute.hosts[h].serving else { continue }
                killApp(h, event: "app-down", restartDelay: hc.restartDelay, now: now, queue: &queue)
            case .zonalShift, .insufficientCapacity:
                break
            }
        }
    }

    mutating func killApp(_ h: Int, event: String, restartDelay: SimDuration, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        bringDown(h, to: .running, appOnly: true, now: now, queue: &queue)
        logHost(h, event, now: now)
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.appRestart, generation: compute.hosts[h].generation), at: now + restartDelay)
    }

    /// Whether the host's replacer considers it unhealthy now: the ECS service scheduler
    /// replaces stopped tasks and tasks its load balancer reports unhealthy (``ecsSeesUnhealthy``);
    /// a ReplicaSet replaces deleted pods; an Auto Scaling group replaces instances not running
    /// (EC2 status) and, with ELB health checks after the grace period, unhealthy targets.
    mutating func replacerSeesUnhealthy(_ h: Int, now: SimInstant) -> Bool {
        let s = services[Int(compute.hosts[h].service)].config
        guard let hc = s.hosts, compute.hosts[h].active else { return false }
        if hc.type == .ecsTask { return ecsSeesUnhealthy(h) }
        if hc.type != .ec2Instance { return compute.hosts[h].state == .terminated }
        guard let asg = s.autoScaling, asg.replaceUnhealthy else { return false }
        if compute.hosts[h].state == .stopped || compute.hosts[h].state == .terminated { return true }
        return asg.healthCheckType == .elb && compute.hosts[h].registered && !compute.hosts[h].healthy
            && now.nanoseconds >= compute.hosts[h].launchedAt + asg.healthCheckGracePeriod.nanoseconds
    }

    /// The ECS service scheduler's view of a task: stopped, or failing its load balancer's
    /// health checks. A service with a load balancer stops a task its target group reports
    /// unhealthy and starts a replacement ("Task failed ELB health checks"); with the API's
    /// default `healthCheckGracePeriodSeconds` of 0 it does so from the task's start. A newly
    /// registered task is `initial` (not yet healthy) and is left alone until it has been
    /// healthy: ELB reports it `initial`, not `unhealthy`.
    /// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
    func ecsSeesUnhealthy(_ h: Int) -> Bool {
        if compute.hosts[h].state == .terminated { return true }
        return compute.hosts[h].registered && !compute.hosts[h].healthy && !compute.hosts[h].initial && compute.hosts[h].state == .running
    }

    mutating func considerReplacement(host h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard !compute.hosts[h].replacing, replacerSeesUnhealthy(h, now: now) else { return }
        let s = services[Int(compute.hosts[h].service)].config
        let delay = s.hosts!.type == .ec2Instance ? s.autoScaling!.detectionDelay : s.hosts!.replacementDelay
        compute.hosts[h].replacing = true
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.replace, generation: 0), at: now + delay)
    }

    /// The replacer terminates the host (if it is not already) and launches a new one in the
    /// same AZ and slot: launch (Auto Scaling) + boot, then it registers as a new target.
    mutating func replaceHost(_ h: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        compute.hosts[h].replacing = false
        guard replacerSeesUnhealthy(h, now: now) else { return }
        let s = services[Int(compute.hosts[h].service)].config
        if s.hosts!.scaling != nil {
            // A group with a capacity: the unhealthy host is terminated and the group launches
            // a replacement where it can (the AZ with the fewest, launches there permitting).
            replaceInGroup(h, now: now, queue: &queue)
            return
        }
        if s.hosts!.type == .ec2Instance, launchFails(h, now: now) {
            // The group terminates the unhealthy instance (which leaves the target group), its
            // launch in this AZ fails; it tries again after the next detection cycle.
            if compute.hosts[h].state != .terminated {
                bringDown(h, to: .terminated, now: now, queue: &queue)
                logHost(h, "terminated", now: now)
            }
            deregister(h, now: now)
            if !compute.hosts[h].launchBlocked {
                compute.hosts[h].launchBlocked = true
                logHost(h, "launch-failed", now: now)
            }
            compute.hosts[h].replacing = true
            queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.replace, generation: 0), at: now + s.autoScaling!.detectionDelay)
            return
        }
        compute.hosts[h].launchBlocked = false
        if compute.hosts[h].serving || compute.hosts[h].state == .running { bringDown(h, to: .terminated, now: now, queue: &queue) }
        compute.hosts[h].generation &+= 1
        compute.hosts[h].state = .pending
        compute.hosts[h].appUp = false
        markDown(h, now: now)
        deregister(h, now: now)
        compute.hosts[h].replacements += 1
        compute.hosts[h].launchedAt = now.nanoseconds
        // A new instance, task or pod: not a resource the running host faults resolved.
        network.release(deployment: Int(compute.hosts[h].deployment))
        compute.hosts[h].stretch = 1
        compute.hosts[h].stresses = 0
        logHost(h, "replacing", now: now)
        hostStateChanged(h, now: now)
        let stream = hostStream(h)
        var t: Int64 = 0
        if s.hosts!.type == .ec2Instance { t += s.autoScaling!.launchTime.core.sampleNanoseconds(stream) }
        t += s.hosts!.bootTime.core.sampleNanoseconds(stream)
        queue.schedule(.hostTimer(host: Int32(h), kind: HostTimer.booted, generation: compute.hosts[h].generation), at: now + .nanoseconds(t))
    }

    /// The host leaves its target group (the group terminated it): no more checks or traffic.
    mutating func deregister(_ h: Int, now: SimInstant) {
        guard compute.hosts[h].registered else { return }
        compute.hosts[h].registered = false
        if compute.hosts[h].unhealthySince >= 0 {
            compute.hosts[h].unhealthyTotal += now.nanoseconds - compute.hosts[h].unhealthySince
            compute.hosts[h].unhealthySince = -1
        }
        updateHealthGauges(Int(compute.hosts[h].lb), now: now)
    }

    /// Whether an active `aws:ec2:asg-insufficient-instance-capacity-error` on the host's group
    /// fails this launch in the host's AZ. Below 100 % the attempt is picked by a hash of
    /// (fault, host, replacement count, time), so it draws from no random stream.
    mutating func launchFails(_ h: Int, now: SimInstant) -> Bool {
        launchFails(service: Int(compute.hosts[h].service), az: compute.hosts[h].az, host: h, attempt: compute.hosts[h].replacements, now: now)
    }

    /// Whether a launch by the service's group in AZ `azIndex` fails now (see above).
    mutating func launchFails(service: Int, az azIndex: Int32, host h: Int, attempt: Int32, now: SimInstant) -> Bool {
        guard services[service].config.hosts?.type == .ec2Instance else { return false }
        let az = config.topology.azs[Int(azIndex)].name
        for (i, f) in config.faults.enumerated() where apiFaultActive[i] && f.targets.contains(ServiceID(service)) {
            guard case .compute(_, .insufficientCapacity(let azs, let percent)) = f.action, azs.contains(az) else { continue }
            if percent >= 100 { return true }
            let key = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(h) << 32 ^ UInt64(attempt) ^ UInt64(bitPattern: now.nanoseconds)
            if StreamSeed.splitMix64(key) % 100 < UInt64(percent) { return true }
        }
        return false
    }
}
