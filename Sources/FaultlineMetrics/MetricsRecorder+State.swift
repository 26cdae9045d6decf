import FaultlineKernel
import Histogram

@usableFromInline
struct CounterState: Sendable {
    @usableFromInline var period: Int64 = 0
    @usableFromInline var total: Int64 = 0
    @usableFromInline init() {}
}

/// A level integrated over simulated time, for time-weighted averages (Little's law's L).
@usableFromInline
struct GaugeState: Sendable {
    @usableFromInline var value: Int64 = 0
    @usableFromInline var lastChange: SimInstant = .zero
    @usableFromInline var periodArea: Double = 0
    @usableFromInline var periodMax: Int64 = 0
    @usableFromInline var totalArea: Double = 0
    @usableFromInline var totalMax: Int64 = 0

    @usableFromInline init() {}

    @inlinable mutating func advance(to now: SimInstant, summaryStart: SimInstant) {
        let dt = now.nanoseconds &- lastChange.nanoseconds
        if dt > 0 {
            let area = Double(value) * Double(dt)
            periodArea += area
            if now > summaryStart {
                let from = Swift.max(lastChange.nanoseconds, summaryStart.nanoseconds)
                totalArea += Double(value) * Double(now.nanoseconds &- from)
            }
            lastChange = now
        }
    }

    @inlinable mutating func set(_ newValue: Int64, at now: SimInstant, summaryStart: SimInstant) {
        advance(to: now, summaryStart: summaryStart)
        value = newValue
        if newValue > periodMax { periodMax = newValue }
        if now >= summaryStart, newValue > totalMax { totalMax = newValue }
    }

    mutating func resetPeriod() {
        periodArea = 0
        periodMax = value
    }
}

/// Durations in nanoseconds: an HdrHistogram per period and one for the whole run, stored in
/// microseconds (1 µs to 24 h at 3 significant digits), with exact sums and maxima beside them.
@usableFromInline
struct DistributionState: Sendable {
    var period = PeriodHistogram()
    @usableFromInline var total = DistributionState.makeHistogram()
    @usableFromInline var periodCount: Int64 = 0
    @usableFromInline var periodSum: Double = 0
    @usableFromInline var periodMax: Int64 = 0
    @usableFromInline var totalCount: Int64 = 0
    @usableFromInline var totalSum: Double = 0
    @usableFromInline var totalMax: Int64 = 0

    @usableFromInline init() {}

    @usableFromInline static let highestMicroseconds: UInt64 = 86_400_000_000

    static func makeHistogram() -> Histogram<UInt32> {
        Histogram<UInt32>(lowestDiscernibleValue: 1, highestTrackableValue: highestMicroseconds, numberOfSignificantValueDigits: .three)
    }

    mutating func record(_ ns: Int64, inSummary: Bool) {
        let us = Swift.min(UInt64(Swift.max(ns, 0)) / 1_000, DistributionState.highestMicroseconds)
        period.record(us)
        periodCount &+= 1
        periodSum += Double(ns)
        if ns > periodMax { periodMax = ns }
        if inSummary {
            _ = total.record(us)
            totalCount &+= 1
            totalSum += Double(ns)
            if ns > totalMax { totalMax = ns }
        }
    }

    mutating func resetPeriod() {
        if periodCount > 0 { period.reset() }
        periodCount = 0
        periodSum = 0
        periodMax = 0
    }
}
