import FaultlineKernel
import HeapModule

/// The store of an SQS standard queue: delivery delay, visibility timeout, receive counts,
/// redrive to a dead-letter queue, retention, and the CloudWatch `Approximate*` gauges.
///
/// Imitates Amazon SQS standard queues
/// (<https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html>,
/// `.../sqs-dead-letter-queues.html`, `.../sqs-available-cloudwatch-metrics.html`) without its
/// sampling: a receive returns the oldest visible messages (by `(sentAt, id)`), never a random
/// subset, and there are no duplicate deliveries.
///
/// - `send` makes a message visible now, or delayed until `now + delay`.
/// - `receive` hands out up to `max` visible messages, oldest first, each invisible until
///   `now + visibilityTimeout`, and increments its receive count. A message whose receive count
///   already equals the redrive policy's `maxReceiveCount` is instead removed and reported as
///   dead-lettered (SQS moves it "when the ReceiveCount … exceeds the maxReceiveCount"), and the
///   receive goes on filling `max` from the next messages.
/// - `delete` needs the most recent receipt; it also deletes a message whose visibility
///   timeout has expired if nobody received it since (as SQS does).
/// - `changeVisibility` applies to in-flight messages only (SQS `MessageNotInflight`
///   otherwise); the new timeout counts from `now`, and 0 makes the message visible at once.
/// - Retention counts from `sentAt`; expired messages are dropped and counted. A message in
///   flight or delayed is expired when it would next become visible (or on a delete or
///   visibility change naming it), not earlier.
///
/// Time is processed lazily: every operation first brings the queue to its `now` (which must
/// not go backwards). Read the gauges after ``advance(to:)`` and schedule one wake-up at
/// ``nextVisibilityChange``. Messages live in a slab of plain structs with a free list; visible
/// ones sit in a min-heap by `(sentAt, id)`, delayed and in-flight ones in a min-heap by
/// `(visibleAt, id)`. Superseded heap entries are skipped by epoch (cancel by generation), so
/// every operation is O(log n) amortised.
public struct MessageQueue: Sendable {
    /// SQS `RedrivePolicy` (`maxReceiveCount` 1...1,000; the target queue is the caller's).
    public struct RedrivePolicy: Hashable, Sendable {
        public var maxReceiveCount: Int
        public init(maxReceiveCount: Int) {
            precondition((1...1_000).contains(maxReceiveCount), "RedrivePolicy: maxReceiveCount must be in 1...1000, got \(maxReceiveCount)")
            self.maxReceiveCount = maxReceiveCount
        }
    }

    /// Queue attributes, defaulting to SQS's defaults.
    public struct Configuration: Hashable, Sendable {
        /// `VisibilityTimeout` (default 30 s, 0...12 h).
        public var visibilityTimeout: SimDuration
        /// `MessageRetentionPeriod` (default 4 days, 60 s...14 days).
        public var retention: SimDuration
        /// `DelaySeconds` (default 0, 0...900 s).
        public var deliveryDelay: SimDuration
        public var redrivePolicy: RedrivePolicy?

        public init(
            visibilityTimeout: SimDuration = .seconds(30), retention: SimDuration = .hours(96),
            deliveryDelay: SimDuration = .zero, redrivePolicy: RedrivePolicy? = nil
        ) {
            precondition(visibilityTimeout >= .zero && visibilityTimeout <= .hours(12), "MessageQueue: visibilityTimeout must be in 0s...12h")
            precondition(retention >= .seconds(60) && retention <= .hours(14 * 24), "MessageQueue: retention must be in 60s...14d")
            precondition(deliveryDelay >= .zero && deliveryDelay <= .seconds(900), "MessageQueue: deliveryDelay must be in 0s...900s")
            self.visibilityTimeout = visibilityTimeout
            self.retention = retention
            self.deliveryDelay = deliveryDelay
            self.redrivePolicy = redrivePolicy
        }
    }

    private enum Place: UInt8 { case free, delayed, visible, inFlight }

    private struct Slot {
        var id: UInt64 // 0 when free
        var tag: Int64
        var sentAt: SimInstant
        var visibleAt: SimInstant
        var receiveCount: Int32
        var epoch: UInt32 // bumped on every move, so older heap entries are recognisably stale
        var place: Place
    }

    /// A heap entry; `key` is `sentAt` in the visible heap and `visibleAt` in the pending one.
    private struct Entry: Comparable {
        var key: Int64
        var id: UInt64
        var slot: Int32
        var epoch: UInt32
        static func < (a: Entry, b: Entry) -> Bool { a.key != b.key ? a.key < b.key : a.id < b.id }
    }

    public let configuration: Configuration
    /// The instant the queue was last brought to.
    public private(set) var now: SimInstant

    private var slots: [Slot] = []
    private var freeSlots: [Int32] = []
    private var visible = Heap<Entry>()
    private var pending = Heap<Entry>()
    private var nextID: UInt64 = 1

    /// `ApproximateNumberOfMessagesVisible`.
    public private(set) var visibleCount = 0
    /// `ApproximateNumberOfMessagesNotVisible` (received, not yet deleted or visible again).
    public private(set) var inFlightCount = 0
    /// `ApproximateNumberOfMessagesDelayed`.
    public private(set) var delayedCount = 0
    /// `NumberOfMessagesSent`, cumulative.
    public private(set) var sentCount = 0
    /// `NumberOfMessagesReceived`, cumulative (deliveries, so redeliveries count again).
    public private(set) var receivedCount = 0
    /// `NumberOfMessagesDeleted`, cumulative.
    public private(set) var deletedCount = 0
    /// Messages dropped at the end of the retention period, cumulative.
    public private(set) var expiredCount = 0
    /// Messages moved to the dead-letter side by the redrive policy, cumulative.
    public private(set) var movedToDLQCount = 0

    public init(_ configuration: Configuration = Configuration(), at start: SimInstant = .zero) {
        self.configuration = configuration
        now = start
    }

    /// Messages in the queue in any state.
    public var count: Int { visibleCount + inFlightCount + delayedCount }

    /// The earliest instant at which a delayed or in-flight message becomes visible (or is
    /// found expired), or `nil` if none is waiting.
    public var nextVisibilityChange: SimInstant? {
        pending.min.map { SimInstant(nanoseconds: $0.key) }
    }

    /// `ApproximateAgeOfOldestMessage`: the age at `now` of the oldest visible message, zero if
    /// none. Meaningful after the queue was brought to `now`.
    public func ageOfOldestMessage(at now: SimInstant) -> SimDuration {
        guard let top = visible.min else { return .zero }
        return Swift.max(.zero, now - SimInstant(nanoseconds: top.key))
    }

    // MARK: - Operations

    /// `SendMessage` at `now` with `delay` (the queue's `DelaySeconds` when `nil`). A message
    /// redriven from another queue passes its `originallySentAt`, which retention counts from.
    @discardableResult
    public mutating func send(tag: Int64 = 0, at now: SimInstant, delay: SimDuration? = nil, originallySentAt: SimInstant? = nil) -> MessageID {
        advance(to: now)
        let delay = delay ?? configuration.deliveryDelay
        precondition(delay >= .zero, "MessageQueue.send: delay must be >= 0, got \(delay)")
        let sentAt = originallySentAt ?? now
        precondition(sentAt <= now, "MessageQueue.send: originallySentAt must not be in the future")
        let id = nextID
        nextID += 1
        sentCount += 1
        let slot = allocate(Slot(id: id, tag: tag, sentAt: sentAt, visibleAt: now + delay, receiveCount: 0, epoch: 0, place: .free))
        if delay > .zero {
            moveToPending(slot, place: .delayed, visibleAt: now + delay)
        } else {
            moveToVisible(slot)
        }
        settle()
        return MessageID(id)
    }

    /// `ReceiveMessage` at `now`: up to `max` visible messages, oldest first, each hidden for
    /// `visibilityTimeout` (the queue's when `nil`). Messages redriven instead are appended to
    /// `deadLettered`.
    public mutating func receive(
        max: Int, at now: SimInstant, visibilityTimeout: SimDuration? = nil,
        deadLettered: inout [DeadLetteredMessage]
    ) -> [ReceivedMessage] {
        precondition(max >= 0, "MessageQueue.receive: max must be >= 0, got \(max)")
        advance(to: now)
        let timeout = visibilityTimeout ?? configuration.visibilityTimeout
        precondition(timeout >= .zero, "MessageQueue.receive: visibilityTimeout must be >= 0")
        var received: [ReceivedMessage] = []
        received.reserveCapacity(Swift.min(max, visibleCount))
        while received.count < max, let top = visible.popMin() {
            guard isCurrent(top) else { continue }
            let s = Int(top.slot)
            if let redrive = configuration.redrivePolicy, Int(slots[s].receiveCount) >= redrive.maxReceiveCount {
                let m = slots[s]
                deadLettered.append(DeadLetteredMessage(id: MessageID(m.id), tag: m.tag, sentAt: m.sentAt, receiveCount: Int(m.receiveCount)))
                movedToDLQCount += 1
                release(s)
                continue
            }
            visibleCount -= 1
            slots[s].receiveCount += 1
            let visibleAt = now + timeout
            moveToPending(s, place: .inFlight, visibleAt: visibleAt)
            receivedCount += 1
            let m = slots[s]
            received.append(
                ReceivedMessage(
                    id: MessageID(m.id), tag: m.tag, sentAt: m.sentAt, receiveCount: Int(m.receiveCount), visibleAt: visibleAt,
                    receipt: ReceiptHandle(id: MessageID(m.id), receiveCount: m.receiveCount, slot: top.slot)
                ))
        }
        // A zero visibility timeout makes the messages visible again at once.
        advance(to: now)
        return received
    }

    /// ``receive(max:at:visibilityTimeout:deadLettered:)`` when the caller only needs
    /// ``movedToDLQCount``.
    public mutating func receive(max: Int, at now: SimInstant, visibilityTimeout: SimDuration? = nil) -> [ReceivedMessage] {
        var ignored: [DeadLetteredMessage] = []
        return receive(max: max, at: now, visibilityTimeout: visibilityTimeout, deadLettered: &ignored)
    }

    /// `DeleteMessage` at `now`. Returns whether a message was deleted: `false` for a stale
    /// receipt (the message was received again, or is gone) or an expired message.
    @discardableResult
    public mutating func delete(_ receipt: ReceiptHandle, at now: SimInstant) -> Bool {
        advance(to: now)
        guard let s = current(receipt), slots[s].place == .inFlight || slots[s].place == .visible else { return false }
        if isExpired(s, at: now) {
            expiredCount += 1
            release(s)
            settle()
            return false
        }
        deletedCount += 1
        release(s)
        settle()
        return true
    }

    /// `ChangeMessageVisibility` at `now`: the message becomes visible at `now + timeout`
    /// (at once for 0). Returns `false` if the receipt is stale or the message is not in flight.
    @discardableResult
    public mutating func changeVisibility(_ receipt: ReceiptHandle, timeout: SimDuration, at now: SimInstant) -> Bool {
        precondition(timeout >= .zero && timeout <= .hours(12), "MessageQueue.changeVisibility: timeout must be in 0s...12h")
        advance(to: now)
        guard let s = current(receipt), slots[s].place == .inFlight else { return false }
        if isExpired(s, at: now) {
            expiredCount += 1
            release(s)
            settle()
            return false
        }
        if timeout == .zero {
            inFlightCount -= 1
            moveToVisible(s)
        } else {
            inFlightCount -= 1
            moveToPending(s, place: .inFlight, visibleAt: now + timeout)
        }
        settle()
        return true
    }

    /// Brings the queue to `now`: delayed and in-flight messages whose time has come become
    /// visible (or expire), and visible messages past retention are dropped.
    public mutating func advance(to now: SimInstant) {
        precondition(now >= self.now, "MessageQueue: time went backwards from \(self.now) to \(now)")
        self.now = now
        while let top = pending.min, top.key <= now.nanoseconds {
            pending.removeMin()
            guard isCurrent(top) else { continue }
            let s = Int(top.slot)
            if isExpired(s, at: now) {
                expiredCount += 1
                release(s)
            } else {
                if slots[s].place == .delayed { delayedCount -= 1 } else { inFlightCount -= 1 }
                moveToVisible(s)
            }
        }
        settle()
    }

    // MARK: - Internals

    /// Drops stale heap tops and expired visible messages so `min` of both heaps is current.
    private mutating func settle() {
        while let top = visible.min {
            if !isCurrent(top) {
                visible.removeMin()
            } else if isExpired(Int(top.slot), at: now) {
                visible.removeMin()
                expiredCount += 1
                release(Int(top.slot))
            } else {
                break
            }
        }
        while let top = pending.min, !isCurrent(top) { pending.removeMin() }
    }

    private func isCurrent(_ e: Entry) -> Bool {
        let s = slots[Int(e.slot)]
        return s.id == e.id && s.epoch == e.epoch
    }

    private func isExpired(_ s: Int, at now: SimInstant) -> Bool {
        slots[s].sentAt + configuration.retention <= now
    }

    private func current(_ r: ReceiptHandle) -> Int? {
        let s = Int(r.slot)
        guard s >= 0, s < slots.count, slots[s].id == r.id.rawValue, slots[s].receiveCount == r.receiveCount else { return nil }
        return s
    }

    private mutating func allocate(_ slot: Slot) -> Int {
        if let s = freeSlots.popLast() {
            let epoch = slots[Int(s)].epoch
            slots[Int(s)] = slot
            slots[Int(s)].epoch = epoch
            return Int(s)
        }
        precondition(slots.count < Int(Int32.max), "MessageQueue: more than 2^31 messages stored")
        slots.append(slot)
        return slots.count - 1
    }

    /// Removes a stored message, whatever its place, and decrements that place's count.
    private mutating func release(_ s: Int) {
        switch slots[s].place {
        case .visible: visibleCount -= 1
        case .inFlight: inFlightCount -= 1
        case .delayed: delayedCount -= 1
        case .free: preconditionFailure("MessageQueue: releasing a free slot")
        }
        slots[s].place = .free
        slots[s].id = 0
        slots[s].epoch &+= 1
        freeSlots.append(Int32(s))
    }

    /// Moves a message into the visible heap (callers fix the count of the place it left).
    private mutating func moveToVisible(_ s: Int) {
        slots[s].place = .visible
        slots[s].epoch &+= 1
        visibleCount += 1
        visible.insert(Entry(key: slots[s].sentAt.nanoseconds, id: slots[s].id, slot: Int32(s), epoch: slots[s].epoch))
    }

    /// Moves a message into the pending heap (callers fix the count of the place it left).
    private mutating func moveToPending(_ s: Int, place: Place, visibleAt: SimInstant) {
        slots[s].place = place
        slots[s].visibleAt = visibleAt
        slots[s].epoch &+= 1
        if place == .delayed { delayedCount += 1 } else { inFlightCount += 1 }
        pending.insert(Entry(key: visibleAt.nanoseconds, id: slots[s].id, slot: Int32(s), epoch: slots[s].epoch))
    }
}
