import FaultlineAnalysis
import FaultlineImport
import FaultlineScenario
import Foundation
import Testing

/// End-to-end golden: `cloudformation-aws-fis-lambda-monitoring/template.yaml` (a SAM function
/// with the FIS extension layer, a REST API route, three FIS templates targeting the function by
/// tag, a dashboard) imports to the committed scenario and templates byte for byte, runs each of
/// its three experiments against the function it tags, and its report shows the dashboard's widgets.
@Suite(.enabled(if: IaCCorpus.present, "SKIPPED: ../shared/corpus/iac-templates not found (the golden runs where ../shared exists, as in CI)"))
struct GoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let file = "cloudformation-aws-fis-lambda-monitoring/template.yaml"

    static func imported() throws -> (ScenarioWriter.Output, ImportedSystem) {
        let system = try Importer.importSystem([IaCCorpus.root.appendingPathComponent(file).path], files: DiskFiles(), options: .init())
        return (ScenarioWriter.write(system, overlay: Overlay(), name: "fis-lambda-monitoring", templatesFolder: "fis-lambda-monitoring-templates"), system)
    }

    /// Set FAULTLINE_REGOLDEN=1 to rewrite the golden files (then review the diff).
    @Test func scenarioAndTemplatesMatchTheGolden() throws {
        let (out, _) = try Self.imported()
        var files = [("fis-lambda-monitoring.yaml", out.scenario), ("fis-lambda-monitoring.overlay.yaml", out.skeleton)]
        files += out.templates.map { ($0.path, $0.text) }
        #expect(out.templates.count == 3)
        for (name, text) in files {
            let url = Self.golden.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["FAULTLINE_REGOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(text == expected, "\(name) differs from the golden (FAULTLINE_REGOLDEN=1 rewrites it)")
        }
    }

    @Test func threeExperimentsRunAndTheReportShowsTheDashboard() throws {
        let (out, system) = try Self.imported()
        #expect(Lint.check(system).map(\.rule) == [.locationWildcard])
        let spec = try ImportHarness.validate(out)
        let analyzed = try AnalyzedRun.run(spec, options: RunOptions())
        let experiments = analyzed.run.experiments
        #expect(experiments.map(\.name) == ["FISDelayExperimentTemplate", "FISInvokeErrorExperimentTemplate", "FISHTTPResponseExperimentTemplate"])
        for x in experiments {
            #expect(x.status == .completed, "\(x.name)")
            // Targeted by the tag FIS-Demo: true (a YAML boolean in the stack) as in the account.
            #expect(x.targets.map { $0.resources.map(\.name) } == [["fis-lambda-demo-test-function"]])
            #expect(x.actions.allSatisfy { $0.fault != nil }, "\(x.name): the action became a fault")
        }
        let html = analyzed.reportHTML()
        guard let start = html.range(of: "<section id=\"dashboards\">"), let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else {
            Issue.record("no dashboards section in report.html")
            return
        }
        let section = html[start.lowerBound..<end.upperBound]
        #expect(section.contains("ExampleFISDashboard"))
        for title in ["Invocations", "Duration", "Error count", "Count", "Latency", "4xx Error count"] {
            #expect(section.contains("<strong>\(title)</strong>"), "widget \(title)")
        }
        #expect(section.components(separatedBy: "<polyline").count - 1 >= 6, "every widget has data drawn")
    }
}
