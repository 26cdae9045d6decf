import FaultlineKernel
import Testing

/// ``ScheduledEvent/precedes(_:)`` is written without branches; it must still be exactly the
/// lexicographic `(time, sequence)` order, on equal times, neighbouring times and extremes.
@Suite struct ScheduledEventOrderTests {
    @Test func precedesIsLexicographicTimeThenSequence() {
        var times: [Int64] = [0, 1, 2, 999, 1_000_000_000, Int64.max / 2, Int64.max / 2 - 1, Int64.max, Int64.min + 1, -1]
        var sequences: [UInt64] = [0, 1, 2, 41, UInt64.max, UInt64.max - 1, 1 << 63]
        var x: UInt64 = 12_345
        for _ in 0..<40 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            times.append(Int64(x >> 34))
            sequences.append(x >> (x & 31))
        }
        var checked = 0
        for t in times {
            for u in times {
                for s in sequences {
                    for v in sequences {
                        let a = ScheduledEvent(time: SimInstant(nanoseconds: t), sequence: s, payload: 0)
                        let b = ScheduledEvent(time: SimInstant(nanoseconds: u), sequence: v, payload: 0)
                        let expected = t < u || (t == u && s < v)
                        #expect(a.precedes(b) == expected, "(\(t), \(s)) before (\(u), \(v))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 100_000)
    }
}
