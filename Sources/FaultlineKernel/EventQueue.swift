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

    /// True after ``popFirst()`` until the next ``schedule(_:at:)`` or peek: slot 0 holds a
    /// placeholder (initialised, so `deinit` stays correct) and is not pending.
    /// Leaving the root vacant lets the common pop-then-schedule pattern of an event handler cost
    /// one sift-down instead of a sift-down plus a sift-up (what a hand-written C simulator does);
    /// the order of events is unchanged, since `(time, sequence)` is a total order.
    @usableFromInline var rootVacant = false

    /// Number of pending events.
    @inlinable public var count: Int { storage._count &- (rootVacant ? 1 : 0) }
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Number of events ever scheduled (the next sequence number).
    @inlinable public var scheduledCount: UInt64 { nextSequence }
    /// The due time of the next event, if any (settles a vacant root first).
    @inlinable public var nextTime: SimInstant? {
        mutating get {
            if rootVacant { settleRoot() }
            return storage._count > 0 ? storage.base[0].time : nil
        }
    }

    /// Schedules `payload` at `time`, after every event already scheduled for that time.
    /// - Complexity: O(log₄ n), amortised (the buffer doubles when full).
    @inlinable public mutating func schedule(_ payload: Payload, at time: SimInstant) {
        let event = ScheduledEvent(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        if rootVacant {
            // Fill the vacant root with the new event and sift it down.
            rootVacant = false
            _ = storage.base.move()
            siftDown(event, count: storage._count)
            return
        }
        if storage._count == storage.capacity { storage.grow() }
        let base = storage.base
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
    /// - Complexity: O(log₄ n), paid by the next ``schedule(_:at:)`` or peek.
    @inlinable public mutating func popFirst() -> ScheduledEvent<Payload>? {
        if rootVacant { settleRoot() }
        guard storage._count > 0 else { return nil }
        let base = storage.base
        let first = base.move()
        if storage._count == 1 {
            storage._count = 0
            return first
        }
        // Keep slot 0 initialised (with a copy of the last event, released when the slot is
        // filled) so the buffer's `deinit` stays correct; the popped event itself is moved out.
        base.initialize(to: base[storage._count &- 1])
        rootVacant = true
        return first
    }

    /// Moves the last event into the vacant root and sifts it down.
    @inlinable mutating func settleRoot() {
        rootVacant = false
        let base = storage.base
        _ = base.move()
        storage._count &-= 1
        let n = storage._count
        if n > 0 {
            siftDown((base + n).move(), count: n)
        }
    }

    /// Places `moving` into the uninitialised slot 0 of a heap of `n` slots and sifts it down.
    @inlinable mutating func siftDown(_ moving: ScheduledEvent<Payload>, count n: Int) {
        let base = storage.base
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
}
