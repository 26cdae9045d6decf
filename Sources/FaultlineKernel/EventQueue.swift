/// The pending-event set: a 4-ary min-heap of value-type events ordered by `(time, sequence)`.
///
/// Chosen over swift-collections' `Heap` after measurement (see `docs/performance.md`): the
/// 4-ary layout halves the tree depth and keeps a node's children in one cache line, and the
/// hand-written hole-based sift moves each event once per level. The storage is a
/// ``RawArray`` and the type is non-copyable, so the hot path pays no copy-on-write uniqueness
/// checks and the buffer has exactly one owner.
/// Events are never removed early; models cancel by generation and drop stale events on
/// delivery (house rule 5).
public struct EventQueue<Payload: Sendable>: ~Copyable, @unchecked Sendable {
    /// The heap in array order; the sift code below works on its buffer directly.
    @usableFromInline var storage: RawArray<ScheduledEvent<Payload>>
    @usableFromInline var nextSequence: UInt64 = 0

    public init(reservingCapacity capacity: Int = 1_024) {
        storage = RawArray(capacity: Swift.max(capacity, 4))
    }

    /// Number of pending events.
    @inlinable public var count: Int { storage._count }
    @inlinable public var isEmpty: Bool { storage._count == 0 }
    /// Number of events ever scheduled (the next sequence number).
    @inlinable public var scheduledCount: UInt64 { nextSequence }
    /// The due time of the next event, if any.
    @inlinable public var nextTime: SimInstant? { storage._count > 0 ? storage.base[0].time : nil }

    /// Schedules `payload` at `time`, after every event already scheduled for that time.
    /// - Complexity: O(log₄ n), amortised (the buffer doubles when full).
    @inlinable public mutating func schedule(_ payload: Payload, at time: SimInstant) {
        if storage._count == storage.capacity { storage.grow() }
        let base = storage.base
        let event = ScheduledEvent(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        var hole = storage._count
        storage._count &+= 1
        while hole > 0 {
            let parent = (hole &- 1) >> 2
            guard event.precedes(base[parent]) else { break }
            (base + hole).initialize(to: (base + parent).move())
            hole = parent
        }
        (base + hole).initialize(to: event)
    }

    /// Removes and returns the earliest event.
    /// - Complexity: O(log₄ n).
    @inlinable public mutating func popFirst() -> ScheduledEvent<Payload>? {
        guard storage._count > 0 else { return nil }
        let base = storage.base
        let first = base.move()
        storage._count &-= 1
        let n = storage._count
        if n > 0 {
            let moving = (base + n).move()
            var hole = 0
            while true {
                let firstChild = (hole << 2) &+ 1
                if firstChild >= n { break }
                var best = firstChild
                let end = Swift.min(firstChild &+ 4, n)
                var c = firstChild &+ 1
                while c < end {
                    if base[c].precedes(base[best]) { best = c }
                    c &+= 1
                }
                guard base[best].precedes(moving) else { break }
                (base + hole).initialize(to: (base + best).move())
                hole = best
            }
            (base + hole).initialize(to: moving)
        }
        return first
    }
}
