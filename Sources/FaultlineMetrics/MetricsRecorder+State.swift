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
    /// The lowest level held during the period (CloudWatch `Minimum`).
    @usableFromInline var periodMin: Int64 = 0
    @usableFromInline var totalArea: Double = 0
    @usableFromInline var totalMax: Int64 = 0

    @usableFromInline init() {}

    @inlinable @inline(__always) mutating func advance(to now: SimInstant, summaryStart: SimInstant) {
        let dt = now.nanoseconds &- lastChange.nanoseconds
        if dt > 0 {
            let area = Double(value) * Double(dt)
            periodArea += area
            if lastChange >= summaryStart {
                totalArea += area
            } else if now > summaryStart {
                totalArea += Double(value) * Double(now.nanoseconds &- summaryStart.nanoseconds)
            }
            lastChange = now
        }
    }

    @inlinable @inline(__always) mutating func set(_ newValue: Int64, at now: SimInstant, summaryStart: SimInstant) {
        advance(to: now, summaryStart: summaryStart)
        value = newValue
        if newValue > periodMax { periodMax = newValue }
        if newValue < periodMin { periodMin = newValue }
        if now >= summaryStart, newValue > totalMax { totalMax = newValue }
    }

    mutating func resetPeriod() {
        periodArea = 0
        periodMax = value
        periodMin = value
    }
}

/// Durations in nanoseconds. The hot path records into two ``PeriodHistogram``s — the current
/// period's and the whole run's (post-warm-up) — which are array increments, plus exact
/// count/sum/max. Run percentiles come from an HdrHistogram filled once, at the end, from the
/// run histogram's buckets (`record(_:count:)`, the same 3-digit bucket layout, so nothing is
/// lost); see ``MetricsRecorder/summary(_:)``.
@usableFromInline
struct DistributionState: ~Copyable, Sendable {
    @usableFromInline var period = PeriodHistogram()
    @usableFromInline var total = PeriodHistogram()
    @usableFromInline var periodStats = Stats()
    @usableFromInline var totalStats = Stats()

    @usableFromInline
    struct Stats: Sendable {
        @usableFromInline var count: Int64 = 0
        @usableFromInline var sum: Double = 0
        @usableFromInline var max: Int64 = 0
        /// The smallest sample (CloudWatch `Minimum`); `Int64.max` while empty.
        @usableFromInline var min: Int64 = .max

        @usableFromInline init() {}

        @inlinable @inline(__always) mutating func add(_ ns: Int64) {
            count &+= 1
            sum += Double(ns)
            if ns > max { max = ns }
            if ns < min { min = ns }
        }
    }

    init() {}

    @inlinable @inline(__always) mutating func record(_ ns: Int64, inSummary: Bool) {
        let us = UInt64(Swift.max(ns, 0)) / 1_000
        period.record(us)
        periodStats.add(ns)
        if inSummary {
            total.record(us)
            totalStats.add(ns)
        }
    }

    mutating func resetPeriod() {
        if periodStats.count > 0 { period.reset() }
        periodStats = Stats()
    }

    /// The run's samples as an HdrHistogram (1 µs to 24 h, 3 significant digits).
    func runHistogram() -> Histogram<UInt64> {
        var h = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: PeriodHistogram.highestTrackable,
            numberOfSignificantValueDigits: .three)
        total.forEachBucket { value, count in _ = h.record(value, count: UInt64(count)) }
        return h
    }
}
