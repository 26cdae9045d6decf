import FaultlineImport
import Testing

/// Each lint rule fires on the FIS mistake it names (and not on the corrected stack), with a fix;
/// the predicted onset and tail come from the poll model's intervals.
@Suite struct LintTests {
    static func function(
        layer: Bool = true, wrapper: String? = "/opt/aws-fis/bootstrap", location: String? = "arn:aws:s3:::cfg/FisConfigs/",
        slowPoll: String? = nil, vpc: Bool = false
    ) -> String {
        var env: [String] = []
        if let wrapper { env.append("AWS_LAMBDA_EXEC_WRAPPER: \(wrapper)") }
        if let location { env.append("AWS_FIS_CONFIGURATION_LOCATION: \"\(location)\"") }
        if let slowPoll { env.append("AWS_FIS_SLOW_POLL_INTERVAL_SECONDS: \"\(slowPoll)\"") }
        return """
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  FunctionName: fn
                  Tags: [{ Key: FIS-Ready, Value: "true" }]
            \(layer ? "      Layers: [arn:aws:lambda:us-east-1:211125607513:layer:aws-fis-extension-x86_64:9]\n" : "")\
                  Environment: { Variables: { \(env.joined(separator: ", ")) } }
            \(vpc ? "      VpcConfig: { SubnetIds: [!Ref Sub], SecurityGroupIds: [] }\n  Sub: { Type: AWS::EC2::Subnet, Properties: { AvailabilityZone: us-east-1a } }\n" : "")
            """
    }

    static func rules(_ resources: String) throws -> [LintFinding.Rule] {
        try Lint.check(ImportHarness.run("Resources:\n" + resources).system).map(\.rule)
    }

    @Test func aCorrectStackIsClean() throws {
        #expect(try Self.rules(Self.function()) == [])
    }

    @Test func extensionWiring() throws {
        #expect(try Self.rules(Self.function(wrapper: nil)) == [.layerWithoutWrapper])
        #expect(try Self.rules(Self.function(wrapper: "/opt/other")) == [.layerWithoutWrapper])
        #expect(try Self.rules(Self.function(location: nil)) == [.layerWithoutLocation])
        #expect(try Self.rules(Self.function(layer: false)) == [.environmentWithoutLayer])
        #expect(try Self.rules(Self.function(location: "arn:aws:s3:::cfg/FisConfigs/*")) == [.locationWildcard])
        #expect(try Self.rules(Self.function(location: "s3://cfg/FisConfigs/")) == [.locationNotS3])
        #expect(try Self.rules(Self.function(location: "arn:aws:s3:us-east-1:123456789012:accesspoint/fis/FisConfigs/")) == [])
        #expect(try Self.rules(Self.function(slowPoll: "10")) == [.slowPollTooLow])
        #expect(try Self.rules(Self.function(slowPoll: "20")) == [])
    }

    @Test func aWildcardLocationSaysHowToFixIt() throws {
        let f = try Lint.check(ImportHarness.run("Resources:\n" + Self.function(location: "arn:aws:s3:::cfg/FisConfigs/*")).system)
        #expect(f.first?.fix == "end the location with '/' instead: arn:aws:s3:::cfg/FisConfigs/")
        #expect(f.first?.description.hasPrefix("/stack/template.yaml: Resources.Fn: [fis-location-trailing-wildcard]") == true)
    }

    @Test func vpcFunctionsNeedARouteToS3() throws {
        #expect(try Self.rules(Self.function(vpc: true)) == [.noRouteToS3])
        let endpoint = "  S3: { Type: AWS::EC2::VPCEndpoint, Properties: { ServiceName: com.amazonaws.us-east-1.s3, VpcId: vpc-1 } }\n"
        #expect(try Self.rules(Self.function(vpc: true) + "\n" + endpoint) == [])
        #expect(try Self.rules(Self.function(vpc: true) + "\n  Nat: { Type: AWS::EC2::NatGateway, Properties: { SubnetId: !Ref Sub } }\n") == [])
    }

    static let role = """
          Role:
            Type: AWS::IAM::Role
            Properties:
              RoleName: fis
              AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: fis.amazonaws.com }, Action: sts:AssumeRole }] }
              Policies: [{ PolicyName: p, PolicyDocument: { Statement: [{ Effect: Allow, Action: [s3:PutObject], Resource: "arn:aws:s3:::other/*" }] } }]

        """

    @Test func theTemplateRoleMustBeAbleToWriteTheLocation() throws {
        #expect(try Self.rules(Self.function() + "\n" + Self.role) == [.locationNotWritable])
        #expect(try Self.rules(Self.function() + "\n" + Self.role.replacingOccurrences(of: "other/*", with: "cfg/*")) == [])
    }

    static func template(tags: String, stop: String = "[{ Source: none }]") -> String {
        """
          Exp:
            Type: AWS::FIS::ExperimentTemplate
            Properties:
              Description: d
              RoleArn: arn:aws:iam::123456789012:role/fis
              StopConditions: \(stop)
              Targets: { T: { ResourceType: aws:lambda:function, ResourceTags: \(tags), SelectionMode: ALL } }
              Actions: { A: { ActionId: aws:lambda:invocation-error, Parameters: { duration: PT1M, preventExecution: "false" }, Targets: { Functions: T } } }
              Tags: {}

        """
    }

    @Test func targetTagsThatMatchNothing() throws {
        #expect(try Self.rules(Self.function() + "\n" + Self.template(tags: "{ FIS-Ready: \"true\" }")) == [])
        #expect(try Self.rules(Self.function() + "\n" + Self.template(tags: "{ FIS-Ready: \"yes\" }")) == [.tagsMatchNothing])
    }

    @Test func stopConditions() throws {
        let other = "  Other: { Type: AWS::Lambda::Function, Properties: { FunctionName: other } }\n"
        func alarm(_ fn: String) -> String {
            "  Al: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmName: al, Namespace: AWS/Lambda, MetricName: Errors, Dimensions: [{ Name: FunctionName, Value: \(fn) }], Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold } }\n"
        }
        let stop = "[{ Source: \"aws:cloudwatch:alarm\", Value: !GetAtt Al.Arn }]"
        #expect(try Self.rules(Self.function() + "\n" + other + alarm("fn") + Self.template(tags: "{ FIS-Ready: \"true\" }", stop: stop)) == [])
        #expect(
            try Self.rules(Self.function() + "\n" + other + alarm("other") + Self.template(tags: "{ FIS-Ready: \"true\" }", stop: stop)) == [
                .stopConditionCannotMove
            ])
        let cpu =
            "  Al: { Type: AWS::CloudWatch::Alarm, Properties: { AlarmName: al, Namespace: AWS/EC2, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold } }\n"
        let r = try ImportHarness.run("Resources:\n" + Self.function() + "\n" + cpu + Self.template(tags: "{ FIS-Ready: \"true\" }", stop: stop))
        #expect(Lint.check(r.system).map(\.rule) == [.stopConditionNotModelled])
        #expect(r.system.experiments.isEmpty)
        _ = try ImportHarness.validate(r.output)
    }

    @Test func onsetAndTailFromThePollModel() throws {
        let r = try ImportHarness.run("Resources:\n" + Self.function(slowPoll: "30"))
        #expect(Lint.onsets(r.system) == [OnsetPrediction(function: "fn", slowPoll: 30, hotPoll: 20)])
        #expect(Lint.onsets(r.system)[0].description.hasPrefix("fn: onset in warm environments up to 30 s after FIS writes the configuration (mean 15 s"))
        let low = try ImportHarness.run("Resources:\n" + Self.function(slowPoll: "5"))
        #expect(Lint.onsets(low.system)[0].slowPoll == 60, "below 20 s the extension uses 60 s")
    }
}
