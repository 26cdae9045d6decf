import FaultlineCloud
import FaultlineDocument
import FaultlineMetrics
import FaultlineScenario
import Foundation
import Testing

/// Scaling policies (docs/compute-model.md, "Scaling"): exact timings on deterministic set-ups
/// (constant service times, a loss station far over or under its capacity), the convergence of
/// target tracking on a steady load, and the host metrics the policies read.
@Suite struct ScalingTests {
    /// One EC2 service in two AZs behind an ALB, in an Auto Scaling group with `scaling`.
    static func yaml(
        type: String = "ec2-instance", perAZ: Int = 1, each: Int = 10, serviceTime: String = "1s", rate: Double = 200,
        scaling: String, asg: Bool = true, horizon: String = "600s", period: String = "10s", extraHosts: String = ""
    ) -> String {
        """
        name: scaling-test
        horizon: \(horizon)
        period: \(period)
        regions: [ { name: us-east-1, azs: [a1, a2] } ]
        services:
          - name: web
            hosts: { type: \(type), perAZ: \(perAZ), workersEach: \(each), bootTime: 20s, replacementDelay: 5s\(extraHosts) }
            loadBalancer: { name: web-alb, deregistrationDelay: 30s, healthCheck: { interval: 10s, timeout: 2s, healthyThreshold: 3, unhealthyThreshold: 3 } }
        \(asg ? "    autoScaling: { detectionDelay: 10s, launchTime: 30s }" : "")
            scaling:
        \(scaling)
            queueCapacity: 0
            serviceTime: \(serviceTime)
        workloads:
          - { name: users, service: web, arrivals: { poisson: { rate: \(rate) } } }
        """
    }

    static func run(_ text: String) throws -> (run: ScenarioRun, rows: [(t: Double, resource: String, metric: String, stat: String, value: Double)]) {
        let spec = try Fixtures.spec(text)
        var csv = ""
        let run = try ScenarioRun.run(spec, sink: CSVTimelineWriter { csv += $0 })
        let rows = csv.split(separator: "\n").dropFirst().compactMap { line -> (Double, String, String, String, Double)? in
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5 else { return nil }
            return (Double(f[0])!, f[1], f[2], f[3], Double(f[4])!)
        }
        return (run, rows)
    }

    static func activities(_ run: ScenarioRun) -> [String] {
        run.result.scalingActivities.filter { $0.from != $0.to }.map { "\(Int($0.at.seconds)):\($0.from)->\($0.to)" }
    }

    static func events(_ run: ScenarioRun, _ event: String) -> [Double] {
        run.result.hostChanges.filter { $0.event == event }.map(\.at.seconds)
    }

    /// 2 instances, 10 workers each, 1 s per request, 200 requests/s: CPU ~100 %. The high alarm
    /// (3 of 3 one-minute datapoints above 50) fires at 180 s: desired ceil(2 × ~100 / 50) = 4.
    /// The 2 new instances launch (30 s) and boot (20 s): running at 230 s, past the warm-up
    /// (60 s) at 290 s; until then they are not in the aggregate nor in the capacity the
    /// metric reflects, so 240 s adds nothing. At 300 s ceil(4 × ~100 / 50) = 8: the maximum.
    @Test func targetTrackingScalesOutAfterTheHighAlarmHonouringWarmUpAndMax() throws {
        let scaling = """
                  min: 2
                  max: 8
                  instanceWarmup: 60s
                  policies:
                    - { name: cpu50, targetTracking: { metric: ASGAverageCPUUtilization, target: 50 } }
            """
        let (run, rows) = try Self.run(Self.yaml(scaling: scaling))
        #expect(Self.activities(run) == ["180:2->4", "300:4->8"], "\(run.result.scalingActivities)")
        #expect(Self.events(run, "launching").prefix(2) == [180, 180])
        #expect(Self.events(run, "running").prefix(2) == [230, 230])
        // Never more than max: desired and in-service gauges.
        let desired = rows.filter { $0.resource == "web-asg" && $0.metric == "GroupDesiredCapacity" && $0.stat == "Maximum" }.map(\.value)
        let inService = rows.filter { $0.resource == "web-asg" && $0.metric == "GroupInServiceInstances" && $0.stat == "Maximum" }.map(\.value)
        #expect(desired.max() == 8 && inService.max() == 8)
        #expect(inService.last == 8)
        // The overloaded group's CPU is ~100 % before the first scale-out.
        let cpu = rows.filter { $0.resource == "web-asg" && $0.metric == "CPUUtilization" && $0.stat == "Average" && $0.t >= 20 && $0.t < 180 }.map(\.value)
        #expect(cpu.allSatisfy { $0 > 95 && $0 <= 100 }, "\(cpu)")
    }

    /// 4 instances at ~5 % CPU (20 requests/s × 100 ms over 40 workers): the low alarm needs 15
    /// datapoints below 45: 900 s; ceil(4 × 5 / 50) = 1, kept at min 2. The removed instances
    /// leave the target group at once and terminate after the 30 s deregistration delay.
    @Test func targetTrackingScalesInAfterFifteenMinutesToMin() throws {
        let scaling = """
                  min: 2
                  max: 8
                  policies:
                    - { name: cpu50, targetTracking: { metric: ASGAverageCPUUtilization, target: 50 } }
            """
        let (run, _) = try Self.run(Self.yaml(perAZ: 2, serviceTime: "100ms", rate: 20, scaling: scaling, horizon: "1200s"))
        #expect(Self.activities(run) == ["900:4->2"])
        #expect(Self.events(run, "draining") == [900, 900])
        #expect(Self.events(run, "terminated") == [930, 930])
        // One per AZ is left (scale-in balances the AZs).
        let left = run.result.hosts.filter { $0.stateAtEnd == "running" }.map(\.az)
        #expect(left.sorted() == ["a1", "a2"])
        // With scale-in disabled nothing is removed.
        let off = scaling.replacingOccurrences(of: "target: 50 }", with: "target: 50, disableScaleIn: true }")
        #expect(Self.activities(try Self.run(Self.yaml(perAZ: 2, serviceTime: "100ms", rate: 20, scaling: off, horizon: "1200s")).run).isEmpty)
    }

    /// ECS tasks, a step policy "CPU < 30 for 1 minute: -1", scale-in cooldown 300 s: one task
    /// less at 60 s, then every 300 s, down to min 5.
    @Test func stepScalingOnAnECSServiceHonoursTheScaleInCooldownAndMin() throws {
        let scaling = """
                  min: 5
                  max: 8
                  policies:
                    - name: cpu-low
                      stepScaling: { metric: ECSServiceAverageCPUUtilization, threshold: 30, comparison: LessThanThreshold, evaluationPeriods: 1, steps: [ { upper: 0, change: -1 } ], scaleInCooldown: 300s }
            """
        let (run, rows) = try Self.run(Self.yaml(type: "ecs-task", perAZ: 4, serviceTime: "100ms", rate: 20, scaling: scaling, asg: false, horizon: "1200s"))
        #expect(Self.activities(run) == ["60:8->7", "360:7->6", "660:6->5"], "\(run.result.scalingActivities)")
        let running = rows.filter { $0.resource == "web" && $0.metric == "RunningTaskCount" && $0.stat == "Minimum" }.map(\.value)
        #expect(running.last == 5)
        // ECS services report MemoryUtilization (30 % idle by default) but no per-task series.
        #expect(rows.contains { $0.resource == "web" && $0.metric == "MemoryUtilization" && $0.stat == "Average" && abs($0.value - 30) < 1e-9 })
        #expect(!rows.contains { $0.resource.hasPrefix("web/") })
    }

    /// A step policy on an EC2 group scales out by the step of the breach: CPU ~100 % against a
    /// threshold of 60 is a breach of ~40, the step [20, ∞) adds 3.
    @Test func stepScalingPicksTheStepOfTheBreach() throws {
        let scaling = """
                  min: 2
                  max: 10
                  instanceWarmup: 60s
                  policies:
                    - name: cpu-high
                      stepScaling: { metric: ASGAverageCPUUtilization, threshold: 60, comparison: GreaterThanThreshold, evaluationPeriods: 2, steps: [ { lower: 0, upper: 20, change: 1 }, { lower: 20, change: 3 } ] }
            """
        let (run, _) = try Self.run(Self.yaml(scaling: scaling, horizon: "200s"))
        #expect(Self.activities(run) == ["120:2->5"], "\(run.result.scalingActivities)")
    }

    /// A steady load needing ~6 instances at 50 % CPU (300 requests/s × 100 ms over 10 workers
    /// each): from 2 instances target tracking settles at 6 or 7, with CPU near 50.
    @Test func targetTrackingConvergesNearTheTarget() throws {
        let scaling = """
                  min: 2
                  max: 20
                  instanceWarmup: 60s
                  policies:
                    - { name: cpu50, targetTracking: { metric: ASGAverageCPUUtilization, target: 50 } }
            """
        let (run, rows) = try Self.run(Self.yaml(serviceTime: "100ms", rate: 300, scaling: scaling, horizon: "2400s", period: "60s"))
        let late = rows.filter { $0.resource == "web-asg" && $0.metric == "CPUUtilization" && $0.stat == "Average" && $0.t >= 1800 }.map(\.value)
        let mean = late.reduce(0, +) / Double(late.count)
        #expect(mean > 40 && mean < 55, "CPU \(mean) in the last 10 minutes; \(run.result.scalingActivities)")
        let desired = try #require(rows.last { $0.resource == "web-asg" && $0.metric == "GroupDesiredCapacity" && $0.stat == "Average" })
        #expect((6...7).contains(Int(desired.value)), "\(desired.value)")
    }

    /// CPU is busy workers over capacity, so a loss station's CPU is its carried load:
    /// requests answered × service time / (workers × time). NetworkIn and NetworkPacketsIn
    /// follow the request and response sizes exactly.
    @Test func hostMetricsFollowTheirDefinitions() throws {
        let scaling = "      min: 2\n      max: 2"
        let (run, rows) = try Self.run(
            Self.yaml(
                serviceTime: "100ms", rate: 60, scaling: scaling, horizon: "600s", period: "60s",
                extraHosts: ", requestBytes: 3000, responseBytes: 10000, metrics: true"))
        for h in run.result.hosts {
            let cpu = rows.filter { $0.resource == h.name && $0.metric == "CPUUtilization" && $0.stat == "Average" }.map(\.value)
            let carried = Double(h.routed) * 0.1 / (10 * 600) * 100
            #expect(abs(cpu.reduce(0, +) / Double(cpu.count) - carried) < 0.05, "\(h.name) CPU \(cpu) vs carried \(carried)")
            let bytesIn = rows.filter { $0.resource == h.name && $0.metric == "NetworkIn" }.reduce(0) { $0 + $1.value }
            let packets = rows.filter { $0.resource == h.name && $0.metric == "NetworkPacketsIn" }.reduce(0) { $0 + $1.value }
            let bytesOut = rows.filter { $0.resource == h.name && $0.metric == "NetworkOut" }.reduce(0) { $0 + $1.value }
            #expect(bytesIn == Double(h.routed) * 3000)
            // 3000 bytes: 3 segments in; 10000 bytes out: 7 segments, 4 ACKs back.
            let answered = Double(h.served + h.failed)
            #expect(packets == Double(h.routed) * 3 + answered * 4, "\(h.name)")
            #expect(bytesOut == answered * 10000)
            #expect(rows.filter { $0.resource == h.name && $0.metric == "StatusCheckFailed" }.allSatisfy { $0.value == 0 })
        }
    }

    /// A stopped instance in a group whose AZ takes no launch is replaced in another AZ.
    @Test func aGroupWithCapacityReplacesLostInstancesInAnotherAZ() throws {
        let scaling = "      min: 2\n      max: 4"
        let text =
            Self.yaml(serviceTime: "100ms", rate: 20, scaling: scaling, horizon: "300s") + """

                faults:
                  - { name: stop, action: "aws:ec2:stop-instances", targets: [web/a1/0], start: 50s }
                  - { name: ice, action: "aws:ec2:asg-insufficient-instance-capacity-error", targets: [web], start: 40s, duration: PT4M, parameters: { availabilityZoneIdentifiers: a1, percentage: "100" } }
                """
        let (run, _) = try Self.run(text)
        // Detected 10 s after the stop: terminated, launched in a2 (launch 30 s + boot 20 s).
        let launched = run.result.hostChanges.filter { $0.event == "launching" }
        #expect(launched.map(\.at.seconds) == [60])
        #expect(launched.map { run.result.hosts[Int($0.host)].az } == ["a2"])
        #expect(run.result.hosts.filter { $0.stateAtEnd == "running" }.map(\.az).sorted() == ["a2", "a2"])
        #expect(run.result.scalingActivities.map(\.cause) == ["an unhealthy host was terminated and is replaced: terminating web/a1/0, launching web/a2/1"])
    }

    /// Bad scaling input: located errors with a fix.
    @Test func badScalingInputIsLocated() {
        func errors(_ scaling: String, type: String = "ec2-instance", asg: Bool = true) -> [Diagnostic] {
            Fixtures.diagnostics(Self.yaml(type: type, scaling: scaling, asg: asg))
        }
        let minAboveMax = errors("      min: 5\n      max: 3")
        #expect(
            minAboveMax.count == 1 && minAboveMax[0].message.contains("scaling.min (5) is above scaling.max (3)")
                && minAboveMax[0].path == "services[0].scaling")
        let outside = errors("      min: 3\n      max: 6")
        #expect(outside.first?.message.contains("starts with 2 hosts") == true && outside.first?.fix != nil)
        let metric = errors("      min: 1\n      max: 6\n      policies: [ { targetTracking: { metric: ECSServiceAverageCPUUtilization, target: 50 } } ]")
        #expect(metric.first?.message.contains("not a metric a ec2-instance group's policy can track") == true)
        #expect(metric.first?.path == "services[0].scaling.policies[0].targetTracking.metric")
        let pods = errors("      min: 1\n      max: 6", type: "eks-pod", asg: false)
        #expect(pods.first?.message.contains("eks-pod") == true)
        let noGroup = errors("      min: 1\n      max: 6", asg: false)
        #expect(noGroup.first?.fix == "add autoScaling: {} to the service")
        let both = errors(
            "      min: 1\n      max: 6\n      policies: [ { targetTracking: { metric: ASGAverageCPUUtilization, target: 50 }, stepScaling: { metric: ASGAverageCPUUtilization, threshold: 1, steps: [ { change: 1 } ] } } ]"
        )
        #expect(both.first?.message.contains("exactly one of targetTracking") == true)
        let many = (0..<11).map { _ in "{ targetTracking: { metric: ASGAverageCPUUtilization, target: 50 } }" }.joined(separator: ", ")
        #expect(errors("      min: 1\n      max: 6\n      policies: [ \(many) ]").first?.message.contains("at most 10 scaling policies") == true)
        let bigMax = errors("      min: 1\n      max: 5000")
        #expect(bigMax.first?.message.contains("1 to 1000") == true)
        let badStep = errors(
            "      min: 1\n      max: 6\n      policies: [ { stepScaling: { metric: ASGAverageCPUUtilization, threshold: 1, steps: [ { lower: 5, upper: 1, change: 1 } ] } } ]"
        )
        #expect(badStep.first?.message.contains("lower bound (5) must be below its upper bound (1)") == true)
    }

    /// Alarms (stop conditions) and hypotheses can name the new series, and validate accepts them.
    @Test func alarmsAndHypothesesOnHostMetricsValidate() throws {
        let scaling = "      min: 2\n      max: 4"
        let text =
            Self.yaml(serviceTime: "100ms", rate: 20, scaling: scaling, horizon: "300s") + """

                alarms:
                  - { name: asg-cpu-high, resource: web-asg, metric: CPUUtilization, statistic: Average, period: 60s, threshold: 80, comparison: GreaterThanThreshold }
                  - { name: host-status, resource: web/a1/0, metric: StatusCheckFailed, statistic: Maximum, period: 60s, threshold: 0, comparison: GreaterThanThreshold }
                  - { name: host-net, resource: web/a2/0, metric: NetworkIn, statistic: Sum, period: 60s, threshold: 1e9, comparison: GreaterThanThreshold }
                hypotheses:
                  - { name: cpu-ok, resource: web-asg, metric: CPUUtilization, statistic: Average, phase: pre, bound: "< 80" }
                """
        #expect(Fixtures.diagnostics(text).isEmpty, "\(Fixtures.diagnostics(text))")
        let (run, _) = try Self.run(text)
        #expect(run.result.alarms.allSatisfy { $0.changes.last?.state == .ok })
    }
}
