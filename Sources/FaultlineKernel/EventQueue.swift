/// The pending-event set: a 4-ary min-heap of value-type events ordered by `(time, sequence)`.
///
/// Chosen over swift-collections' `Heap` after measurement (see `docs/performance.md`): the
/// 4-ary layout halves the tree depth and keeps a node's children in one cache line, and the
/// hand-written sift avoids `Heap`'s min-max bookkeeping. Events are never removed early;
/// models cancel by generation and drop stale events on delivery (house rule 5).
public struct EventQueue<Payload: Sendable>: Sendable {
    @usableFromInline var storage: [ScheduledEvent<Payload>] = []
    @usableFromInline var nextSequence: UInt64 = 0

    public init(reservingCapacity capacity: Int = 1_024) {
        storage.reserveCapacity(capacity)
    }

    /// Number of pending events.
    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.isEmpty }
    /// Number of events ever scheduled (the next sequence number).
    @inlinable public var scheduledCount: UInt64 { nextSequence }
    /// The due time of the next event, if any.
    @inlinable public var nextTime: SimInstant? { storage.first?.time }

    /// Schedules `payload` at `time`, after every event already scheduled for that time.
    /// - Complexity: O(log₄ n).
    @inlinable public mutating func schedule(_ payload: Payload, at time: SimInstant) {
        let event = ScheduledEvent(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        storage.append(event)
        siftUp(from: storage.count - 1)
    }

    /// Removes and returns the earliest event.
    /// - Complexity: O(log₄ n).
    @inlinable public mutating func popFirst() -> ScheduledEvent<Payload>? {
        guard let last = storage.popLast() else { return nil }
        if storage.isEmpty { return last }
        let first = storage[0]
        storage[0] = last
        siftDown(from: 0)
        return first
    }

    @inlinable mutating func siftUp(from index: Int) {
        var child = index
        storage.withUnsafeMutableBufferPointer { buf in
            let moving = buf[child]
            while child > 0 {
                let parent = (child &- 1) >> 2
                guard moving.precedes(buf[parent]) else { break }
                buf[child] = buf[parent]
                child = parent
            }
            buf[child] = moving
        }
    }

    @inlinable mutating func siftDown(from index: Int) {
        storage.withUnsafeMutableBufferPointer { buf in
            let n = buf.count
            var parent = index
            let moving = buf[parent]
            while true {
                let first = (parent << 2) &+ 1
                if first >= n { break }
                var best = first
                let end = Swift.min(first &+ 4, n)
                var c = first &+ 1
                while c < end {
                    if buf[c].precedes(buf[best]) { best = c }
                    c &+= 1
                }
                guard buf[best].precedes(moving) else { break }
                buf[parent] = buf[best]
                parent = best
            }
            buf[parent] = moving
        }
    }
}
