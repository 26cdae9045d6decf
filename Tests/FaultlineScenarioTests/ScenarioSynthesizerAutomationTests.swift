import FaultlineFIS
import FaultlineScenario
import Foundation
import Testing

/// ``ScenarioSynthesizer`` with `aws:ssm:start-automation-execution` actions whose documents
/// have built-in declarations: the synthesized scenario holds the resources the declared effect
/// acts on, and the template counts as replayed only when that effect ran on them.
@Suite struct ScenarioSynthesizerAutomationTests {
    static func template(document: String, parameters: String, region: String = "us-east-1") -> String {
        """
        { "description": "automation", "targets": {},
          "actions": { "impair": { "actionId": "aws:ssm:start-automation-execution",
            "parameters": { "documentArn": "arn:aws:ssm:\(region):123456789012:document/\(document)",
                            "documentParameters": "\(parameters.replacingOccurrences(of: "\"", with: "\\\""))", "maxDuration": "PT10M" } } },
          "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
        """
    }

    func replay(_ text: String) throws -> (SynthesizedScenario, ScenarioSpec, ReplayOutcome) {
        let s = try ScenarioSynthesizer.synthesize(text: text, file: "t.json", templatePath: "t.json", perType: 3)
        let spec = try ScenarioSpec.load(text: s.yaml, file: "synth.yaml") { path in
            guard path == "t.json" else { throw CocoaError(.fileNoSuchFile) }
            return text
        }
        return (s, spec, TemplateReplay.replay(text: text, file: "t.json"))
    }

    /// The resources the run's automation action acted on.
    func acted(_ spec: ScenarioSpec) throws -> [String] {
        let run = try ScenarioRun.run(spec)
        let e = try #require(run.experiments.first)
        let a = try #require(e.actions.first { $0.name == "impair" })
        #expect(a.status == .completed, "\(a)")
        return a.resources
    }

    @Test func queueURLWithPlaceholdersNamesASynthesizedQueue() throws {
        let text = Self.template(
            document: "SqsQueueImpairment",
            parameters: #"{"sqsQueueUrl": "https://sqs.<YOUR REGION>.amazonaws.com/<YOUR AWS ACCOUNT>/<YOUR SQS QUEUE>", "duration": "PT2M"}"#)
        let (s, spec, r) = try replay(text)
        #expect(s.blockers.isEmpty && s.skipped.isEmpty, "\(s.blockers)")
        #expect(spec.inventory.contains { $0.resourceType == "aws:sqs:queue" && $0.arn == "arn:aws:sqs:us-east-1:123456789012:your-sqs-queue" })
        #expect(try acted(spec) == ["your-sqs-queue"])
        #expect(r.kind == .replayed, "\(r.blockers)")
    }

    @Test func taggedQueuesSubnetsOfAnAZAndAnAutoScalingGroupAreSynthesized() throws {
        let tagged = try replay(
            Self.template(document: "SqsQueueSimulateImpairment", parameters: #"{"tagKey": "FIS-Ready", "tagValue": "True", "duration": "PT2M"}"#))
        #expect(try acted(tagged.1).count == 3)
        #expect(tagged.2.kind == .replayed, "\(tagged.2.blockers)")
        // A document run twice on the same queues: the two actions share them.
        let twice = Self.template(document: "SqsQueueSimulateImpairment", parameters: #"{"tagKey": "FIS-Ready", "tagValue": "True", "duration": "PT2M"}"#)
            .replacingOccurrences(
                of: "\"actions\": { \"impair\": {",
                with: """
                    "actions": { "first": { "actionId": "aws:ssm:start-automation-execution",
                      "parameters": { "documentArn": "arn:aws:ssm:us-east-1:123456789012:document/SqsQueueSimulateImpairment",
                                      "documentParameters": "{\\"duration\\": \\"PT1M\\"}", "maxDuration": "PT5M" } },
                      "impair": { "startAfter": ["first"],
                    """)
        let shared = try replay(twice)
        #expect(shared.1.inventory.filter { $0.resourceType == "aws:sqs:queue" }.count == 3)
        #expect(try acted(shared.1).count == 3)
        #expect(shared.2.kind == .replayed, "\(shared.2.blockers)")
        let nacl = try replay(Self.template(document: "Test-AWSFIS-SSMA-NACL", parameters: #"{"AvailabilityZone": "us-east-1b", "Duration": "PT1M"}"#))
        let subnets = try acted(nacl.1)
        #expect(!subnets.isEmpty && subnets.allSatisfy { n in nacl.1.inventory.contains { $0.name == n && $0.az == "us-east-1b" } }, "\(subnets)")
        #expect(nacl.2.kind == .replayed, "\(nacl.2.blockers)")
        let asg = try replay(
            Self.template(document: "TerminateAsgInstancesWithSsm", parameters: #"{"AvailabilityZone": "${AZ_NAME}", "AutoscalingGroupName": "${ASG_NAME}"}"#))
        let params = Dictionary(uniqueKeysWithValues: asg.0.params.map { ($0.key, $0.value) })
        #expect(params["AZ_NAME"] == "us-east-1a")
        let instances = try acted(asg.1)
        #expect(
            !instances.isEmpty
                && instances.allSatisfy { n in
                    asg.1.inventory.contains { $0.name == n && $0.az == "us-east-1a" && $0.tags["aws:autoscaling:groupName"] == params["ASG_NAME"] }
                }, "\(instances)")
        #expect(asg.2.kind == .replayed, "\(asg.2.blockers)")
    }

    @Test func aDeclaredDocumentCountsOnlyWhenItsEffectCanRun() throws {
        // A required documentParameter missing: Automation refuses the execution.
        let missing = try ScenarioSynthesizer.synthesize(
            text: Self.template(document: "SqsQueueImpairment", parameters: #"{"duration": "PT2M"}"#),
            file: "t.json", templatePath: "t.json")
        #expect(
            missing.blockers.first?.category == .automationDocument && missing.blockers.first?.detail.contains("sqsQueueUrl") == true, "\(missing.blockers)")
        let r = TemplateReplay.replay(text: Self.template(document: "SqsQueueImpairment", parameters: #"{"duration": "PT2M"}"#), file: "t.json")
        #expect(r.kind == .blocked && r.category == .automationDocument)
        // A queue in another account: the model cannot stand in for it.
        let elsewhere = TemplateReplay.replay(
            text: Self.template(
                document: "SqsQueueImpairment",
                parameters: #"{"sqsQueueUrl": "https://sqs.eu-west-1.amazonaws.com/999999999999/q", "duration": "PT2M"}"#), file: "t.json")
        #expect(elsewhere.kind == .blocked, "\(elsewhere)")
    }
}
