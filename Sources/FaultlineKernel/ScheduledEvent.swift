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

    /// Whether `self` is dispatched before `other`.
    @inlinable public func precedes(_ other: ScheduledEvent) -> Bool {
        time.nanoseconds < other.time.nanoseconds
            || (time.nanoseconds == other.time.nanoseconds && sequence < other.sequence)
    }
}

extension ScheduledEvent: Comparable {
    @inlinable public static func < (a: ScheduledEvent, b: ScheduledEvent) -> Bool { a.precedes(b) }
    @inlinable public static func == (a: ScheduledEvent, b: ScheduledEvent) -> Bool {
        a.time == b.time && a.sequence == b.sequence
    }
}
