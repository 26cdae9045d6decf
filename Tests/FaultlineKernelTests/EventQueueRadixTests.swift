import FaultlineKernel
import Testing

/// The event queue above ``EventQueue/radixAbove`` pending events (the radix heap) and across
/// the switches between its two structures, against a sorted reference: the order must be
/// exactly `(time, sequence)` whatever the structure, since the golden fingerprints depend on it.
@Suite struct EventQueueRadixTests {
    /// A payload that counts live instances, so a lost or doubly released event shows.
    final class Tracked: Sendable {
        let id: Int
        let counter: Counter
        init(_ id: Int, _ counter: Counter) {
            self.id = id
            self.counter = counter
            counter.add(1)
        }
        deinit { counter.add(-1) }
    }

    final class Counter: @unchecked Sendable {
        private(set) var value = 0
        func add(_ d: Int) { value += d }
    }

    struct LCG {
        var x: UInt64
        mutating func next() -> UInt64 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return x >> 11
        }
    }

    /// Random schedule/pop/peek mixes whose pending count wanders between 0 and ~3 000 (so the
    /// queue switches structure many times), with many equal times; `past` also schedules
    /// before the latest pop now and then (and at negative times), which no simulation does but
    /// the API allows.
    @Test(arguments: [(1, false), (2, false), (3, true), (4, true)] as [(UInt64, Bool)])
    func randomOperationsMatchASortedReference(seed: UInt64, past: Bool) {
        let counter = Counter()
        var sawRadix = false
        do {
            var q = EventQueue<Tracked>(reservingCapacity: 4)
            var r = LCG(x: seed)
            var reference: [(t: Int64, seq: Int)] = []
            var sequence = 0, now: Int64 = 0, target = 0
            for step in 0..<60_000 {
                if step % 3_000 == 0 { target = Int(r.next() % 3_000) }
                let push = reference.count < target ? r.next() % 4 != 0 : r.next() % 4 == 0
                if push {
                    var t = now + Int64(r.next() % 64)
                    if past && r.next() % 20_000 == 0 { t = now - 5 }
                    if past && r.next() % 30_000 == 0 { t = -Int64(r.next() % 1_000) - (1 << 40) }
                    q.schedule(Tracked(sequence, counter), at: SimInstant(nanoseconds: t))
                    reference.append((t, sequence))
                    sequence += 1
                } else {
                    if r.next() % 5 == 0 { _ = q.nextTime }
                    let e = q.popFirst()
                    guard !reference.isEmpty else {
                        #expect(e == nil)
                        continue
                    }
                    var best = 0
                    for i in 1..<reference.count where (reference[i].t, reference[i].seq) < (reference[best].t, reference[best].seq) {
                        best = i
                    }
                    let expected = reference.remove(at: best)
                    #expect(e?.payload.id == expected.seq && e?.time.nanoseconds == expected.t, "step \(step)")
                    if e?.payload.id != expected.seq { return }
                    now = max(now, expected.t)
                }
                #expect(q.count == reference.count)
                sawRadix = sawRadix || q.count > EventQueue<Tracked>.radixAbove
            }
            #expect(counter.value == reference.count)
        }
        #expect(sawRadix)
        #expect(counter.value == 0, "events leaked or released twice")
    }

    /// A simulation-like pattern at 50 000 pending: pops in order, and many events at one instant
    /// come out in scheduling order.
    @Test func largeHoldKeepsTimeThenSequenceOrder() {
        var q = EventQueue<Int>()
        var r = LCG(x: 7)
        for i in 0..<50_000 { q.schedule(i, at: SimInstant(nanoseconds: Int64(r.next() % 1_000))) }
        var last = (t: Int64.min, seq: UInt64(0))
        for step in 0..<500_000 {
            guard let e = q.popFirst() else {
                Issue.record("queue ran dry")
                return
            }
            #expect(e.time.nanoseconds > last.t || (e.time.nanoseconds == last.t && e.sequence > last.seq), "step \(step)")
            last = (e.time.nanoseconds, e.sequence)
            // A third of the events land on the current instant: ties broken by sequence.
            let delay = r.next() % 3 == 0 ? 0 : Int64(r.next() % 100_000)
            q.schedule(e.payload, at: e.time + .nanoseconds(delay))
        }
        #expect(q.count == 50_000)
    }
}
