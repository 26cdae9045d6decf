import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// Hosts of `hosts:` and the network model together: a host network fault (`tc` from the ECS,
/// EKS and SSM actions) acts on exactly the targeted host's deployment; the one
/// `aws:ssm:send-command` action replays both document families; `platform:` stays the shorthand
/// for one implicit host per AZ, and every host is listed once in the inventory.
@Suite struct HostNetworkTests {
    /// Three hosts per AZ behind a load balancer without cross-zone routing (round robin in the
    /// client's AZ), no base network latency and a constant 1 ms service time; clients in a and b.
    static func yaml(type: String = "ecs-task", faults: String = "", experiments: String = "") -> String {
        """
        name: host-net
        horizon: 30s
        period: 10s
        regions: [{ name: r, azs: [a, b] }]
        network: { intraAZ: 0s, crossAZ: 0s }
        services:
          - name: web
            azs: [a, b]
            hosts: { type: \(type), perAZ: 3, workersEach: 100, cluster: shop }
            loadBalancer: { name: web-alb, crossZone: false, algorithm: round-robin }
            serviceTime: 1ms
        workloads:
          - { name: ca, service: web, azs: [a], client: { timeout: 10s }, arrivals: { poisson: { rate: 90 } } }
          - { name: cb, service: web, azs: [b], client: { timeout: 10s }, arrivals: { poisson: { rate: 30 } } }
        \(faults.isEmpty ? "" : "faults:\n" + faults)
        \(experiments.isEmpty ? "" : "experiments:\n" + experiments)
        """
    }

    /// The share of AZ a's answers that came from `host`.
    static func share(_ run: ScenarioRun, _ host: String) throws -> (share: Double, served: [String: Int64]) {
        let inA = run.result.hosts.filter { $0.az == "a" }
        let total = Double(inA.reduce(0) { $0 + $1.served })
        let h = try #require(inA.first { $0.name == host })
        return (Double(h.served) / total, Dictionary(uniqueKeysWithValues: inA.map { ($0.name, $0.served) }))
    }

    /// 100 ms egress latency on host 1 of the 3 in AZ a: exactly the requests it served are
    /// 100 ms slower (1 ms -> 101 ms), so client/ca's mean is 1 + 100 × its share of the
    /// answers (a third, round robin); the other hosts' requests stay at 1 ms (p50), and AZ b's
    /// client, served by other hosts, is untouched.
    @Test func latencyOnHostKOfThreeSlowsOnlyItsRequests() throws {
        let spec = try Fixtures.spec(
            Self.yaml(
                faults: """
                      - { name: slow, action: aws:ecs:task-network-latency, targets: [web/a/1], start: 0s, duration: 1h,
                          parameters: { delayMilliseconds: "100", jitterMilliseconds: "0" } }
                    """))
        let fault = try #require(spec.model.faults.first)
        #expect(fault.action.isNetwork && fault.hosts.map(\.index) == [1] && fault.hosts.count == 1)
        let (run, _) = try Timeline.run(spec)
        let ca = try #require(run.service("client/ca")), cb = try #require(run.service("client/cb"))
        let (share, served) = try Self.share(run, "web/a/1")
        #expect(abs(share - 1.0 / 3) < 0.01, "\(served)")
        let n = Double(ca.completed)
        #expect(n > 2000)
        // A few answers of host 1 may still be in flight at the horizon: 3 / n of slack.
        #expect(abs(ca.latency.meanMs - (1 + 100 * share)) < 100 * 3 / n, "mean \(ca.latency.meanMs), share \(share)")
        #expect(abs(ca.latency.p50Ms - 1) < 0.01 && abs(ca.latency.maxMs - 101) < 0.2, "\(ca.latency)")
        #expect(abs(cb.latency.meanMs - 1) < 1e-6 && abs(cb.latency.maxMs - 1) < 0.01, "\(cb.latency)")

        // Host 0 instead: the same share, and host 1 is no longer slowed (another host's deployment).
        let other = try Fixtures.spec(
            Self.yaml(
                faults: """
                      - { name: slow, action: aws:ecs:task-network-latency, targets: [web/a/0], start: 0s, duration: 1h,
                          parameters: { delayMilliseconds: "100", jitterMilliseconds: "0" } }
                    """))
        let (run0, _) = try Timeline.run(other)
        let (share0, _) = try Self.share(run0, "web/a/0")
        let ca0 = try #require(run0.service("client/ca"))
        #expect(abs(ca0.latency.meanMs - (1 + 100 * share0)) < 100 * 3 / Double(ca0.completed))

        // A whole service (`targets: [web]`, azs: [a]) takes every host of the AZ: all 101 ms.
        let all = try Fixtures.spec(
            Self.yaml(
                faults: """
                      - { name: slow, action: aws:ecs:task-network-latency, targets: [web], azs: [a], start: 0s, duration: 1h,
                          parameters: { delayMilliseconds: "100", jitterMilliseconds: "0" } }
                    """))
        #expect(all.model.faults.first?.hosts.count == 3)
        let (runAll, _) = try Timeline.run(all)
        #expect(abs(try #require(runAll.service("client/ca")).latency.meanMs - 101) < 1e-6)
    }

    /// A template picks one task of the three in AZ a (filter on the AZ, COUNT(1)): the fault
    /// holds that one host, and only its requests are slowed. The inventory lists each task once.
    @Test func templateTargetsOneTaskOfThree() throws {
        let template = """
            { "description": "slow one task", "targets": { "Tasks": { "resourceType": "aws:ecs:task", "selectionMode": "COUNT(1)",
                  "filters": [ { "path": "Placement.AvailabilityZone", "values": ["a"] } ] } },
              "actions": { "slow": { "actionId": "aws:ecs:task-network-latency",
                  "parameters": { "duration": "PT1H", "delayMilliseconds": "100", "jitterMilliseconds": "0" }, "targets": { "Tasks": "Tasks" } } },
              "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
            """
        let spec = try Fixtures.spec(
            Self.yaml(experiments: "  - { name: one, template: one.json, start: 0s, initiationDelay: 0s }"),
            files: ["one.json": template])
        let tasks = spec.inventory.filter { $0.resourceType == "aws:ecs:task" }
        #expect(tasks.count == 6 && Set(tasks.map(\.arn)).count == 6 && tasks.allSatisfy { $0.host != nil })
        #expect(tasks.filter { $0.attributes["AvailabilityZoneId"] == "r-az1" }.map(\.az) == ["a", "a", "a"])
        let (run, _) = try Timeline.run(spec)
        let e = try #require(run.experiments.first)
        let picked = try #require(e.targets.first?.resources.first)
        #expect(e.targets.first?.candidates == 3 && e.targets.first?.resources.count == 1)
        let fault = try #require(run.spec.model.faults.first { $0.name == "one/slow" })
        #expect(fault.hosts == [try #require(picked.host)])
        let (share, served) = try Self.share(run, picked.name)
        let ca = try #require(run.service("client/ca"))
        #expect(abs(ca.latency.meanMs - (1 + 100 * share)) < 100 * 3 / Double(ca.completed), "\(picked.name) \(served)")
        #expect(abs(try #require(run.service("client/cb")).latency.meanMs - 1) < 1e-6)
    }

    /// One `aws:ssm:send-command` action: the CPU-Stress document becomes a compute fault on its
    /// host, the Network-Latency document a host network fault on its host.
    @Test func sendCommandDispatchesByDocument() throws {
        let spec = try Fixtures.spec(
            Self.yaml(
                type: "ec2-instance",
                faults: """
                      - name: cpu
                        action: aws:ssm:send-command
                        targets: [web/a/0]
                        start: 5s
                        duration: 10s
                        parameters:
                          documentArn: arn:aws:ssm:r::document/AWSFIS-Run-CPU-Stress
                          documentParameters: '{"DurationSeconds":"10","LoadPercent":"50"}'
                      - name: net
                        action: aws:ssm:send-command
                        targets: [web/a/2]
                        start: 0s
                        duration: 1h
                        parameters:
                          documentArn: arn:aws:ssm:r::document/AWSFIS-Run-Network-Latency
                          documentParameters: '{"DelayMilliseconds":"100","DurationSeconds":"3600"}'
                    """))
        let cpu = try #require(spec.model.faults.first { $0.name == "cpu" })
        let net = try #require(spec.model.faults.first { $0.name == "net" })
        #expect(cpu.action.isCompute && cpu.action.actionID == "aws:ssm:send-command" && cpu.hosts.map(\.index) == [0])
        #expect(net.action.isNetwork && net.action.actionID == "aws:ssm:send-command" && net.hosts.map(\.index) == [2])
        let (run, _) = try Timeline.run(spec)
        let i = try #require(run.result.hosts.firstIndex { $0.name == "web/a/0" })
        #expect(run.result.hostChanges.filter { $0.host == Int32(i) }.map(\.event) == ["cpu-stress-start", "cpu-stress-end"])
        // The network document slows host 2's answers by 100 ms, and only those (CPU stress
        // stretches host 0's 1 ms to 2 ms for 10 s: a small, bounded addition).
        let (share, _) = try Self.share(run, "web/a/2")
        let ca = try #require(run.service("client/ca"))
        #expect(ca.latency.meanMs > 1 + 100 * share - 0.5 && ca.latency.meanMs < 1 + 100 * share + 0.5, "\(ca.latency.meanMs) vs share \(share)")
        #expect(abs(ca.latency.maxMs - 101) < 0.2)
    }

    /// `platform:` without `hosts:` keeps its implicit hosts (one per AZ, no load balancer);
    /// compute actions pass them by with a note; `platform:` with `hosts:` is an error; a
    /// compute document on an implicit host is refused in `faults:`.
    @Test func platformIsTheImplicitHostShorthand() throws {
        let base = """
            name: implicit
            horizon: 20s
            period: 10s
            regions: [{ name: r, azs: [a, b] }]
            services:
              - { name: api, platform: ec2, workersPerAZ: 4, serviceTime: 1ms }
            workloads:
              - { name: users, service: api, arrivals: { poisson: { rate: 10 } } }
            experiments:
              - { name: stop, template: stop.json, start: 0s, initiationDelay: 0s }
            """
        let template = """
            { "description": "stop all", "targets": { "Instances": { "resourceType": "aws:ec2:instance", "selectionMode": "ALL" } },
              "actions": { "stop": { "actionId": "aws:ec2:stop-instances", "parameters": {}, "targets": { "Instances": "Instances" } } },
              "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
            """
        let spec = try Fixtures.spec(base, files: ["stop.json": template])
        let instances = spec.inventory.filter { $0.resourceType == "aws:ec2:instance" }
        #expect(instances.count == 2 && instances.allSatisfy { $0.host?.index == 0 })
        let run = try ScenarioRun.run(spec)
        let action = try #require(run.experiments.first?.actions.first)
        #expect(action.fault == nil && action.resources.isEmpty && (action.note ?? "").contains("implicit hosts"), "\(action)")
        #expect(run.result.hosts.isEmpty && run.service("api")?.errors == 0)

        let both = Fixtures.diagnostics(
            """
            name: both
            regions: [{ name: r, azs: [a] }]
            services:
              - { name: web, platform: ecs, hosts: { type: ecs-task, perAZ: 2, workersEach: 2 }, serviceTime: 1ms }
            """
        ).map(\.message)
        #expect(both.contains { $0.contains("'platform' cannot be given with 'hosts:'") }, "\(both)")
        let cpu = Fixtures.diagnostics(
            """
            name: cpu
            regions: [{ name: r, azs: [a] }]
            services:
              - { name: api, platform: ec2, workersPerAZ: 4, serviceTime: 1ms }
            faults:
              - { name: f, action: aws:ssm:send-command, targets: [api], start: 0s, duration: 1m,
                  parameters: { documentArn: "arn:aws:ssm:r::document/AWSFIS-Run-Kill-Process", documentParameters: '{"ProcessName":"java"}' } }
            """
        ).map { "\($0.message) \($0.fix ?? "")" }
        #expect(cpu.count == 1 && cpu[0].contains("'api' is not a service with hosts") && cpu[0].contains("implicit host"), "\(cpu)")
    }
}
