import FaultlineFIS
import FaultlineScenario
import Foundation
import Testing

/// ``ScenarioSynthesizer`` without the corpus: templates written here, each replayed through its
/// synthesized scenario (``TemplateReplay``), and the scenario's resources checked against what
/// the template targets.
@Suite struct ScenarioSynthesizerTests {
    /// Placeholder ARNs (a whole-value one and one with Region, account and ID placeholders),
    /// a placeholder tag, a PERCENT target, an ECS service target and a placeholder alarm.
    static let template = """
        {
          "description": "stop two instances, stress ECS tasks, cut a subnet",
          "targets": {
            "Named": { "resourceType": "aws:ec2:instance",
                       "resourceArns": ["${first}", "arn:aws:ec2:${AWS_REGION}:${AWS_ACCOUNT_ID}:instance/${INSTANCE_ID}"],
                       "selectionMode": "ALL" },
            "Tagged": { "resourceType": "aws:ec2:instance", "resourceTags": { "Name": "${asg}" },
                        "filters": [ { "path": "Placement.AvailabilityZone", "values": ["${az}"] } ], "selectionMode": "PERCENT(25)" },
            "Tasks": { "resourceType": "aws:ecs:task", "parameters": { "cluster": "arn:aws:ecs:eu-west-1:210987654321:cluster/shop", "service": "cart" },
                       "selectionMode": "COUNT(2)" },
            "Subnets": { "resourceType": "aws:ec2:subnet", "resourceTags": { "Chaos": "yes" },
                         "filters": [ { "path": "AvailabilityZone", "values": ["eu-west-1b"] } ], "selectionMode": "ALL" },
            "Db": { "resourceType": "aws:rds:cluster", "resourceArns": ["arn:aws:rds:eu-west-1:210987654321:cluster:orders"], "selectionMode": "ALL" }
          },
          "actions": {
            "stop-named": { "actionId": "aws:ec2:stop-instances", "parameters": { "startInstancesAfterDuration": "PT2M" }, "targets": { "Instances": "Named" } },
            "stop-tagged": { "actionId": "aws:ec2:stop-instances", "targets": { "Instances": "Tagged" } },
            "stress": { "actionId": "aws:ecs:task-cpu-stress", "parameters": { "duration": "PT3M" }, "targets": { "Tasks": "Tasks" }, "startAfter": ["stop-named"] },
            "cut": { "actionId": "aws:network:disrupt-connectivity", "parameters": { "duration": "PT1M", "scope": "all" }, "targets": { "Subnets": "Subnets" } },
            "failover": { "actionId": "aws:rds:failover-db-cluster", "targets": { "Clusters": "Db" } }
          },
          "stopConditions": [ { "source": "aws:cloudwatch:alarm", "value": "${alarm}" } ],
          "roleArn": "arn:aws:iam::<ACCOUNT_ID>:role/fis"
        }
        """

    func load(_ s: SynthesizedScenario, template: String) throws -> ScenarioSpec {
        try ScenarioSpec.load(text: s.yaml, file: "synth.yaml") { path in
            guard path == "t.json" else { throw CocoaError(.fileNoSuchFile) }
            return template
        }
    }

    @Test func placeholdersNameTheSynthesizedResourcesAndTheTemplateReplays() throws {
        let s = try ScenarioSynthesizer.synthesize(text: Self.template, file: "t.json", templatePath: "t.json", perType: 3)
        #expect(s.blockers.isEmpty, "\(s.blockers)")
        let params = Dictionary(uniqueKeysWithValues: s.params.map { ($0.key, $0.value) })
        // The Region and account of the template's concrete ARNs; the instance ID read off the host's ARN.
        #expect(params["AWS_REGION"] == "eu-west-1" && params["AWS_ACCOUNT_ID"] == "210987654321")
        #expect(params["first"]?.hasPrefix("arn:aws:ec2:eu-west-1:210987654321:instance/i-0") == true)
        #expect(params["INSTANCE_ID"]?.hasPrefix("i-0") == true && params["INSTANCE_ID"] != params["first"].map(lastPathComponent))
        #expect(params["az"] == "eu-west-1a" && params["ACCOUNT_ID"] == "210987654321")
        #expect(params["alarm"] == "arn:aws:cloudwatch:eu-west-1:210987654321:alarm:stop-condition-1")
        let spec = try load(s, template: Self.template)
        let plan = try #require(ExperimentPlanner.plan(spec.experiments, inventory: spec.inventory, services: spec.model.services, seed: 1).outcomes.first)
        let byName = Dictionary(uniqueKeysWithValues: plan.targets.map { ($0.name, $0) })
        #expect(byName["Named"]?.resources.count == 2)
        // PERCENT(25) rounds down: four hosts in the filtered AZ, so one is selected.
        #expect(byName["Tagged"]?.resources.count == 1)
        #expect(byName["Tagged"]?.resources.allSatisfy { $0.az == "eu-west-1a" && $0.tags["Name"] == "asg" } == true)
        #expect(byName["Tasks"]?.resources.count == 2)
        #expect(byName["Tasks"]?.resources.allSatisfy { $0.arn.contains(":task/shop/") } == true)
        #expect(byName["Subnets"]?.resources.map(\.az) == ["eu-west-1b"])
        #expect(byName["Db"]?.resources.map(\.name) == ["orders"])
        let r = TemplateReplay.replay(text: Self.template, file: "t.json")
        #expect(r.kind == .replayed, "\(r.blockers)")
        #expect(r.finalState == .completed || r.finalState == .stopped)
        // Deterministic: the same template gives the same scenario text.
        #expect(try ScenarioSynthesizer.synthesize(text: Self.template, file: "t.json", templatePath: "t.json", perType: 3).yaml == s.yaml)
    }

    @Test func blockersAreNamedByCategory() throws {
        let automation = """
            { "description": "d", "targets": {},
              "actions": { "a": { "actionId": "aws:ssm:start-automation-execution",
                                  "parameters": { "documentArn": "arn:aws:ssm:us-east-1:123456789012:document/MyOwnImpairment", "maxDuration": "PT5M" } } },
              "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
            """
        let r = TemplateReplay.replay(text: automation, file: "a.json")
        #expect(r.kind == .blocked && r.category == .automationDocument && r.blockers.first?.detail == "MyOwnImpairment", "\(r.blockers)")
        let concrete = Self.template.replacingOccurrences(of: "\"${first}\"", with: "\"arn:aws:ec2:eu-west-1:210987654321:instance/i-0123456789abcdef0\"")
        #expect(TemplateReplay.replay(text: concrete, file: "t.json").category == .concreteARN)
        // EC2 API faults act on IAM roles, a type the model has no resource for.
        let roles = Self.template
            .replacingOccurrences(
                of: "\"Db\": {",
                with: """
                    "Roles": { "resourceType": "aws:iam:role", "resourceArns": ["arn:aws:iam::210987654321:role/app"], "selectionMode": "ALL" },
                    "Db": {
                    """
            )
            .replacingOccurrences(
                of: "\"failover\": {",
                with: """
                    "throttle": { "actionId": "aws:fis:inject-api-throttle-error", "targets": { "Roles": "Roles" },
                                  "parameters": { "service": "ec2", "operations": "DescribeInstances", "percentage": "50", "duration": "PT1M" } },
                    "failover": {
                    """)
        let blocked = TemplateReplay.replay(text: roles, file: "t.json")
        #expect(blocked.verdict.isAccepted && blocked.category == .targetType && blocked.blockers.first?.detail == "aws:iam:role", "\(blocked)")
        let invalid = "{ \"description\": \"d\", \"actions\": {}, \"stopConditions\": [], \"roleArn\": \"x\", \"bogus\": 1 }"
        #expect(TemplateReplay.replay(text: invalid, file: "i.json", fisVerdict: .invalid).kind == .correctlyRefused)
        #expect(TemplateReplay.replay(text: invalid, file: "i.json", fisVerdict: .valid).kind == .disagreesWithFIS)
    }
}

private func lastPathComponent(_ arn: String) -> String { String(arn.split(separator: "/").last ?? "") }

/// CloudFormation intrinsics in a template an experiment replays are resolved from `params`, as
/// deploying the stack would resolve them.
@Suite struct TemplateIntrinsicsTests {
    static let stack = """
        Resources:
          Experiment:
            Type: AWS::FIS::ExperimentTemplate
            Properties:
              Description: delay the orders function
              RoleArn: !GetAtt FISRole.Arn
              StopConditions: [ { Source: none } ]
              Targets:
                Fn:
                  ResourceType: aws:lambda:function
                  ResourceArns: [ !Sub "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}" ]
                  SelectionMode: ALL
              Actions:
                delay:
                  ActionId: aws:lambda:invocation-add-delay
                  Parameters: { duration: PT2M, startupDelayMilliseconds: "500" }
                  Targets: { Functions: Fn }
        """

    static func scenario(params: String) -> String {
        """
        name: intrinsics
        horizon: 5m
        regions: [{ name: us-east-1, azs: [us-east-1a] }]
        functions:
          - { name: orders, duration: 10ms, fisExtension: true }
        workloads:
          - { name: w, service: orders, arrivals: { poisson: { rate: 5 } } }
        experiments:
          - { name: delay, template: stack.yaml, start: 1m\(params) }
        """
    }

    @Test func paramsResolveRefGetAttAndSub() throws {
        let params =
            ", params: { FISRole.Arn: \"arn:aws:iam::123456789012:role/fis\", AWS::Region: us-east-1, AWS::AccountId: \"123456789012\", FunctionName: orders }"
        let spec = try Fixtures.spec(Self.scenario(params: params), files: ["stack.yaml": Self.stack])
        let run = try ScenarioRun.run(spec)
        let e = try #require(run.experiments.first)
        #expect(e.finalState == .completed)
        #expect(e.targets.first?.resources.map(\.name) == ["orders"])
        // Without them, each intrinsic is named with the params entry that fills it.
        let d = Fixtures.diagnostics(Self.scenario(params: ""), files: ["stack.yaml": Self.stack])
        #expect(d.contains { $0.message.contains("${FISRole.Arn} is not resolved") && ($0.fix ?? "").contains("params: { FISRole.Arn: <value> }") }, "\(d)")
        #expect(d.contains { $0.message.contains("${FunctionName} is not resolved") }, "\(d)")
        // The synthesizer fills them itself (the Region is not read off `${AWS::Region}`'s
        // colons), and the stack replays.
        let s = try ScenarioSynthesizer.synthesize(text: Self.stack, file: "stack.yaml", templatePath: "stack.yaml")
        #expect(s.yaml.contains("{ name: \"us-east-1\", azs: [\"us-east-1a\"") && !s.yaml.contains("${AWS\""), "\(s.yaml)")
        #expect(s.params.contains { $0.key == "AWS::Region" && $0.value == "us-east-1" } && s.params.contains { $0.key == "FunctionName" })
        let r = TemplateReplay.replay(text: Self.stack, file: "stack.yaml")
        #expect(r.kind == .replayed, "\(r.blockers)")
    }
}
