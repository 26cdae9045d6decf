/// An SQS message's identity within one ``MessageQueue``: ids increase monotonically from 1 in
/// send order and are never reused, so they break every tie deterministically.
public struct MessageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (a: MessageID, b: MessageID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "msg#\(rawValue)" }
}

/// The receipt handle of one receive of a message (SQS `ReceiptHandle`): each receive yields a
/// new one, and only the most recent deletes the message or changes its visibility
/// (<https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html>).
/// It names the storage slot so that lookups are O(1), generation-checked by id and count.
public struct ReceiptHandle: Hashable, Sendable {
    public let id: MessageID
    /// Which receive this handle belongs to (the message's receive count at that receive).
    public let receiveCount: Int32
    let slot: Int32
}
