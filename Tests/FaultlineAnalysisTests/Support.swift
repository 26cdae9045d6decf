import FaultlineAnalysis
import FaultlineMetrics
import FaultlineScenario
@_exported import FaultlineTestSupport
import Foundation

/// Helpers of the analysis tests on top of the shared ``Fixtures`` (FaultlineTestSupport).
extension Fixtures {
    /// Runs a spec and analyses it, keeping the timeline rows as well.
    static func analyze(_ spec: ScenarioSpec, options: RunOptions = RunOptions(), capacity: Int = 2048)
        throws -> (run: ScenarioRun, store: SeriesStore, analysis: RunAnalysis, rows: [TimelineRow])
    {
        var model = spec.model
        if let h = options.horizon { model.horizon = h }
        if let p = options.period { model.period = p }
        let store = SeriesStore(period: model.period, horizon: model.horizon, capacity: capacity)
        let memory = InMemoryTimeline()
        let run = try ScenarioRun.run(spec, options: options, sink: TeeTimelineSink(store, memory))
        return (run, store, RunAnalysis.analyze(run, store: store), memory.rows)
    }
}
