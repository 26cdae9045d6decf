import FaultlineCloud
import FaultlineScenario
import Foundation
import Testing

/// `aws:ec2:asg-insufficient-instance-capacity-error`: the Auto Scaling group's launches in the
/// listed AZs fail for the window, so an instance it replaces there stays terminated (and out of
/// the target group) until a launch after the window succeeds.
@Suite struct InsufficientCapacityTests {
    static let asg = "    autoScaling: { detectionDelay: 10s, launchTime: 30s }"

    /// web/a2/0 terminated at 50 s; `ice` (a faults: entry) decides whether it is replaced at once.
    static func run(ice: String) throws -> [(event: String, at: Double)] {
        let faults = """
              - { name: kill, action: "aws:ec2:terminate-instances", targets: [web/a2/0], start: 50s }
            \(ice)
            """
        let (run, _) = try ComputeTests.run(ComputeTests.yaml(rate: 20, queue: 10, asg: asg, faults: faults, horizon: "400s"))
        return ComputeTests.changes(run, "web/a2/0")
    }

    @Test func launchesInTheListedAZFailUntilTheWindowEnds() throws {
        let ice = """
              - { name: ice, action: "aws:ec2:asg-insufficient-instance-capacity-error", targets: [web], start: 40s, duration: PT4M, parameters: { availabilityZoneIdentifiers: a2, percentage: "100" } }
            """
        let c = try Self.run(ice: ice)
        // Detected at 60 s, the launch fails (logged once), retried every 10 s; the window ends
        // at 280 s, the attempt at 280 s launches: 30 s launch + 20 s boot.
        #expect(c.map(\.event) == ["terminated", "launch-failed", "replacing", "running", "healthy"], "\(c)")
        #expect(ComputeTests.at(c, "launch-failed") == 60)
        #expect(ComputeTests.at(c, "replacing") == 280)
        #expect(ComputeTests.at(c, "running") == 330)
        // Without the fault the same instance is replaced at once (ComputeTests: at 60 s).
        let free = try Self.run(ice: "")
        #expect(ComputeTests.at(free, "replacing") == 60 && ComputeTests.at(free, "running") == 110)
    }

    @Test func otherAZsAndLowerPercentagesStillLaunch() throws {
        let elsewhere = """
              - { name: ice, action: "aws:ec2:asg-insufficient-instance-capacity-error", targets: [web], start: 40s, duration: PT4M, parameters: { availabilityZoneIdentifiers: a1, percentage: "100" } }
            """
        #expect(ComputeTests.at(try Self.run(ice: elsewhere), "replacing") == 60)
        // 50 %: some attempts fail, one within the window succeeds (attempts are 10 s apart).
        let half = """
              - { name: ice, action: "aws:ec2:asg-insufficient-instance-capacity-error", targets: [web], start: 40s, duration: PT4M, parameters: { availabilityZoneIdentifiers: a2, percentage: "50" } }
            """
        let c = try Self.run(ice: half)
        let replacing = try #require(ComputeTests.at(c, "replacing"))
        #expect(replacing >= 60 && replacing < 280, "\(c)")
        #expect(try Self.run(ice: half).map(\.at) == c.map(\.at)) // deterministic
    }

    @Test func aStoppedInstanceTheGroupCannotReplaceIsTerminatedAndLeavesTheTargetGroup() throws {
        let faults = """
              - { name: stop, action: "aws:ec2:stop-instances", targets: [web/a2/0], start: 50s, parameters: { startInstancesAfterDuration: PT3M } }
              - { name: ice, action: "aws:ec2:asg-insufficient-instance-capacity-error", targets: [web], start: 50s, duration: PT3M, parameters: { availabilityZoneIdentifiers: a2, percentage: "100" } }
            """
        let (run, rows) = try ComputeTests.run(ComputeTests.yaml(rate: 20, queue: 10, asg: Self.asg, faults: faults, horizon: "400s"))
        let c = ComputeTests.changes(run, "web/a2/0")
        #expect(c.map(\.event) == ["stopped", "terminated", "launch-failed", "replacing", "running", "healthy"], "\(c)")
        #expect(ComputeTests.at(c, "terminated") == 60 && ComputeTests.at(c, "replacing") == 230)
        // Deregistered at 60 s: 3 registered targets, all healthy, until the replacement runs.
        let healthy = rows.filter { $0.metric == "HealthyHostCount" && $0.stat == "Maximum" && (70..<270).contains($0.t) }.map(\.value)
        let unhealthy = rows.filter { $0.metric == "UnHealthyHostCount" && $0.stat == "Maximum" && (70..<270).contains($0.t) }.map(\.value)
        #expect(Set(healthy) == [3] && Set(unhealthy) == [0])
        #expect(ComputeTests.sum(rows, "HTTPCode_ELB_5XX_Count", 61..<270) == 0)
        let host = try #require(run.result.hosts.first { $0.name == "web/a2/0" })
        #expect(host.replacements == 1 && host.stateAtEnd == "running")
    }

    @Test func theAutoScalingGroupIsATemplateTarget() throws {
        let spec = try Fixtures.spec(
            ComputeTests.yaml(
                hostsExtra: ", tags: { role: web }", lbExtra: ", tags: { shift: \"yes\" }", asg: Self.asg + "\n    tags: { app: web }", faults: ""))
        let asg = try #require(spec.inventory.first { $0.resourceType == "aws:ec2:autoscaling-group" })
        #expect(asg.name == "web-asg")
        #expect(asg.arn.hasPrefix("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:") && asg.arn.hasSuffix(":autoScalingGroupName/web-asg"))
        #expect(spec.inventory.filter { $0.resourceType == "aws:ec2:autoscaling-group" }.count == 1)
        // The group carries its instances' tags; loadBalancer.tags replace the service's on the load balancer.
        #expect(asg.tags.pairs.map { "\($0.key)=\($0.value)" } == ["role=web"])
        let lb = try #require(spec.inventory.first { $0.resourceType == "aws:arc:zonal-shift-managed-resource" })
        #expect(lb.tags.pairs.map { "\($0.key)=\($0.value)" } == ["shift=yes"])
    }

    @Test func badInputIsExplained() {
        func messages(_ faults: String, asg: String = InsufficientCapacityTests.asg) -> [String] {
            Fixtures.diagnostics(ComputeTests.yaml(asg: asg, faults: faults)).map { "\($0.path): \($0.message) \($0.fix ?? "")" }
        }
        let az = messages(
            "  - { name: f, action: \"aws:ec2:asg-insufficient-instance-capacity-error\", targets: [web], start: 1s, duration: 1m, parameters: { availabilityZoneIdentifiers: a9, percentage: \"100\" } }"
        )
        #expect(az.contains { $0.contains("no AZ is named 'a9'") && $0.contains("a1, a2") })
        let missing = messages(
            "  - { name: f, action: \"aws:ec2:asg-insufficient-instance-capacity-error\", targets: [web], start: 1s, duration: 1m, parameters: { percentage: \"100\" } }"
        )
        #expect(missing.contains { $0.contains("requires the parameter 'availabilityZoneIdentifiers'") })
        let pct = messages(
            "  - { name: f, action: \"aws:ec2:asg-insufficient-instance-capacity-error\", targets: [web], start: 1s, duration: 1m, parameters: { availabilityZoneIdentifiers: a1, percentage: \"0\" } }"
        )
        #expect(pct.contains { $0.contains("'percentage' must be a whole number from 1 to 100") })
        let noASG = messages(
            "  - { name: f, action: \"aws:ec2:asg-insufficient-instance-capacity-error\", targets: [web], start: 1s, duration: 1m, parameters: { availabilityZoneIdentifiers: a1, percentage: \"100\" } }",
            asg: "")
        #expect(noASG.contains { $0.contains("has no autoScaling:") })
    }
}
