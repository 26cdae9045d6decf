import FaultlineKernel

/// One message returned by ``MessageQueue/receive(max:at:visibilityTimeout:deadLettered:)``.
public struct ReceivedMessage: Hashable, Sendable {
    public let id: MessageID
    /// The caller's payload (e.g. a request or job index).
    public let tag: Int64
    /// When the message was first sent (SQS `SentTimestamp`, kept across dead-letter moves).
    public let sentAt: SimInstant
    /// SQS `ApproximateReceiveCount`, including this receive.
    public let receiveCount: Int
    /// The instant the message becomes visible again unless deleted or changed.
    public let visibleAt: SimInstant
    public let receipt: ReceiptHandle
}

/// A message the redrive policy took off the queue at receive time; the caller sends it to the
/// dead-letter queue (keeping `sentAt`, as SQS keeps the original enqueue timestamp of standard
/// queues' messages).
public struct DeadLetteredMessage: Hashable, Sendable {
    public let id: MessageID
    public let tag: Int64
    public let sentAt: SimInstant
    /// The receive count it had reached (= `maxReceiveCount`).
    public let receiveCount: Int
}
