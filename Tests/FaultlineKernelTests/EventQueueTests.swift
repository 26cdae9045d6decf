import FaultlineKernel
import Testing

@Suite struct EventQueueTests {
    @Test func popsInTimeThenInsertionOrder() {
        var q = EventQueue<Int>()
        // Interleave times so that ties must be broken by insertion sequence.
        let times: [Int64] = [5, 1, 5, 3, 1, 5, 0, 3]
        for (i, t) in times.enumerated() { q.schedule(i, at: SimInstant(nanoseconds: t)) }
        var out: [Int] = []
        while let e = q.popFirst() { out.append(e.payload) }
        #expect(out == [6, 1, 4, 3, 7, 0, 2, 5])
    }

    @Test(arguments: [1, 2, 3, 4, 5, 17, 1000])
    func matchesASortedReference(count: Int) {
        // A deterministic pseudo-random sequence (LCG), not a system RNG.
        var x: UInt64 = 12345
        var q = EventQueue<Int>()
        var reference: [(Int64, Int)] = []
        for i in 0..<count {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let t = Int64(x >> 54) // many ties
            q.schedule(i, at: SimInstant(nanoseconds: t))
            reference.append((t, i))
        }
        reference.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var got: [Int] = []
        while let e = q.popFirst() { got.append(e.payload) }
        #expect(got == reference.map(\.1))
    }

    @Test func interleavedScheduleAndPopStayOrdered() {
        var q = EventQueue<Int>()
        var x: UInt64 = 99
        var last = SimInstant.zero
        var now = SimInstant.zero
        q.schedule(0, at: .zero)
        var popped = 0
        while let e = q.popFirst(), popped < 10_000 {
            #expect(e.time >= last)
            last = e.time
            now = e.time
            popped += 1
            for _ in 0..<2 where q.count < 500 {
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                q.schedule(popped, at: now + .nanoseconds(Int64(x >> 50)))
            }
        }
        #expect(popped == 10_000)
    }

    /// The vacant-root pop (a pop leaves slot 0 for the next schedule) against a sorted reference:
    /// random mixes of schedule, pop, peek and count, with ties, and a reference-counted payload
    /// so a wrong move or a leak of the vacant slot would show (or crash) here.
    @Test(arguments: [1, 7, 64, 5_000])
    func randomOperationsMatchASortedReference(seed: UInt64) {
        var x = seed
        func next() -> UInt64 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return x >> 33
        }
        var q = EventQueue<String>(reservingCapacity: 4)
        var reference: [(t: Int64, seq: Int, payload: String)] = []
        var sequence = 0
        var now: Int64 = 0
        for _ in 0..<20_000 {
            switch next() % 8 {
            case 0, 1, 2:
                let t = now + Int64(next() % 16)
                q.schedule("e\(sequence)", at: SimInstant(nanoseconds: t))
                reference.append((t, sequence, "e\(sequence)"))
                sequence += 1
            case 3, 4:
                reference.sort { $0.t != $1.t ? $0.t < $1.t : $0.seq < $1.seq }
                let e = q.popFirst()
                let r = reference.isEmpty ? nil : reference.removeFirst()
                #expect(e?.payload == r?.payload)
                #expect(e?.time.nanoseconds == r?.t)
                if let e { now = e.time.nanoseconds }
            case 5:
                let earliest = reference.map(\.t).min()
                #expect(q.nextTime?.nanoseconds == earliest)
            case 6:
                #expect(q.count == reference.count)
                #expect(q.isEmpty == reference.isEmpty)
            default:
                // Pop then schedule at once: the pattern the vacant root serves.
                reference.sort { $0.t != $1.t ? $0.t < $1.t : $0.seq < $1.seq }
                if let e = q.popFirst() {
                    let r = reference.removeFirst()
                    #expect(e.payload == r.payload)
                    now = e.time.nanoseconds
                    let t = now + Int64(next() % 4)
                    q.schedule("e\(sequence)", at: SimInstant(nanoseconds: t))
                    reference.append((t, sequence, "e\(sequence)"))
                    sequence += 1
                }
            }
        }
        #expect(q.count == reference.count)
        #expect(q.scheduledCount == UInt64(sequence))
        reference.sort { $0.t != $1.t ? $0.t < $1.t : $0.seq < $1.seq }
        var rest: [String] = []
        while let e = q.popFirst() { rest.append(e.payload) }
        #expect(rest == reference.map(\.payload))
    }

    /// A queue destroyed with its root vacant (right after a pop) releases every payload once.
    @Test func destroyedRightAfterAPop() {
        final class Token: Sendable {}
        weak var watched: Token?
        do {
            var q = EventQueue<Token>()
            let t = Token()
            watched = t
            q.schedule(t, at: .zero)
            q.schedule(Token(), at: .zero + .seconds(1))
            _ = q.popFirst()
        }
        #expect(watched == nil)
    }
}
