import DequeModule
import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// The cloud model: a small core every component works on (``WorldCore``) and one component
/// per service family, driven by the engine one event at a time. It knows nothing about files
/// or AWS JSON; later layers act on it through faults. See Sources/FaultlineCloud/README.md.
public struct World: EventHandler, ~Copyable, @unchecked Sendable {
    public typealias Payload = WorldEvent

    /// Requests, services and deployments, metrics, the ledger, the clock and shared streams.
    var core: WorldCore
    /// Lambda functions, execution environments, the FIS extension's Lambda faults.
    var lambda: LambdaState
    /// SQS queues and event source mappings, SNS topics.
    var messaging: MessagingState
    /// API Gateway APIs and routes.
    var gateway: APIGatewayState
    /// DynamoDB tables.
    var tables: TablesState
    /// Alarms and experiments' stop conditions.
    var alarms: AlarmsState
    /// Fault windows (open, ended by a stop condition) and API faults per service.
    var faults: FaultsState
    /// Network faults (NACL, routes, host `tc`) and what they do per hop.
    var network: NetworkImpairments
    /// Aurora / RDS clusters, their instances and client pools.
    var db: DatabaseState
    // Hosts behind load balancers (Compute/World+Hosts).
    var hosts: [HostRuntime] = []
    var loadBalancers: [LoadBalancerRuntime] = []
    var loadBalancerStreams: [RandomStream] = []
    var hostStreams: [RandomStream] = []
    /// Host state and target health changes, in time order.
    public internal(set) var hostLog: [HostChange] = []

    /// Builds the world for one run: the core, then each family's component from the
    /// configuration. Series are registered in this order (the timeline's order); every
    /// component draws from streams of its own, named after it.
    public init(config: ModelConfig, seed: UInt64, replication: UInt32 = 0, sink: TimelineSink?) {
        var core = WorldCore(config: config, seed: seed, replication: replication, sink: sink)
        let lambda = LambdaState(core: &core, seed: seed, replication: replication)
        let tables = TablesState.build(core: &core)
        let messaging = MessagingState.build(core: &core, seed: seed, replication: replication)
        let gateway = APIGatewayState.build(core: &core)
        self.faults = FaultsState.build(config: config, seed: seed, replication: replication)
        // Hosts and their load balancers (streams `hosts/<service>`, `loadbalancer/<name>`).
        for (si, s) in config.services.enumerated() {
            guard let hc = s.hosts, let lbc = s.loadBalancer else { continue }
            let lbIndex = Int32(loadBalancers.count)
            var targets: [Int32] = []
            for (k, d) in core.services[si].deployments.enumerated() {
                let h = Int32(hosts.count)
                targets.append(h)
                hosts.append(HostRuntime(service: Int32(si), az: core.deployments[Int(d)].az, index: Int32(k % hc.perAZ), deployment: d, lb: lbIndex))
                core.deployments[Int(d)].kind = .host
                core.deployments[Int(d)].kindIndex = h
            }
            let lm = LoadBalancerMetrics(
                requestCount: core.metrics.counter(lbc.name, "RequestCount"),
                target2xx: core.metrics.counter(lbc.name, "HTTPCode_Target_2XX_Count"),
                target5xx: core.metrics.counter(lbc.name, "HTTPCode_Target_5XX_Count"),
                elb5xx: core.metrics.counter(lbc.name, "HTTPCode_ELB_5XX_Count"),
                elb502: core.metrics.counter(lbc.name, "HTTPCode_ELB_502_Count"),
                elb503: core.metrics.counter(lbc.name, "HTTPCode_ELB_503_Count"),
                elb504: core.metrics.counter(lbc.name, "HTTPCode_ELB_504_Count"),
                responseTime: core.metrics.distribution(lbc.name, "TargetResponseTime", unit: "Seconds"),
                healthy: core.metrics.gauge(lbc.name, "HealthyHostCount"),
                unhealthy: core.metrics.gauge(lbc.name, "UnHealthyHostCount"))
            let azCount = config.topology.azs.count
            loadBalancers.append(LoadBalancerRuntime(service: Int32(si), config: lbc, targets: targets, nodes: s.azs.map(\.index),
                                                     next: [Int](repeating: 0, count: azCount), shifted: [Int32](repeating: 0, count: azCount), metrics: lm))
            loadBalancerStreams.append(RandomStream(master: seed, component: "loadbalancer/\(lbc.name)", replication: replication, generator: config.generator))
            core.services[si].lb = lbIndex
            core.services[si].hostStream = Int32(hostStreams.count)
            hostStreams.append(RandomStream(master: seed, component: "hosts/\(s.name)", replication: replication, generator: config.generator))
        }
        self.network = NetworkImpairments(config: config, deploymentsByService: core.services.map(\.deployments), deploymentCount: core.deployments.count,
                                          recorder: &core.metrics, seed: seed, replication: replication)
        self.db = DatabaseState.build(config: config, services: core.services, deployments: &core.deployments, clientCount: core.clients.count,
                                      operations: core.operations, recorder: &core.metrics, seed: seed, replication: replication)
        core.ledgerCounters = WorldCore.ledgerCounters(config, services: core.services, deploymentAZ: (0..<core.deployments.count).map { core.deployments[$0].az },
                                                       recorder: &core.metrics)
        self.alarms = AlarmsState.build(config: config, series: core.metrics.series)
        self.lambda = lambda
        self.tables = tables
        self.messaging = messaging
        self.gateway = gateway
        self.core = core
    }

    /// Schedules the first event of every workload and the first period boundary.
    public mutating func start(queue: inout EventQueue<WorldEvent>) {
        lambda.startProvisioned(now: .zero, queue: &queue, core: &core)
        if !loadBalancers.isEmpty { startHealthChecks(queue: &queue) }
        if !db.databases.isEmpty { db.startDatabases(now: .zero, queue: &queue, core: &core) }
        for (i, f) in core.config.faults.enumerated() {
            switch f.action.family {
            case .lambda: continue // the extension polls for the configuration; no edges
            case .api, .compute, .network, .database:
                queue.schedule(.faultEdge(fault: Int32(i), starting: true), at: f.start)
                queue.schedule(.faultEdge(fault: Int32(i), starting: false), at: f.end)
            }
        }
        for (g, sg) in core.config.stopGuards.enumerated() {
            queue.schedule(.experimentStart(guard: Int32(g)), at: sg.start)
        }
        for w in core.workloads.indices {
            scheduleNextArrival(workload: w, after: .zero, queue: &queue)
        }
        queue.schedule(.periodEnd, at: .zero + core.config.period)
    }

    public func fingerprintWord(_ payload: WorldEvent) -> UInt64 { payload.fingerprintWord }

    public var isHalted: Bool { core.haltReason != nil }
}
