import Foundation
import Testing

/// `faultline plan TEMPLATE --synthesize --scenario-out FILE` as a user runs it: the scenario
/// it writes runs with `faultline run`, it is replaced only when Faultline wrote it, and what
/// keeps a template from replaying is said.
@Suite struct ScenarioOutCLITests {
    static let lambdaTemplate =
        (try? String(contentsOf: CLITests.root.appendingPathComponent("scenarios/templates/lambda-add-delay.json"), encoding: .utf8)) ?? ""

    @Test func synthesizedScenarioRunsAndReplaysTheTemplate() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("templates/delay.json", Self.lambdaTemplate)
        let plan = try box.faultline(["plan", "templates/delay.json", "--synthesize", "--scenario-out", "delay.yaml"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("scenario: wrote delay.yaml"))
        #expect(plan.stdout.contains("run it:   faultline run delay.yaml\n"), "inside the scenario's folder: no --allow-read needed\n\(plan.stdout)")
        let yaml = try #require(box.read("delay.yaml"))
        #expect(yaml.hasPrefix("# Synthesized by faultline plan --synthesize"))
        #expect(yaml.contains("template: \"templates/delay.json\""))
        #expect(yaml.contains("fisExtension: true"))
        #expect(yaml.contains("\"ACCOUNT_ID\": \"123456789012\""), "the placeholder is filled by params\n\(yaml)")
        let run = try box.faultline(["run", "delay.yaml", "--out", "out/delay"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("completed"), "\(run.stdout)")
        #expect(run.stdout.contains("took effect"), "the Lambda delay reaches the synthesized functions\n\(run.stdout)")
        // Synthesized again: the file Faultline wrote is replaced, byte for byte the same.
        let again = try box.faultline(["plan", "templates/delay.json", "--synthesize", "--scenario-out", "delay.yaml"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(box.read("delay.yaml") == yaml)
    }

    @Test func refusesAUsersFileAndSaysWhatBlocksAReplay() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("t.json", Self.lambdaTemplate)
        try box.write("mine.yaml", "name: mine\n")
        let refused = try box.faultline(["plan", "t.json", "--synthesize", "--scenario-out", "mine.yaml"])
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains("mine.yaml") && refused.stderr.contains("not a scenario synthesized by Faultline") && refused.stderr.contains("Fix:"),
            "\(refused.stderr)")
        #expect(box.read("mine.yaml") == "name: mine\n")
        let noFolder = try box.faultline(["plan", "t.json", "--synthesize", "--scenario-out", "missing/s.yaml"])
        #expect(noFolder.status != 0 && noFolder.stderr.contains("does not exist"), "\(noFolder.stderr)")
        let withoutSynthesize = try box.faultline(["plan", "t.json", "--scenario", "x.yaml", "--scenario-out", "s.yaml"])
        #expect(withoutSynthesize.status != 0 && withoutSynthesize.stderr.contains("--scenario-out needs --synthesize"), "\(withoutSynthesize.stderr)")
        #expect(!box.exists("s.yaml"))
        // An action the model has no fault for: the scenario is written, skipping it, and the blocker is named.
        let ebs = Self.lambdaTemplate.replacingOccurrences(
            of: "\"add-delay\": {",
            with: """
                "pause": { "actionId": "aws:ebs:pause-volume-io", "parameters": { "duration": "PT1M" }, "targets": { "Volumes": "Volumes" } },
                "add-delay": {
                """
        ).replacingOccurrences(
            of: "\"targets\": {\n        \"FisReadyFunctions\"",
            with: """
                "targets": {
                    "Volumes": { "resourceType": "aws:ec2:ebs-volume", "resourceTags": { "k": "v" }, "selectionMode": "ALL" },
                    "FisReadyFunctions"
                """)
        try box.write("ebs.json", ebs)
        let partial = try box.faultline(["plan", "ebs.json", "--synthesize", "--scenario-out", "ebs.yaml"])
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stderr.contains("does not replay end to end: unsupported action: aws:ebs:pause-volume-io"), "\(partial.stderr)")
        #expect(box.read("ebs.yaml")?.contains("unsupported: skip") == true)
        let run = try box.faultline(["run", "ebs.yaml", "--out", "out/ebs", "--quiet"])
        #expect(run.status == 0, "the rest of the template replays: \(run.stderr)")
    }
}
