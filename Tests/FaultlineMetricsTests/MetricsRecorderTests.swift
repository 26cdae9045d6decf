import FaultlineKernel
import Histogram
import Testing

@testable import FaultlineMetrics

@Suite struct MetricsRecorderTests {
    func at(_ s: Int64) -> SimInstant { .zero + .seconds(s) }

    @Test func countersReportSumsPerPeriod() {
        var m = MetricsRecorder(period: .seconds(60))
        let c = m.counter("fn", "Invocations")
        let sink = InMemoryTimeline()
        m.add(c, at: at(1))
        m.add(c, 4, at: at(59))
        m.closePeriod(at: at(60), sink: sink)
        m.closePeriod(at: at(120), sink: sink)
        #expect(sink.rows.map(\.value) == [5, 0])
        #expect(sink.rows.map(\.statistic) == ["Sum", "Sum"])
        #expect(sink.rows.map(\.time) == [at(0), at(60)])
        #expect(m.total(c) == 5)
    }

    /// The recorder writes each period's rows over the previous period's (same key, same place:
    /// only time and value change). Rows that come and go (a distribution without samples has
    /// none) must still come out right, with one key per series and statistic, and the CSV must
    /// be the rows' text.
    @Test func rowsReusedAcrossPeriodsStayCorrect() {
        var m = MetricsRecorder(period: .seconds(60))
        let c = m.counter("fn", "Invocations")
        let d = m.distribution("fn", "Duration")
        let g = m.gauge("fn", "QueueDepth")
        let sink = InMemoryTimeline()
        var csv = ""
        let writer = CSVTimelineWriter { csv += $0 }
        final class Both: TimelineSink {
            let a: TimelineSink, b: TimelineSink
            init(_ a: TimelineSink, _ b: TimelineSink) { (self.a, self.b) = (a, b) }
            func consume(_ rows: [TimelineRow]) {
                a.consume(rows)
                b.consume(rows)
            }
        }
        let both = Both(sink, writer)
        let samples: [[Int64]] = [[2_000_000, 4_000_000], [], [1_000_000], [], []]
        for (p, period) in samples.enumerated() {
            for (k, ns) in period.enumerated() {
                m.record(d, nanoseconds: ns, at: at(Int64(p) * 60 + Int64(k)))
                m.add(c, at: at(Int64(p) * 60 + Int64(k)))
            }
            m.set(g, Int64(p), at: at(Int64(p) * 60))
            m.closePeriod(at: at(Int64(p + 1) * 60), sink: both)
        }
        let perPeriod = Dictionary(grouping: sink.rows, by: \.time)
        for (p, period) in samples.enumerated() {
            let rows = perPeriod[at(Int64(p) * 60)] ?? []
            #expect(rows.count == 1 + 3 + (period.isEmpty ? 0 : 7), "period \(p)")
            #expect(rows.first { $0.metric == "Invocations" }?.value == Double(period.count))
            #expect(rows.first { $0.metric == "Duration" && $0.statistic == "SampleCount" }?.value == (period.isEmpty ? nil : Double(period.count)))
            #expect(rows.first { $0.metric == "QueueDepth" && $0.statistic == "Maximum" }?.value == Double(p))
        }
        // One key per series and statistic, the same in every period.
        var keyOf: [String: Int32] = [:]
        for r in sink.rows {
            let name = r.metric + "/" + r.statistic
            #expect(r.key >= 0)
            #expect(keyOf[name, default: r.key] == r.key, "\(name)")
            keyOf[name] = r.key
        }
        #expect(Set(keyOf.values).count == keyOf.count)
        // Dense: a counter's one row, a distribution's seven, a gauge's three.
        #expect(Set(keyOf.values) == Set(0..<11))
        let text = sink.rows.map { "\(NumberFormat.decimal($0.time.seconds)),\($0.resource),\($0.metric),\($0.statistic),\(NumberFormat.decimal($0.value))\n" }
        #expect(csv == CSVTimelineWriter.header + text.joined())
    }

    @Test func gaugesAreTimeWeighted() {
        var m = MetricsRecorder(period: .seconds(10))
        let g = m.gauge("fn", "ConcurrentExecutions")
        let sink = InMemoryTimeline()
        m.set(g, 4, at: at(0))
        m.set(g, 2, at: at(5)) // 4 for 5 s, then 2 for 5 s: average 3
        m.closePeriod(at: at(10), sink: sink)
        #expect(sink.rows.first { $0.statistic == "Average" }?.value == 3)
        #expect(sink.rows.first { $0.statistic == "Maximum" }?.value == 4)
        m.closePeriod(at: at(20), sink: sink)
        #expect(sink.rows.last { $0.statistic == "Maximum" }?.value == 2, "the level carries into the next period")
        m.advanceGauges(to: at(20))
        #expect(m.timeAverage(g, until: at(20)) == 2.5)
    }

    /// CloudWatch `Minimum`: the lowest level a gauge held in the period, the smallest sample of a distribution.
    @Test func minimumPerPeriod() {
        var m = MetricsRecorder(period: .seconds(10))
        let g = m.gauge("fn", "ConcurrentExecutions")
        let d = m.distribution("fn", "Duration")
        let sink = InMemoryTimeline()
        func minimum(_ metric: String) -> Double? { sink.rows.last { $0.metric == metric && $0.statistic == "Minimum" }?.value }
        m.set(g, 4, at: at(2))
        m.closePeriod(at: at(10), sink: sink)
        #expect(minimum("ConcurrentExecutions") == 0, "the level before the first change counts")
        m.set(g, 1, at: at(13))
        m.set(g, 6, at: at(15))
        m.record(d, nanoseconds: 250_000_000, at: at(11))
        m.record(d, nanoseconds: 40_000_000, at: at(12))
        m.record(d, nanoseconds: 900_000_000, at: at(13))
        m.closePeriod(at: at(20), sink: sink)
        #expect(minimum("ConcurrentExecutions") == 1)
        #expect(minimum("Duration") == 40)
        m.set(g, 9, at: at(22))
        m.closePeriod(at: at(30), sink: sink)
        #expect(minimum("ConcurrentExecutions") == 6, "the level carried in counts")
        #expect(sink.rows.filter { $0.metric == "Duration" }.count == 7, "Duration rows only for the period with samples")
    }

    @Test func emptyDistributionsAreOmittedLikeCloudWatchMissingData() {
        var m = MetricsRecorder(period: .seconds(60))
        let d = m.distribution("fn", "Duration")
        let sink = InMemoryTimeline()
        m.closePeriod(at: at(60), sink: sink)
        #expect(sink.rows.isEmpty)
        m.record(d, nanoseconds: 250_000_000, at: at(61))
        m.closePeriod(at: at(120), sink: sink)
        let stats = Dictionary(uniqueKeysWithValues: sink.rows.map { ($0.statistic, $0.value) })
        #expect(stats["SampleCount"] == 1)
        #expect(stats["Average"] == 250)
        #expect(stats["Maximum"] == 250)
        #expect(abs(stats["p50"]! - 250) / 250 < 0.001)
    }

    @Test func summariesSkipTheWarmup() {
        var m = MetricsRecorder(period: .seconds(60), summaryStart: at(90))
        let d = m.distribution("fn", "Duration")
        let c = m.counter("fn", "Errors")
        m.record(d, nanoseconds: 1_000_000_000, at: at(30))
        m.add(c, at: at(30))
        m.record(d, nanoseconds: 2_000_000_000, at: at(80)) // same period as the next, before warm-up end
        m.record(d, nanoseconds: 3_000_000_000, at: at(100))
        m.add(c, at: at(100))
        m.closePeriod(at: at(60), sink: nil)
        m.closePeriod(at: at(120), sink: nil)
        let s = m.summary(d)
        #expect(s.count == 1)
        #expect(s.meanMs == 3_000)
        #expect(m.total(c) == 1)
    }

    /// The period histogram uses HdrHistogram's bucket layout: its percentiles must equal
    /// hdrhistogram-swift's on the same samples.
    @Test(arguments: [UInt64(1), 7, 1_000])
    func periodHistogramAgreesWithHdrHistogram(seed: UInt64) {
        var x = seed
        var period = PeriodHistogram()
        var hdr = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: PeriodHistogram.highestTrackable, numberOfSignificantValueDigits: .three)
        for _ in 0..<20_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Log-uniform values from 0 to ~10^9 µs, so every bucket magnitude is exercised.
            let v = (x >> 34) >> ((x >> 8) & 31)
            period.record(v)
            _ = hdr.record(v)
        }
        let ps: [Double] = [1, 50, 90, 99, 99.9, 100]
        #expect(period.values(atPercentiles: ps) == ps.map { hdr.valueAtPercentile($0) })
        var merged = Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: PeriodHistogram.highestTrackable, numberOfSignificantValueDigits: .three)
        period.forEachBucket { value, count in _ = merged.record(value, count: UInt64(count)) }
        // Merged buckets carry their lowest value, so only the exact maximum (p100) can differ.
        #expect(ps.dropLast().map { merged.valueAtPercentile($0) } == ps.dropLast().map { hdr.valueAtPercentile($0) })
        period.reset()
        #expect(period.total == 0)
        period.record(5)
        #expect(period.values(atPercentiles: [50]) == [5])
    }

    /// Small and clustered samples with repeated and close percentiles: the scan that resumes
    /// from the previous percentile must land where hdrhistogram-swift does.
    @Test(arguments: [1, 2, 3, 5, 37, 540])
    func periodPercentilesResumeCorrectly(samples: Int) {
        var x = UInt64(samples)
        var period = PeriodHistogram()
        var hdr = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: PeriodHistogram.highestTrackable, numberOfSignificantValueDigits: .three)
        for _ in 0..<samples {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let v = x & 1 == 0 ? (x >> 40) % 3_000 : (x >> 20) % 10_000_000 // clustered and spread
            period.record(v)
            _ = hdr.record(v)
        }
        let ps: [Double] = [10, 50, 50, 50.01, 90, 90, 99, 99.9, 99.99]
        #expect(period.values(atPercentiles: ps) == ps.map { hdr.valueAtPercentile($0) })
        #expect(period.values(atPercentiles: [99]) == [hdr.valueAtPercentile(99)])
    }

    @Test func csvWriterQuotesAndFormats() {
        var text = ""
        let w = CSVTimelineWriter { text += $0 }
        w.consume([TimelineRow(time: .zero + .milliseconds(1_500), resource: "a,b", metric: "Duration", statistic: "p99", value: 0.1 + 0.2)])
        #expect(text == "t_s,resource,metric,statistic,value\n1.5,\"a,b\",Duration,p99,0.3\n")
    }

    @Test(arguments: [(0.1 + 0.2, "0.3"), (100.0, "100"), (1e-5, "0.00001"), (-2.5, "-2.5"), (1234567.1234567, "1234567.123457"), (1e-9, "0")])
    func numbersAreShortAndStable(value: Double, text: String) {
        #expect(NumberFormat.decimal(value) == text)
    }
}
