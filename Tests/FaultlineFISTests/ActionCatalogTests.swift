import FaultlineFIS
import Testing

/// Per-action checks against the ``ActionCatalog`` and the experiment-wide limits.
@Suite struct ActionCatalogTests {
    func one(_ action: String, targets: String = #""web": {"resourceType": "aws:ec2:instance", "resourceTags": {"app": "web"}, "selectionMode": "ALL"}"#)
        -> TemplateReport
    {
        check(template(targets: targets, actions: #""a": \#(action)"#))
    }

    @Test func catalogCoversTheReference() {
        #expect(ActionCatalog.actions.count == 53)
        #expect(ActionCatalog.ids == ActionCatalog.ids.sorted())
        let stop = ActionCatalog.action("aws:ec2:stop-instances")!
        #expect(stop.resourceTypes(forKey: "Instances") == ["aws:ec2:instance"])
        #expect(ActionCatalog.action("aws:network:disrupt-connectivity")?.resourceTypes(forKey: "Subnets") == ["aws:ec2:subnet"])
        #expect(ActionCatalog.action("aws:lambda:invocation-error")?.targets.first?.key == "Functions")
        #expect(ActionCatalog.action("aws:ec2:terminate-instances")?.takesDuration == false)
        #expect(ActionCatalog.action("aws:fis:wait")?.parameter("duration")?.required == true)
    }

    @Test func targetKeyAndResourceTypeMustFitTheAction() {
        let key = one(#"{"actionId": "aws:ec2:stop-instances", "targets": {"Instance": "web"}}"#)
        #expect(key.verdict == .invalid)
        #expect(key.errorText.contains("'Instance' is not a target key of aws:ec2:stop-instances; it takes 'Instances'"))
        #expect(key.errorText.contains("did you mean 'Instances'?"))
        #expect(key.errors.first?.diagnostic.path == "actions.a.targets.Instance")

        let type = one(#"{"actionId": "aws:network:disrupt-connectivity", "targets": {"Subnets": "web"}, "parameters": {"duration": "PT5M"}}"#)
        #expect(type.verdict == .invalid)
        #expect(type.errorText.contains("has resourceType aws:ec2:instance, but aws:network:disrupt-connectivity takes aws:ec2:subnet under 'Subnets'"))

        let none = check(
            template(targets: "", actions: #""w": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "targets": {"Instances": "web"}}"#))
        #expect(none.errorText.contains("aws:fis:wait takes no targets"))
    }

    @Test func parametersAreCheckedByName() {
        let unknown = one(#"{"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}, "parameters": {"startInstanceAfterDuration": "PT5M"}}"#)
        #expect(unknown.verdict == .invalid)
        #expect(
            unknown.errorText.contains(
                "'startInstanceAfterDuration' is not a parameter of aws:ec2:stop-instances. Fix: did you mean 'startInstancesAfterDuration'?"))
        let missing = one(
            #"{"actionId": "aws:fis:inject-api-throttle-error", "targets": {"Roles": "r"}, "parameters": {"duration": "PT5M", "service": "ec2", "operations": "DescribeInstances"}}"#,
            targets: #""r": {"resourceType": "aws:iam:role", "resourceArns": ["arn:aws:iam::210987654321:role/app"], "selectionMode": "ALL"}"#)
        #expect(missing.verdict == .invalid)
        #expect(missing.errorText.contains("aws:fis:inject-api-throttle-error requires the parameter 'percentage'"))
        #expect(missing.errors.count == 1)
        // Documented for another action: FIS has run templates with it; a warning.
        let misplaced = one(#"{"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}, "parameters": {"scope": "all"}}"#)
        #expect(misplaced.verdict == .valid)
        #expect(misplaced.warningText.contains("'scope' is not a documented parameter of aws:ec2:stop-instances"))
    }

    @Test func parameterValuesAreCheckedByKind() {
        func disrupt(_ params: String) -> TemplateReport {
            one(
                #"{"actionId": "aws:network:disrupt-connectivity", "targets": {"Subnets": "s"}, "parameters": {\#(params)}}"#,
                targets: #""s": {"resourceType": "aws:ec2:subnet", "resourceTags": {"a": "b"}, "selectionMode": "ALL"}"#)
        }
        #expect(disrupt(#""duration": "PT5M", "scope": "all""#).verdict == .valid)
        let scope = disrupt(#""duration": "PT5M", "scope": "availability_zone""#)
        #expect(scope.errorText.contains("'scope' of aws:network:disrupt-connectivity is 'availability_zone'; FIS accepts all, availability-zone"))
        #expect(scope.errorText.contains("did you mean 'availability-zone'?"))
        #expect(disrupt(#""duration": "PT30S""#).errorText.contains("is 30s; FIS accepts 1m to 12h"))
        #expect(disrupt(#""duration": "${d}""#).verdict == .valid)

        let pct = one(
            #"{"actionId": "aws:ec2:api-insufficient-instance-capacity-error", "targets": {"Roles": "r"}, "parameters": {"duration": "PT5M", "availabilityZoneIdentifiers": "us-east-1a", "percentage": "150"}}"#,
            targets: #""r": {"resourceType": "aws:iam:role", "resourceArns": ["arn:aws:iam::210987654321:role/app"], "selectionMode": "ALL"}"#)
        #expect(pct.errorText.contains("'percentage' of aws:ec2:api-insufficient-instance-capacity-error must be a whole number from 1 to 100, got '150'"))

        let spot = one(
            #"{"actionId": "aws:ec2:send-spot-instance-interruptions", "targets": {"SpotInstances": "s"}, "parameters": {"durationBeforeInterruption": "PT20M"}}"#,
            targets: #""s": {"resourceType": "aws:ec2:spot-instance", "resourceTags": {"a": "b"}, "selectionMode": "ALL"}"#)
        #expect(spot.errorText.contains("FIS accepts 2m to 15m"))

        let bool = one(#"{"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}, "parameters": {"completeIfInstancesTerminated": "yes"}}"#)
        #expect(bool.errorText.contains("must be \"true\" or \"false\", got 'yes'"))

        func ssm(_ arn: String) -> TemplateReport {
            one(
                #"{"actionId": "aws:ssm:send-command", "targets": {"Instances": "web"}, "parameters": {"duration": "PT5M", "documentArn": "\#(arn)", "documentParameters": "{\"DurationSeconds\": \"300\"}"}}"#
            )
        }
        #expect(ssm("arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress").warnings.isEmpty)
        #expect(ssm("arn:aws:ssm:us-east-1::AWSFIS-Run-CPU-Stress").warningText.contains("which is not an SSM document ARN"))
        #expect(ssm("arn:aws:ssm:${AWS::Region}::document/AWSFIS-Run-CPU-Stress").warnings.isEmpty)
    }

    /// FIS refuses unknown action IDs and resource types at CreateExperimentTemplate (issue 10):
    /// errors, or warnings with --allow-unknown-actions.
    @Test func unknownActionsAndTypesAreInvalidUnlessAllowed() {
        let text = template(actions: #""stop": {"actionId": "aws:ec2:stop-instance", "targets": {"Instances": "web"}}"#)
        let r = check(text)
        #expect(r.verdict == .invalid)
        #expect(r.errorText.contains("'aws:ec2:stop-instance' is not in the FIS action reference Faultline knows"))
        #expect(r.errorText.contains("did you mean 'aws:ec2:stop-instances'?"))
        #expect(r.errorText.contains("--allow-unknown-actions"))
        let allowed = TemplateValidator.validate(text: text, file: "t.json", allowUnknownActions: true)
        #expect(allowed.verdict == .valid)
        #expect(allowed.warningText.contains("'aws:ec2:stop-instance' is not in the FIS action reference Faultline knows"))

        let typeText = template(
            targets: #""db": {"resourceType": "aws:rds:instance", "resourceTags": {"a": "b"}, "selectionMode": "ALL"}"#,
            actions: #""f": {"actionId": "aws:rds:failover-db-cluster", "targets": {"Clusters": "db"}}"#)
        let t = check(typeText)
        #expect(t.verdict == .invalid)
        #expect(t.errorText.contains("'aws:rds:instance' is not a resource type of any FIS action Faultline knows"))
        #expect(TemplateValidator.validate(text: typeText, file: "t.json", allowUnknownActions: true).verdict == .valid)

        let malformed = check(template(targets: "", actions: #""x": {"actionId": "stop-instances"}"#))
        #expect(malformed.verdict == .invalid)
        #expect(malformed.errorText.contains("is not of the form aws:<service>:<action>"))
    }

    @Test func legacyAutomationDurationIsAccepted() {
        let r = check(
            template(
                targets: "",
                actions:
                    #""a": {"actionId": "aws:ssm:start-automation-execution", "parameters": {"documentArn": "arn:aws:ssm:us-west-2:210987654321:document/Mine", "duration": "PT3M"}}"#
            ))
        #expect(r.verdict == .valid, "\(r.errorText)")
        #expect(r.warningText.contains("'duration' is the older name of aws:ssm:start-automation-execution's parameter 'maxDuration'"))
    }

    @Test func experimentLastsAtMost12HoursOverStartAfterChains() {
        let ok = check(
            template(
                targets: "",
                actions: #"""
                    "a": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT6H"}},
                    "b": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT6H"}, "startAfter": ["a"]},
                    "c": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT11H"}}
                    """#))
        #expect(ok.verdict == .valid, "\(ok.errorText)")
        let long = check(
            template(
                targets: "",
                actions: #"""
                    "a": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT6H"}},
                    "b": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1H"}},
                    "c": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT6H1M"}, "startAfter": ["a", "b"]}
                    """#))
        #expect(long.verdict == .invalid)
        #expect(long.errors.count == 1)
        #expect(long.errorText.contains("the longest startAfter chain lasts 12h1m: a (6h) -> c (6h1m); FIS limits an experiment to 12 hours"))
        #expect(long.errors.first?.diagnostic.path == "actions")
    }

    @Test func atMostTenActionsRunAtOnce() {
        func waits(_ n: Int, chained: Bool) -> TemplateReport {
            let list = (1...n).map { i in
                let after = chained && i > 5 ? #", "startAfter": ["w1"]"# : ""
                return #""w\#(i)": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT\#(i)M"}\#(after)}"#
            }
            return check(template(targets: "", actions: list.joined(separator: ",\n")))
        }
        #expect(waits(10, chained: false).verdict == .valid)
        let eleven = waits(11, chained: false)
        #expect(eleven.verdict == .invalid)
        #expect(eleven.errorText.contains("11 actions run at the same time (at +0s: w1, w2"))
        // w6...w11 start after w1 (1 min); w2...w5 still run then: 4 + 6 = 10.
        #expect(waits(11, chained: true).verdict == .valid, "\(waits(11, chained: true).errorText)")
    }

    @Test func podTargetsNeedTheirParameters() {
        let r = one(
            #"{"actionId": "aws:eks:pod-delete", "targets": {"Pods": "p"}, "parameters": {"kubernetesServiceAccount": "fis"}}"#,
            targets:
                #""p": {"resourceType": "aws:eks:pod", "parameters": {"clusterIdentifier": "c", "namespace": "default", "selectorType": "label"}, "selectionMode": "ALL"}"#
        )
        #expect(r.errorText.contains("selectorType is 'label'; FIS accepts labelSelector, deploymentName, podName"))
        #expect(r.warningText.contains("needs the target parameter 'selectorValue'"))
    }
}
