extension SeriesStore {
    /// The series combined over each phase (``SeriesKey/Combine``): counters summed, maxima
    /// kept, averages and percentiles weighted by samples (durations) or time (gauges).
    public func phaseValues(_ key: SeriesKey, window: PhaseWindow) -> PhaseValues {
        let c = key.combine
        var acc: [Phase: SeriesBucket] = [:]
        for (b, bucket) in buckets(key).enumerated() where !bucket.isEmpty {
            let s = span(b)
            guard let p = window.phase(from: s.start, to: s.end) else { continue }
            acc[p, default: SeriesBucket()].merge(bucket)
            acc[.run, default: SeriesBucket()].merge(bucket)
        }
        var out = PhaseValues()
        for p in Phase.allCases { out[p] = acc[p]?.value(c) }
        // A counter with no rows in an existing phase counted nothing... but a phase without
        // periods stays nil.
        if c == .add {
            for (p, _, _) in window.phases where out[p] == nil && phaseHasPeriods(p, window: window) { out[p] = 0 }
        }
        return out
    }

    /// Phase sums of `numerator` over phase sums of `denominator` (nil where the denominator is 0).
    public func phaseRatio(_ numerator: SeriesKey, _ denominator: SeriesKey, window: PhaseWindow) -> PhaseValues {
        let n = phaseValues(numerator, window: window), d = phaseValues(denominator, window: window)
        var out = PhaseValues()
        for p in Phase.allCases {
            if let dv = d[p], dv > 0 { out[p] = (n[p] ?? 0) / dv }
        }
        return out
    }

    func phaseHasPeriods(_ p: Phase, window: PhaseWindow) -> Bool {
        (0..<bucketCount).contains { b in
            let s = span(b)
            return window.phase(from: s.start, to: s.end) == p
        }
    }

    /// Per-bucket values of one series (per period for counters), nil where there is no data.
    public func values(_ key: SeriesKey) -> [Double?] {
        let c = key.combine
        return buckets(key).map { $0.perPeriod(c) }
    }

    /// Per-bucket ratio of two counters (nil where the denominator is 0).
    public func ratioValues(_ numerator: SeriesKey, _ denominator: SeriesKey) -> [Double?] {
        let n = buckets(numerator), d = buckets(denominator)
        return d.indices.map { i in
            guard d[i].sum > 0 else { return nil }
            return (i < n.count ? n[i].sum : 0) / d[i].sum
        }
    }
}
