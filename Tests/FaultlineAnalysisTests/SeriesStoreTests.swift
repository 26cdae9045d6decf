import FaultlineAnalysis
import FaultlineKernel
import Testing

@testable import FaultlineMetrics

/// The bounded timeline store: exact per-phase combinations, and downsampling that keeps
/// counter totals and maxima exact.
@Suite struct SeriesStoreTests {
    static func row(_ p: Int, _ resource: String, _ metric: String, _ stat: String, _ v: Double) -> TimelineRow {
        TimelineRow(time: .zero + .seconds(Int64(p) * 10), resource: resource, metric: metric, statistic: stat, value: v)
    }

    /// 12 periods of 10 s: a counter 1, 2, ..., 12; a gauge max; a duration with sample counts.
    static func feed(_ store: SeriesStore) {
        for p in 0..<12 {
            store.consume([
                row(p, "api", "Invocations", "Sum", Double(p + 1)),
                row(p, "api", "Errors", "Sum", p >= 4 && p < 8 ? 1 : 0),
                row(p, "api", "Depth", "Maximum", Double(p % 5)),
                row(p, "api", "Depth", "Average", 1),
                row(p, "api", "Duration", "SampleCount", p < 6 ? 1 : 3),
                row(p, "api", "Duration", "Average", p < 6 ? 10 : 20)
            ])
        }
    }

    @Test func phasesCombineEachStatisticItsOwnWay() {
        let store = SeriesStore(period: .seconds(10), horizon: .seconds(120))
        Self.feed(store)
        // Experiment 40..80 s: periods 4..7.
        let w = PhaseWindow(source: .faults, start: 40, end: 80, warmup: 0, horizon: 120)
        let inv = store.phaseValues(SeriesKey("api", "Invocations", "Sum"), window: w)
        #expect(inv.pre == Double(1 + 2 + 3 + 4))
        #expect(inv.experiment == Double(5 + 6 + 7 + 8))
        #expect(inv.post == Double(9 + 10 + 11 + 12))
        #expect(inv.run == 78)
        let depth = store.phaseValues(SeriesKey("api", "Depth", "Maximum"), window: w)
        #expect(depth.pre == 3 && depth.experiment == 4 && depth.post == 4)
        // Weighted by SampleCount: experiment = (1*10 + 1*10 + 3*20 + 3*20) / 8 = 17.5.
        let dur = store.phaseValues(SeriesKey("api", "Duration", "Average"), window: w)
        #expect(dur.experiment == 17.5)
        #expect(dur.pre == 10)
        let rate = store.phaseRatio(SeriesKey("api", "Errors", "Sum"), SeriesKey("api", "Invocations", "Sum"), window: w)
        #expect(rate.experiment == 4.0 / 26.0)
        #expect(rate.pre == 0)
    }

    @Test func downsamplingKeepsTotalsAndMaxima() {
        let exact = SeriesStore(period: .seconds(10), horizon: .seconds(120))
        let small = SeriesStore(period: .seconds(10), horizon: .seconds(120), capacity: 4)
        Self.feed(exact)
        Self.feed(small)
        #expect(small.shift == 2, "12 periods in at most 4 buckets: 4 periods per bucket")
        #expect(small.bucketCount == 3)
        // Phase boundaries on bucket edges (40 s, 80 s) give the exact answer.
        let w = PhaseWindow(source: .faults, start: 40, end: 80, warmup: 0, horizon: 120)
        for key in [
            SeriesKey("api", "Invocations", "Sum"), SeriesKey("api", "Depth", "Maximum"), SeriesKey("api", "Duration", "Average"),
            SeriesKey("api", "Depth", "Average")
        ] {
            #expect(exact.phaseValues(key, window: w) == small.phaseValues(key, window: w), "\(key)")
        }
        // Per-period values keep their scale: mean of 1..4 per period in the first bucket.
        #expect(small.values(SeriesKey("api", "Invocations", "Sum"))[0] == 2.5)
    }

    @Test func noExperimentMeansEverythingIsSteadyState() {
        let store = SeriesStore(period: .seconds(10), horizon: .seconds(120))
        Self.feed(store)
        let w = PhaseWindow(source: .none, start: nil, end: nil, warmup: 20, horizon: 120)
        #expect(w.phases.map(\.phase) == [.pre])
        let inv = store.phaseValues(SeriesKey("api", "Invocations", "Sum"), window: w)
        #expect(inv.pre == Double(78 - 1 - 2), "the warm-up's periods are left out")
        #expect(inv.experiment == nil && inv.post == nil)
    }

    @Test func timeToImpactAndRecovery() {
        // Baseline 10 (σ 0) for 6 periods, 30 during the experiment (60..100 s), back at 120 s.
        let values: [Double?] = [10, 10, 10, 10, 10, 10, 10, 30, 30, 30, 30, 30, 10, 10, 10, 10]
        let spans = (0..<values.count).map { (start: Double($0) * 10, end: Double($0 + 1) * 10) }
        let w = PhaseWindow(source: .faults, start: 60, end: 100, warmup: 0, horizon: 160)
        let i = MetricPhases.impact(values: values, spans: spans, window: w)
        #expect(i.baseline == 10)
        #expect(i.tolerance == 1)
        #expect(i.impact == 10, "first deviating period starts at 70 s")
        #expect(i.recover == 20, "back at 120 s, 20 s after the end")
        #expect(i.impacted && i.recovered)
        // Never back: not recovered.
        let stuck = MetricPhases.impact(
            values: Array(values.prefix(12)), spans: Array(spans.prefix(12)),
            window: PhaseWindow(source: .faults, start: 60, end: 100, warmup: 0, horizon: 120))
        #expect(stuck.impacted && !stuck.recovered && stuck.recover == nil)
    }
}
