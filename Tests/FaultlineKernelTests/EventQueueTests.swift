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
            x = x &* 6364136223846793005 &+ 1442695040888963407
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
                x = x &* 6364136223846793005 &+ 1442695040888963407
                q.schedule(popped, at: now + .nanoseconds(Int64(x >> 50)))
            }
        }
        #expect(popped == 10_000)
    }
}
