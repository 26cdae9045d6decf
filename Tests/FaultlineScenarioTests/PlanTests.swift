import FaultlineScenario
import Foundation
import Testing

/// `faultline plan`'s planning function: corpus templates plan against synthesized inventories.
@Suite struct PlanTests {
    static let corpus = SharedCorpus.fisTemplates

    /// Every template MANIFEST.tsv marks `parse_ok` plans with `--synthesize`, deterministically.
    @Test(.enabled(if: SharedCorpus.isPresent, "FIS template corpus not found at ../shared/corpus/fis-templates (it is there in CI)"))
    func everyParseableCorpusTemplatePlans() throws {
        let manifest = Self.corpus.appendingPathComponent("MANIFEST.tsv")
        let rows = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        let header = rows[0]
        let fileCol = try #require(header.firstIndex(of: "file")), okCol = try #require(header.firstIndex(of: "parse_ok"))
        let files = rows.dropFirst().filter { $0.count > okCol && $0[okCol] == "true" }.map { $0[fileCol] }
        #expect(files.count == 173)
        var actions = 0, resources = 0
        for f in files {
            let text = try String(contentsOf: Self.corpus.appendingPathComponent(f), encoding: .utf8)
            let plans: [TemplatePlan]
            do { plans = try TemplatePlanner.plan(text: text, file: f, inventory: .synthesize(perType: 6), seed: 1) } catch {
                Issue.record("\(f): \(error)")
                continue
            }
            #expect(!plans.isEmpty, "\(f)")
            for p in plans {
                #expect(p.failure == nil, "\(f): \(p.failure ?? "")")
                for t in p.targets { #expect(t.resources.count > 0 || t.selectionMode.hasPrefix("PERCENT"), "\(f): target \(t.name) empty") }
                for a in p.actions { #expect(a.start != nil, "\(f): action \(a.name) not scheduled") }
                actions += p.actions.count
                resources += p.targets.map(\.resources.count).reduce(0, +)
            }
            let again = try TemplatePlanner.plan(text: text, file: f, inventory: .synthesize(perType: 6), seed: 1)
            #expect(again.map(\.text) == plans.map(\.text), "\(f): not deterministic")
        }
        print("plan corpus: \(files.count) templates, \(actions) actions, \(resources) resolved resources")
    }

    static let countTemplate = """
        {
          "description": "stop two of the running instances in one AZ, then wait",
          "targets": {
            "Instances": {
              "resourceType": "aws:ec2:instance",
              "resourceTags": { "env": "prod" },
              "filters": [ { "path": "State.Name", "values": ["running"] },
                           { "path": "Placement.AvailabilityZone", "values": ["eu-west-1b"] } ],
              "selectionMode": "COUNT(2)"
            }
          },
          "actions": {
            "stop": { "actionId": "aws:ec2:stop-instances", "parameters": { "startInstancesAfterDuration": "PT5M" },
                      "targets": { "Instances": "Instances" } },
            "wait": { "actionId": "aws:fis:wait", "parameters": { "duration": "PT2M" }, "startAfter": ["stop"] }
          },
          "stopConditions": [ { "source": "none" } ],
          "roleArn": "arn:aws:iam::${ACCOUNT}:role/fis"
        }
        """

    @Test func countSelectsExactlyTwoInTheFilteredAZ() throws {
        let p = try #require(TemplatePlanner.plan(text: Self.countTemplate, file: "count.json", inventory: .synthesize(perType: 6), seed: 5).first)
        let t = try #require(p.targets.first)
        #expect(t.candidates == 6)
        #expect(t.resources.count == 2)
        #expect(t.resources.allSatisfy { $0.az == "eu-west-1b" && $0.tags["env"] == "prod" && $0.attributes["State.Name"] == "running" })
        #expect(p.placeholders == ["${ACCOUNT}"])
        // No duration: the stop action lasts until startInstancesAfterDuration; the wait starts when it ends.
        #expect(p.actions.map(\.start) == [.seconds(12), .seconds(312)])
        #expect(p.actions.map(\.end) == [.seconds(312), .seconds(432)])
        #expect(p.actions[0].simulated && p.actions[1].simulated)
        #expect(!p.text.contains("not simulated"))
        // --param substitutes before validation.
        let q = try #require(
            TemplatePlanner.plan(
                text: Self.countTemplate, file: "count.json", params: [("ACCOUNT", "210987654321")],
                inventory: .synthesize(perType: 6), seed: 5
            ).first)
        #expect(q.placeholders.isEmpty)
        #expect(q.targets[0].resources.allSatisfy { $0.arn.contains(":210987654321:") })
    }
}
