import FaultlineKernel
import FaultlineRandom

/// An Amazon Aurora (or RDS Multi-AZ DB) cluster: one writer instance and reader instances,
/// each in its own AZ, reached through the cluster (writer) endpoint and the reader endpoint.
///
/// The service's `azs` are the instances' AZs, writer first, then the readers in promotion
/// order; instance N (1-based) is named `<cluster>-instance-N`. Each instance serves
/// `workersPerAZ` queries at once with an unbounded FIFO queue in front.
///
/// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html,
/// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Endpoints.Cluster.html
public struct DatabaseConfig: Sendable {
    /// The engine, which picks the failover timing defaults.
    public enum Engine: String, Sendable, CaseIterable {
        case auroraPostgreSQL = "aurora-postgresql"
        case auroraMySQL = "aurora-mysql"
        /// An RDS Multi-AZ DB cluster (a writer and two readable standbys).
        case rdsMultiAZ = "rds-multi-az"

        public var isAurora: Bool { self != .rdsMultiAZ }
    }

    public var engine: Engine
    /// Connections one instance accepts (`max_connections`); a pool that would exceed it is refused.
    public var maxConnections: Int
    /// Server-side time of a read query (SELECT), queueing excluded.
    public var readLatency: Sampler
    /// Server-side time of a write (INSERT/UPDATE/DELETE/COMMIT), queueing excluded.
    public var writeLatency: Sampler
    /// The endpoints' DNS record TTL (Aurora's DNS zone uses 5 s): the default client cache.
    public var dnsTTL: SimDuration
    /// Writer unavailable -> a reader promoted to writer (Aurora: "typically restored in less
    /// than 60 s, often less than 30 s"; RDS Multi-AZ DB cluster: "typically under 35 s").
    public var promotion: Sampler
    /// Promotion -> the cluster endpoint's DNS record names the new writer.
    public var dnsUpdate: Sampler
    /// A cluster without readers recreates its writer in the same AZ ("typically < 10 min").
    public var recovery: Sampler
    /// How long a rebooted instance is unavailable (`RebootDBInstance` without failover).
    public var reboot: Sampler

    public init(
        engine: Engine, maxConnections: Int, readLatency: Sampler, writeLatency: Sampler, dnsTTL: SimDuration,
        promotion: Sampler, dnsUpdate: Sampler, recovery: Sampler, reboot: Sampler
    ) {
        self.engine = engine
        self.maxConnections = maxConnections
        self.readLatency = readLatency
        self.writeLatency = writeLatency
        self.dnsTTL = dnsTTL
        self.promotion = promotion
        self.dnsUpdate = dnsUpdate
        self.recovery = recovery
        self.reboot = reboot
    }

    /// Operation names a call to a database may carry (case-insensitive): reads go to the reader
    /// endpoint, writes to the cluster endpoint.
    public static let readOperations = ["read", "select", "query", "get"]
    public static let writeOperations = ["write", "insert", "update", "delete", "upsert", "commit", "transaction", "ddl"]

    /// Whether `operation` writes; nil when it is not a database operation name.
    public static func isWrite(_ operation: String) -> Bool? {
        let op = operation.lowercased()
        if writeOperations.contains(op) { return true }
        if readOperations.contains(op) { return false }
        return nil
    }

    /// `<cluster>-instance-N`, N from 1 (the writer at the start) in the service's AZ order.
    public static func instanceName(_ cluster: String, _ index: Int) -> String { "\(cluster)-instance-\(index + 1)" }
}

/// A caller's connection pool to a database (the `connection:` of a call).
public struct DatabaseConnection: Sendable, Equatable {
    /// Connections the pool holds (counted in `DatabaseConnections`).
    public var pool: Int
    /// How long the client caches an endpoint's DNS answer; nil: the database's record TTL.
    public var dnsTTL: SimDuration?
    /// Wait between reconnection attempts after the pool's connections broke.
    public var reconnectDelay: SimDuration

    public init(pool: Int = 10, dnsTTL: SimDuration? = nil, reconnectDelay: SimDuration = .seconds(1)) {
        self.pool = pool
        self.dnsTTL = dnsTTL
        self.reconnectDelay = reconnectDelay
    }
}
