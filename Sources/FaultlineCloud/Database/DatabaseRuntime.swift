import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Every database of a run: clusters, instances, client pools and what happened to them.
struct DatabaseState: Sendable {
    var databases: [DatabaseRuntime] = []
    var instances: [DatabaseInstance] = []
    var instanceNames: [String] = []
    var clients: [DatabaseClient] = []
    /// Per ``ClientState`` index (caller deployment and step), its pool in `clients`, or -1;
    /// empty when the scenario has no databases.
    var clientOf: [Int32] = []
    /// Per operation index (`World.operations`), whether it writes (index 0, none: a write).
    var writes: [Bool] = []
    /// One stream per database, `database/<name>`: failover phases, reboots, reader choice.
    var streams: [RandomStream] = []
    var records: [DatabaseEventRecord] = []
}

/// A cluster at run time.
struct DatabaseRuntime: Sendable {
    let service: Int32
    /// Its instances (indices into `DatabaseState.instances`), the writer at the start first.
    let instances: [Int32]
    var writer: Int32
    /// The instance the cluster endpoint's DNS record names.
    var dnsWriter: Int32
    var failingOver = false
    var epoch: UInt32 = 0
    /// The instance being promoted by the failover in progress.
    var promoting: Int32 = -1
    /// The DNS update delay drawn for the failover in progress (ns).
    var pendingDNS: Int64 = 0
    /// The failover in progress (index into `records`), and the record still waiting for its
    /// write pools to be back on the writer.
    var record: Int32 = -1
    var openRecord: Int32 = -1
    /// Pools of this database (indices into `DatabaseState.clients`).
    var clients: [Int32] = []
    let maxConnections: Int32
    let handle: StreamHandle
    let readLatency: SamplerCore
    let writeLatency: SamplerCore
    let promotion: SamplerCore
    let dnsUpdate: SamplerCore
    let recovery: SamplerCore
    let reboot: SamplerCore
    let metrics: DatabaseMetrics
}

/// Cluster-level series (CloudWatch's `DBClusterIdentifier` dimension).
struct DatabaseMetrics: Sendable {
    let connections: GaugeID
    let readLatency: DistributionID
    let writeLatency: DistributionID
    let commits: CounterID
    let connectionErrors: CounterID
    let readOnlyErrors: CounterID
    let connectionsRefused: CounterID
}

/// One DB instance (a deployment of the cluster's service in one AZ).
struct DatabaseInstance: Sendable {
    let database: Int32
    let deployment: Int32
    var isWriter: Bool
    var up = true
    /// When it last went down (ns), or -1: queries that arrived before then fail.
    var downSince: Int64 = -1
    var connections: Int32 = 0
    var epoch: UInt32 = 0
    /// The reboot in progress (index into `records`).
    var record: Int32 = -1
    let metrics: InstanceMetrics
}

/// Instance-level series (`DBInstanceIdentifier`).
struct InstanceMetrics: Sendable {
    let connections: GaugeID
    let readLatency: DistributionID
    let writeLatency: DistributionID
    let queries: CounterID
}

/// One caller deployment's connection pool for one step (a read or a write pool).
struct DatabaseClient: Sendable {
    let database: Int32
    let callerAZ: Int32
    let writes: Bool
    let sameAZ: Bool
    let pool: Int32
    /// The client's DNS cache lifetime and reconnect delay (ns).
    let ttl: Int64
    let reconnectDelay: Int64
    /// The instance its connections are on, or -1.
    var instance: Int32 = -1
    /// The cached answer for the cluster endpoint and when it expires (ns).
    var resolved: Int32 = -1
    var cacheUntil: Int64 = .min
    /// Bumped when the pool's connections close; older reconnect timers are stale.
    var epoch: UInt32 = 0
}

extension DatabaseState {
    /// Builds the clusters, their instances' series and every caller's pools; sets each
    /// database deployment's `kindIndex` to its instance.
    static func build(
        config: ModelConfig, services: [ServiceRuntime], deployments: inout RawArray<Deployment>, clientCount: Int,
        operations: [String], recorder: inout MetricsRecorder, seed: UInt64, replication: UInt32
    ) -> DatabaseState {
        var st = DatabaseState()
        var byService = [Int32](repeating: -1, count: config.services.count)
        for (si, s) in config.services.enumerated() {
            guard case .database(let dc) = s.kind else { continue }
            let stream = RandomStream(master: seed, component: "database/\(s.name)", replication: replication, generator: config.generator)
            st.streams.append(stream)
            let x = Int32(st.databases.count)
            byService[si] = x
            var ids: [Int32] = []
            for (k, d) in services[si].deployments.enumerated() {
                let name = DatabaseConfig.instanceName(s.name, k)
                let im = InstanceMetrics(
                    connections: recorder.gauge(name, "DatabaseConnections"),
                    readLatency: recorder.distribution(name, "ReadLatency", unit: "Seconds"),
                    writeLatency: recorder.distribution(name, "WriteLatency", unit: "Seconds"),
                    queries: recorder.counter(name, "Queries"))
                let i = Int32(st.instances.count)
                ids.append(i)
                deployments[Int(d)].kind = .database
                deployments[Int(d)].kindIndex = i
                st.instances.append(DatabaseInstance(database: x, deployment: d, isWriter: k == 0, metrics: im))
                st.instanceNames.append(name)
            }
            let m = DatabaseMetrics(
                connections: recorder.gauge(s.name, "DatabaseConnections"),
                readLatency: recorder.distribution(s.name, "ReadLatency", unit: "Seconds"),
                writeLatency: recorder.distribution(s.name, "WriteLatency", unit: "Seconds"),
                commits: recorder.counter(s.name, "CommitThroughput"),
                connectionErrors: recorder.counter(s.name, "ConnectionErrors"),
                readOnlyErrors: recorder.counter(s.name, "ReadOnlyErrors"),
                connectionsRefused: recorder.counter(s.name, "ConnectionsRefused"))
            st.databases.append(
                DatabaseRuntime(
                    service: Int32(si), instances: ids, writer: ids[0], dnsWriter: ids[0], maxConnections: Int32(dc.maxConnections),
                    handle: stream.handle, readLatency: dc.readLatency.core, writeLatency: dc.writeLatency.core,
                    promotion: dc.promotion.core, dnsUpdate: dc.dnsUpdate.core, recovery: dc.recovery.core, reboot: dc.reboot.core, metrics: m))
        }
        guard !st.databases.isEmpty else { return st }
        st.writes = operations.enumerated().map { i, op in i == 0 || (DatabaseConfig.isWrite(op) ?? false) }
        st.clientOf = [Int32](repeating: -1, count: clientCount)
        for s in services {
            for (step, call) in s.stepCalls.enumerated() {
                let x = byService[Int(call.target.index)]
                guard x >= 0, case .database(let dc) = config.services[Int(call.target.index)].kind else { continue }
                let conn = call.connection ?? DatabaseConnection()
                let writes = call.operation.map { DatabaseConfig.isWrite($0) ?? true } ?? true
                for d in s.deployments {
                    let c = Int32(st.clients.count)
                    st.clientOf[Int(deployments[Int(d)].clientBase) + step] = c
                    st.databases[Int(x)].clients.append(c)
                    st.clients.append(
                        DatabaseClient(
                            database: x, callerAZ: deployments[Int(d)].az, writes: writes, sameAZ: call.routing == .sameAZ,
                            pool: Int32(conn.pool), ttl: (conn.dnsTTL ?? dc.dnsTTL).nanoseconds,
                            reconnectDelay: conn.reconnectDelay.nanoseconds))
                }
            }
        }
        return st
    }
}

/// One failover or reboot of a cluster, as it unfolded (times are `nil` for phases that did
/// not happen within the run).
public struct DatabaseEventRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case failover
        case reboot
    }

    public var kind: Kind
    /// The fault (FIS action) that caused it.
    public var cause: String
    public var database: String
    /// The rebooted instance (reboots only).
    public var instance: String? = nil
    /// When the API call (FailoverDBCluster, RebootDBInstance) was made.
    public var requested: SimInstant
    /// The writer before, and the writer after (or being promoted).
    public var oldWriter: String
    public var newWriter: String? = nil
    /// The writer (failover) or the instance (reboot) became unavailable.
    public var down: SimInstant? = nil
    /// The new writer was promoted (failover).
    public var promoted: SimInstant? = nil
    /// The cluster endpoint's DNS record named the new writer (failover).
    public var dnsUpdated: SimInstant? = nil
    /// The rebooted instance was available again (reboot).
    public var up: SimInstant? = nil
    /// Every write pool was connected to the writer again.
    public var clientsReconnected: SimInstant? = nil
    public var note: String? = nil

    public init(kind: Kind, cause: String, database: String, requested: SimInstant, oldWriter: String) {
        self.kind = kind
        self.cause = cause
        self.database = database
        self.requested = requested
        self.oldWriter = oldWriter
    }
}

/// A cluster over the run.
public struct DatabaseSummary: Sendable, Equatable {
    public struct Instance: Sendable, Equatable {
        public var name: String
        public var az: String
        public var writerAtEnd: Bool
        public var availableAtEnd: Bool
        public var connectionsAtEnd: Int64
        public var connectionsMax: Int64
        public var queries: Int64
        public var readLatency: DistributionSummary
        public var writeLatency: DistributionSummary
    }

    public var name: String
    public var engine: String
    public var writerAtStart: String
    public var writerAtEnd: String
    public var instances: [Instance]
    public var queries: Int64
    public var queryErrors: Int64
    public var connectionErrors: Int64
    public var readOnlyErrors: Int64
    public var connectionsRefused: Int64
    public var commits: Int64
    public var events: [DatabaseEventRecord]
}

extension World {
    /// Failovers and reboots in the order they were requested.
    public var databaseEvents: [DatabaseEventRecord] { db.records }

    func databaseSummaries() -> [DatabaseSummary] {
        db.databases.map { x in
            let s = core.services[Int(x.service)]
            guard case .database(let dc) = s.config.kind else { fatalError("a database runtime without a database service") }
            let name = s.config.name
            return DatabaseSummary(
                name: name, engine: dc.engine.rawValue, writerAtStart: db.instanceNames[Int(x.instances[0])],
                writerAtEnd: db.instanceNames[Int(x.writer)],
                instances: x.instances.map { i in
                    let inst = db.instances[Int(i)]
                    return DatabaseSummary.Instance(
                        name: db.instanceNames[Int(i)], az: core.config.topology.name(of: AZID(Int(core.deployments[Int(inst.deployment)].az))),
                        writerAtEnd: inst.isWriter, availableAtEnd: inst.up, connectionsAtEnd: core.metrics.level(inst.metrics.connections),
                        connectionsMax: core.metrics.maximum(inst.metrics.connections), queries: core.metrics.total(inst.metrics.queries),
                        readLatency: core.metrics.summary(inst.metrics.readLatency), writeLatency: core.metrics.summary(inst.metrics.writeLatency))
                },
                queries: core.metrics.total(s.metrics.invocations), queryErrors: core.metrics.total(s.metrics.errors),
                connectionErrors: core.metrics.total(x.metrics.connectionErrors), readOnlyErrors: core.metrics.total(x.metrics.readOnlyErrors),
                connectionsRefused: core.metrics.total(x.metrics.connectionsRefused), commits: core.metrics.total(x.metrics.commits),
                events: db.records.filter { $0.database == name })
        }
    }
}
