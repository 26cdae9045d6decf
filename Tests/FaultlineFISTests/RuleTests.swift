import FaultlineDocument
import FaultlineFIS
import Testing

/// FIS's own checks beyond the API model.
@Suite struct RuleTests {
    @Test(arguments: ["ALL", "COUNT(1)", "COUNT(25)", "PERCENT(1)", "PERCENT(100)"]) func selectionModeGrammarAccepts(mode: String) {
        let r = check(template(targets: #""web": {"resourceType": "aws:ec2:instance", "resourceTags": {"a": "b"}, "selectionMode": "\#(mode)"}"#))
        #expect(r.verdict == .valid, "\(r.errorText)")
    }

    @Test(arguments: ["all", "COUNT(0)", "COUNT(-1)", "COUNT()", "PERCENT(101)", "PERCENT(12.5)", "COUNT (2)", "SOME"]) func selectionModeGrammarRejects(
        mode: String
    ) {
        let r = check(template(targets: #""web": {"resourceType": "aws:ec2:instance", "resourceTags": {"a": "b"}, "selectionMode": "\#(mode)"}"#))
        #expect(r.verdict == .invalid)
        #expect(r.errors.map(\.diagnostic.path) == ["targets.web.selectionMode"])
        #expect(r.errorText.contains("is not a selection mode: expected ALL, COUNT(n) or PERCENT(n)"))
        #expect(SelectionMode(parsing: mode) == .unresolved(mode))
    }

    @Test func selectionModePlaceholderIsPlaceholderCaused() {
        let r = check(template(targets: #""web": {"resourceType": "aws:ec2:instance", "resourceTags": {"a": "b"}, "selectionMode": "{SELECTION_MODE}"}"#))
        #expect(r.verdict == .validModuloPlaceholders)
        #expect(r.placeholders == ["{SELECTION_MODE}"])
    }

    @Test func resourceArnsExcludeResourceTagsButFiltersOnlyWarn() {
        let arn = #""arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0""#
        let both = check(
            template(targets: #""web": {"resourceType": "aws:ec2:instance", "resourceArns": [\#(arn)], "resourceTags": {"a": "b"}, "selectionMode": "ALL"}"#))
        #expect(both.verdict == .invalid)
        #expect(both.errorText.contains("targets.web.resourceArns: cannot be combined with resourceTags"))
        let filtered = check(
            template(
                targets:
                    #""web": {"resourceType": "aws:ec2:instance", "resourceArns": [\#(arn)], "filters": [{"path": "State.Name", "values": ["running"]}], "selectionMode": "ALL"}"#
            ))
        #expect(filtered.verdict == .valid)
        #expect(filtered.warningText.contains("is combined with filters"))
    }

    @Test func quotasOnActionsAndStopConditions() {
        let actions = (1...21).map { #""w\#($0)": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}"# }.joined(separator: ",")
        let alarms = (1...6).map { #"{"source": "aws:cloudwatch:alarm", "value": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a\#($0)"}"# }.joined(
            separator: ",")
        let r = check(template(targets: "", actions: actions, stopConditions: "[\(alarms)]"))
        #expect(r.verdict == .invalid)
        #expect(r.errorText.contains("actions: has 21 actions; FIS allows at most 20"))
        #expect(r.errorText.contains("stopConditions: has 6 stop conditions; FIS allows at most 5"))
    }

    @Test func actionTargetsMustNameATemplateTarget() {
        let r = check(template(actions: #""stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "wbe"}}"#))
        #expect(r.verdict == .invalid)
        let e = r.errors.first { $0.diagnostic.path == "actions.stop.targets.Instances" }
        #expect(e?.diagnostic.message.contains("names the target 'wbe', which is not defined in targets") == true)
        #expect(e?.diagnostic.fix?.contains("did you mean 'web'?") == true)
        #expect(r.warningText.contains("the target 'web' is not used by any action"))
    }

    @Test func startAfterMustNameAnAction() {
        let r = check(
            template(
                actions:
                    #""stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}}, "w": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["stpo"]}"#
            ))
        #expect(r.verdict == .invalid)
        #expect(r.errors.map(\.diagnostic.path) == ["actions.w.startAfter[0]"])
        #expect(r.errors[0].diagnostic.fix?.contains("did you mean 'stop'?") == true)
    }

    @Test func startAfterCyclesAreFound() {
        let r = check(
            template(
                actions: #"""
                    "a": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["c"]},
                    "b": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["a"]},
                    "c": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["b"]},
                    "d": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["d"]},
                    "stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}}
                    """#))
        #expect(r.verdict == .invalid)
        #expect(r.errors.count == 2, "\(r.errorText)")
        #expect(r.errorText.contains("actions.a.startAfter: startAfter forms a cycle (a -> b -> c -> a)"))
        #expect(r.errorText.contains("actions.d.startAfter: the action 'd' waits for itself"))
        // A diamond is not a cycle.
        let diamond = check(
            template(
                actions: #"""
                    "stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}},
                    "l": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["stop"]},
                    "r": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["stop"]},
                    "end": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["l", "r"]}
                    """#))
        #expect(diamond.verdict == .valid, "\(diamond.errorText)")
    }

    @Test func durationsAreISO8601AndAtMost12Hours() {
        func wait(_ d: String) -> TemplateReport {
            check(template(targets: "", actions: #""w": {"actionId": "aws:fis:wait", "parameters": {"duration": "\#(d)"}}"#))
        }
        #expect(wait("PT12H").verdict == .valid)
        #expect(wait("PT1M").verdict == .valid)
        // aws:fis:wait takes 1 minute to 12 hours (FIS action reference).
        #expect(wait("PT30S").errorText.contains("FIS accepts 1m to 12h"))
        let long = wait("PT12H1M")
        #expect(long.verdict == .invalid)
        #expect(long.errorText.contains("FIS limits an action to 12 hours"))
        #expect(wait("5m").errorText.contains("is not an ISO-8601 duration"))
        #expect(wait("${duration}").verdict == .valid)
    }

    @Test func stopConditionSources() {
        let wrong = check(template(stopConditions: #"[{"source": "aws:cloudwatch:alarms", "value": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:x"}]"#))
        #expect(wrong.verdict == .invalid)
        #expect(wrong.errorText.contains("is not a stop-condition source"))
        #expect(wrong.errors[0].diagnostic.fix?.contains("did you mean 'aws:cloudwatch:alarm'?") == true)
        let noValue = check(template(stopConditions: #"[{"source": "aws:cloudwatch:alarm"}]"#))
        #expect(noValue.verdict == .invalid)
        #expect(noValue.errorText.contains("stopConditions[0].value: a stop condition with source aws:cloudwatch:alarm needs the alarm's ARN"))
    }

    @Test func malformedRoleArnIsAWarningAsInTheCorpus() {
        let r = check(template(roleArn: #""arn:aws:iam:000000000000:role/ExperimentRole""#))
        #expect(r.verdict == .valid)
        #expect(r.warningText.contains("is not a well-formed IAM role ARN"))
    }
}
