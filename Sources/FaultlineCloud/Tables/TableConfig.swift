import FaultlineKernel
import FaultlineRandom

/// A DynamoDB table: requests are served in parallel (no queueing inside the service), with a
/// latency distribution per operation and, in provisioned mode, read and write capacity that
/// throttles with `ProvisionedThroughputExceededException` once its burst is spent.
///
/// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html,
/// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html
public struct TableConfig: Sendable {
    public enum Capacity: Sendable, Equatable {
        /// On-demand: no throttling below the table's maximums.
        case onDemand
        /// Provisioned read and write capacity units per second; up to 300 s of unused
        /// capacity is kept as burst.
        case provisioned(readUnits: Int, writeUnits: Int)
    }

    /// Latency per operation name; operations not listed use the service's `serviceTime`.
    public var operationLatency: [(operation: String, latency: Sampler)]
    public var capacity: Capacity

    public init(operationLatency: [(operation: String, latency: Sampler)] = [], capacity: Capacity = .onDemand) {
        self.operationLatency = operationLatency
        self.capacity = capacity
    }

    /// Operations that consume write capacity.
    public static let writeOperations: Set<String> = ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]
    /// DynamoDB's burst capacity: unused capacity of the last 300 s.
    public static let burstSeconds = 300
}
