import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// SQS queues with their Lambda event source mappings (and the batches in flight) and SNS
/// topics with their subscriptions.
struct MessagingState: Sendable {
    var queues: [QueueRuntime] = []
    /// One stream per queue, `queue/<name>` (the mapping's choice of deployment).
    var queueStreams: [RandomStream] = []
    var queueHandles: [StreamHandle] = []
    /// Per queue: messages already counted as expired (`NumberOfMessagesExpired`).
    var expiredSeen: [Int64] = []
    var batches: [Batch] = []
    var freeBatches: [Int32] = []
    var topicSubscriptions: [[Int32]] = []
    var topicDelivered: [CounterID] = []
    /// Per topic, whether each subscription is a function (an asynchronous invocation).
    var topicToFunction: [[Bool]] = []

    /// Registers every queue's and topic's series, in service order, and marks their deployments.
    static func build(core: inout WorldCore, seed: UInt64, replication: UInt32) -> MessagingState {
        var st = MessagingState()
        let config = core.config
        for (si, s) in config.services.enumerated() {
            switch s.kind {
            case .queue(let qc):
                core.assign(service: si, kind: .queue, index: Int32(st.queues.count))
                let stream = RandomStream(master: seed, component: "queue/\(s.name)", replication: replication, generator: config.generator)
                st.queueStreams.append(stream)
                st.queueHandles.append(stream.handle)
                st.expiredSeen.append(0)
                let qm = QueueMetrics(
                    received: core.metrics.counter(s.name, "NumberOfMessagesReceived"),
                    deleted: core.metrics.counter(s.name, "NumberOfMessagesDeleted"),
                    visible: core.metrics.gauge(s.name, "ApproximateNumberOfMessagesVisible"),
                    notVisible: core.metrics.gauge(s.name, "ApproximateNumberOfMessagesNotVisible"),
                    ageOfOldest: core.metrics.distribution(s.name, "ApproximateAgeOfOldestMessage", unit: "Seconds"),
                    movedToDLQ: core.metrics.counter(s.name, "NumberOfMessagesMovedToDLQ", emitted: qc.deadLetterQueue != nil),
                    expired: core.metrics.counter(s.name, "NumberOfMessagesExpired"))
                let store = MessageQueue(
                    MessageQueue.Configuration(
                        visibilityTimeout: qc.visibilityTimeout, retention: qc.retention, deliveryDelay: qc.deliveryDelay,
                        redrivePolicy: qc.deadLetterQueue != nil ? MessageQueue.RedrivePolicy(maxReceiveCount: qc.maxReceiveCount) : nil), at: .zero)
                let esm = qc.consumer
                st.queues.append(
                    QueueRuntime(
                        store: store, service: Int32(si), visibilityTimeout: qc.visibilityTimeout,
                        deadLetterQueue: -1, consumer: esm.map { $0.function.index } ?? -1,
                        batchSize: esm?.batchSize ?? 10, batchingWindow: esm?.batchingWindow.nanoseconds ?? 0,
                        maximumConcurrency: esm?.maximumConcurrency ?? EventSourceMapping.defaultMaximum,
                        reportBatchItemFailures: esm?.reportBatchItemFailures ?? false, metrics: qm))
            case .topic(let tc):
                core.assign(service: si, kind: .topic, index: Int32(st.topicSubscriptions.count))
                st.topicSubscriptions.append(tc.subscriptions.map { $0.index })
                st.topicToFunction.append(tc.subscriptions.map { config.services[Int($0.index)].kind.function != nil })
                st.topicDelivered.append(core.metrics.counter(s.name, "NumberOfNotificationsDelivered"))
            case .generic, .function, .table, .apiRoute, .database:
                continue
            }
        }
        // Dead-letter queues by queue index.
        for q in st.queues.indices {
            guard case .queue(let qc) = config.services[Int(st.queues[q].service)].kind, let dlq = qc.deadLetterQueue else { continue }
            let dq = core.deployments[Int(core.services[Int(dlq.index)].deployments[0])].kindIndex
            let old = st.queues[q]
            st.queues[q] = QueueRuntime(
                store: old.store, service: old.service, visibilityTimeout: old.visibilityTimeout,
                deadLetterQueue: dq, consumer: old.consumer, batchSize: old.batchSize,
                batchingWindow: old.batchingWindow, maximumConcurrency: old.maximumConcurrency,
                reportBatchItemFailures: old.reportBatchItemFailures, metrics: old.metrics)
        }
        return st
    }
}
