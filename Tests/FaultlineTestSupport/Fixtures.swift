import FaultlineMetrics
import FaultlineScenario
import Foundation

/// Paths and helpers shared by every test target (one copy instead of one per target): the
/// repository root, the shipped scenarios, loading scenarios the way the CLI does, and running
/// one with all its outputs. Test targets extend it with their own helpers.
public enum Fixtures {
    /// The repository root, found from this file's path (`Tests/FaultlineTestSupport/…`).
    public static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let scenarios = root.appendingPathComponent("scenarios")

    /// Every shipped scenario file at the top of `scenarios/`, sorted by name.
    public static var shippedScenarios: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
            .sorted()
    }

    /// Loads a shipped scenario the way the CLI does (trace files relative to it).
    public static func load(_ name: String) throws -> ScenarioSpec {
        let url = scenarios.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        return try ScenarioSpec.load(text: text, file: "scenarios/\(name)") { rel in
            try String(contentsOf: scenarios.appendingPathComponent(rel), encoding: .utf8)
        }
    }

    /// Loads scenario text written in a test; `files` are the files it may read.
    public static func spec(_ yaml: String, files: [String: String] = [:]) throws -> ScenarioSpec {
        try ScenarioSpec.load(text: yaml, file: "test.yaml") { path in
            guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
            return text
        }
    }

    /// Runs and returns the timeline CSV text, summary and manifest JSON text.
    public static func outputs(_ spec: ScenarioSpec, options: RunOptions = RunOptions()) throws
        -> (timeline: String, summary: String, manifest: String, run: ScenarioRun)
    {
        var csv = ""
        let sink = CSVTimelineWriter { csv += $0 }
        let run = try ScenarioRun.run(spec, options: options, sink: sink)
        return (csv, run.summaryJSON().rendered(), run.manifestJSON().rendered(), run)
    }
}
