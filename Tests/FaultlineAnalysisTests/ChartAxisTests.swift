import Testing

@testable import FaultlineAnalysis

/// The report's chart axes: nice ticks, labels that keep every digit, units.
@Suite struct ChartAxisTests {
    @Test func niceTicksCoverTheDataWithRoundSteps() {
        let a = ChartAxis.nice(lo: 0, hi: 2564.095, target: 4)
        #expect(a.step == 1000 && a.ticks == [0, 1000, 2000, 3000])
        #expect(ChartAxis.nice(lo: 0, hi: 0.83, target: 4).ticks == [0, 0.25, 0.5, 0.75, 1])
        #expect(ChartAxis.nice(lo: 0, hi: 0, target: 4).ticks == [0, 0.25, 0.5, 0.75, 1])
        #expect(ChartAxis.nice(lo: 0, hi: 0, target: 4, minStep: 1).ticks == [0, 1], "counts never get quarter ticks")
        #expect(ChartAxis.nice(lo: -3, hi: 7, target: 5).ticks == [-4, -2, 0, 2, 4, 6, 8])
        for hi in [0.003, 1.0, 7.7, 99.0, 101.0, 12_345.0, 9.9e6] {
            let a = ChartAxis.nice(lo: 0, hi: hi, target: 4)
            #expect(a.ticks.first == 0 && a.ticks.last! >= hi && a.ticks.count <= 6, "\(hi): \(a.ticks)")
        }
    }

    /// The bug: "2564.095" right-aligned at the y axis lost "2," off the chart's left edge.
    @Test func labelsKeepTheirLeadingDigitsAndUnits() {
        #expect(ChartUnit.label(2564, step: 500, unit: "ms") == "2,564 ms")
        #expect(ChartUnit.label(2500, step: 500, unit: "") == "2,500")
        #expect(ChartUnit.label(25_000, step: 5000, unit: "") == "25k")
        #expect(ChartUnit.label(1_500_000, step: 500_000, unit: "") == "1,500k")
        #expect(ChartUnit.label(20_000_000, step: 5_000_000, unit: "") == "20M")
        #expect(ChartUnit.label(0.25, step: 0.25, unit: "s") == "0.25 s")
        #expect(ChartUnit.grouped(-1234.5, places: 1) == "-1,234.5")
        // Durations in ms switch to seconds from 2,000 ms; ratios are percentages.
        let ms = ChartUnit.of(metric: "Duration", statistic: "p99", isDistribution: true, periodSeconds: 60)
        #expect(ms == .milliseconds && ms.display(hi: 2564).unit == "s" && ms.display(hi: 2564).factor == 1e-3)
        #expect(ChartUnit.of(metric: "TargetResponseTime", statistic: "p99", isDistribution: true, periodSeconds: 60) == .seconds)
        #expect(ChartUnit.of(metric: "Errors", statistic: "Sum", isDistribution: false, periodSeconds: 60).caption(hi: 3) == "count per 60 s period")
        #expect(ChartUnit.percent.display(hi: 0.5).unit == "%")
    }
}
