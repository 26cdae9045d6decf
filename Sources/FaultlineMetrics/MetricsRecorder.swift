import FaultlineKernel
import Histogram

/// Aggregates what models emit into per-period CloudWatch-style statistics and whole-run
/// summaries, streaming: memory is fixed by the number of series, not by simulated time.
///
/// Models call ``add(_:_:)``, ``set(_:_:at:)`` and ``record(_:nanoseconds:)`` on the hot path
/// (array writes and one HdrHistogram record, no allocation). The owner calls
/// ``closePeriod(at:sink:)`` at each period boundary, which emits rows and resets the period.
/// Whole-run summaries count only what happens at or after `summaryStart` (the warm-up end).
///
/// The recorder is non-copyable: it owns its accumulators outright (``RawArray`` storage, no
/// copy-on-write checks per sample), and a run's model owns exactly one.
public struct MetricsRecorder: ~Copyable, Sendable {
    public private(set) var series: [MetricSeries] = []
    public let period: SimDuration
    public let summaryStart: SimInstant

    @usableFromInline var counters = RawArray<CounterState>()
    @usableFromInline var gauges = RawArray<GaugeState>()
    @usableFromInline var distributions = RawArray<DistributionState>()
    @usableFromInline var seriesOfCounter: [Int] = []
    @usableFromInline var seriesOfGauge: [Int] = []
    @usableFromInline var seriesOfDistribution: [Int] = []
    @usableFromInline var periodStart: SimInstant = .zero
    var rowBuffer: [TimelineRow] = []
    var analysisBuffer: [TimelineRow] = []
    var hasAnalysisSeries = false
    /// Each series' first ``TimelineRow/key``: keys are dense, one per row a series can emit
    /// (a counter 1, a gauge 3, a distribution 7), or -1 past `Int32.max` (rows then go unkeyed).
    var rowKeyBase: [Int32] = []
    var nextRowKey = 0

    public init(period: SimDuration, summaryStart: SimInstant = .zero) {
        precondition(period > .zero, "period must be positive")
        self.period = period
        self.summaryStart = summaryStart
    }

    // MARK: Registration (before the run)

    /// `analysis`: not in the timeline (`emitted` is ignored) but handed to an ``AnalysisTimelineSink``.
    public mutating func counter(_ resource: String, _ metric: String, unit: String = "Count", emitted: Bool = true, analysis: Bool = false) -> CounterID {
        seriesOfCounter.append(register(resource, metric, .counter, unit, emitted && !analysis))
        if analysis {
            series[series.count - 1].analysis = true
            hasAnalysisSeries = true
        }
        counters.append(CounterState())
        return CounterID(index: Int32(counters.count - 1))
    }

    /// `scale`: the reported values are the level times it (``MetricSeries/scale``).
    public mutating func gauge(_ resource: String, _ metric: String, unit: String = "Count", emitted: Bool = true, scale: Double = 1) -> GaugeID {
        seriesOfGauge.append(register(resource, metric, .gauge, unit, emitted))
        series[series.count - 1].scale = scale
        gauges.append(GaugeState())
        return GaugeID(index: Int32(gauges.count - 1))
    }

    public mutating func distribution(_ resource: String, _ metric: String, unit: String = "Milliseconds", emitted: Bool = true) -> DistributionID {
        seriesOfDistribution.append(register(resource, metric, .distribution, unit, emitted))
        distributions.append(DistributionState())
        return DistributionID(index: Int32(distributions.count - 1))
    }

    private mutating func register(_ resource: String, _ metric: String, _ kind: MetricKind, _ unit: String, _ emitted: Bool) -> Int {
        series.append(MetricSeries(resource: resource, metric: metric, kind: kind, unit: unit, emitted: emitted))
        let rows: Int
        switch kind {
        case .counter: rows = 1
        case .gauge: rows = 3
        case .distribution: rows = 7
        }
        rowKeyBase.append(nextRowKey + rows <= Int(Int32.max) ? Int32(nextRowKey) : -1)
        nextRowKey += rows
        return series.count - 1
    }

    // MARK: Hot path

    /// Adds `amount` to a counter at `now`.
    @inlinable @inline(__always) public mutating func add(_ id: CounterID, _ amount: Int64 = 1, at now: SimInstant) {
        let i = Int(id.index)
        counters[i].period &+= amount
        if now >= summaryStart { counters[i].total &+= amount }
    }

    /// Sets a gauge's level at `now`; the level is integrated over time for averages.
    @inlinable @inline(__always) public mutating func set(_ id: GaugeID, _ value: Int64, at now: SimInstant) {
        gauges[Int(id.index)].set(value, at: now, summaryStart: summaryStart)
    }

    /// Moves a gauge's level by `delta` at `now`.
    @inlinable @inline(__always) public mutating func adjust(_ id: GaugeID, by delta: Int64, at now: SimInstant) {
        let i = Int(id.index)
        gauges[i].set(gauges[i].value &+ delta, at: now, summaryStart: summaryStart)
    }

    /// The current level of a gauge.
    @inlinable public func level(_ id: GaugeID) -> Int64 { gauges[Int(id.index)].value }

    /// Records one sample of a duration distribution, in nanoseconds, at `now`.
    @inlinable @inline(__always) public mutating func record(_ id: DistributionID, nanoseconds: Int64, at now: SimInstant) {
        distributions[Int(id.index)].record(nanoseconds, inSummary: now >= summaryStart)
    }

    // MARK: Period boundaries

    /// Emits the rows of the period ending at `end` to `sink` and starts the next period.
    ///
    /// The row buffers are kept from period to period: a row whose ``TimelineRow/key`` (the
    /// series' first key, ``rowKeyBase``, plus the statistic's place) is where it was last
    /// period only gets its time and value, so its strings are not copied again.
    public mutating func closePeriod(at end: SimInstant, sink: TimelineSink?) {
        let start = periodStart
        let length = Double((end - start).nanoseconds)
        let analysisSink = hasAnalysisSeries ? sink as? AnalysisTimelineSink : nil
        var rows = RowWriter(rows: rowBuffer, time: start)
        rowBuffer = []
        var analysis = RowWriter(rows: analysisBuffer, time: start)
        analysisBuffer = []
        // Emit in registration order so the timeline is deterministic.
        var ci = 0, gi = 0, di = 0
        for k in series.indices {
            let key = rowKeyBase[k]
            switch series[k].kind {
            case .counter:
                if series[k].emitted {
                    rows.emit(series[k], key, 0, "Sum", Double(counters[ci].period))
                } else if series[k].analysis, analysisSink != nil {
                    analysis.emit(series[k], key, 0, "Sum", Double(counters[ci].period))
                }
                counters[ci].period = 0
                ci += 1
            case .gauge:
                gauges[gi].advance(to: end, summaryStart: summaryStart)
                let g = gauges[gi]
                if length > 0, series[k].emitted {
                    let scale = series[k].scale
                    rows.emit(series[k], key, 0, "Maximum", Double(g.periodMax) * scale)
                    rows.emit(series[k], key, 1, "Minimum", Double(g.periodMin) * scale)
                    rows.emit(series[k], key, 2, "Average", g.periodArea / length * scale)
                }
                gauges[gi].resetPeriod()
                gi += 1
            case .distribution:
                let d = distributions[di].periodStats
                if d.count > 0, series[k].emitted {
                    let scale = series[k].unit == "Milliseconds" ? 1e-6 : 1e-9
                    rows.emit(series[k], key, 0, "SampleCount", Double(d.count))
                    rows.emit(series[k], key, 1, "Average", d.sum / Double(d.count) * scale)
                    let (p50, p90, p99) = distributions[di].period.p50p90p99()
                    rows.emit(series[k], key, 2, "p50", Double(p50) * 1e3 * scale)
                    rows.emit(series[k], key, 3, "p90", Double(p90) * 1e3 * scale)
                    rows.emit(series[k], key, 4, "p99", Double(p99) * 1e3 * scale)
                    rows.emit(series[k], key, 5, "Maximum", Double(d.max) * scale)
                    rows.emit(series[k], key, 6, "Minimum", Double(d.min) * scale)
                }
                distributions[di].resetPeriod()
                di += 1
            }
        }
        periodStart = end
        rowBuffer = rows.finish()
        analysisBuffer = analysis.finish()
        sink?.consume(rowBuffer)
        analysisSink?.consumeAnalysis(analysisBuffer)
    }

    /// The rows the last ``closePeriod(at:sink:)`` emitted (valid until the next close), for
    /// consumers that evaluate per period, e.g. alarms.
    public var lastClosedRows: [TimelineRow] { rowBuffer }

    /// Integrates gauges up to `end` without emitting (call once at the end of a run before
    /// reading summaries when the last period was partial and already closed).
    public mutating func advanceGauges(to end: SimInstant) {
        for i in 0..<gauges.count { gauges[i].advance(to: end, summaryStart: summaryStart) }
    }

    // MARK: Summaries

    public func total(_ id: CounterID) -> Int64 { counters[Int(id.index)].total }

    /// Time-average level of a gauge from `summaryStart` to `end` (gauges must be advanced).
    public func timeAverage(_ id: GaugeID, until end: SimInstant) -> Double {
        let span = Double((end - Swift.max(summaryStart, .zero)).nanoseconds)
        return span > 0 ? gauges[Int(id.index)].totalArea / span : 0
    }

    public func maximum(_ id: GaugeID) -> Int64 { gauges[Int(id.index)].totalMax }

    /// Whole-run (post-warm-up) summary of a distribution, in milliseconds.
    public func summary(_ id: DistributionID) -> DistributionSummary {
        let t = distributions[Int(id.index)].totalStats
        guard t.count > 0 else { return DistributionSummary(count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0) }
        let h = distributions[Int(id.index)].runHistogram()
        return DistributionSummary(
            count: t.count,
            meanMs: t.sum / Double(t.count) / 1e6,
            p50Ms: Double(h.valueAtPercentile(50)) / 1e3,
            p90Ms: Double(h.valueAtPercentile(90)) / 1e3,
            p99Ms: Double(h.valueAtPercentile(99)) / 1e3,
            maxMs: Double(t.max) / 1e6)
    }

    /// Exact sum of a distribution's post-warm-up samples, in nanoseconds.
    public func sumNanoseconds(_ id: DistributionID) -> Double { distributions[Int(id.index)].totalStats.sum }
}

/// Count, mean and percentiles of one distribution over a run, in milliseconds. Percentiles come
/// from HdrHistogram with 3 significant digits (error < 0.1 %); mean and max are exact.
public struct DistributionSummary: Sendable, Equatable {
    public var count: Int64
    public var meanMs: Double
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var maxMs: Double
}
