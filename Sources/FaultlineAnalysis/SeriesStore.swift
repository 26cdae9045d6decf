import FaultlineKernel
import FaultlineMetrics

/// A bounded in-memory copy of a run's timeline, fed period by period as a ``TimelineSink``.
///
/// Every series keeps at most ``capacity`` buckets. A bucket starts as one metric period; when a
/// run has more periods than that, neighbouring buckets of every series are merged in pairs
/// (the bucket width doubles), so memory is fixed by the number of series, not by simulated
/// time. Counters are added, maxima kept, averages and percentiles weighted (``SeriesKey/Combine``).
/// Runs of up to ``capacity`` periods are held exactly; longer ones at the bucket width.
public final class SeriesStore: AnalysisTimelineSink {
    public let period: SimDuration
    public let horizon: SimDuration
    public let capacity: Int
    /// Bucket `b` covers periods `b << shift ..< (b + 1) << shift`.
    public private(set) var shift = 0
    /// Series in order of first appearance (the recorder's registration order).
    public private(set) var keys: [SeriesKey] = []
    private var index: [SeriesKey: Int] = [:]
    private var buckets: [[SeriesBucket]] = []
    private var combines: [SeriesKey.Combine] = []
    /// Per ``TimelineRow/key``: the row's series (-1 until seen) and how it combines, so a keyed
    /// row finds its series without hashing strings; rows without a key go through `index`.
    private var keyCache: [(series: Int, combine: SeriesKey.Combine)] = []
    /// The last period index seen.
    public private(set) var lastPeriod = -1

    public init(period: SimDuration, horizon: SimDuration, capacity: Int = 2048) {
        precondition(period > .zero && capacity >= 2)
        self.period = period
        self.horizon = horizon
        self.capacity = capacity
    }

    /// The analysis-only counters (responses per entry AZ), kept the same way.
    public private(set) lazy var analysis = SeriesStore(period: period, horizon: horizon, capacity: capacity)

    public func consumeAnalysis(_ rows: [TimelineRow]) { analysis.consume(rows) }

    // MARK: Feeding

    public func consume(_ rows: [TimelineRow]) {
        // The buckets and the key cache are locals in the loop: every access to a class's
        // stored property is checked for exclusivity at run time.
        var buckets: [[SeriesBucket]] = []
        swap(&buckets, &self.buckets)
        var cache: [(series: Int, combine: SeriesKey.Combine)] = []
        swap(&cache, &keyCache)
        defer {
            swap(&buckets, &self.buckets)
            swap(&cache, &keyCache)
        }
        var sampleKey: (resource: String, metric: String)? = nil
        var sampleCount = 0.0
        var last = lastPeriod
        var shift = self.shift
        var time = Int64.min
        var p = 0
        for i in rows.indices {
            if rows[i].time.nanoseconds != time {
                // A period's rows share their time: one division per period.
                time = rows[i].time.nanoseconds
                p = Int(time / period.nanoseconds)
            }
            var b = p >> shift
            while b >= capacity {
                Self.compact(&buckets, capacity: capacity)
                shift += 1
                b = p >> shift
            }
            last = max(last, p)
            let s: Int
            let combine: SeriesKey.Combine
            let key = Int(rows[i].key)
            if key >= 0, key < cache.count, cache[key].series >= 0 {
                (s, combine) = cache[key]
            } else {
                s = seriesIndex(rows[i], buckets: &buckets)
                combine = combines[s]
                if key >= 0 {
                    if key >= cache.count { cache.append(contentsOf: repeatElement((-1, .add), count: key + 1 - cache.count)) }
                    cache[key] = (s, combine)
                }
            }
            var w = 1.0
            if rows[i].statistic == "SampleCount" {
                sampleKey = (rows[i].resource, rows[i].metric)
                sampleCount = rows[i].value
            } else if combine == .weighted {
                if let k = sampleKey, k.resource == rows[i].resource, k.metric == rows[i].metric {
                    w = sampleCount
                } else {
                    w = periodSeconds(p)
                }
            }
            if buckets[s].count <= b { buckets[s].append(contentsOf: repeatElement(SeriesBucket(), count: b + 1 - buckets[s].count)) }
            buckets[s][b].add(rows[i].value, weight: w)
        }
        lastPeriod = last
        self.shift = shift
    }

    /// The series of row `r`, registered on first sight.
    private func seriesIndex(_ r: TimelineRow, buckets: inout [[SeriesBucket]]) -> Int {
        let key = SeriesKey(r.resource, r.metric, r.statistic)
        if let found = index[key] { return found }
        let s = keys.count
        keys.append(key)
        index[key] = s
        buckets.append([])
        combines.append(key.combine)
        return s
    }

    /// Merges neighbouring buckets of every series in pairs (the bucket width doubles).
    private static func compact(_ buckets: inout [[SeriesBucket]], capacity: Int) {
        for s in buckets.indices {
            var out: [SeriesBucket] = []
            out.reserveCapacity(capacity / 2 + 1)
            var j = 0
            while j < buckets[s].count {
                var m = buckets[s][j]
                if j + 1 < buckets[s].count { m.merge(buckets[s][j + 1]) }
                out.append(m)
                j += 2
            }
            buckets[s] = out
        }
    }

    // MARK: Reading

    /// Seconds of period `p` within the horizon (the last period may be partial).
    func periodSeconds(_ p: Int) -> Double {
        let start = Int64(p) * period.nanoseconds
        return Double(min(period.nanoseconds, horizon.nanoseconds - start)) / 1e9
    }

    /// Number of buckets that hold the run so far.
    public var bucketCount: Int { lastPeriod < 0 ? 0 : (lastPeriod >> shift) + 1 }

    /// Start and end of bucket `b`, in seconds.
    public func span(_ b: Int) -> (start: Double, end: Double) {
        let p = Int64(b) << Int64(shift)
        let start = Double(p * period.nanoseconds) / 1e9
        let end = min(Double((p + (Int64(1) << Int64(shift))) * period.nanoseconds), Double(horizon.nanoseconds)) / 1e9
        return (start, end)
    }

    public func contains(_ key: SeriesKey) -> Bool { index[key] != nil }

    /// The buckets of one series (empty when the timeline has no such series).
    public func buckets(_ key: SeriesKey) -> [SeriesBucket] {
        guard let s = index[key] else { return [] }
        var b = buckets[s]
        if b.count < bucketCount { b.append(contentsOf: repeatElement(SeriesBucket(), count: bucketCount - b.count)) }
        return b
    }

    /// The metrics recorded for a resource, in timeline order, and their statistics.
    public func metrics(of resource: String) -> [(metric: String, statistics: [String])] {
        var out: [(metric: String, statistics: [String])] = []
        for k in keys where k.resource == resource {
            if let i = out.firstIndex(where: { $0.metric == k.metric }) { out[i].statistics.append(k.statistic) } else { out.append((k.metric, [k.statistic])) }
        }
        return out
    }

    /// Resources in timeline order.
    public var resources: [String] {
        var seen: Set<String> = []
        return keys.compactMap { seen.insert($0.resource).inserted ? $0.resource : nil }
    }
}
