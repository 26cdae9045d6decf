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

    /// Builds the hosts of every service with `hosts:` and their load balancers: each host is one
    /// of its service's deployments (which become ``DeploymentKind/host``), and the service gets
    /// its load balancer and host stream. Registers the `AWS/ApplicationELB` series.
    static func build(config: ModelConfig, services: inout [ServiceRuntime], deployments: inout RawArray<Deployment>,
                      recorder: inout MetricsRecorder, seed: UInt64, replication: UInt32) -> ComputeState {
        var st = ComputeState()
        for (si, s) in config.services.enumerated() {
            guard let hc = s.hosts, let lbc = s.loadBalancer else { continue }
            let lbIndex = Int32(st.loadBalancers.count)
            var targets: [Int32] = []
            for (k, d) in services[si].deployments.enumerated() {
                let h = Int32(st.hosts.count)
                targets.append(h)
                st.hosts.append(HostRuntime(service: Int32(si), az: deployments[Int(d)].az, index: Int32(k % hc.perAZ), deployment: d, lb: lbIndex))
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
            st.loadBalancers.append(LoadBalancerRuntime(service: Int32(si), config: lbc, targets: targets, nodes: s.azs.map(\.index),
                                                        next: [Int](repeating: 0, count: azCount), shifted: [Int32](repeating: 0, count: azCount), metrics: lm))
            st.loadBalancerStreams.append(RandomStream(master: seed, component: "loadbalancer/\(lbc.name)", replication: replication, generator: config.generator))
            services[si].lb = lbIndex
            services[si].hostStream = Int32(st.hostStreams.count)
            st.hostStreams.append(RandomStream(master: seed, component: "hosts/\(s.name)", replication: replication, generator: config.generator))
        }
        return st
    }
}

extension World {
    /// Host state and target health changes, in time order (``RunResult/hostChanges``).
    public var hostLog: [HostChange] { compute.log }
}
