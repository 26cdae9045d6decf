import FaultlineDocument
import FaultlineFIS
import Testing

/// The API model's constraints, with the 8 genuinely invalid corpus cases (REPORT.md §4.1) reproduced inline.
@Suite struct ShapeTests {
    @Test func minimalTemplateIsValidAndTyped() throws {
        let r = check(
            template(
                extra:
                    #""tags": {"team": "sre"}, "experimentOptions": {"emptyTargetResolutionMode": "skip"}, "logConfiguration": {"logSchemaVersion": 2, "cloudWatchLogsConfiguration": {"logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:fis:*"}}"#
            ))
        #expect(r.verdict == .valid, "\(r.errorText)")
        #expect(r.form == .apiInput)
        #expect(r.warnings.isEmpty, "\(r.warningText)")
        let t = try #require(r.templates.first)
        #expect(t.description == "test")
        #expect(t.targets == [TemplateTarget(name: "web", resourceType: "aws:ec2:instance", resourceTags: ["app": "web"], selectionMode: .all)])
        #expect(t.actions.first?.targets["Instances"] == "web")
        #expect(t.actions.first?.parameters["startInstancesAfterDuration"] == "PT5M")
        #expect(t.stopConditions == [StopCondition(source: "none")])
        #expect(t.tags["team"] == "sre")
        #expect(t.experimentOptions.emptyTargetResolutionMode == .skip)
        #expect(t.experimentOptions.accountTargeting == .singleAccount)
        #expect(t.logConfiguration?.logSchemaVersion == 2)
    }

    // REPORT.md §4.1: workshop-v2 az-app-slowdown (574) and cross-az-traffic-slowdown (769).
    @Test(arguments: [574, 769]) func descriptionLongerThan512IsInvalid(length: Int) {
        let r = check(template(description: "\"\(String(repeating: "x", count: length))\""))
        #expect(r.verdict == .invalid)
        #expect(r.errors.count == 1)
        let d = r.errors[0].diagnostic
        #expect(d.path == "description")
        #expect(d.location == SourceLocation(line: 2, column: 18))
        #expect(d.message.contains("is \(length) characters long; at most 512"))
        #expect(d.fix?.contains("shorten") == true)
    }

    // REPORT.md §4.1: mysql-postgres-rds-loadtest-failover: targets.Instances given as a list.
    @Test func targetGivenAsListIsInvalid() {
        let r = check(
            template(
                targets:
                    #""web": [{"resourceType": "aws:ec2:instance", "resourceArns": ["arn:aws:ec2:us-west-2:123456789012:instance/i-1"], "selectionMode": "ALL"}]"#
            ))
        #expect(r.verdict == .invalid)
        #expect(r.genuineErrors.map(\.diagnostic.path) == ["targets.web"])
        #expect(r.errorText.contains("expected an object (CreateExperimentTemplateTargetInput), got a list of 1 item"))
    }

    // REPORT.md §4.1: three mysql-rds-loadtest-failover files with startAfterDelay / StartAfterDelay.
    @Test(arguments: ["startAfterDelay", "StartAfterDelay"]) func startAfterDelayIsAnUnknownMember(key: String) {
        let r = check(
            template(
                actions:
                    #""stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}}, "later": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["stop"], "\#(key)": "PT5M"}"#
            ))
        #expect(r.verdict == .invalid)
        #expect(r.errors.count == 1)
        let d = r.errors[0].diagnostic
        #expect(d.path == "actions.later.\(key)")
        #expect(d.message.contains("unknown member '\(key)' (not in the FIS API shape CreateExperimentTemplateActionInput)"))
        #expect(d.fix?.contains("aws:fis:wait") == true)
        #expect(d.fix?.contains("did you mean 'startAfter'") == true)
    }

    // REPORT.md §4.1: sample-fis-skills ssm-automation block10: parameter values given as lists.
    @Test func parameterValuesGivenAsListsAreInvalidEvenWithIntrinsicsInside() {
        let r = check(
            template(
                targets: "",
                actions:
                    #""ssm": {"actionId": "aws:ssm:start-automation-execution", "parameters": {"documentArn": [{"Fn::Sub": "arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:document/x"}], "maxDuration": ["PT15M"]}}"#,
                roleArn: #"{"Fn::GetAtt": ["FISExperimentRole", "Arn"]}"#))
        #expect(r.verdict == .invalid)
        #expect(r.genuineErrors.map(\.diagnostic.path) == ["actions.ssm.parameters.documentArn", "actions.ssm.parameters.maxDuration"])
        #expect(r.errors.first { $0.diagnostic.path == "roleArn" }?.cause == .placeholder)
        #expect(r.placeholders.contains("Fn::GetAtt FISExperimentRole.Arn"))
        #expect(r.placeholders.contains("${AWS::Region}"))
    }

    // REPORT.md §4.1: gaonkarr demo-1: stopConditions missing.
    @Test func missingStopConditionsIsInvalid() {
        let r = check(
            #"{"description": "d", "actions": {"w": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}}, "roleArn": "arn:aws:iam::123456789012:role/fis"}"#
        )
        #expect(r.verdict == .invalid)
        #expect(r.errors.map(\.diagnostic.path) == ["stopConditions"])
        #expect(r.errors[0].diagnostic.fix?.contains(#"[{"source": "none"}]"#) == true)
    }

    @Test func everyErrorIsReportedAtOnce() {
        let r = check(
            #"{"description": 5, "actions": {"a": {"actionId": "aws:fis:wait", "bogus": 1}}, "stopConditions": [{"value": "x"}], "roleArn": "short", "tags": {"k": true}}"#
        )
        #expect(r.verdict == .invalid)
        let paths = r.errors.map(\.diagnostic.path)
        for p in ["description", "actions.a.bogus", "stopConditions[0].value", "stopConditions[0].source", "roleArn", "tags.k"] {
            #expect(paths.contains(p), "missing \(p) in \(paths)")
        }
        #expect(r.errorText.contains("expected a string (ExperimentTemplateDescription), got the number 5"))
        #expect(r.errorText.contains("'short' is 5 characters long; at least 20 are required (RoleArn)"))
    }

    @Test func listAndMapMaximaAndEnums() {
        let arns = (1...6).map { "\"arn:aws:ec2:us-east-1:123456789012:instance/i-\($0)\"" }.joined(separator: ",")
        let tags = (1...51).map { "\"k\($0)\": \"v\"" }.joined(separator: ",")
        let r = check(
            template(
                targets: #""web": {"resourceType": "aws:ec2:instance", "resourceArns": [\#(arns)], "selectionMode": "ALL"}"#,
                extra: #""tags": {\#(tags)}, "experimentOptions": {"accountTargeting": "single"}"#))
        #expect(r.verdict == .invalid)
        #expect(r.errorText.contains("targets.web.resourceArns: has 6 items; at most 5 are allowed (ResourceArnList)"))
        #expect(r.errorText.contains("tags: has 51 entries; at most 50"))
        #expect(r.errorText.contains("'single' is not one of single-account, multi-account"))
    }

    @Test func targetParameterValuesFollowTheirPattern() {
        let r = check(
            template(
                targets:
                    #""sub": {"resourceType": "aws:ec2:subnet", "parameters": {"availabilityZoneIdentifier": "us-east-1a", "vpc": "vpc 1!"}, "selectionMode": "ALL"}"#,
                actions: #""d": {"actionId": "aws:network:disrupt-connectivity", "targets": {"Subnets": "sub"}, "parameters": {"duration": "PT2M"}}"#))
        #expect(r.verdict == .invalid)
        #expect(r.errors.map(\.diagnostic.path) == ["targets.sub.parameters.vpc"])
        #expect(r.errorText.contains("may contain only letters, digits, spaces and _ . : / = + - @"))
    }
}
