import FaultlineKernel
import FaultlineMetrics

/// One SQS queue at the end of the run: what went in and where it is now.
public struct QueueSummary: Sendable, Equatable {
    public var name: String
    public var sent: Int64
    public var received: Int64
    public var deleted: Int64
    public var visible: Int64
    public var inFlight: Int64
    public var delayed: Int64
    public var movedToDLQ: Int64
    public var expired: Int64
    public var maxVisible: Int64
    /// Messages still held (visible, in flight or delayed).
    public var held: Int64 { visible + inFlight + delayed }
}

/// One DynamoDB table over the run.
public struct TableSummary: Sendable, Equatable {
    public var name: String
    /// Write requests whose success reached the caller.
    public var acknowledgedWrites: Int64
}

extension World {
    func queueSummaries() -> [QueueSummary] {
        messaging.queues.map { q in
            var store = q.store
            store.advance(to: .zero + core.config.horizon)
            return QueueSummary(
                name: core.services[Int(q.service)].config.name, sent: Int64(store.sentCount), received: Int64(store.receivedCount),
                deleted: Int64(store.deletedCount), visible: Int64(store.visibleCount), inFlight: Int64(store.inFlightCount),
                delayed: Int64(store.delayedCount), movedToDLQ: Int64(store.movedToDLQCount), expired: Int64(store.expiredCount),
                maxVisible: core.metrics.maximum(q.metrics.visible))
        }
    }

    func tableSummaries() -> [TableSummary] {
        core.services.indices.compactMap { s in
            guard core.services[s].isTable else { return nil }
            let t = Int(core.deployments[Int(core.services[s].deployments[0])].kindIndex)
            return TableSummary(name: core.services[s].config.name, acknowledgedWrites: tables.tables[t].acknowledgedWrites)
        }
    }
}
