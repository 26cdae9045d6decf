import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

@testable import FaultlineAnalysis

/// Issue 11: a network action whose targets carried no traffic while it ran took no effect,
/// and the experiment says so (its `problems`, after the run; `validate` before it where the
/// scenario shows it statically).
@Suite struct NetworkNoTrafficTests {
    /// web (three ECS tasks per AZ) takes a workload; idle's tasks are called by no one and call
    /// no one. The template slows every task tagged Role=<role>.
    static func spec(role: String) throws -> ScenarioSpec {
        let yaml = """
            name: net-no-traffic
            horizon: 90s
            period: 10s
            regions: [{ name: r, azs: [a, b] }]
            network: { intraAZ: 0s, crossAZ: 0s }
            services:
              - name: web
                azs: [a, b]
                hosts: { type: ecs-task, perAZ: 3, workersEach: 100, cluster: shop }
                loadBalancer: { name: web-alb, crossZone: false, algorithm: round-robin }
                serviceTime: 1ms
                tags: { Role: web }
              - name: idle
                azs: [a, b]
                hosts: { type: ecs-task, perAZ: 2, workersEach: 10, cluster: batch }
                serviceTime: 1ms
                tags: { Role: idle }
            workloads:
              - { name: ca, service: web, azs: [a], client: { timeout: 10s }, arrivals: { poisson: { rate: 50 } } }
            experiments:
              - { name: slow, template: slow.json, start: 10s, initiationDelay: 0s }
            """
        let template = """
            { "description": "slow tasks", "targets": { "Tasks": { "resourceType": "aws:ecs:task", "selectionMode": "ALL",
                  "resourceTags": { "Role": "\(role)" } } },
              "actions": { "slow": { "actionId": "aws:ecs:task-network-latency",
                  "parameters": { "duration": "PT1M", "delayMilliseconds": "100", "jitterMilliseconds": "0" }, "targets": { "Tasks": "Tasks" } } },
              "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
            """
        return try Fixtures.spec(yaml, files: ["slow.json": template])
    }

    @Test func idleTargetsTookNoEffect() throws {
        let spec = try Self.spec(role: "idle")
        // validate: the targeted tasks' service takes part in no traffic.
        #expect(spec.warnings.contains { $0.contains("slow") && $0.contains("idle") && $0.contains("no traffic") }, "\(spec.warnings)")
        let r = try AnalyzedRun.run(spec, options: RunOptions())
        let e = try #require(r.analysis.experiments.first)
        let a = try #require(e.actions.first)
        #expect(a.state == .completed && a.resources == 4)
        #expect(a.crossings == 0 && a.firstEffect == nil && !e.tookEffect)
        let problem = try #require(e.problem(a))
        #expect(problem.contains("0 requests or responses crossed") && problem.contains("carried no traffic"), "\(problem)")
        #expect(e.actionLine(a).contains("took no effect (0 messages crossed the impaired hops)"))
        #expect(r.analysis.experimentsJSON().rendered().contains("0 requests or responses crossed"))
    }

    @Test func busyTargetsTookEffectAndCountTheirMessages() throws {
        let spec = try Self.spec(role: "web")
        #expect(!spec.warnings.contains { $0.contains("no traffic") }, "\(spec.warnings)")
        let r = try AnalyzedRun.run(spec, options: RunOptions())
        let e = try #require(r.analysis.experiments.first)
        let a = try #require(e.actions.first)
        // Every answer web's tasks sent in the 60 s window is slowed: about 50/s x 60 s.
        let n = try #require(a.crossings)
        #expect(n > 2500 && n < 3500, "\(n)")
        #expect(a.firstEffect == 10 && e.problem(a) == nil)
        let fi = try #require(r.run.spec.model.faults.firstIndex { $0.name == "slow/slow" })
        #expect(r.run.result.networkCrossings[fi] == n, "one computation: the run's count")
        #expect(e.actionLine(a).contains("\(n) messages crossed the impaired hops"))
    }
}
