import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// `experiments:` — unchanged FIS templates replayed as faults: targeting, selection,
/// scheduling, errors and the end-to-end effect.
@Suite struct ExperimentTests {
    /// A scenario with `count` functions `fn0..` (extension on), tags per function, a table, and
    /// one experiment of `tpl.json`.
    static func scenario(
        functions count: Int = 3, tags: (Int) -> String = { _ in "{ FIS-Ready: \"true\" }" },
        experiment: String = "{ name: exp, template: tpl.json, start: 1m }", horizon: String = "5m", rate: Int = 0
    ) -> String {
        var y = """
            name: exp-test
            horizon: \(horizon)
            period: 10s
            regions: [{ name: eu-west-1, azs: [az1, az2] }]
            tables:
              - { name: items, tags: { FIS-Ready: "true" } }
            functions:

            """
        for i in 0..<count {
            y += "  - { name: fn\(i), duration: 50ms, fisExtension: { slowPoll: 20s }, tags: \(tags(i)), calls: [ { service: items } ] }\n"
        }
        if rate > 0 { y += "workloads:\n  - { name: users, service: fn0, arrivals: { poisson: { rate: \(rate) } } }\n" }
        return y + "experiments:\n  - \(experiment)\n"
    }

    static func template(targets: String, actions: String, options: String = "", role: String = "arn:aws:iam::123456789012:role/fis") -> String {
        """
        {
          "description": "test",
          "targets": { \(targets) },
          "actions": { \(actions) },
          "stopConditions": [ { "source": "none" } ],
          "roleArn": "\(role)"\(options.isEmpty ? "" : ",\n  \"experimentOptions\": { \(options) }")
        }
        """
    }

    static let fnTarget = #""T": { "resourceType": "aws:lambda:function", "resourceTags": { "FIS-Ready": "true" }, "selectionMode": "ALL" }"#
    static func delay(_ name: String = "delay", _ duration: String = "PT2M", after: String = "") -> String {
        #""\#(name)": { "actionId": "aws:lambda:invocation-add-delay", "parameters": { "duration": "\#(duration)", "startupDelayMilliseconds": "500" }, "targets": { "Functions": "T" }\#(after) }"#
    }

    static func plan(_ spec: ScenarioSpec, seed: UInt64 = 1) -> (faults: [FaultConfig], outcomes: [ExperimentOutcome]) {
        ExperimentPlanner.plan(spec.experiments, inventory: spec.inventory, services: spec.model.services, seed: seed)
    }

    static func load(_ yaml: String, _ tpl: String) throws -> ScenarioSpec { try Fixtures.spec(yaml, files: ["tpl.json": tpl]) }

    static func diagnostics(_ yaml: String, _ tpl: String) -> [Diagnostic] {
        do {
            _ = try load(yaml, tpl)
            return []
        } catch let e as DocumentError { return e.diagnostics } catch { return [] }
    }

    @Test func tagsAndARNsSelectResources() throws {
        let tpl = Self.template(
            targets: #""T": { "resourceType": "aws:lambda:function", "resourceTags": { "FIS-Ready": "true", "team": "a" }, "selectionMode": "ALL" },"#
                + #""A": { "resourceType": "aws:lambda:function", "resourceArns": [ "arn:aws:lambda:eu-west-1:210987654321:function:fn2" ], "selectionMode": "ALL" },"#
                + #""Tab": { "resourceType": "aws:dynamodb:global-table", "resourceArns": [ "arn:aws:dynamodb:eu-west-1:210987654321:table/items" ], "selectionMode": "ALL" }"#,
            actions: Self.delay() + ","
                + #""err": { "actionId": "aws:lambda:invocation-error", "parameters": { "duration": "PT1M", "preventExecution": "true" }, "targets": { "Functions": "A" } },"#
                // FIS's API-error actions act on roles (EC2/Kinesis calls); LocalStack's acts on a service.
                + #""throttle": { "actionId": "localstack:generic:api-error", "parameters": { "duration": "PT1M", "percentage": "50", "service": "dynamodb", "operation": "GetItem", "errorCode": "429" } }"#
        )
        let yaml = Self.scenario(tags: { i in i == 0 ? "{ FIS-Ready: \"true\", team: a }" : "{ FIS-Ready: \"true\" }" })
            .replacingOccurrences(of: "horizon: 5m", with: "horizon: 5m\naccount: \"210987654321\"")
        let spec = try Self.load(yaml, tpl)
        #expect(spec.inventory.first { $0.name == "fn1" }?.arn == "arn:aws:lambda:eu-west-1:210987654321:function:fn1")
        let (faults, outcomes) = Self.plan(spec)
        let targets = outcomes[0].targets
        #expect(targets.map { $0.resources.map(\.name) } == [["fn0"], ["fn2"], ["items"]])
        #expect(faults.map(\.name) == ["exp/delay", "exp/err", "exp/throttle"])
        #expect(faults[2].action == .apiError(actionID: "localstack:generic:api-error", percentage: 50, status: 429, operations: ["GetItem"]))
        #expect(faults[2].targets.map { spec.model.services[Int($0.index)].name } == ["items"])
    }

    @Test func countAndPercentAreDeterministicPerSeed() throws {
        let tpl = Self.template(
            targets: #""C": { "resourceType": "aws:lambda:function", "resourceTags": { "FIS-Ready": "true" }, "selectionMode": "COUNT(3)" },"#
                + #""P": { "resourceType": "aws:lambda:function", "resourceTags": { "FIS-Ready": "true" }, "selectionMode": "PERCENT(25)" }"#,
            actions: #""w": { "actionId": "aws:fis:wait", "parameters": { "duration": "PT1M" } }"#)
        let spec = try Self.load(Self.scenario(functions: 10), tpl)
        let a = Self.plan(spec, seed: 7).outcomes[0].targets, b = Self.plan(spec, seed: 7).outcomes[0].targets
        #expect(a == b)
        #expect(a[0].resources.count == 3 && a[0].candidates == 10)
        #expect(a[1].resources.count == 2) // 25 % of 10, rounded down
        let picks = Set((1...8).map { Self.plan(spec, seed: UInt64($0)).outcomes[0].targets[0].resources.map(\.name) })
        #expect(picks.count > 1)
    }

    @Test func startAfterSequencesActionsAndDurations() throws {
        let tpl = Self.template(
            targets: Self.fnTarget,
            actions: #""wait": { "actionId": "aws:fis:wait", "parameters": { "duration": "PT1M" } },"#
                + Self.delay("delay", "PT2M", after: #", "startAfter": [ "wait" ]"#) + ","
                + #""err": { "actionId": "aws:lambda:invocation-error", "parameters": { "duration": "PT30S", "preventExecution": "false" }, "targets": { "Functions": "T" } }"#
        )
        let spec = try Self.load(Self.scenario(), tpl)
        let (faults, outcomes) = Self.plan(spec)
        let o = outcomes[0]
        let t0 = SimInstant.zero + .minutes(1), run = t0 + .seconds(12)
        #expect(o.actions.map(\.name) == ["wait", "delay", "err"])
        #expect(o.actions[0].start == run && o.actions[0].end == run + .minutes(1))
        #expect(o.actions[1].start == run + .minutes(1) && o.actions[1].end == run + .minutes(3))
        #expect(o.actions[2].start == run && o.actions[2].end == run + .seconds(30))
        #expect(o.states.map(\.status) == [.pending, .initiating, .running, .completed])
        #expect(o.states.last?.at == run + .minutes(3))
        #expect(faults.map(\.name) == ["exp/delay", "exp/err"]) // the wait injects nothing
    }

    @Test func initiationDelayIsConfigurable() throws {
        let spec = try Self.load(
            Self.scenario(experiment: "{ name: exp, template: tpl.json, start: 2m, initiationDelay: 30s }"),
            Self.template(targets: Self.fnTarget, actions: Self.delay()))
        let (faults, outcomes) = Self.plan(spec)
        #expect(outcomes[0].states[2].at == .zero + .minutes(2) + .seconds(30))
        #expect(faults[0].start == .zero + .minutes(2) + .seconds(30))
        #expect(faults[0].end == faults[0].start + .minutes(2))
    }

    @Test func unsupportedActionIsAnErrorInTheTemplate() {
        let tpl = Self.template(
            targets: #""I": { "resourceType": "aws:ec2:spot-instance", "resourceTags": { "FIS-Ready": "true" }, "selectionMode": "ALL" }"#,
            actions:
                #""stop": { "actionId": "aws:ec2:send-spot-instance-interruptions", "parameters": { "durationBeforeInterruption": "PT2M" }, "targets": { "SpotInstances": "I" } }"#
        )
        let d = Self.diagnostics(Self.scenario(), tpl)
        let hit = d.first { $0.message.contains("aws:ec2:send-spot-instance-interruptions") }
        #expect(hit != nil)
        #expect(hit?.file == "tpl.json")
        #expect(hit?.path == "actions.stop.actionId")
        #expect(hit?.location != nil)
        #expect(hit?.fix?.contains("aws:lambda:invocation-add-delay") == true)
    }

    @Test func unresolvedPlaceholderIsAnError() throws {
        let tpl = Self.template(targets: Self.fnTarget, actions: Self.delay(), role: "arn:aws:iam::${ACCOUNT}:role/fis")
        let d = Self.diagnostics(Self.scenario(), tpl)
        #expect(d.contains { $0.message.contains("${ACCOUNT}") && $0.file == "tpl.json" && $0.path == "roleArn" && $0.location?.line == 6 })
        // Reported together with the template's other problems.
        let both = Self.diagnostics(Self.scenario(), tpl.replacingOccurrences(of: "aws:lambda:invocation-add-delay", with: "aws:ec2:reboot-instances"))
        #expect(both.count == 2)
        let ok = try Self.load(Self.scenario(experiment: "{ name: exp, template: tpl.json, start: 1m, params: { ACCOUNT: \"123456789012\" } }"), tpl)
        #expect(ok.experiments.count == 1)
    }

    @Test func emptyTargetFailsOrSkips() throws {
        let none = #""T": { "resourceType": "aws:lambda:function", "resourceTags": { "absent": "x" }, "selectionMode": "ALL" }"#
        let failing = try Self.load(Self.scenario(), Self.template(targets: none, actions: Self.delay()))
        let f = Self.plan(failing)
        #expect(f.faults.isEmpty)
        #expect(f.outcomes[0].status == .failed)
        #expect(f.outcomes[0].states.last?.reason?.contains("InvalidTarget") == true)
        #expect(f.outcomes[0].actions[0].status == .cancelled)
        let skipping = try Self.load(Self.scenario(), Self.template(targets: none, actions: Self.delay(), options: #""emptyTargetResolutionMode": "skip""#))
        let s = Self.plan(skipping)
        #expect(s.faults.isEmpty)
        #expect(s.outcomes[0].status == .completed)
        #expect(s.outcomes[0].actions[0].status == .skipped)
    }

    @Test func templateAddDelayReachesTheFunctions() throws {
        let spec = try Self.load(
            Self.scenario(functions: 1, horizon: "4m", rate: 20), Self.template(targets: Self.fnTarget, actions: Self.delay("delay", "PT1M")))
        let run = try ScenarioRun.run(spec)
        let report = try #require(run.result.faults.first { $0.name == "exp/delay" })
        #expect(report.injections > 0)
        #expect(try #require(report.firstInjected) >= 72) // start 1m + 12 s initiation
        #expect(run.outputFiles.contains("experiment.json"))
        let json = run.experimentJSON().rendered()
        #expect(json.contains("\"first_injected_s\""))
        #expect(json.contains("arn:aws:lambda:eu-west-1:123456789012:function:fn0"))
        // Same seed, same bytes.
        #expect(try ScenarioRun.run(spec).experimentJSON().rendered() == json)
    }
}
