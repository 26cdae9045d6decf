import FaultlineKernel
import Testing

/// Counts live instances so ownership mistakes (double free, leak) show up as wrong counts.
final class Tracked: @unchecked Sendable {
    nonisolated(unsafe) static var live = 0
    let value: Int
    init(_ value: Int) {
        self.value = value
        Tracked.live += 1
    }
    deinit { Tracked.live -= 1 }
}

@Suite(.serialized) struct RawArrayTests {
    @Test func appendGrowPopAndFill() {
        var a = RawArray<Int>(capacity: 1)
        for i in 0..<100 { a.append(i) }
        #expect(a.count == 100)
        #expect(a[57] == 57)
        a[57] = -1
        #expect(a[57] == -1)
        a.fill(10...19, with: 0)
        #expect((10...19).allSatisfy { a[$0] == 0 } && a[9] == 9 && a[20] == 20)
        #expect(a.popLast() == 99)
        #expect(a.count == 99)
        let b = RawArray(repeating: 7, count: 5)
        #expect(b.count == 5 && b[4] == 7)
    }

    @Test func ownsItsElements() {
        let before = Tracked.live
        do {
            var a = RawArray<Tracked>(capacity: 2)
            for i in 0..<10 { a.append(Tracked(i)) }
            #expect(Tracked.live == before + 10)
            #expect(a.popLast()?.value == 9)
            #expect(Tracked.live == before + 9)
        }
        #expect(Tracked.live == before, "deinit releases the remaining elements")
    }

    @Test func eventQueueReleasesPendingPayloads() {
        let before = Tracked.live
        do {
            var q = EventQueue<Tracked>(reservingCapacity: 1)
            for i in 0..<50 { q.schedule(Tracked(i), at: SimInstant(nanoseconds: Int64(50 - i))) }
            #expect(q.popFirst()?.payload.value == 49)
            #expect(Tracked.live == before + 49)
        }
        #expect(Tracked.live == before)
    }
}
