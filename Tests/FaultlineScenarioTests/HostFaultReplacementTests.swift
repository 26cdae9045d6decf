import FaultlineCloud
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// Network faults and host replacement together: a host `tc` fault (aws:ecs:task-network-*,
/// aws:eks:pod-network-*, AWSFIS-Run-Network-*) holds the tasks it resolved, not the tasks that
/// replace them; a subnet fault (aws:network:disrupt-connectivity) holds whatever runs in the
/// subnet, replacements included; health checks cross the network and fail through it; the ECS
/// service scheduler replaces a task its target group reports unhealthy.
@Suite struct HostFaultReplacementTests {
    /// One web host per AZ (a, b) behind a cross-zone ALB (checks every 10 s, 2 s timeout,
    /// unhealthy after 2 failures), constant 15 s boot and 10 s replacement delay, no base
    /// latency; web may call `db` (one AZ-b station). Clients in both AZs, no retries.
    static func yaml(type: String = "ecs-task", calls: String = "", faults: String, horizon: String = "300s") -> String {
        """
        name: replacement-net
        horizon: \(horizon)
        period: 1s
        regions: [ { name: r, azs: [a, b] } ]
        network: { intraAZ: 0s, crossAZ: 0s }
        services:
          - name: web
            azs: [a, b]
            hosts: { type: \(type), perAZ: 1, workersEach: 50, bootTime: 15s, replacementDelay: 10s, cluster: shop }
            loadBalancer: { name: web-alb, crossZone: true, healthCheck: { interval: 10s, timeout: 2s, healthyThreshold: 3, unhealthyThreshold: 2 } }
            queueCapacity: 10
            timeout: 5s
            serviceTime: 1ms
        \(calls.isEmpty ? "" : "    calls: [ { service: db, timeout: 500ms } ]")
          - { name: db, azs: [b], workersPerAZ: 100, serviceTime: 1ms }
        workloads:
          - { name: users, service: web, azs: [a, b], client: { timeout: 1s, retry: none }, arrivals: { poisson: { rate: 50 } } }
        \(faults.isEmpty ? "" : "faults:\n" + faults)
        """
    }

    static func changes(_ run: ScenarioRun, _ host: String) -> [(event: String, at: Double)] {
        let i = run.result.hosts.firstIndex { $0.name == host }!
        return run.result.hostChanges.filter { $0.host == Int32(i) }.map { ($0.event, $0.at.seconds) }
    }

    static func at(_ c: [(event: String, at: Double)], _ event: String) -> Double? { c.first { $0.event == event }?.at }

    /// 100 % egress packet loss on web/a/0 from 60 s for 10 min: its health checks' answers
    /// are lost, so the first check sent after 60 s (at c0 in [60, 70)) and the next one time
    /// out: unhealthy at U = c0 + 10 + 2. The ECS scheduler stops it and launches a
    /// replacement at exactly U + 10, running at U + 25; the fault resolved the old task, so the
    /// replacement answers the check at c0 + 30 = U + 28 and is healthy (one pass for a new
    /// target), and serves without a single error while the fault is still active.
    @Test func aReplacedTaskIsHealthyAndServingUnderATaskPacketLoss() throws {
        let faults = """
          - { name: loss, action: aws:ecs:task-network-packet-loss, targets: [web/a/0], start: 60s, duration: 10m, parameters: { lossPercent: "100" } }
        """
        let (run, tl) = try Timeline.run(try Fixtures.spec(Self.yaml(faults: faults)))
        let c = Self.changes(run, "web/a/0")
        #expect(c.map(\.event) == ["unhealthy", "replacing", "running", "healthy"], "\(c)")
        let u = try #require(Self.at(c, "unhealthy"))
        #expect(u >= 60 + 10 + 2 && u < 60 + 2 * 10 + 2, "unhealthy at \(u)")
        #expect(abs(try #require(Self.at(c, "replacing")) - (u + 10)) < 1e-9)
        #expect(abs(try #require(Self.at(c, "running")) - (u + 25)) < 1e-9)
        #expect(abs(try #require(Self.at(c, "healthy")) - (u + 28)) < 1e-9)
        // The fault bites until the ALB stops routing to the task, and never after.
        #expect(tl.sum("web", "NetworkMessagesDropped", from: 60, to: u) > 0)
        #expect(tl.sum("web", "NetworkMessagesDropped", from: u.rounded(.up), to: 300) == 0)
        #expect(tl.sum("client/users", "Errors", from: 0, to: 60) == 0)
        #expect(tl.sum("client/users", "Errors", from: 60, to: u + 2) > 0)
        // Requests routed to the task before U time out 1 s later at the client.
        #expect(tl.sum("client/users", "Errors", from: (u + 1).rounded(.up), to: 300) == 0)
        // The replacement serves its half of the traffic (round robin over two healthy targets).
        let host = try #require(run.result.hosts.first { $0.name == "web/a/0" })
        let after = tl.sum("web-alb", "RequestCount", from: (u + 29).rounded(.up), to: 300) / 2
        #expect(host.replacements == 1 && host.healthyAtEnd && host.stateAtEnd == "running")
        #expect(Double(host.served) > after - 5, "served \(host.served), half of the requests after healthy \(after)")
        #expect(try #require(run.result.hosts.first { $0.name == "web/b/0" }).replacements == 0)
    }

    /// The same task stopped (aws:ecs:stop-task) at 60 s under a host fault and under a subnet
    /// fault of its AZ, both for 10 min: the replacement runs at 60 + 10 + 15 = 85 s in the
    /// same subnet. Web calls db in AZ b. The task's `tc` loss (sources ALL) resolved the old
    /// task, so the replacement's calls get through; the NACL (scope all) denies the subnet's
    /// traffic to other subnets, so the replacement's calls to db are dropped like its
    /// predecessor's, for the whole window.
    @Test func aSubnetFaultHitsReplacementsAHostFaultDoesNot() throws {
        func run(_ fault: String) throws -> (ScenarioRun, Timeline) {
            try Timeline.run(try Fixtures.spec(Self.yaml(calls: "db", faults: """
                  - { name: stop, action: aws:ecs:stop-task, targets: [web/a/0], start: 60s }
                \(fault)
                """)))
        }
        let (hostRun, hostTL) = try run("""
              - { name: loss, action: aws:ecs:task-network-packet-loss, targets: [web/a/0], start: 60s, duration: 10m, parameters: { lossPercent: "100" } }
            """)
        let (subnetRun, subnetTL) = try run("""
              - { name: nacl, action: aws:network:disrupt-connectivity, targets: [a], start: 60s, duration: 10m, parameters: { scope: all } }
            """)
        for r in [hostRun, subnetRun] {
            let c = Self.changes(r, "web/a/0")
            #expect(Self.at(c, "replacing") == 70 && Self.at(c, "running") == 85, "\(c)")
            #expect(Self.at(c, "healthy").map { $0 >= 85 && $0 < 95 } == true, "\(c)")
        }
        // Host fault: nothing of web is dropped once the replacement runs; db gets its calls.
        #expect(hostTL.sum("web", "NetworkMessagesDropped", from: 85, to: 300) == 0)
        #expect(hostTL.sum("client/users", "Errors", from: 97, to: 300) == 0)
        // Subnet fault: the replacement's calls to db are denied while the window lasts, and
        // each call the task makes is one dropped message.
        let dropped = subnetTL.sum("web", "NetworkMessagesDropped", from: 100, to: 300)
        let hostA = try #require(subnetRun.result.hosts.first { $0.name == "web/a/0" })
        #expect(dropped > 1000 && hostA.healthyAtEnd, "dropped \(dropped)")
        #expect(subnetTL.sum("client/users", "Errors", from: 100, to: 300) >= dropped - 2)
        #expect(subnetTL.sum("web", "NetworkMessagesDropped", from: 0, to: 60) == 0)
    }

    /// A health check is two round trips (handshake, then request and answer) from the node
    /// in the target's AZ. With a `tc` delay d on the target's egress only the answers are
    /// late: the check takes 2·d and fails when that reaches the 2 s timeout. 900 ms passes
    /// (1.8 s), 1,100 ms fails (2.2 s); 100 % loss on the ingress (SSM -Sources document,
    /// TrafficType ingress) loses the checks themselves; no fault, no failure. EC2 instances
    /// without an Auto Scaling group: nothing replaces them, so they stay unhealthy.
    @Test(arguments: [("delay-900", false), ("delay-1100", true), ("ingress-loss", true), ("none", false)])
    func aHealthCheckFailsThroughTheNetwork(kind: String, fails: Bool) throws {
        let doc: String
        switch kind {
        case "delay-900", "delay-1100":
            doc = #"{"DelayMilliseconds":"\#(kind.dropFirst(6))","JitterMilliseconds":"0","Sources":"ALL","TrafficType":"egress","DurationSeconds":"600"}"#
        case "ingress-loss":
            doc = #"{"LossPercent":"100","Sources":"ALL","TrafficType":"ingress","DurationSeconds":"600"}"#
        default:
            doc = ""
        }
        let document = kind.hasPrefix("delay") ? "AWSFIS-Run-Network-Latency-Sources" : "AWSFIS-Run-Network-Packet-Loss-Sources"
        let fault = doc.isEmpty ? "" : """
              - name: net
                action: aws:ssm:send-command
                targets: [web/a/0]
                start: 60s
                duration: 10m
                parameters:
                  documentArn: arn:aws:ssm:r::document/\(document)
                  documentParameters: '\(doc)'
            """
        let (run, _) = try Timeline.run(try Fixtures.spec(Self.yaml(type: "ec2-instance", faults: fault, horizon: "150s")))
        let c = Self.changes(run, "web/a/0")
        if fails {
            let u = try #require(Self.at(c, "unhealthy"), "\(kind): \(c)")
            #expect(u >= 72 && u < 82, "\(kind) unhealthy at \(u)")
            #expect(c.map(\.event) == ["unhealthy"], "\(kind): \(c)")
        } else {
            #expect(c.isEmpty, "\(kind): \(c)")
        }
        #expect(Self.changes(run, "web/b/0").isEmpty)
    }
}
