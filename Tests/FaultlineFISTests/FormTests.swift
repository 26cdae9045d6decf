import FaultlineDocument
import FaultlineFIS
import Testing

/// The accepted input shapes: API input (JSON or YAML), get-experiment-template output, CloudFormation.
@Suite struct FormTests {
    @Test func getExperimentTemplateOutputIsAccepted() throws {
        let r = check(
            """
            {"experimentTemplate": {
              "id": "EXT1a2b3c4d5e6f7", "arn": "arn:aws:fis:us-east-1:123456789012:experiment-template/EXT1a2b3c4d5e6f7",
              "description": "stop one", "creationTime": "2024-01-02T03:04:05Z", "lastUpdateTime": 1704164645.0,
              "targetAccountConfigurationsCount": 0,
              "targets": {"web": {"resourceType": "aws:ec2:instance", "resourceTags": {"app": "web"}, "selectionMode": "COUNT(1)"}},
              "actions": {"stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}}},
              "stopConditions": [{"source": "none"}], "roleArn": "arn:aws:iam::123456789012:role/fis",
              "experimentOptions": {"accountTargeting": "single-account", "emptyTargetResolutionMode": "fail"}
            }}
            """)
        #expect(r.form == .getOutput)
        #expect(r.verdict == .valid, "\(r.errorText)")
        #expect(r.templates.first?.targets.first?.selectionMode == .count(1))
        // clientToken belongs to the request, not to the output.
        let bad = check(
            #"{"experimentTemplate": {"clientToken": "x", "description": "d", "actions": {}, "stopConditions": [], "roleArn": "arn:aws:iam::123456789012:role/fis"}}"#
        )
        #expect(bad.errors.map(\.diagnostic.path) == ["experimentTemplate.clientToken"])
    }

    @Test func apiInputMayCarryAClientToken() {
        #expect(check(template(extra: #""clientToken": "abc-123""#)).verdict == .valid)
    }

    static let cfnYAML = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          AlarmArn: { Type: String }
        Resources:
          FISRole:
            Type: AWS::IAM::Role
            Properties: { AssumeRolePolicyDocument: {} }
          StopWeb:
            Type: AWS::FIS::ExperimentTemplate
            Properties:
              Description: !Sub "Stop web in ${AWS::Region}"
              RoleArn: !GetAtt FISRole.Arn
              Targets:
                web:
                  ResourceType: aws:ec2:instance
                  ResourceTags: { app: web }
                  Filters:
                    - Path: State.Name
                      Values: [running]
                  SelectionMode: PERCENT(50)
              Actions:
                stop:
                  ActionId: aws:ec2:stop-instances
                  Parameters: { startInstancesAfterDuration: PT5M }
                  Targets: { Instances: web }
                wait:
                  ActionId: aws:fis:wait
                  Parameters: { duration: PT1M }
                  StartAfter: [stop]
              StopConditions:
                - Source: aws:cloudwatch:alarm
                  Value: !Ref AlarmArn
              Tags: { FIS-Demo: true }
              LogConfiguration:
                LogSchemaVersion: 2
                CloudWatchLogsConfiguration: { LogGroupArn: { "Fn::GetAtt": [Logs, Arn] } }
              ExperimentOptions: { EmptyTargetResolutionMode: skip }
        """

    @Test func cloudFormationYAMLWithShortFormIntrinsics() throws {
        let r = check(Self.cfnYAML, file: "stack.yaml")
        #expect(r.form == .cloudFormation)
        #expect(r.verdict == .validModuloPlaceholders, "\(r.errorText)")
        #expect(r.genuineErrors.isEmpty)
        #expect(
            Set(r.errors.map(\.diagnostic.path)) == [
                "Resources.StopWeb.Properties.Description", "Resources.StopWeb.Properties.RoleArn",
                "Resources.StopWeb.Properties.StopConditions[0].Value",
                "Resources.StopWeb.Properties.LogConfiguration.CloudWatchLogsConfiguration.LogGroupArn"
            ])
        #expect(r.errors.allSatisfy { $0.diagnostic.message.contains("CloudFormation intrinsic") })
        #expect(r.placeholders == ["${AWS::Region}", "Fn::GetAtt FISRole.Arn", "Ref AlarmArn", "Fn::GetAtt Logs.Arn"])
        let t = try #require(r.templates.first)
        #expect(t.logicalID == "StopWeb")
        #expect(t.description == "Stop web in ${AWS::Region}")
        #expect(t.roleArn == "${FISRole.Arn}")
        #expect(t.stopConditions == [StopCondition(source: "aws:cloudwatch:alarm", value: "${AlarmArn}")])
        #expect(t.tags["FIS-Demo"] == "true")
        #expect(t.targets.first?.filters == [TargetFilter(path: "State.Name", values: ["running"])])
        #expect(t.targets.first?.selectionMode == .percent(50))
        #expect(t.actions.map(\.name) == ["stop", "wait"])
        #expect(t.actions[1].startAfter == ["stop"])
        #expect(t.logConfiguration?.logSchemaVersion == 2)
        #expect(t.experimentOptions.emptyTargetResolutionMode == .skip)
    }

    @Test func cloudFormationResourceAndBarePropertiesInJSON() throws {
        let props =
            #"{"Description": "d", "RoleArn": "arn:aws:iam::123456789012:role/fis", "StopConditions": [{"Source": "none"}], "Targets": {}, "Actions": {"w": {"ActionId": "aws:fis:wait", "Parameters": {"duration": "PT1M"}, "StartAfterDelay": "PT1M"}}}"#
        for text in [props, #"{"Type": "AWS::FIS::ExperimentTemplate", "Properties": \#(props)}"#] {
            let r = check(text)
            #expect(r.form == .cloudFormation)
            #expect(r.verdict == .invalid)
            #expect(r.errors.count == 1)
            #expect(r.errors[0].diagnostic.path.hasSuffix("Actions.w.StartAfterDelay"))
            #expect(r.templates.first?.actions.first?.parameters["duration"] == "PT1M")
        }
    }

    @Test func cloudFormationMissingMembersAreNamedInPascalCase() {
        let r = check(
            #"{"Resources": {"T": {"Type": "AWS::FIS::ExperimentTemplate", "Properties": {"Description": "d", "Actions": {}, "RoleArn": "arn:aws:iam::123456789012:role/fis"}}}}"#
        )
        #expect(r.errors.map(\.diagnostic.path) == ["Resources.T.Properties.StopConditions"])
        #expect(r.errors[0].diagnostic.message.contains("'StopConditions' is missing"))
    }

    @Test func cloudFormationTemplateWithoutAnFISResource() {
        let r = check(#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#)
        #expect(r.verdict == .invalid)
        #expect(r.errorText.contains("has no resource of Type AWS::FIS::ExperimentTemplate"))
    }

    @Test func apiInputInYAMLIsTypedLikeTheCLIReadsIt() {
        let yaml = """
            description: stop web
            targets:
              web: { resourceType: "aws:ec2:instance", resourceTags: { app: web }, selectionMode: ALL }
            actions:
              stop:
                actionId: aws:ec2:stop-instances
                targets: { Instances: web }
                parameters: { completeIfInstancesTerminated: true }
            stopConditions: [{ source: none }]
            roleArn: arn:aws:iam::123456789012:role/fis
            """
        let r = check(yaml, file: "t.yaml")
        #expect(r.form == .apiInput)
        #expect(r.verdict == .invalid)
        #expect(r.errors.count == 1)
        let d = r.errors[0].diagnostic
        #expect(d.path == "actions.stop.parameters.completeIfInstancesTerminated")
        #expect(d.location == SourceLocation(line: 8, column: 50))
        #expect(d.message.contains("got the boolean true"))
        #expect(d.fix?.contains("\"true\"") == true)
        #expect(check(yaml.replacingOccurrences(of: ": true", with: ": \"true\""), file: "t.yaml").verdict == .valid)
    }

    @Test func localStackGenericActionsAreAccepted() throws {
        let r = check(
            #"{"description": "ls", "actions": {"err": {"actionId": "localstack:generic:api-error", "parameters": {"service": "dynamodb", "api": "all", "percentage": "100", "exception": "ServiceUnavailable", "errorCode": "503"}}}, "stopConditions": [], "roleArn": "arn:aws:iam::000000000000:role/ExperimentRole"}"#
        )
        #expect(r.verdict == .valid, "\(r.errorText)")
        #expect(r.templates.first?.actions.first?.isLocalStack == true)
        #expect(r.placeholders == ["000000000000"])
        #expect(r.warningText.contains("stopConditions: is empty"))
    }

    @Test func detectsTemplatesAndScenarios() {
        #expect(TemplateValidator.isTemplate(text: template(), file: "t.json"))
        #expect(TemplateValidator.isTemplate(text: Self.cfnYAML, file: "s.yaml"))
        #expect(TemplateValidator.isTemplate(text: #"{"actionId": "x",}"#, file: "broken.json"))
        #expect(!TemplateValidator.isTemplate(text: "name: s\nregions: []\nservices: []\n", file: "scenario.yaml"))
    }
}
