import FaultlineFIS
import Testing

/// The FIS scenario library generators (`faultline scenario export`).
@Suite struct ScenarioLibraryTests {
    @Test func fourScenarios() {
        #expect(
            ScenarioLibrary.all.map(\.name) == ["az-power-interruption", "az-application-slowdown", "cross-az-traffic-slowdown", "cross-region-connectivity"])
        #expect(
            ScenarioLibrary.all.map(\.title) == [
                "AZ Availability: Power Interruption", "AZ: Application Slowdown",
                "Cross-AZ: Traffic Slowdown", "Cross-Region: Connectivity"
            ])
    }

    /// Every export (defaults) is a genuine template: valid, no errors at all, parsed back to the
    /// console's shape, and byte-identical when exported again.
    @Test func defaultsExportValidTemplates() throws {
        for s in ScenarioLibrary.all {
            let text = try s.export()
            #expect(try s.export() == text, "\(s.name): not deterministic")
            let report = TemplateValidator.validate(text: text, file: "\(s.name).json")
            #expect(report.verdict == .valid, "\(s.name): \(report.errorText)")
            #expect(report.errors.isEmpty && report.warnings.isEmpty, "\(s.name): \(report.errorText)\n\(report.warningText)")
            let t = try #require(report.templates.first)
            #expect(t.stopConditions == [StopCondition(source: "none", value: nil)])
            #expect(t.experimentOptions.emptyTargetResolutionMode == .skip)
            #expect(t.roleArn == "arn:aws:iam::123456789012:role/FISExperimentRole")
            #expect(t.tags["Name"] == s.title)
            for a in t.actions {
                #expect(ActionCatalog.action(a.actionId) != nil, "\(s.name): \(a.actionId)")
                for (key, name) in a.targets.map({ ($0.key, $0.value) }) {
                    let type = try #require(t.target(named: name)?.resourceType)
                    #expect(ActionCatalog.action(a.actionId)?.resourceTypes(forKey: key)?.contains(type) == true, "\(s.name): \(a.name)")
                }
            }
        }
    }

    @Test func azPowerInterruptionFollowsTheConsole() throws {
        let text = try ScenarioLibrary.scenario(named: "az-power-interruption").export([("az", "us-west-2b"), ("region", "us-west-2"), ("outage", "PT1H")])
        let t = try #require(TemplateValidator.validate(text: text, file: "p.json").templates.first)
        #expect(t.actions.count == 10)
        #expect(t.targets.count == 9)
        let stop = try #require(t.action(named: "Stop-Instances"))
        #expect(stop.parameters["startInstancesAfterDuration"] == "PT1H")
        #expect(stop.parameters["completeIfInstancesTerminated"] == "true")
        let ec2 = try #require(t.target(named: "EC2-Instances"))
        #expect(ec2.resourceTags["AzImpairmentPower"] == "StopInstances")
        #expect(
            ec2.filters == [TargetFilter(path: "State.Name", values: ["running"]), TargetFilter(path: "Placement.AvailabilityZone", values: ["us-west-2b"])])
        #expect(t.action(named: "Pause-EBS-IO")?.startAfter == ["Stop-Instances", "Stop-ASG-Instances"])
        #expect(t.target(named: "EBS-Volumes")?.selectionMode == .count(1))
        // The autoshift waits 5 minutes and shifts for the rest of the outage.
        #expect(t.action(named: "Start-ARC-Zonal-Autoshift")?.parameters["duration"] == "PT55M")
        #expect(t.action(named: "Start-ARC-Zonal-Autoshift")?.startAfter == ["Wait-Before-Autoshift"])
        #expect(t.target(named: "RDS-Cluster")?.parameters["writerAvailabilityZoneIdentifiers"] == "us-west-2b")
        #expect(t.action(named: "Pause-network-connectivity")?.parameters["duration"] == "PT2M")
    }

    @Test func slowdownsTargetOneAZ() throws {
        let app = try #require(
            TemplateValidator.validate(
                text: try ScenarioLibrary.scenario(named: "az-application-slowdown")
                    .export([("az", "eu-west-1c"), ("region", "eu-west-1"), ("latency-ms", "350"), ("duration", "PT10M")]), file: "a.json"
            ).templates.first)
        #expect(app.actions.map(\.actionId) == ["aws:ssm:send-command", "aws:ecs:task-network-latency", "aws:eks:pod-network-latency"])
        let ec2 = try #require(app.action(named: "LatencyForEC2"))
        #expect(ec2.parameters["documentArn"] == "arn:aws:ssm:eu-west-1::document/AWSFIS-Run-Network-Latency-Sources")
        #expect(ec2.parameters["documentParameters"]?.contains(#""DelayMilliseconds":"350","Sources":"eu-west-1c""#) == true)
        #expect(ec2.parameters["documentParameters"]?.contains(#""DurationSeconds":"600""#) == true)
        #expect(app.action(named: "LatencyForECS")?.parameters["sources"] == "eu-west-1c")
        #expect(app.target(named: "LatencyForEKS")?.parameters["selectorValue"] == "AZApplicationSlowdown=LatencyForEKS")

        let cross = try #require(
            TemplateValidator.validate(
                text: try ScenarioLibrary.scenario(named: "cross-az-traffic-slowdown").export([("az", "us-east-1b")]),
                file: "c.json"
            ).templates.first)
        #expect(cross.action(named: "PacketLossForECS")?.parameters["sources"] == "us-east-1a,us-east-1c")
        #expect(cross.action(named: "PacketLossForECS")?.parameters["lossPercent"] == "15")
        #expect(cross.action(named: "PacketLossForEKS")?.actionId == "aws:eks:pod-network-packet-loss")
    }

    @Test func crossRegionBlocksTheDestination() throws {
        let t = try #require(
            TemplateValidator.validate(
                text: try ScenarioLibrary.scenario(named: "cross-region-connectivity")
                    .export([("destination-region", "eu-central-1")]), file: "x.json"
            ).templates.first)
        #expect(t.actions.count == 6)
        #expect(t.action(named: "Disrupt-Subnet-Connectivity")?.parameters["region"] == "eu-central-1")
        #expect(t.actions.allSatisfy { $0.parameters["duration"] == "PT3H" && $0.startAfter.isEmpty })
        #expect(t.target(named: "Subnet")?.resourceTags["DisruptSubnet"] == "Allowed")
    }

    @Test func badParametersAreCleanErrors() throws {
        func message(_ name: String, _ params: [(key: String, value: String)]) -> String {
            do {
                _ = try ScenarioLibrary.scenario(named: name).export(params)
                return ""
            } catch { return error.description }
        }
        #expect(message("az-power", []).contains("no library scenario 'az-power'"))
        #expect(message("cross-region-connectivity", [("duraton", "PT1H")]).contains("did you mean 'duration'?"))
        #expect(message("cross-region-connectivity", [("duration", "3h")]).contains("is not an ISO-8601 duration"))
        #expect(message("cross-region-connectivity", [("duration", "PT13H")]).contains("FIS limits an experiment to 12 hours"))
        #expect(message("cross-region-connectivity", [("destination-region", "us-east-1")]).contains("is the experiment's own Region"))
        #expect(message("az-application-slowdown", [("flows-percent", "0")]).contains("from 1 to 100"))
        #expect(message("az-power-interruption", [("autoshift-delay", "PT40M")]).contains("must be shorter than outage"))
        #expect(message("az-power-interruption", [("az", "us-east-1a!")]).contains("not valid for FIS"))
    }
}
