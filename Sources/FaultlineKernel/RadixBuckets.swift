/// The large-queue side of ``EventQueue``: a radix heap on integer time (Ahuja, Mehlhorn, Orlin
/// and Tarjan 1990), for pending sets of hundreds of events and more.
///
/// A discrete-event simulation never schedules before the event it is handling, so the times
/// that leave the queue never decrease: the monotone case a radix heap needs. Every pending
/// event sits in the bucket named by the highest bit in which its time differs from `last`, the
/// time of the most recent pop; events due exactly at `last` sit in `current`, a first-in,
/// first-out run in sequence order. A pop takes the head of `current`; when it runs out, the
/// lowest non-empty bucket is emptied into lower buckets around its earliest time, which becomes
/// the new `last`. Each event moves at most 64 times and in practice a few, along arrays in
/// order: at 10^4-10^6 pending events this is 2-6x the 4-ary heap (docs/performance.md),
/// because the heap's sift touches a new cache line per level.
///
/// Order is exactly `(time, sequence)`: all events in `current` have one time, those scheduled
/// there directly arrive in sequence order, and a redistributed run that lands there is sorted
/// by sequence (an event redistributed from a higher bucket may be older than one scheduled
/// directly into a lower one).
public struct RadixBuckets<Payload: Sendable>: ~Copyable {
    /// One growable run of events (a bucket), freed by the owner's `deinit`.
    @usableFromInline struct Run {
        @usableFromInline var base: UnsafeMutablePointer<ScheduledEvent<Payload>>
        @usableFromInline var count = 0
        @usableFromInline var capacity: Int
        /// The smallest key in the run (`UInt64.max` when empty), kept on append so a refill
        /// needs no scan for it.
        @usableFromInline var minimum = UInt64.max

        @inlinable init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        @inlinable mutating func append(_ event: consuming ScheduledEvent<Payload>) {
            if count == capacity { grow() }
            (base + count).initialize(to: event)
            count &+= 1
        }

        @inlinable @inline(never) mutating func grow() {
            let newBase = UnsafeMutablePointer<ScheduledEvent<Payload>>.allocate(capacity: capacity * 2)
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity *= 2
        }
    }

    /// Events due exactly at `last`, in sequence order; `head` is the next to pop.
    @usableFromInline var current: Run
    @usableFromInline var head = 0
    /// Bucket `b` holds events whose key differs from `last` first at bit `b`.
    @usableFromInline let buckets: UnsafeMutablePointer<Run>
    /// Bit `b` is set when bucket `b` is not empty.
    @usableFromInline var occupied: UInt64 = 0
    /// The key of the most recent pop: no pending event is earlier.
    @usableFromInline var last: UInt64 = 0
    @usableFromInline var count = 0

    @inlinable init() {
        current = Run(capacity: 16)
        buckets = .allocate(capacity: 64)
        for b in 0..<64 { (buckets + b).initialize(to: Run(capacity: 16)) }
    }

    deinit {
        current.base.advanced(by: head).deinitialize(count: current.count &- head)
        current.base.deallocate()
        for b in 0..<64 {
            buckets[b].base.deinitialize(count: buckets[b].count)
            buckets[b].base.deallocate()
        }
        buckets.deallocate()
    }

    /// A time as an unsigned key with the same order (the sign bit flipped).
    @inlinable static func key(_ time: SimInstant) -> UInt64 {
        UInt64(bitPattern: time.nanoseconds) ^ (1 << 63)
    }

    /// Adds `event`, whose key must not be below `last` (``EventQueue`` checks).
    @inlinable mutating func insert(_ event: consuming ScheduledEvent<Payload>) {
        let x = Self.key(event.time) ^ last
        count &+= 1
        if x == 0 {
            current.append(event)
        } else {
            let b = 63 &- x.leadingZeroBitCount
            buckets[b].minimum = Swift.min(buckets[b].minimum, x ^ last)
            buckets[b].append(event)
            occupied |= 1 &<< UInt64(b)
        }
    }

    /// Makes `current` non-empty; false when nothing is pending.
    @inlinable mutating func settle() -> Bool {
        if head < current.count { return true }
        if count == 0 { return false }
        refill()
        return true
    }

    /// Empties the lowest non-empty bucket into lower ones around its earliest key (kept by
    /// `insert`, so the bucket is read once).
    @inlinable @inline(never) mutating func refill() {
        current.count = 0
        head = 0
        let b = occupied.trailingZeroBitCount
        occupied &= ~(1 &<< UInt64(b))
        let run = buckets[b]
        last = run.minimum
        buckets[b].count = 0
        buckets[b].minimum = .max
        count &-= run.count
        // Every event of bucket b differs from the new `last` below bit b: none lands in b.
        for i in 0..<run.count { insert((run.base + i).move()) }
        sortCurrentBySequence()
    }

    /// Restores sequence order in `current` after a refill (usually one event, or already sorted).
    @inlinable @inline(never) mutating func sortCurrentBySequence() {
        let n = current.count
        guard n > 1 else { return }
        let base = current.base
        var sorted = true
        for i in 1..<n where base[i].sequence < base[i &- 1].sequence {
            sorted = false
            break
        }
        if sorted { return }
        var run = UnsafeMutableBufferPointer(start: base, count: n)
        run.sort { $0.sequence < $1.sequence }
    }

    /// The earliest event's time; call ``settle()`` first.
    @inlinable var firstTime: SimInstant { current.base[head].time }

    /// Removes the earliest event; call ``settle()`` first.
    @inlinable mutating func removeFirst() -> ScheduledEvent<Payload> {
        let event = (current.base + head).move()
        head &+= 1
        count &-= 1
        return event
    }

    /// Starts empty from `key`, the earliest key any later ``insert(_:)`` may have.
    @inlinable @inline(never) mutating func reset(last key: UInt64) {
        assert(count == 0)
        current.count = 0
        head = 0
        occupied = 0
        last = key
        for b in 0..<64 { buckets[b].minimum = .max }
    }

    /// Removes some pending event (any order), for moving everything into the heap.
    @inlinable @inline(never) mutating func removeAny() -> ScheduledEvent<Payload>? {
        if head < current.count {
            count &-= 1
            let event = (current.base + head).move()
            head &+= 1
            return event
        }
        while occupied != 0 {
            let b = occupied.trailingZeroBitCount
            if buckets[b].count > 0 {
                buckets[b].count &-= 1
                if buckets[b].count == 0 { buckets[b].minimum = .max }
                count &-= 1
                return (buckets[b].base + buckets[b].count).move()
            }
            occupied &= ~(1 &<< UInt64(b))
        }
        return nil
    }
}
