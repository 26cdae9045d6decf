import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario
import Foundation
import Testing

/// Hosts behind a load balancer and the FIS actions on them: capacity, health-check windows,
/// restart, replacement, reboot, CPU stress, kill-process, zonal shift, stop conditions.
@Suite struct ComputeTests {
    /// A service of `perAZ` hosts per AZ (constant service time), a fast health check and `faults`.
    static func yaml(
        azs: [String] = ["a1", "a2"], perAZ: Int = 2, each: Int = 5, serviceTime: String = "1s", rate: Double = 200,
        queue: Int = 0, interval: String = "10s", timeout: String = "2s", healthy: Int = 3, unhealthy: Int = 3,
        hostsExtra: String = "", lbExtra: String = "", asg: String = "", faults: String, horizon: String = "300s"
    ) -> String {
        """
        name: compute-test
        horizon: \(horizon)
        period: 1s
        regions: [ { name: us-east-1, azs: [\(azs.joined(separator: ", "))] } ]
        services:
          - name: web
            hosts: { type: ec2-instance, perAZ: \(perAZ), workersEach: \(each), bootTime: 20s, rebootTime: 15s, restartDelay: 25s\(hostsExtra) }
            loadBalancer: { name: web-alb, crossZone: true, healthCheck: { interval: \(interval), timeout: \(timeout), healthyThreshold: \(healthy), unhealthyThreshold: \(unhealthy) }\(lbExtra) }
        \(asg)
            queueCapacity: \(queue)
            serviceTime: \(serviceTime)
        workloads:
          - { name: users, service: web, arrivals: { poisson: { rate: \(rate) } } }
        \(faults.isEmpty ? "" : "faults:\n" + faults)
        """
    }

    static func run(_ text: String) throws -> (run: ScenarioRun, rows: [(t: Double, metric: String, stat: String, value: Double)]) {
        let spec = try Fixtures.spec(text)
        var csv = ""
        let run = try ScenarioRun.run(spec, sink: CSVTimelineWriter { csv += $0 })
        let rows = csv.split(separator: "\n").dropFirst().compactMap { line -> (Double, String, String, Double)? in
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5, f[1] == "web-alb" || f[1] == "web" else { return nil }
            return (Double(f[0])!, f[2], f[3], Double(f[4])!)
        }
        return (run, rows)
    }

    static func changes(_ run: ScenarioRun, _ host: String) -> [(event: String, at: Double)] {
        let i = run.result.hosts.firstIndex { $0.name == host }!
        return run.result.hostChanges.filter { $0.host == Int32(i) }.map { ($0.event, $0.at.seconds) }
    }

    static func at(_ c: [(event: String, at: Double)], _ event: String) -> Double? { c.first { $0.event == event }?.at }

    static func sum(_ rows: [(t: Double, metric: String, stat: String, value: Double)], _ metric: String, _ range: Range<Double>) -> Double {
        rows.filter { $0.metric == metric && $0.stat == "Sum" && range.contains($0.t) }.reduce(0) { $0 + $1.value }
    }

    @Test func stoppingKOfNHostsRemovesExactlyTheirCapacity() throws {
        // 4 hosts × 5 workers, 1 s each, loss station at 10× overload: throughput = busy workers.
        let faults = """
              - { name: stop, action: "aws:ec2:stop-instances", targets: [web/a1/0], start: 100s }
            """
        let (run, rows) = try Self.run(Self.yaml(faults: faults))
        let before = Self.sum(rows, "HTTPCode_Target_2XX_Count", 20..<100) / 80
        let after = Self.sum(rows, "HTTPCode_Target_2XX_Count", 150..<300) / 150
        #expect(abs(before - 20) < 0.4, "before \(before)/s")
        #expect(abs(after - 15) < 0.3, "after \(after)/s")
        let stopped = try #require(run.result.hosts.first { $0.name == "web/a1/0" })
        #expect(stopped.stateAtEnd == "stopped")
        #expect(stopped.downSeconds == 200)
        // Once unhealthy it gets nothing: every request sent to it after the stop was an ELB error.
        let c = Self.changes(run, "web/a1/0")
        #expect(c.map(\.event) == ["stopped", "unhealthy"])
        #expect(Self.sum(rows, "HTTPCode_ELB_5XX_Count", Self.at(c, "unhealthy")!.rounded(.up)..<300) == 0)
    }

    @Test func theLoadBalancerSendsToAStoppedHostUntilUnhealthyThresholdChecksFail() throws {
        let faults = """
              - { name: stop, action: "aws:ec2:stop-instances", targets: [web/a2/1], start: 100s }
            """
        let (run, rows) = try Self.run(Self.yaml(rate: 20, queue: 10, faults: faults))
        let unhealthy = try #require(Self.at(Self.changes(run, "web/a2/1"), "unhealthy"))
        // U = 3 failing checks 10 s apart, each failing after its 2 s timeout:
        // the first check after the stop is within one interval.
        #expect(unhealthy >= 100 + 2 * 10 + 2 && unhealthy < 100 + 3 * 10 + 2, "unhealthy at \(unhealthy)")
        // ELB 504s (connect timeout) exactly while the ALB still routed to it.
        let timeouts = rows.filter { $0.metric == "HTTPCode_ELB_504_Count" && $0.value > 0 }.map(\.t)
        #expect(timeouts.min()! >= 100 && timeouts.max()! < unhealthy)
        #expect(timeouts.count >= Int(unhealthy - 100) - 8, "504s in \(timeouts.count) of \(Int(unhealthy - 100)) seconds")
        let host = try #require(run.result.hosts.first { $0.name == "web/a2/1" })
        #expect(Double(host.loadBalancerErrors) == Self.sum(rows, "HTTPCode_ELB_5XX_Count", 0..<300))
    }

    @Test func aRestartedHostRejoinsAfterBootAndHealthyThresholdChecks() throws {
        let faults = """
              - { name: stop, action: "aws:ec2:stop-instances", targets: [web/a1/1], start: 50s, parameters: { startInstancesAfterDuration: PT1M } }
            """
        let (run, _) = try Self.run(Self.yaml(rate: 20, queue: 10, faults: faults, horizon: "200s"))
        let c = Self.changes(run, "web/a1/1")
        #expect(c.map(\.event) == ["stopped", "unhealthy", "pending", "running", "healthy"])
        #expect(Self.at(c, "pending") == 110)
        #expect(Self.at(c, "running") == 130) // constant 20 s boot
        let healthy = try #require(Self.at(c, "healthy"))
        // H = 3 passing checks 10 s apart; the first within one interval of running.
        #expect(healthy >= 130 + 2 * 10 && healthy < 130 + 3 * 10, "healthy at \(healthy)")
        let host = try #require(run.result.hosts.first { $0.name == "web/a1/1" })
        #expect(host.downSeconds == 80)
    }

    @Test func aTerminatedInstanceIsReplacedByTheAutoScalingGroup() throws {
        let faults = """
              - { name: kill, action: "aws:ec2:terminate-instances", targets: [web/a2/0], start: 50s }
            """
        let asg = "    autoScaling: { detectionDelay: 10s, launchTime: 30s }"
        let (run, _) = try Self.run(Self.yaml(rate: 20, queue: 10, asg: asg, faults: faults, horizon: "200s"))
        let c = Self.changes(run, "web/a2/0")
        #expect(Self.at(c, "terminated") == 50)
        #expect(Self.at(c, "replacing") == 60) // detection
        #expect(Self.at(c, "running") == 110.0, "\(c)") // 60 s + launch 30 s + boot 20 s
        let healthy = try #require(Self.at(c, "healthy"))
        // A newly registered target needs one passing check.
        #expect(healthy >= 110 && healthy < 120, "healthy at \(healthy)")
        let host = try #require(run.result.hosts.first { $0.name == "web/a2/0" })
        #expect(host.replacements == 1 && host.stateAtEnd == "running" && host.healthyAtEnd)
    }

    @Test func aRebootedInstanceIsDownForItsRebootTime() throws {
        let faults = """
              - { name: reboot, action: "aws:ec2:reboot-instances", targets: [web/a1/0], start: 50s }
            """
        let (run, _) = try Self.run(Self.yaml(rate: 20, queue: 10, faults: faults, horizon: "120s"))
        let c = Self.changes(run, "web/a1/0")
        #expect(Self.at(c, "rebooting") == 50 && Self.at(c, "running") == 65)
        #expect(run.result.hosts.first { $0.name == "web/a1/0" }!.downSeconds == 15)
    }

    @Test func cpuStressStretchesTheStressedHostsServiceTimeByTheDocumentedFactor() throws {
        // One host, 100 ms constant work, plenty of workers: Duration is the service time.
        let faults = """
              - name: stress
                action: "aws:ssm:send-command"
                targets: [web]
                start: 60s
                duration: 60s
                parameters:
                  documentArn: "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress"
                  documentParameters: '{"DurationSeconds": "60", "LoadPercent": "30"}'
            """
        let (_, rows) = try Self.run(Self.yaml(azs: ["a1"], perAZ: 1, each: 100, serviceTime: "100ms", rate: 50, faults: faults, horizon: "180s"))
        func mean(_ r: Range<Double>) -> Double {
            let d = rows.filter { $0.metric == "Duration" && $0.stat == "Average" && r.contains($0.t) }
            return d.reduce(0) { $0 + $1.value } / Double(d.count)
        }
        #expect(abs(mean(10..<59) - 100) < 1e-6)
        let factor = ComputeEffect.cpuStretch(loadPercent: 30, cpuShare: 1)
        #expect(abs(factor - 1 / 0.7) < 1e-12)
        #expect(abs(mean(61..<119) - 100 * factor) < 1e-3, "stressed mean \(mean(61..<119))")
        #expect(abs(mean(125..<180) - 100) < 1e-6)
        // 80 % on every CPU: the application keeps half of each core (CFS fair share).
        #expect(ComputeEffect.cpuStretch(loadPercent: 80, cpuShare: 1) == 2)
    }

    @Test func killProcessTakesTheApplicationDownUntilItsRestart() throws {
        let faults = """
              - name: kill
                action: "aws:ssm:send-command"
                targets: [web/a1/0]
                start: 50s
                duration: 30s
                parameters:
                  documentArn: "arn:aws:ssm:us-east-1::document/AWSFIS-Run-Kill-Process"
                  documentParameters: '{"ProcessName": "java", "Signal": "SIGKILL"}'
            """
        let (run, rows) = try Self.run(Self.yaml(rate: 20, queue: 10, unhealthy: 2, faults: faults, horizon: "150s"))
        let c = Self.changes(run, "web/a1/0")
        #expect(Self.at(c, "app-down") == 50 && Self.at(c, "app-up") == 75) // restartDelay 25 s
        // Refused connections: 502 at once, no 504s; checks fail at once, so two fail within 25 s.
        #expect(Self.sum(rows, "HTTPCode_ELB_504_Count", 0..<150) == 0)
        #expect(Self.sum(rows, "HTTPCode_ELB_502_Count", 50..<75) > 0)
        let unhealthy = try #require(Self.at(c, "unhealthy"))
        #expect(unhealthy >= 50 + 10 && unhealthy < 50 + 20)
    }

    @Test func aZonalAutoshiftMovesAllTrafficOutOfTheAZ() throws {
        func routedInA1(_ horizon: String, shift: Bool) throws -> Int64 {
            let faults =
                shift
                ? """
                  - { name: shift, action: "aws:arc:start-zonal-autoshift", targets: [web-alb], start: 60s, duration: 600s, parameters: { availabilityZoneIdentifier: a1 } }
                """ : ""
            let (run, _) = try Self.run(Self.yaml(rate: 20, queue: 10, faults: faults, horizon: horizon))
            return run.result.hosts.filter { $0.az == "a1" }.reduce(0) { $0 + $1.routed }
        }
        let upToShift = try routedInA1("60s", shift: false)
        let withShift = try routedInA1("180s", shift: true)
        #expect(upToShift > 0)
        #expect(withShift == upToShift, "requests routed to a1 after the shift: \(withShift - upToShift)")
    }

    @Test func theTarget5XXAlarmStopsEc2WorkerLossWhenCapacityIsShort() throws {
        func run(rate: Int, horizon: String) throws -> ScenarioRun {
            var text = try String(contentsOf: Fixtures.scenarios.appendingPathComponent("ec2-worker-loss.yaml"), encoding: .utf8)
            text = text.replacingOccurrences(of: "rate: 250 }", with: "rate: \(rate) }").replacingOccurrences(of: "horizon: 20m", with: "horizon: \(horizon)")
            let spec = try ScenarioSpec.load(text: text, file: "scenarios/ec2-worker-loss.yaml") { rel in
                try String(contentsOf: Fixtures.scenarios.appendingPathComponent(rel), encoding: .utf8)
            }
            return try ScenarioRun.run(spec)
        }
        let short = try run(rate: 250, horizon: "750s")
        let e = try #require(short.experiments.first)
        #expect(e.status == .stopped)
        #expect(e.states.last?.alarm == "alb-target-5xx")
        #expect(e.targets.first?.resources.count == 3) // PERCENT(20) of 15 running instances
        // The stop starts the instances again (startInstancesAfterDuration).
        let stoppedAt = try #require(e.states.last?.at.seconds)
        for r in e.targets[0].resources {
            let c = Self.changes(short, r.name)
            #expect(Self.at(c, "stopped") == 612 && Self.at(c, "pending") == stoppedAt)
        }
        let roomy = try run(rate: 120, horizon: "16m")
        #expect(roomy.experiments.first?.status == .completed)
        #expect(roomy.result.alarms[0].changes.allSatisfy { $0.state != .alarm })
    }

    @Test func inventoryListsHostsWithARNsTagsAndState() throws {
        let spec = try Fixtures.load("ec2-worker-loss.yaml")
        let instances = spec.inventory.filter { $0.resourceType == "aws:ec2:instance" }
        #expect(instances.count == 15)
        let first = try #require(instances.first)
        #expect(first.name == "workers/use1-az1/0")
        #expect(first.arn.hasPrefix("arn:aws:ec2:us-east-1:123456789012:instance/i-"))
        #expect(first.arn.split(separator: "/").last!.count == 19) // i- and 17 hex digits
        #expect(first.attribute("State.Name") == "running" && first.attribute("Placement.AvailabilityZone") == "use1-az1")
        #expect(first.tags["Role"] == "WorkerNode")
        #expect(spec.inventory.contains { $0.resourceType == "aws:arc:zonal-shift-managed-resource" && $0.name == "workers-alb" })
    }

    @Test func badComputeInputIsReportedWithPathAndFix() {
        func messages(_ yaml: String) -> [String] { Fixtures.diagnostics(yaml).map { "\($0.path): \($0.message) \($0.fix ?? "")" } }
        let base = """
            name: bad
            regions: [ { name: r, azs: [a1] } ]
            services:
              - name: web
                serviceTime: 1s
            """
        let hosts = base + "\n    hosts: { type: ec2-instance, perAZ: 2, workersEach: 2 }\n"
        // Each input, and the words one of its messages must contain.
        let cases: [(yaml: String, expected: [String])] = [
            (base + "\n    workersPerAZ: 4\n    hosts: { type: ec2-instance, perAZ: 1, workersEach: 2 }\n", ["workersPerAZ", "hosts"]),
            (base + "\n    workersPerAZ: 4\n    loadBalancer: { type: alb }\n", ["loadBalancer", "needs 'hosts:'"]),
            (base + "\n    hosts: { type: vm, perAZ: 1, workersEach: 2 }\n", ["hosts.type"]),
            (
                base + "\n    hosts: { type: ec2-instance, perAZ: 1, workersEach: 2 }\n    loadBalancer: { healthCheck: { interval: 5s, timeout: 5s } }\n",
                ["timeout", "shorter than its interval"]
            ),
            (
                base + "\n    hosts: { type: ecs-task, perAZ: 1, workersEach: 2 }\n    autoScaling: { replaceUnhealthy: true }\n",
                ["autoScaling applies to EC2 instances"]
            ),
            (
                hosts + "faults:\n  - { name: f, action: \"aws:ec2:stop-instances\", targets: [web], start: 1s, duration: PT5M }\n",
                ["no duration in FIS", "startInstancesAfterDuration"]
            ),
            (hosts + "faults:\n  - { name: f, action: \"aws:ec2:terminate-instances\", targets: [web/a1/7], start: 1s }\n", ["index must be 0..1"]),
            (
                hosts
                    + "  - { name: db, workersPerAZ: 1, serviceTime: 1s }\nfaults:\n  - { name: f, action: \"aws:ec2:reboot-instances\", targets: [db], start: 1s }\n",
                ["not a service with hosts"]
            ),
            (hosts + "faults:\n  - { name: f, action: \"aws:ecs:stop-task\", targets: [web], start: 1s }\n", ["acts on ecs-task hosts"]),
            (
                hosts
                    + "faults:\n  - { name: f, action: \"aws:ssm:send-command\", targets: [web], start: 1s, duration: 1m, parameters: { documentArn: \"arn:aws:ssm:r::document/AWSFIS-Run-Disk-Fill\" } }\n",
                ["not modelled"]
            ),
            (
                base + "\n    hosts: { type: ec2-instance, perAZ: 1, workersEach: 2 }\n    loadBalancer: { name: web }\n",
                ["load balancer name 'web' is already used"]
            ),
            (
                hosts
                    + "faults:\n  - { name: f, action: \"aws:arc:start-zonal-autoshift\", targets: [web], start: 1s, duration: 1m, parameters: { availabilityZoneIdentifier: a9 } }\n",
                ["no AZ is named 'a9'"]
            )
        ]
        for c in cases {
            let found = messages(c.yaml)
            #expect(found.contains { m in c.expected.allSatisfy { m.contains($0) } }, "\(c.expected) not in \(found)")
        }
    }

    @Test func ecsTasksAndEksPodsAreReplacedByTheirScheduler() throws {
        let text = """
            name: containers
            horizon: 120s
            period: 1s
            regions: [ { name: us-east-1, azs: [a1, a2] } ]
            services:
              - name: api
                hosts: { type: ecs-task, perAZ: 2, workersEach: 4, bootTime: 15s, replacementDelay: 10s, cluster: shop }
                loadBalancer: { healthCheck: { interval: 10s, timeout: 2s } }
                queueCapacity: 10
                serviceTime: 50ms
              - name: cart
                hosts: { type: eks-pod, perAZ: 2, workersEach: 4, bootTime: 5s, replacementDelay: 1s, cluster: shop, tags: { app: cart } }
                queueCapacity: 10
                serviceTime: 50ms
            workloads:
              - { name: users, service: api, arrivals: { poisson: { rate: 20 } } }
              - { name: carts, service: cart, arrivals: { poisson: { rate: 20 } } }
            faults:
              - { name: stop, action: "aws:ecs:stop-task", targets: [api/a1/0], start: 30s }
            experiments:
              - { name: pods, template: pods.json, start: 40s, initiationDelay: 0s }
            """
        let template = """
            { "description": "delete one cart pod", "targets": { "Pods": { "resourceType": "aws:eks:pod", "selectionMode": "COUNT(1)",
                  "parameters": { "clusterIdentifier": "arn:aws:eks:us-east-1:123456789012:cluster/shop", "namespace": "default",
                                  "selectorType": "labelSelector", "selectorValue": "app=cart" } } },
              "actions": { "delete": { "actionId": "aws:eks:pod-delete", "parameters": { "kubernetesServiceAccount": "fis" }, "targets": { "Pods": "Pods" } } },
              "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
            """
        let spec = try Fixtures.spec(text, files: ["pods.json": template])
        #expect(spec.inventory.filter { $0.resourceType == "aws:ecs:task" }.allSatisfy { $0.arn.hasPrefix("arn:aws:ecs:us-east-1:123456789012:task/shop/") })
        let run = try ScenarioRun.run(spec)
        let task = Self.changes(run, "api/a1/0")
        #expect(Self.at(task, "terminated") == 30 && Self.at(task, "replacing") == 40 && Self.at(task, "running") == 55)
        let e = try #require(run.experiments.first)
        let pod = try #require(e.targets.first?.resources.first)
        #expect(e.targets.first?.candidates == 4 && pod.resourceType == "aws:eks:pod")
        let c = Self.changes(run, pod.name)
        #expect(Self.at(c, "terminated") == 40 && Self.at(c, "replacing") == 41 && Self.at(c, "running") == 46)
        #expect(run.result.hosts.allSatisfy { $0.stateAtEnd == "running" })
    }
}
