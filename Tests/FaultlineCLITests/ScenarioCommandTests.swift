import Foundation
import Testing

/// `faultline scenario list|export` as a user runs it.
@Suite struct ScenarioCommandTests {
    let cli = CLITests()

    @Test func listAndExport() throws {
        let list = try cli.faultline(["scenario", "list"])
        #expect(list.status == 0)
        for name in ["az-power-interruption", "az-application-slowdown", "cross-az-traffic-slowdown", "cross-region-connectivity"] {
            #expect(list.stdout.contains(name))
        }
        #expect(list.stdout.contains("--param destination-region=us-west-2"))
        // Each library scenario names the shipped scenario that runs it, and the export command
        // it prints gives exactly that scenario's template.
        let examples = list.stdout.split(separator: "\n").filter { $0.hasPrefix("  example: faultline run scenarios/") }
        #expect(examples.count == 4)
        for line in examples {
            let parts = line.components(separatedBy: "  (its ")
            let tail = try #require(parts.last?.dropLast()) // "<template> is: faultline scenario export ..."
            let template = try #require(tail.components(separatedBy: " is: ").first)
            let command = try #require(tail.components(separatedBy: " is: faultline ").last).split(separator: " ").map(String.init)
            let export = try cli.faultline(command)
            #expect(export.status == 0, "\(export.stderr)")
            let shipped = try String(contentsOf: CLITests.root.appendingPathComponent(template), encoding: .utf8)
            #expect(export.stdout == shipped, "\(line)")
            let scenario = try #require(parts.first?.components(separatedBy: "faultline run ").last)
            #expect(FileManager.default.fileExists(atPath: CLITests.root.appendingPathComponent(scenario).path), "\(scenario)")
        }

        let dir = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("xr.json").path
        let export = try cli.faultline(["scenario", "export", "cross-region-connectivity", "--param", "destination-region=eu-west-1", "--out", file])
        #expect(export.status == 0, "\(export.stderr)")
        let validate = try cli.faultline(["validate", file])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("valid (create-experiment-template input; 6 targets; 6 actions)"))
        let plan = try cli.faultline(["plan", file, "--synthesize", "--per-type", "1"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("Disrupt-Subnet-Connectivity"))

        let stdout = try cli.faultline(["scenario", "export", "az-application-slowdown"])
        #expect(stdout.stdout.hasPrefix("{\n  \"description\": \"Add 200 ms latency"))

        let bad = try cli.faultline(["scenario", "export", "az-power-interruption", "--param", "outage=PT13H"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("FIS limits an action to 12 hours"))
        #expect(bad.stdout.isEmpty)
    }
}
