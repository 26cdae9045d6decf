/// The pending-event set: value-type events ordered by `(time, sequence)`.
///
/// Two structures behind one interface, chosen by size (measured at 10-10^6 pending events in
/// `docs/performance.md`):
/// - up to ``radixAbove`` events, a 4-ary min-heap, chosen over swift-collections' `Heap`: the
///   4-ary layout halves the tree depth and keeps a node's children in one cache line, and the
///   hand-written hole-based sift moves each event once per level. It is the fastest structure
///   for the few dozen events of a queueing model.
/// - above it, ``RadixBuckets``, a radix heap on integer time (2-6x the heap at 10^4-10^6
///   pending events, as in the serverless models); back to the heap below ``heapBelow``.
/// Both pop exactly in `(time, sequence)` order, a total order, so the choice never changes a
/// run. The storage is raw buffers and the type is non-copyable, so the hot path pays no
/// copy-on-write uniqueness checks and each buffer has exactly one owner.
/// Events are never removed early; models cancel by generation and drop stale events on
/// delivery (house rule 5).
public struct EventQueue<Payload: Sendable>: ~Copyable, @unchecked Sendable {
    /// The heap in array order; the sift code below works on its buffer directly.
    @usableFromInline var storage: RawArray<ScheduledEvent<Payload>>
    @usableFromInline var nextSequence: UInt64 = 0
    /// The radix heap, holding every pending event while `usesRadix`.
    @usableFromInline var radix = RadixBuckets<Payload>()
    @usableFromInline var usesRadix = false
    /// The heap becomes a radix heap above this many events: ``radixAbove``, or `Int.max` once
    /// an event was scheduled before the latest pop in radix mode (no simulation does; the API
    /// allows it): the queue then stays a heap, which orders any times.
    @usableFromInline var switchCount = EventQueue.radixAbove
    /// The key (``RadixBuckets/key(_:)``) of the latest pop in heap mode.
    @usableFromInline var lastPopKey: UInt64 = 0

    /// The heap becomes a radix heap when it holds more than this many events.
    public static var radixAbove: Int { 512 }
    /// The radix heap becomes a heap again when it holds fewer than this many events.
    public static var heapBelow: Int { 128 }

    public init(reservingCapacity capacity: Int = 1_024) {
        storage = RawArray(capacity: Swift.max(Swift.min(capacity, 4 * Self.radixAbove), 4))
    }

    /// True after ``popFirst()`` until the next ``schedule(_:at:)`` or peek: slot 0 holds a
    /// placeholder (initialised, so `deinit` stays correct) and is not pending.
    /// Leaving the root vacant lets the common pop-then-schedule pattern of an event handler cost
    /// one sift-down instead of a sift-down plus a sift-up (what a hand-written C simulator does);
    /// the order of events is unchanged, since `(time, sequence)` is a total order.
    @usableFromInline var rootVacant = false

    /// Number of pending events.
    @inlinable public var count: Int { usesRadix ? radix.count : storage._count &- (rootVacant ? 1 : 0) }
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Number of events ever scheduled (the next sequence number).
    @inlinable public var scheduledCount: UInt64 { nextSequence }
    /// The due time of the next event, if any (settles a vacant root first).
    @inlinable public var nextTime: SimInstant? {
        mutating get {
            if usesRadix { return radix.settle() ? radix.firstTime : nil }
            if rootVacant { settleRoot() }
            return storage._count > 0 ? storage.base[0].time : nil
        }
    }

    /// Schedules `payload` at `time`, after every event already scheduled for that time.
    /// - Complexity: O(log₄ n) amortised up to ``radixAbove`` pending events, O(1) above
    ///   (plus the radix heap's amortised O(log t) moves at pop).
    @inlinable public mutating func schedule(_ payload: Payload, at time: SimInstant) {
        let event = ScheduledEvent(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        if usesRadix { return scheduleInRadix(event) }
        heapInsert(event)
        if storage._count > switchCount { switchToRadix() }
    }

    /// The radix heap's side of ``schedule(_:at:)``, out of line so that the heap's stays small
    /// (the queueing models' few dozen events never leave the heap).
    @inlinable @inline(never) mutating func scheduleInRadix(_ event: ScheduledEvent<Payload>) {
        if RadixBuckets<Payload>.key(event.time) >= radix.last {
            radix.insert(event)
            return
        }
        switchCount = .max // a heap for good
        switchToHeap()
        heapInsert(event)
    }

    /// Removes and returns the earliest event.
    /// - Complexity: O(log₄ n), paid by the next ``schedule(_:at:)`` or peek (heap), or
    ///   amortised O(log t) (radix heap).
    @inlinable public mutating func popFirst() -> ScheduledEvent<Payload>? {
        if usesRadix { return popFirstInRadix() }
        if rootVacant { settleRoot() }
        guard storage._count > 0 else { return nil }
        let base = storage.base
        let first = base.move()
        lastPopKey = RadixBuckets<Payload>.key(first.time)
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

    /// The radix heap's side of ``popFirst()``, out of line like ``scheduleInRadix(_:)``.
    @inlinable @inline(never) mutating func popFirstInRadix() -> ScheduledEvent<Payload>? {
        guard radix.settle() else { return nil }
        let first = radix.removeFirst()
        if radix.count < Self.heapBelow { switchToHeap() }
        return first
    }

    /// Moves every pending event from the heap into the radix heap.
    @inlinable @inline(never) mutating func switchToRadix() {
        if rootVacant { settleRoot() }
        // No pending event is earlier than the heap's root, nor than the latest pop.
        radix.reset(last: Swift.min(lastPopKey, RadixBuckets<Payload>.key(storage.base[0].time)))
        while let event = storage.popLast() { radix.insert(event) }
        radix.sortCurrentBySequence() // the heap's array order is not sequence order
        usesRadix = true
    }

    /// Moves every pending event from the radix heap into the heap.
    @inlinable @inline(never) mutating func switchToHeap() {
        lastPopKey = radix.last
        usesRadix = false
        while let event = radix.removeAny() { heapInsert(event) }
    }

    /// Adds `event` to the heap (filling a vacant root with one sift-down).
    @inlinable mutating func heapInsert(_ event: ScheduledEvent<Payload>) {
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
            if firstChild &+ 4 <= n {
                // A full node: a tournament of selects (conditional moves, no branches).
                let a = base[firstChild &+ 1].precedes(base[firstChild]) ? firstChild &+ 1 : firstChild
                let b = base[firstChild &+ 3].precedes(base[firstChild &+ 2]) ? firstChild &+ 3 : firstChild &+ 2
                best = base[b].precedes(base[a]) ? b : a
            } else {
                var c = firstChild &+ 1
                while c < n {
                    best = base[c].precedes(base[best]) ? c : best
                    c &+= 1
                }
            }
            guard base[best].precedes(moving) else { break }
            (base + hole).initialize(to: (base + best).move())
            hole = best
        }
        (base + hole).initialize(to: moving)
    }
}
