import FaultlineCloud
import FaultlineKernel
import FaultlineRandom
import Testing

@Suite struct MessageQueueTests {
    private func at(_ s: Int64) -> SimInstant { .zero + .seconds(s) }

    @Test func visibilityTimeoutRedeliversOldestFirst() throws {
        var q = MessageQueue(.init(visibilityTimeout: .seconds(30)))
        for tag in Int64(10)...12 { q.send(tag: tag, at: at(0)) }
        let first = q.receive(max: 2, at: at(0))
        #expect(first.map(\.tag) == [10, 11])
        #expect(first.map(\.receiveCount) == [1, 1])
        #expect(q.visibleCount == 1 && q.inFlightCount == 2)
        #expect(q.nextVisibilityChange == at(30))
        expectTrue(q.receive(max: 10, at: at(10)).map(\.tag) == [12])
        #expect(q.visibleCount == 0 && q.inFlightCount == 3)
        expectTrue(q.receive(max: 10, at: at(29)).isEmpty)

        q.advance(to: at(30))
        #expect(q.visibleCount == 2 && q.inFlightCount == 1)
        #expect(q.nextVisibilityChange == at(40))
        #expect(q.ageOfOldestMessage(at: at(30)) == .seconds(30))
        let again = q.receive(max: 10, at: at(35))
        #expect(again.map(\.tag) == [10, 11])
        #expect(again.map(\.receiveCount) == [2, 2])
        expectTrue(!q.delete(first[0].receipt, at: at(36)), "an old receipt does not delete")
        expectTrue(q.delete(again[0].receipt, at: at(36)))
        expectTrue(!q.delete(again[0].receipt, at: at(36)), "already deleted")
        #expect(q.deletedCount == 1 && q.receivedCount == 5 && q.count == 2)
    }

    @Test func deleteAfterTimeoutWithLatestReceiptAndChangeVisibility() throws {
        var q = MessageQueue(.init(visibilityTimeout: .seconds(10)))
        q.send(tag: 1, at: at(0))
        q.send(tag: 2, at: at(0))
        let got = q.receive(max: 2, at: at(0))
        // Expired visibility but nobody received it since: the latest receipt still deletes.
        expectTrue(q.delete(got[0].receipt, at: at(15)))
        #expect(q.visibleCount == 1)
        // Message 2 is visible again, so its visibility can no longer be changed.
        expectTrue(!q.changeVisibility(got[1].receipt, timeout: .seconds(5), at: at(15)))
        let m2 = try #require(q.receive(max: 1, at: at(15)).first)
        expectTrue(q.changeVisibility(m2.receipt, timeout: .seconds(100), at: at(20)))
        #expect(q.nextVisibilityChange == at(120))
        expectTrue(q.receive(max: 1, at: at(119)).isEmpty)
        expectTrue(q.changeVisibility(m2.receipt, timeout: .zero, at: at(119)))
        #expect(q.visibleCount == 1 && q.inFlightCount == 0 && q.nextVisibilityChange == nil)
        let m2b = try #require(q.receive(max: 1, at: at(119)).first)
        #expect(m2b.receiveCount == 3)
        expectTrue(!q.changeVisibility(m2.receipt, timeout: .zero, at: at(119)), "stale receipt")
    }

    @Test func redriveMovesToDeadLetterOnReceiveMaxPlusOne() {
        var q = MessageQueue(.init(visibilityTimeout: .seconds(10), redrivePolicy: .init(maxReceiveCount: 3)))
        q.send(tag: 7, at: at(0))
        q.send(tag: 8, at: at(0))
        var dead: [DeadLetteredMessage] = []
        for (i, t) in [Int64(0), 10, 20].enumerated() {
            let got = q.receive(max: 1, at: at(t), deadLettered: &dead)
            #expect(got.map(\.tag) == [7])
            #expect(got.first?.receiveCount == i + 1)
        }
        // The 4th receive of message 7 moves it and goes on to message 8.
        let got = q.receive(max: 1, at: at(30), deadLettered: &dead)
        #expect(got.map(\.tag) == [8])
        #expect(dead.map(\.id) == [MessageID(1)] && dead.map(\.tag) == [7])
        #expect(dead.map(\.sentAt) == [at(0)] && dead.map(\.receiveCount) == [3])
        #expect(q.movedToDLQCount == 1 && q.count == 1)
        // The caller forwards it to the DLQ, which keeps the original timestamp.
        var dlq = MessageQueue()
        dlq.send(tag: dead[0].tag, at: at(30), originallySentAt: dead[0].sentAt)
        #expect(dlq.ageOfOldestMessage(at: at(30)) == .seconds(30))
    }

    @Test func retentionExpiresVisibleAndInFlightMessages() {
        var q = MessageQueue(.init(visibilityTimeout: .seconds(20), retention: .seconds(60)))
        q.send(tag: 1, at: at(0))
        q.send(tag: 2, at: at(30))
        q.advance(to: at(59))
        #expect(q.visibleCount == 2 && q.ageOfOldestMessage(at: at(59)) == .seconds(59))
        q.advance(to: at(60))
        #expect(q.visibleCount == 1 && q.expiredCount == 1)
        #expect(q.ageOfOldestMessage(at: at(60)) == .seconds(30))
        // Message 2 (expires at 90) is received at 80 and still in flight at 95.
        let m = q.receive(max: 1, at: at(80))
        #expect(m.map(\.tag) == [2])
        #expect(q.inFlightCount == 1)
        expectTrue(!q.delete(m[0].receipt, at: at(95)), "past retention: gone, not deleted")
        #expect(q.expiredCount == 2 && q.deletedCount == 0 && q.count == 0)
        #expect(q.ageOfOldestMessage(at: at(95)) == .zero)
    }

    @Test func deliveryDelay() {
        var q = MessageQueue(.init(deliveryDelay: .seconds(5)))
        q.send(tag: 1, at: at(0))
        q.send(tag: 2, at: at(1), delay: .zero)
        #expect(q.delayedCount == 1 && q.visibleCount == 1)
        #expect(q.nextVisibilityChange == at(5))
        expectTrue(q.receive(max: 10, at: at(4)).map(\.tag) == [2])
        expectTrue(q.receive(max: 10, at: at(5)).map(\.tag) == [1])
        #expect(q.delayedCount == 0 && q.inFlightCount == 2)
    }

    /// Random operations against a brute-force model with the same semantics; after every step
    /// the outputs agree and messages are conserved.
    @Test(arguments: [UInt64(1), 42, 2_026])
    func conservesMessagesAndMatchesABruteForceModel(seed: UInt64) {
        let config = MessageQueue.Configuration(
            visibilityTimeout: .seconds(8), retention: .seconds(60), redrivePolicy: .init(maxReceiveCount: 3)
        )
        var q = MessageQueue(config)
        var model = NaiveQueue(config: config)
        var rng = SplitMix64(seed: seed)
        var receipts: [ReceiptHandle] = []
        var now = SimInstant.zero
        for _ in 0..<20_000 {
            now = now + .milliseconds(Int64(rng.next(below: 1_500)))
            switch rng.next(below: 10) {
            case 0...3:
                let delay: SimDuration = rng.next(below: 4) == 0 ? .milliseconds(Int64(rng.next(below: 5_000))) : .zero
                let sentAt: SimInstant? = rng.next(below: 8) == 0 ? now - .seconds(Int64(rng.next(below: 50))) : nil
                let tag = Int64(rng.next(below: 1_000))
                let id = q.send(tag: tag, at: now, delay: delay, originallySentAt: sentAt)
                expectTrue(id == model.send(tag: tag, at: now, delay: delay, sentAt: sentAt ?? now))
            case 4...6:
                let max = 1 + Int(rng.next(below: 10))
                let timeout = SimDuration.milliseconds(Int64(rng.next(below: 12_000)))
                var dead: [DeadLetteredMessage] = []
                let got = q.receive(max: max, at: now, visibilityTimeout: timeout, deadLettered: &dead)
                let (expected, expectedDead) = model.receive(max: max, at: now, timeout: timeout)
                #expect(got.map(\.id) == expected.map { MessageID($0.id) })
                #expect(got.map(\.receiveCount) == expected.map(\.receiveCount))
                #expect(dead.map(\.id) == expectedDead)
                receipts.append(contentsOf: got.map(\.receipt))
                if receipts.count > 64 { receipts.removeFirst(receipts.count - 64) }
            case 7, 8:
                guard !receipts.isEmpty else { continue }
                let r = receipts[Int(rng.next(below: UInt64(receipts.count)))]
                expectTrue(q.delete(r, at: now) == model.delete(r.id.rawValue, receiveCount: Int(r.receiveCount), at: now))
            default:
                guard !receipts.isEmpty else { continue }
                let r = receipts[Int(rng.next(below: UInt64(receipts.count)))]
                let timeout = SimDuration.milliseconds(Int64(rng.next(below: 3) == 0 ? 0 : rng.next(below: 10_000)))
                let changed = q.changeVisibility(r, timeout: timeout, at: now)
                let expected = model.changeVisibility(r.id.rawValue, receiveCount: Int(r.receiveCount), timeout: timeout, at: now)
                #expect(changed == expected)
            }
            #expect(
                q.sentCount == q.deletedCount + q.expiredCount + q.movedToDLQCount
                    + q.visibleCount + q.inFlightCount + q.delayedCount)
            #expect(q.visibleCount == model.count(.visible))
            #expect(q.inFlightCount == model.count(.inFlight))
            #expect(q.delayedCount == model.count(.delayed))
            #expect(q.expiredCount == model.expired && q.deletedCount == model.deleted && q.movedToDLQCount == model.dead)
            #expect(q.nextVisibilityChange == model.nextVisibilityChange)
            #expect(q.ageOfOldestMessage(at: now) == model.ageOfOldest(at: now))
        }
        #expect(q.sentCount > 7_000 && q.receivedCount > 5_000 && q.deletedCount > 500)
        #expect(q.expiredCount > 0 && q.movedToDLQCount > 0)
    }
}

/// SplitMix64, for reproducible test inputs without a GSL stream.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    /// The project's SplitMix64 step (``StreamSeed/splitMix64(_:)``) over a counter.
    mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return StreamSeed.splitMix64(state)
    }
    mutating func next(below n: UInt64) -> UInt64 { next() % n }
}

/// O(n) reference model of ``MessageQueue``'s documented semantics.
struct NaiveQueue {
    enum Place { case delayed, visible, inFlight }
    struct Message {
        var id: UInt64, sentAt: SimInstant, visibleAt: SimInstant, receiveCount: Int, place: Place
    }
    let config: MessageQueue.Configuration
    var messages: [Message] = []
    var nextID: UInt64 = 1
    var expired = 0, deleted = 0, dead = 0

    init(config: MessageQueue.Configuration) { self.config = config }

    mutating func advance(to now: SimInstant) {
        for i in messages.indices where messages[i].place != .visible && messages[i].visibleAt <= now {
            messages[i].place = .visible
        }
        let before = messages.count
        messages.removeAll { $0.place == .visible && $0.sentAt + config.retention <= now }
        expired += before - messages.count
    }

    mutating func send(tag: Int64, at now: SimInstant, delay: SimDuration, sentAt: SimInstant) -> MessageID {
        advance(to: now)
        defer { nextID += 1 }
        messages.append(Message(id: nextID, sentAt: sentAt, visibleAt: now + delay, receiveCount: 0, place: delay > .zero ? .delayed : .visible))
        advance(to: now)
        return MessageID(nextID)
    }

    mutating func receive(max: Int, at now: SimInstant, timeout: SimDuration) -> ([Message], [MessageID]) {
        advance(to: now)
        let order = messages.indices.filter { messages[$0].place == .visible }
            .sorted { (messages[$0].sentAt, messages[$0].id) < (messages[$1].sentAt, messages[$1].id) }
        var got: [Message] = [], gone: [Int] = [], deadIDs: [MessageID] = []
        for i in order where got.count < max {
            if messages[i].receiveCount >= config.redrivePolicy!.maxReceiveCount {
                gone.append(i)
                deadIDs.append(MessageID(messages[i].id))
                continue
            }
            messages[i].receiveCount += 1
            messages[i].place = .inFlight
            messages[i].visibleAt = now + timeout
            got.append(messages[i])
        }
        for i in gone.sorted(by: >) { messages.remove(at: i) }
        dead += gone.count
        advance(to: now)
        return (got, deadIDs)
    }

    mutating func delete(_ id: UInt64, receiveCount: Int, at now: SimInstant) -> Bool {
        advance(to: now)
        guard let i = messages.firstIndex(where: { $0.id == id && $0.receiveCount == receiveCount }),
            messages[i].place != .delayed
        else { return false }
        let isExpired = messages[i].sentAt + config.retention <= now
        messages.remove(at: i)
        if isExpired { expired += 1 } else { deleted += 1 }
        return !isExpired
    }

    mutating func changeVisibility(_ id: UInt64, receiveCount: Int, timeout: SimDuration, at now: SimInstant) -> Bool {
        advance(to: now)
        guard let i = messages.firstIndex(where: { $0.id == id && $0.receiveCount == receiveCount }),
            messages[i].place == .inFlight
        else { return false }
        if messages[i].sentAt + config.retention <= now {
            messages.remove(at: i)
            expired += 1
            return false
        }
        messages[i].visibleAt = now + timeout
        if timeout == .zero { messages[i].place = .visible }
        advance(to: now)
        return true
    }

    func count(_ place: Place) -> Int { messages.filter { $0.place == place }.count }

    var nextVisibilityChange: SimInstant? { messages.filter { $0.place != .visible }.map(\.visibleAt).min() }

    func ageOfOldest(at now: SimInstant) -> SimDuration {
        guard let oldest = messages.filter({ $0.place == .visible }).map(\.sentAt).min() else { return .zero }
        return now - oldest
    }
}
