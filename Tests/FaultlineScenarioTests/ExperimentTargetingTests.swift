import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel
import FaultlineRandom
import FaultlineScenario
import Foundation
import Testing

/// Scenario runs: unsupported actions (`unsupported: skip|fail`), target filters and target
/// parameters, and rollback of stopped actions.
@Suite struct ExperimentTargetingTests {
    typealias E = ExperimentTests

    static let stopThenDelay = E.template(
        targets: E.fnTarget + #", "VMs": { "resourceType": "aws:ec2:spot-instance", "resourceTags": { "app": "web" }, "selectionMode": "ALL" }"#,
        actions:
            #""stop": { "actionId": "aws:ec2:send-spot-instance-interruptions", "parameters": { "durationBeforeInterruption": "PT5M" }, "targets": { "SpotInstances": "VMs" } }, "#
            + E.delay("delay", "PT2M", after: #", "startAfter": ["stop"]"#))

    @Test func unsupportedActionsFailByDefault() {
        let d = E.diagnostics(E.scenario(), Self.stopThenDelay)
        let text = d.map(\.description).joined(separator: "\n")
        #expect(text.contains("the action 'stop' uses aws:ec2:send-spot-instance-interruptions, which Faultline does not replay yet"))
        #expect(text.contains("aws:fis:inject-api-internal-error, aws:fis:inject-api-throttle-error"))
        #expect(text.contains("or set unsupported: skip on the experiment"))
        #expect(text.contains("the resource type 'aws:ec2:spot-instance' of target 'VMs' is not modelled"))
        let failKey = E.diagnostics(E.scenario(experiment: "{ name: exp, template: tpl.json, start: 1m, unsupported: fail }"), Self.stopThenDelay)
        #expect(failKey.count == d.count)
        let bad = E.diagnostics(E.scenario(experiment: "{ name: exp, template: tpl.json, start: 1m, unsupported: ignore }"), Self.stopThenDelay)
        #expect(bad.contains { $0.message.contains("unsupported must be 'skip' or 'fail', got 'ignore'") && $0.path == "experiments[0].unsupported" })
    }

    /// Skipped as FIS skips an action: it ends at once and the action after it starts then.
    @Test func skippedActionsLetTheirSuccessorsStart() throws {
        let spec = try E.load(E.scenario(experiment: "{ name: exp, template: tpl.json, start: 1m, unsupported: skip }"), Self.stopThenDelay)
        #expect(
            spec.warnings.contains {
                $0.contains("experiment 'exp': action 'stop' (aws:ec2:send-spot-instance-interruptions) is skipped: Faultline does not replay it yet")
            })
        // The replayed actions are listed once per scenario, not in every skipped action's warning.
        #expect(spec.warnings.filter { $0.contains("aws:lambda:invocation-add-delay") }.count == 1)
        #expect(spec.warnings.contains { $0.hasPrefix("Faultline replays these FIS actions (docs/fis-actions.md): ") })
        let (faults, outcomes) = E.plan(spec)
        let o = try #require(outcomes.first)
        #expect(o.status == .completed)
        let running = SimInstant.zero + .seconds(72)
        #expect(o.actions[0].status == .skipped)
        #expect(o.actions[0].start == running && o.actions[0].end == running)
        #expect(o.actions[0].note?.contains("not replayed by Faultline (unsupported: skip)") == true)
        #expect(o.actions[1].status == .completed)
        #expect(o.actions[1].start == running && o.actions[1].end == running + .minutes(2))
        #expect(faults.count == 1 && faults[0].start == running)
        // The command-line override wins over the experiment's key.
        let text = E.scenario(experiment: "{ name: exp, template: tpl.json, start: 1m, unsupported: fail }")
        let forced = try ScenarioSpec.load(text: text, file: "test.yaml", unsupported: .skip) { _ in Self.stopThenDelay }
        #expect(E.plan(forced).outcomes[0].actions.map(\.status) == [.skipped, .completed])
        // experiment.json shows the skip and why.
        let run = try ScenarioRun.run(spec, options: RunOptions(horizon: .minutes(4)))
        let json = run.experimentJSON().rendered()
        #expect(json.contains(#""status": "skipped""#))
        #expect(json.contains("aws:ec2:send-spot-instance-interruptions is not replayed by Faultline"))
    }

    /// Filters on `Placement.AvailabilityZone`, `AvailabilityZone` and `State.Name` (running).
    @Test func runsApplyTargetFilters() throws {
        func selected(_ filters: String) throws -> [String] {
            let target =
                #""T": { "resourceType": "aws:lambda:function", "resourceTags": { "FIS-Ready": "true" }, "filters": [\#(filters)], "selectionMode": "ALL" }"#
            let tpl = E.template(targets: target, actions: E.delay(), options: #""emptyTargetResolutionMode": "skip""#)
            var yaml = E.scenario(functions: 3)
            yaml = yaml.replacingOccurrences(of: "  - { name: fn1, duration: 50ms,", with: "  - { name: fn1, azs: [az2], duration: 50ms,")
            let spec = try E.load(yaml, tpl)
            return E.plan(spec).outcomes[0].targets[0].resources.map(\.name)
        }
        #expect(try selected(#"{ "path": "Placement.AvailabilityZone", "values": ["az1"] }"#) == ["fn0", "fn2"])
        #expect(try selected(#"{ "path": "AvailabilityZone", "values": ["az2"] }"#) == ["fn0", "fn1", "fn2"])
        #expect(
            try selected(#"{ "path": "State.Name", "values": ["running"] }, { "path": "AvailabilityZone", "values": ["az9", "az2"] }"#) == ["fn0", "fn1", "fn2"]
        )
        #expect(try selected(#"{ "path": "State.Name", "values": ["stopped"] }"#) == [])
        #expect(try selected(#"{ "path": "Runtime", "values": ["python3.12"] }"#) == [])
    }

    @Test func scenarioInventoryHasAZNamesAndIDs() throws {
        let spec = try E.load(E.scenario(functions: 1), E.template(targets: E.fnTarget, actions: E.delay()))
        let fn = try #require(spec.inventory.first { $0.name == "fn0" })
        #expect(fn.az == "az1,az2")
        #expect(fn.attributes["AvailabilityZoneId"] == "euw1-az1,euw1-az2")
    }

    /// Target parameters: AZ by name or AZ ID, EKS pod selection by labels (tags), cluster and
    /// namespace, podName; functionQualifier accepted.
    @Test func targetParametersSelect() {
        func pod(_ name: String, az: String, id: String, labels: StringPairs, cluster: String = "c1", ns: String = "default") -> InventoryResource {
            InventoryResource(
                name: name, resourceType: "aws:eks:pod", arn: "arn:aws:eks:us-east-1:123456789012:pod/\(name)", tags: labels,
                service: ServiceID(0), hasFISExtension: false, az: az,
                attributes: ["AvailabilityZoneId": id, "clusterIdentifier": cluster, "namespace": ns])
        }
        let pods = [
            pod("a", az: "us-east-1a", id: "use1-az1", labels: ["app": "web"]),
            pod("b", az: "us-east-1b", id: "use1-az2", labels: ["app": "web", "tier": "front"]),
            pod("c", az: "us-east-1a", id: "use1-az1", labels: ["app": "api"]),
            pod("d", az: "us-east-1a", id: "use1-az1", labels: ["app": "web"], cluster: "c2"),
            pod("e", az: "us-east-1a", id: "use1-az1", labels: ["app": "web"], ns: "prod")
        ]
        let stream = RandomStream(master: 1, component: "t", replication: 0, generator: .mt19937)
        func pick(_ params: StringPairs) -> [String] {
            ExperimentPlanner.resolve(TemplateTarget(name: "P", resourceType: "aws:eks:pod", parameters: params), inventory: pods, stream: stream).resources
                .map(\.name)
        }
        let base: StringPairs = ["clusterIdentifier": "c1", "namespace": "default", "selectorType": "labelSelector", "selectorValue": "app=web"]
        #expect(pick(base) == ["a", "b"])
        #expect(pick(StringPairs(base.pairs + [.init(key: "availabilityZoneIdentifier", value: "us-east-1a")])) == ["a"])
        #expect(pick(StringPairs(base.pairs + [.init(key: "availabilityZoneIdentifier", value: "use1-az2")])) == ["b"])
        #expect(pick(StringPairs(base.pairs + [.init(key: "targetContainerName", value: "app")])) == ["a", "b"])
        #expect(pick(["clusterIdentifier": "c1", "namespace": "default", "selectorType": "labelSelector", "selectorValue": "app=web,tier=front"]) == ["b"])
        #expect(pick(["clusterIdentifier": "c1", "namespace": "default", "selectorType": "podName", "selectorValue": "c"]) == ["c"])
        #expect(pick(["clusterIdentifier": "c2", "namespace": "default", "selectorType": "labelSelector", "selectorValue": "app=web"]) == ["d"])

        let fns = [
            InventoryResource(
                name: "f", resourceType: "aws:lambda:function", arn: "arn:aws:lambda:us-east-1:1:function:f", tags: ["x": "y"],
                service: ServiceID(0), hasFISExtension: true)
        ]
        let q = ExperimentPlanner.resolve(
            TemplateTarget(
                name: "F", resourceType: "aws:lambda:function", resourceTags: ["x": "y"],
                parameters: ["functionQualifier": "$LATEST"]), inventory: fns, stream: stream)
        #expect(q.resources.map(\.name) == ["f"])
        let rds = ExperimentPlanner.resolve(
            TemplateTarget(name: "R", resourceType: "aws:eks:pod", parameters: ["writerAvailabilityZoneIdentifiers": "all"]),
            inventory: pods, stream: stream)
        #expect(rds.resources.count == 5)
    }

    /// A stopped action is rolled back at the stop: experiment.json records when.
    @Test func stoppedActionsRecordTheirRollback() throws {
        var text = try String(contentsOf: Fixtures.scenarios.appendingPathComponent("lambda-fis-template.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "    initiationDelay: 12s", with: "    initiationDelay: 12s\n    stopAt: 700s")
            .replacingOccurrences(of: "horizon: 30m", with: "horizon: 15m")
        let spec = try ScenarioSpec.load(text: text, file: "scenarios/lambda-fis-template.yaml") { rel in
            try String(contentsOf: Fixtures.scenarios.appendingPathComponent(rel), encoding: .utf8)
        }
        let run = try ScenarioRun.run(spec)
        let a = try #require(run.experiments.first?.actions.first)
        #expect(a.status == .stopped)
        #expect(a.rollback == SimInstant.zero + .seconds(700))
        #expect(run.experimentJSON().rendered().contains(#""rollback_s": 700"#))
        // Without a stop nothing is rolled back and experiment.json has no rollback.
        let plain = try ScenarioRun.run(try Fixtures.load("lambda-fis-template.yaml"), options: RunOptions(horizon: .minutes(15)))
        #expect(plain.experiments.first?.actions.allSatisfy { $0.rollback == nil } == true)
        #expect(!plain.experimentJSON().rendered().contains("rollback_s"))
    }
}
