import FaultlineAnalysis
import FaultlineMetrics
import FaultlineScenario
import Foundation

/// Paths and helpers shared by the analysis tests.
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scenarios = root.appendingPathComponent("scenarios")

    static func load(_ name: String) throws -> ScenarioSpec {
        let url = scenarios.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        return try ScenarioSpec.load(text: text, file: "scenarios/\(name)") { rel in
            try String(contentsOf: scenarios.appendingPathComponent(rel), encoding: .utf8)
        }
    }

    static func spec(_ yaml: String) throws -> ScenarioSpec {
        try ScenarioSpec.load(text: yaml, file: "test.yaml")
    }

    /// Runs a spec and analyses it, keeping the timeline rows as well.
    static func analyze(_ spec: ScenarioSpec, options: RunOptions = RunOptions(), capacity: Int = 2048)
        throws -> (run: ScenarioRun, store: SeriesStore, analysis: RunAnalysis, rows: [TimelineRow]) {
        var model = spec.model
        if let h = options.horizon { model.horizon = h }
        if let p = options.period { model.period = p }
        let store = SeriesStore(period: model.period, horizon: model.horizon, capacity: capacity)
        let memory = InMemoryTimeline()
        let run = try ScenarioRun.run(spec, options: options, sink: TeeTimelineSink(store, memory))
        return (run, store, RunAnalysis.analyze(run, store: store), memory.rows)
    }
}
