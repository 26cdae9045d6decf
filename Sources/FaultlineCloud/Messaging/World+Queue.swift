import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// An SQS queue at run time: the message store and its Lambda event source mapping.
struct QueueRuntime: Sendable {
    var store: MessageQueue
    let service: Int32
    let visibilityTimeout: SimDuration
    let deadLetterQueue: Int32
    /// The consuming function's service index, or -1 when nothing polls the queue.
    let consumer: Int32
    let batchSize: Int
    let batchingWindow: Int64
    let maximumConcurrency: Int
    let reportBatchItemFailures: Bool
    /// Concurrent batches the mapping currently allows, and those running.
    var concurrency: Int = EventSourceMapping.initialConcurrency
    var inFlight: Int = 0
    /// Scale-up budget accrues at 300 per minute while messages wait (ns of accrual).
    var scaleAt: Int64 = 0
    /// Whether messages have been waiting with every allowed batch busy since `scaleAt`.
    var backlogged = false
    /// The pending wake-up, or Int64.max.
    var wakeAt: Int64 = .max
    let metrics: QueueMetrics
}

/// CloudWatch `AWS/SQS` series of one queue.
struct QueueMetrics: Sendable {
    let received: CounterID
    let deleted: CounterID
    let visible: GaugeID
    let notVisible: GaugeID
    let ageOfOldest: DistributionID
    let movedToDLQ: CounterID
    let expired: CounterID
}

/// Messages of one Lambda invocation by an event source mapping.
struct Batch: Sendable {
    var queue: Int32 = -1
    var receipts: [ReceiptHandle] = []
    /// Index of the message being processed, and the failed ones (bits).
    var index: Int = 0
    var failures: UInt64 = 0
    var throttles: Int = 0
    /// When the batch's visibility timeout runs out.
    var deadline: Int64 = 0
}

extension World {
    /// SQS SendMessage: stored, acknowledged; the mapping wakes if it has room.
    mutating func admitQueue(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let q = Int(core.deployments[d].kindIndex)
        core.metrics.add(core.deployments[d].metrics.invocations, at: now)
        messaging.queues[q].store.send(tag: Int64(r), at: now)
        respond(request: r, status: Status.ok, now: now, queue: &queue)
        core.freeRequest(r)
        messaging.pump(queue: q, now: now, events: &queue, core: &core)
    }
}
