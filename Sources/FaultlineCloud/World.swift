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
    /// Hosts behind load balancers, Auto Scaling groups, their streams and log (Compute/ComputeState).
    var compute = ComputeState()

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
        self.compute = ComputeState.build(
            config: config, services: &core.services, deployments: &core.deployments, recorder: &core.metrics,
            seed: seed, replication: replication)
        self.network = NetworkImpairments(
            config: config, deploymentsByService: core.services.map(\.deployments), deploymentCount: core.deployments.count,
            recorder: &core.metrics, seed: seed, replication: replication)
        self.db = DatabaseState.build(
            config: config, services: core.services, deployments: &core.deployments, clientCount: core.clients.count,
            operations: core.operations, recorder: &core.metrics, seed: seed, replication: replication)
        core.ledgerCounters = WorldCore.ledgerCounters(
            config, services: core.services, deploymentAZ: (0..<core.deployments.count).map { core.deployments[$0].az },
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
        if !compute.loadBalancers.isEmpty { startCompute(queue: &queue) }
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

    @inline(__always) public func fingerprintWord(_ payload: WorldEvent) -> UInt64 { payload.fingerprintWord }

    public var isHalted: Bool { core.haltReason != nil }
}
