import Foundation
import Testing

/// `faultline run --unsupported` and `faultline plan --scenario` with the experiment's `params`.
@Suite struct ExperimentOptionsTests {
    let cli = CLITests()

    static let scenario = """
        name: cli-exp
        horizon: 3m
        period: 10s
        regions: [{ name: eu-west-1, azs: [az1, az2] }]
        functions:
          - { name: fn0, duration: 50ms, fisExtension: { slowPoll: 20s }, tags: { team: blue } }
        workloads:
          - { name: users, service: fn0, arrivals: { poisson: { rate: 5 } } }
        experiments:
          - { name: exp, template: tpl.json, start: 30s, params: { TEAM: blue } }

        """

    static let template = """
        {
          "description": "stop the VMs, then slow the team's functions",
          "targets": {
            "VMs": { "resourceType": "aws:ec2:spot-instance", "resourceTags": { "app": "web" }, "selectionMode": "ALL" },
            "Fns": { "resourceType": "aws:lambda:function", "resourceTags": { "team": "${TEAM}" }, "selectionMode": "ALL" }
          },
          "actions": {
            "stop": { "actionId": "aws:ec2:send-spot-instance-interruptions", "parameters": { "durationBeforeInterruption": "PT2M" },
                      "targets": { "SpotInstances": "VMs" } },
            "delay": { "actionId": "aws:lambda:invocation-add-delay", "parameters": { "duration": "PT1M" },
                       "targets": { "Functions": "Fns" }, "startAfter": ["stop"] }
          },
          "stopConditions": [ { "source": "none" } ],
          "roleArn": "arn:aws:iam::210987654321:role/fis"
        }
        """

    @Test func unsupportedSkipAndPlanParams() throws {
        let dir = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.scenario.write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        try Self.template.write(to: dir.appendingPathComponent("tpl.json"), atomically: true, encoding: .utf8)
        let s = dir.appendingPathComponent("s.yaml").path, out = dir.appendingPathComponent("out").path

        let fail = try cli.faultline(["run", s, "--out", out])
        #expect(fail.status != 0)
        #expect(fail.stderr.contains("aws:ec2:send-spot-instance-interruptions, which Faultline does not replay yet"))
        #expect(fail.stderr.contains("supported actions:"))

        let skip = try cli.faultline(["run", s, "--out", out, "--unsupported", "skip"])
        #expect(skip.status == 0, "\(skip.stderr)")
        #expect(skip.stderr.contains("warning: experiment 'exp': action 'stop' (aws:ec2:send-spot-instance-interruptions) is skipped"))
        let json = try String(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("experiment.json"), encoding: .utf8)
        #expect(json.contains(#""status": "skipped""#))
        #expect(json.contains(#""fault": "exp/delay""#))

        let bad = try cli.faultline(["run", s, "--out", out, "--unsupported", "ignore"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--unsupported must be 'skip' or 'fail'"))

        // plan uses the experiment's params (TEAM=blue), so the functions resolve.
        let plan = try cli.faultline(["plan", dir.appendingPathComponent("tpl.json").path, "--scenario", s])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("Fns  aws:lambda:function  ALL  1 of 1 candidate(s)"))
        #expect(!plan.stdout.contains("unresolved placeholders"))
        let other = try cli.faultline(["plan", dir.appendingPathComponent("tpl.json").path, "--scenario", s, "--param", "TEAM=red"])
        #expect(other.stdout.contains("Fns  aws:lambda:function  ALL  0 of 0 candidate(s)"))
    }
}
