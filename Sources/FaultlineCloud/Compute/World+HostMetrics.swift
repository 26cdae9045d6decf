import FaultlineKernel
import FaultlineMetrics

/// Host metrics as CloudWatch reports them (docs/compute-model.md):
/// - `CPUUtilization`: the share of the host's workers doing local work (a worker waiting on a
///   downstream call uses no CPU), plus the CPU a stress action takes (`load × share of vCPUs`),
///   capped at 100 %. Per instance (`AWS/EC2`), and per group as the mean over its instances
///   that are InService and warmed up (`AutoScalingGroupName` dimension) or over an ECS
///   service's running tasks (`AWS/ECS`).
/// - `NetworkIn`/`NetworkOut`: `requestBytes` per request received, `responseBytes` per
///   response sent; `NetworkPacketsIn`: the request's segments plus one ACK per two response
///   segments (delayed ACK).
/// - `StatusCheckFailed`: 1 while the instance reboots (the instance reachability check fails).
extension World {
    /// Starts the compute component: initial gauge levels, then the health checks.
    mutating func startCompute(queue: inout EventQueue<WorldEvent>) {
        for g in compute.groups.indices { refreshGroup(g, now: .zero) }
        startHealthChecks(queue: &queue)
    }

    /// A worker of the host starts local work (`begin`).
    @inline(__always) mutating func hostComputeStarted(_ h: Int, now: SimInstant) {
        compute.hosts[h].computing += 1
        refreshCPU(h, now: now)
    }

    /// A worker of the host ends local work (work done, or the request timed out during it).
    @inline(__always) mutating func hostComputeEnded(_ h: Int, now: SimInstant) {
        guard compute.hosts[h].computing > 0 else { return }
        compute.hosts[h].computing -= 1
        refreshCPU(h, now: now)
    }

    /// Recomputes the host's CPU and moves its gauge and its group's aggregate.
    mutating func refreshCPU(_ h: Int, now: SimInstant) {
        let host = compute.hosts[h]
        var v: Int64 = 0
        if host.state == .running {
            let workers = Int64(max(1, deployments[Int(host.deployment)].workers))
            v = min(1_000_000, (host.appUp ? Int64(host.computing) * 1_000_000 / workers : 0) + host.stressPPM)
        }
        let old = host.cpuPPM
        guard v != old else { return }
        compute.hosts[h].cpuPPM = v
        if let m = host.metrics { metrics.set(m.cpu, v, at: now) }
        if host.contributing, host.group >= 0 {
            let g = Int(host.group)
            compute.groups[g].cpuSum += v - old
            setGroupCPU(g, now: now)
        }
    }

    mutating func setGroupCPU(_ g: Int, now: SimInstant) {
        let n = compute.groups[g].contributors
        metrics.set(compute.groups[g].metrics.cpu, n > 0 ? compute.groups[g].cpuSum / n : 0, at: now)
    }

    /// Whether the host's CPU counts in its group's aggregate.
    mutating func setContributing(_ h: Int, _ on: Bool, now: SimInstant) {
        guard compute.hosts[h].contributing != on, compute.hosts[h].group >= 0 else { return }
        let g = Int(compute.hosts[h].group)
        compute.hosts[h].contributing = on
        compute.groups[g].contributors += on ? 1 : -1
        compute.groups[g].cpuSum += on ? compute.hosts[h].cpuPPM : -compute.hosts[h].cpuPPM
        setGroupCPU(g, now: now)
    }

    /// After a change of the host's state (boot, stop, terminate, reboot, kill, launch):
    /// its CPU, status check, group membership of the aggregate and the group's gauges.
    mutating func hostStateChanged(_ h: Int, now: SimInstant) {
        let state = compute.hosts[h].state
        if state != .running { compute.hosts[h].computing = 0 }
        if state != .running || !compute.hosts[h].active { setContributing(h, false, now: now) }
        refreshCPU(h, now: now)
        if let m = compute.hosts[h].metrics { metrics.set(m.statusCheckFailed, state == .rebooting ? 1 : 0, at: now) }
        if compute.hosts[h].group >= 0 { refreshGroup(Int(compute.hosts[h].group), now: now) }
    }

    /// The group's capacity gauges and (ECS) memory: recomputed over its hosts on state changes.
    mutating func refreshGroup(_ g: Int, now: SimInstant) {
        var running: Int64 = 0
        var memory = 0.0
        for h in compute.groups[g].hosts {
            let host = compute.hosts[Int(h)]
            guard host.active, host.state == .running else { continue }
            running += 1
            memory += min(100, compute.groups[g].isEC2 ? 0 : services[Int(host.service)].config.hosts!.memoryPercent + host.memoryStress)
        }
        let m = compute.groups[g].metrics
        metrics.set(m.desired, Int64(compute.groups[g].desired), at: now)
        metrics.set(m.inService, running, at: now)
        if let mem = m.memory { metrics.set(mem, running > 0 ? Int64((memory / Double(running) * 10_000).rounded()) : 0, at: now) }
        setGroupCPU(g, now: now)
    }

    /// A request reached a serving host: its bytes and packets in.
    @inline(__always) mutating func hostReceived(_ h: Int, now: SimInstant) {
        guard let m = compute.hosts[h].metrics else { return }
        let hc = services[Int(compute.hosts[h].service)].config.hosts!
        metrics.add(m.networkIn, Int64(hc.requestBytes), at: now)
        metrics.add(m.packetsIn, Int64(Self.segments(hc.requestBytes)), at: now)
    }

    /// The host sent a response: its bytes out, and the ACKs that come back in.
    @inline(__always) mutating func hostResponded(_ h: Int, now: SimInstant) {
        guard let m = compute.hosts[h].metrics else { return }
        let hc = services[Int(compute.hosts[h].service)].config.hosts!
        metrics.add(m.networkOut, Int64(hc.responseBytes), at: now)
        metrics.add(m.packetsIn, Int64((Self.segments(hc.responseBytes) + 1) / 2), at: now)
    }

    static func segments(_ bytes: Int) -> Int { max(1, (bytes + HostsConfig.segmentBytes - 1) / HostsConfig.segmentBytes) }
}
