/// An event waiting in the queue: its due time, its insertion sequence, and a value payload.
///
/// Events are ordered by `(time, sequence)`, a total order, so two events due at the same
/// instant are always dispatched in the order they were scheduled (house rule 2, after SimPy's
/// event ids). The payload is a value (an enum of IDs and scalars), never a closure.
public struct ScheduledEvent<Payload>: Sendable where Payload: Sendable {
    public var time: SimInstant
    public var sequence: UInt64
    public var payload: Payload

    @inlinable public init(time: SimInstant, sequence: UInt64, payload: Payload) {
        self.time = time
        self.sequence = sequence
        self.payload = payload
    }

    /// Whether `self` is dispatched before `other`: `(time, sequence)` lexicographically.
    ///
    /// Written without a branch, as one subtract-with-borrow: when `sequence < other.sequence`,
    /// "earlier or equal time" becomes `time - 1 < other.time`. The heap picks the least of four
    /// children with it; times are random, so a branch there is mispredicted half the time.
    /// (Times are far from `Int64.min`, so `time - 1` cannot wrap.)
    @inlinable @inline(__always) public func precedes(_ other: ScheduledEvent) -> Bool {
        let borrow: Int64 = sequence < other.sequence ? 1 : 0
        return time.nanoseconds &- borrow < other.time.nanoseconds
    }
}

extension ScheduledEvent: Comparable {
    @inlinable public static func < (a: ScheduledEvent, b: ScheduledEvent) -> Bool { a.precedes(b) }
    @inlinable public static func == (a: ScheduledEvent, b: ScheduledEvent) -> Bool {
        a.time == b.time && a.sequence == b.sequence
    }
}
