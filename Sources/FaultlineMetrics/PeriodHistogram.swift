import FaultlineKernel

/// A log-linear histogram with HdrHistogram's bucket layout (3 significant digits, values in
/// microseconds from 0 to 24 h), specialised for one job: per-period percentiles.
///
/// The whole-run summaries use hdrhistogram-swift itself. Its `reset()` and
/// `valueAtPercentile(_:)` are generic and not inlinable, so calling them at every period
/// boundary cost more than the events of the period (measured: 40 % of an M/M/c run). This type
/// keeps the same bucketing — values equivalent within 1/1024 — but tracks the touched index
/// range, so a reset clears only that range and three percentiles come from one scan. Its
/// buckets live in ``RawArray``s (no copy-on-write checks on the hot path).
@usableFromInline
struct PeriodHistogram: ~Copyable, Sendable {
    /// Sub-buckets per power of two: 2048 distinguishes 3 significant decimal digits.
    /// (Computed constants: ``record(_:)`` is inlined into other modules, where a `static let`
    /// would check its lazy initialiser on every read.)
    @inlinable static var subBucketCount: Int { 2_048 }
    @inlinable static var halfCount: Int { 1_024 }
    @inlinable static var highestTrackable: UInt64 { 86_400_000_000 }

    @usableFromInline var counts: RawArray<UInt32>
    /// Counts per group of 1024 buckets, so percentile scans skip empty stretches.
    @usableFromInline var groups: RawArray<UInt32>
    @usableFromInline var minValue = UInt64.max
    @usableFromInline var maxValue: UInt64 = 0
    private var lowIndex: Int { PeriodHistogram.index(of: minValue) }
    private var highIndex: Int { total == 0 ? -1 : PeriodHistogram.index(of: maxValue) }
    @usableFromInline var total: UInt64 = 0

    /// Empty until the first value: the buckets (about 112 KB) are allocated then, so an idle
    /// resource's distributions cost nothing (10,000 idle services took 4.5 GB; docs/performance.md).
    init() {
        counts = RawArray(repeating: 0, count: 0)
        groups = RawArray(repeating: 0, count: 0)
    }

    @usableFromInline mutating func allocate() {
        let n = PeriodHistogram.index(of: PeriodHistogram.highestTrackable) + 1
        counts = RawArray(repeating: 0, count: n)
        groups = RawArray(repeating: 0, count: n / PeriodHistogram.halfCount + 1)
    }

    /// The bucket of `value` (microseconds).
    @inlinable @inline(__always) static func index(of value: UInt64) -> Int {
        if value < UInt64(subBucketCount) { return Int(value) }
        let shift = (63 - value.leadingZeroBitCount) - 10
        return subBucketCount + (shift - 1) * halfCount + Int(value >> UInt64(shift)) - halfCount
    }

    /// The highest value equivalent to bucket `index`, as HdrHistogram reports percentiles.
    static func highestValue(at index: Int) -> UInt64 {
        if index < subBucketCount { return UInt64(index) }
        let shift = (index - subBucketCount) / halfCount + 1
        let sub = UInt64((index - subBucketCount) % halfCount + halfCount)
        return ((sub + 1) << UInt64(shift)) - 1
    }

    @inlinable @inline(__always) mutating func record(_ microseconds: UInt64) {
        let v = Swift.min(microseconds, PeriodHistogram.highestTrackable)
        let i = PeriodHistogram.index(of: v)
        if _slowPath(counts.isEmpty) { allocate() }
        counts[i] &+= 1
        groups[i >> 10] &+= 1
        total &+= 1
        if v < minValue { minValue = v }
        if v > maxValue { maxValue = v }
    }

    /// Values at the given percentiles (0-100, ascending): whole groups are skipped until the
    /// one holding the target rank, then its buckets are scanned.
    func values(atPercentiles percentiles: [Double]) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: percentiles.count)
        percentiles.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in values(atPercentiles: p, into: o) }
        }
        return out
    }

    /// p50, p90 and p99 without allocating (the per-period statistics).
    func p50p90p99() -> (UInt64, UInt64, UInt64) {
        var result: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let ps: (Double, Double, Double) = (50, 90, 99)
        withUnsafeBytes(of: ps) { p in
            withUnsafeMutableBytes(of: &result) { o in
                values(atPercentiles: p.bindMemory(to: Double.self), into: o.bindMemory(to: UInt64.self))
            }
        }
        return result
    }

    func values(atPercentiles percentiles: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<UInt64>) {
        guard total > 0 else {
            for k in out.indices { out[k] = 0 }
            return
        }
        let lowIndex = self.lowIndex, highIndex = self.highIndex
        var group = lowIndex >> 10
        var before: UInt64 = 0 // count in groups before `group`
        // The scan resumes where the previous percentile's ended (the percentiles ascend):
        // `cumulative` counts the values in buckets up to and including `i`.
        var i = -1
        var cumulative: UInt64 = 0
        for (k, p) in percentiles.enumerated() {
            if p <= 0 {
                out[k] = minValue
                continue
            }
            if p >= 100 {
                out[k] = maxValue
                continue
            }
            // As hdrhistogram-swift: one ulp below p, rank rounded up, at least 1.
            let target = Swift.max(UInt64((p.nextDown * Double(total) / 100).rounded(.up)), 1)
            if i < 0 || cumulative < target {
                while before + UInt64(groups[group]) < target {
                    before += UInt64(groups[group])
                    group += 1
                }
                if i < group << 10 {
                    // Start over at the target's group (whole groups before it skipped).
                    i = Swift.max(group << 10, lowIndex)
                    cumulative = before + UInt64(counts[i])
                }
                while cumulative < target && i < highIndex {
                    i += 1
                    cumulative += UInt64(counts[i])
                }
            }
            out[k] = Swift.max(Swift.min(PeriodHistogram.highestValue(at: i), maxValue), minValue)
        }
    }

    /// The lowest value of each non-empty bucket with its count, in ascending order.
    func forEachBucket(_ body: (UInt64, UInt32) -> Void) {
        let lowIndex = self.lowIndex, highIndex = self.highIndex
        guard highIndex >= 0 else { return }
        do {
            let n = counts.count
            for group in (lowIndex >> 10)...(highIndex >> 10) where groups[group] != 0 {
                for i in (group << 10)..<Swift.min((group + 1) << 10, n) where counts[i] != 0 {
                    body(PeriodHistogram.lowestValue(at: i), counts[i])
                }
            }
        }
    }

    /// The lowest value equivalent to bucket `index`.
    static func lowestValue(at index: Int) -> UInt64 {
        if index < subBucketCount { return UInt64(index) }
        let shift = (index - subBucketCount) / halfCount + 1
        let sub = UInt64((index - subBucketCount) % halfCount + halfCount)
        return sub << UInt64(shift)
    }

    /// Clears the touched range only.
    mutating func reset() {
        guard highIndex >= 0 else { return }
        let lo = lowIndex, hi = highIndex
        for group in (lo >> 10)...(hi >> 10) where groups[group] != 0 {
            // Zero only the touched part of each non-empty group.
            let from = Swift.max(group << 10, lo), to = Swift.min(((group + 1) << 10) - 1, hi)
            counts.fill(from...to, with: 0)
            groups[group] = 0
        }
        minValue = UInt64.max
        maxValue = 0
        total = 0
    }
}
