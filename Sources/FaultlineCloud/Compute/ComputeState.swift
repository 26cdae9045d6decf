import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Hosts (EC2 instances, ECS tasks, EKS pods) and the load balancers in front of them: the
/// compute component of ``World``. Routing and health checks are in World+LoadBalancer, host
/// state in World+Hosts, compute faults and replacement in World+HostFaults.
struct ComputeState: Sendable {
    var hosts: [HostRuntime] = []
    var loadBalancers: [LoadBalancerRuntime] = []
    /// One stream per load balancer, `loadbalancer/<name>` (health-check phases).
    var loadBalancerStreams: [RandomStream] = []
    /// One stream per service with hosts, `hosts/<service>` (boot, reboot and launch times).
    var hostStreams: [RandomStream] = []
    /// Host state and target health changes, in time order.
    var log: [HostChange] = []
    /// Capacity groups (Auto Scaling groups, ECS services), and their scaling activities.
    var groups: [GroupRuntime] = []
    var activities: [ScalingActivity] = []

    /// Builds the hosts of every service with `hosts:` and their load balancers: each host is one
    /// of its service's deployments (which become ``DeploymentKind/host``), and the service gets
    /// its load balancer and host stream. Registers the `AWS/ApplicationELB` series.
    static func build(
        config: ModelConfig, services: inout [ServiceRuntime], deployments: inout RawArray<Deployment>,
        recorder: inout MetricsRecorder, seed: UInt64, replication: UInt32
    ) -> ComputeState {
        var st = ComputeState()
        for (si, s) in config.services.enumerated() {
            guard let hc = s.hosts, let lbc = s.loadBalancer else { continue }
            let lbIndex = Int32(st.loadBalancers.count)
            var targets: [Int32] = []
            for (k, d) in services[si].deployments.enumerated() {
                let h = Int32(st.hosts.count)
                targets.append(h)
                var host = HostRuntime(service: Int32(si), az: deployments[Int(d)].az, index: Int32(k % hc.perAZ), deployment: d, lb: lbIndex)
                if k % hc.perAZ >= hc.initialPerAZ {
                    // An empty slot up to the group's maximum: nothing runs there until a launch.
                    host.active = false
                    host.state = .terminated
                    host.appUp = false
                    host.registered = false
                    host.healthy = false
                }
                st.hosts.append(host)
                deployments[Int(d)].kind = DeploymentKind.host
                deployments[Int(d)].kindIndex = h
            }
            let lm = LoadBalancerMetrics(
                requestCount: recorder.counter(lbc.name, "RequestCount"),
                target2xx: recorder.counter(lbc.name, "HTTPCode_Target_2XX_Count"),
                target5xx: recorder.counter(lbc.name, "HTTPCode_Target_5XX_Count"),
                elb5xx: recorder.counter(lbc.name, "HTTPCode_ELB_5XX_Count"),
                elb502: recorder.counter(lbc.name, "HTTPCode_ELB_502_Count"),
                elb503: recorder.counter(lbc.name, "HTTPCode_ELB_503_Count"),
                elb504: recorder.counter(lbc.name, "HTTPCode_ELB_504_Count"),
                responseTime: recorder.distribution(lbc.name, "TargetResponseTime", unit: "Seconds"),
                healthy: recorder.gauge(lbc.name, "HealthyHostCount"),
                unhealthy: recorder.gauge(lbc.name, "UnHealthyHostCount"))
            let azCount = config.topology.azs.count
            st.loadBalancers.append(
                LoadBalancerRuntime(
                    service: Int32(si), config: lbc, targets: targets, nodes: s.azs.map(\.index),
                    next: [Int](repeating: 0, count: azCount), shifted: [Int32](repeating: 0, count: azCount), metrics: lm))
            st.loadBalancerStreams.append(
                RandomStream(master: seed, component: "loadbalancer/\(lbc.name)", replication: replication, generator: config.generator))
            st.addMetricsAndGroup(service: si, config: config, targets: targets, recorder: &recorder)
            services[si].lb = lbIndex
            services[si].hostStream = Int32(st.hostStreams.count)
            st.hostStreams.append(RandomStream(master: seed, component: "hosts/\(s.name)", replication: replication, generator: config.generator))
        }
        return st
    }
}

extension ComputeState {
    /// Registers the hosts' `AWS/EC2` series (instances only: tasks and pods have no per-host
    /// series in CloudWatch) and the service's group with its series and policies.
    mutating func addMetricsAndGroup(service si: Int, config: ModelConfig, targets: [Int32], recorder: inout MetricsRecorder) {
        let s = config.services[si]
        guard let hc = s.hosts else { return }
        if hc.type == .ec2Instance {
            let on = hc.emitInstanceMetrics
            for h in targets {
                let name = HostsConfig.hostName(service: s.name, az: config.topology.azs[Int(hosts[Int(h)].az)].name, index: Int(hosts[Int(h)].index))
                hosts[Int(h)].metrics = HostMetrics(
                    cpu: recorder.gauge(name, "CPUUtilization", unit: "Percent", emitted: on, scale: 1e-4),
                    networkIn: recorder.counter(name, "NetworkIn", unit: "Bytes", emitted: on),
                    networkOut: recorder.counter(name, "NetworkOut", unit: "Bytes", emitted: on),
                    packetsIn: recorder.counter(name, "NetworkPacketsIn", emitted: on),
                    statusCheckFailed: recorder.gauge(name, "StatusCheckFailed", emitted: on))
            }
        }
        let isEC2 = hc.type == .ec2Instance
        // Groups: an EC2 Auto Scaling group, or an ECS service; EKS pods and standalone
        // instances have none.
        guard (isEC2 && s.autoScaling != nil) || hc.type == .ecsTask else { return }
        let name = isEC2 ? "\(s.name)-asg" : s.name
        let on = hc.emitGroupMetrics
        let gm = GroupMetrics(
            cpu: recorder.gauge(name, "CPUUtilization", unit: "Percent", emitted: on, scale: 1e-4),
            memory: isEC2 ? nil : recorder.gauge(name, "MemoryUtilization", unit: "Percent", emitted: on, scale: 1e-4),
            desired: recorder.gauge(name, isEC2 ? "GroupDesiredCapacity" : "DesiredTaskCount", emitted: on),
            inService: recorder.gauge(name, isEC2 ? "GroupInServiceInstances" : "RunningTaskCount", emitted: on))
        var g = GroupRuntime(
            service: Int32(si), name: name, isEC2: isEC2, scaling: hc.scaling, hosts: targets,
            desired: hc.initialPerAZ * s.azs.count, metrics: gm)
        for p in hc.scaling?.policies ?? [] {
            g.policies.append(PolicyRuntime.make(p, statistic: "Average", metricsPeriod: config.period))
        }
        let gi = Int32(groups.count)
        for h in targets {
            hosts[Int(h)].group = gi
            if hosts[Int(h)].active {
                hosts[Int(h)].contributing = true
                g.contributors += 1
            }
        }
        groups.append(g)
    }
}

extension World {
    /// Host state and target health changes, in time order (``RunResult/hostChanges``).
    public var hostLog: [HostChange] { compute.log }
}

extension ComputeState {
    /// Whether any group has scaling policies (evaluated at each metrics period end).
    var hasPolicies: Bool { groups.contains { !$0.policies.isEmpty } }
}
