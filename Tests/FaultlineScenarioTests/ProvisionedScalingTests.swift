import FaultlineCloud
import FaultlineDocument
import FaultlineMetrics
import FaultlineScenario
import Foundation
import Testing

/// Application Auto Scaling of Lambda provisioned concurrency (docs/lambda-model.md, "Scaling"):
/// exact alarm and allocation times on a step in load far above or below the target, the
/// [min, max] bounds, and ProvisionedConcurrencyUtilization against its definition.
@Suite struct ProvisionedScalingTests {
    /// One function, 1 s per invocation, provisioned concurrency 10 scaled in [10, 20] on a
    /// utilisation target of 0.7; the load is `rates` (a schedule).
    static func yaml(scaling: String, schedule: String, provisioned: Int? = 10, extra: String = "", horizon: String = "2400s") -> String {
        """
        name: pc-scaling-test
        horizon: \(horizon)
        period: 10s
        regions: [ { name: us-east-1, azs: [a1, a2] } ]
        functions:
          - name: api
            duration: 1s
            initDuration: 0s
            idleLifetime: 1h
        \(provisioned.map { "    provisionedConcurrency: \($0)" } ?? "")
        \(extra)
            scaling:
        \(scaling)
        workloads:
          - name: users
            service: api
            arrivals:
              schedule:
        \(schedule)
        """
    }

    static let targetTracking = """
              min: 10
              max: 20
              allocationTime: 60s
              policies:
                - { name: pc70, targetTracking: { metric: LambdaProvisionedConcurrencyUtilization, target: 0.7 } }
        """

    /// Nothing until 300 s, 50 invocations/s of 1 s from 300 s to 900 s, nothing after.
    static let step = """
                - { at: 0s, rate: 0 }
                - { at: 300s, rate: 0 }
                - { at: 300s, rate: 50 }
                - { at: 900s, rate: 50 }
                - { at: 900s, rate: 0 }
        """

    static func series(_ rows: [(t: Double, resource: String, metric: String, stat: String, value: Double)], _ metric: String, _ stat: String = "Maximum") -> [(
        t: Double, value: Double
    )] {
        rows.filter { $0.resource == "api" && $0.metric == metric && $0.stat == stat }.map { ($0.t, $0.value) }
    }

    /// From 300 s the 10 provisioned environments are all busy (50 concurrent invocations):
    /// utilisation 1.0 in the minutes ending 360, 420 and 480, so the high alarm (3 of 3 above
    /// 0.7) fires at 480 s: ceil(10 × 1.0 / 0.7) = 15. The 5 new environments are allocated
    /// after the allocation time (60 s; Init 0 s) at 540 s, just before that period end: the
    /// 10 s row starting at 530 s shows 15. At 540 s the capacity is 15: ceil(15 / 0.7) = 22,
    /// cut to the maximum 20 (ready at 600 s). The load stops at 900 s; the minute ending 960
    /// still saw busy environments (at 900 s), the 15 minutes ending 1020 ... 1860 are below
    /// 0.63: at 1860 s ceil(20 × 0 / 0.7) = 0, raised to the minimum 10.
    @Test func targetTrackingScalesOutAfterThreeMinutesAndInAfterFifteen() throws {
        let (run, rows) = try ScalingTests.run(Self.yaml(scaling: Self.targetTracking, schedule: Self.step))
        let acts = run.result.scalingActivities.filter { $0.group == "api" }
        #expect(acts.map { "\(Int($0.at.seconds)):\($0.from)->\($0.to)" } == ["480:10->15", "540:15->20", "1860:20->10"], "\(acts)")
        #expect(acts.first?.cause.contains("allocating 5 environments") == true, "\(acts.first?.cause ?? "")")
        #expect(acts.last?.cause.contains("releasing 10") == true)
        let allocated = Self.series(rows, "AllocatedProvisionedConcurrentExecutions")
        func at(_ t: Double) -> Double? { allocated.first { $0.t == t }?.value }
        #expect(at(520) == 10 && at(530) == 15, "\(allocated)")
        #expect(at(580) == 15 && at(590) == 20)
        #expect(at(1850) == 20 && at(1870) == 10) // the row from 1860 s still starts at 20 (its Maximum)
        #expect(allocated.allSatisfy { (10...20).contains($0.value) })
        // Spillover: invocations beyond the provisioned environments, only under the load.
        let spill = Self.series(rows, "ProvisionedConcurrencySpilloverInvocations", "Sum")
        #expect(spill.filter { $0.t < 300 || $0.t >= 910 }.allSatisfy { $0.value == 0 })
        #expect(spill.filter { $0.t >= 310 && $0.t < 900 }.allSatisfy { $0.value > 0 })
    }

    /// Step scaling on the same metric: +4 when the minute's utilisation is ≥ 0.9 (1 datapoint).
    @Test func stepScalingAddsItsStepAndStopsAtMax() throws {
        let scaling = """
                  min: 10
                  max: 20
                  allocationTime: 30s
                  policies:
                    - { name: pc-step, stepScaling: { metric: LambdaProvisionedConcurrencyUtilization, threshold: 0.9, steps: [ { lower: 0, change: 4 } ] } }
            """
        let (run, rows) = try ScalingTests.run(Self.yaml(scaling: scaling, schedule: Self.step, horizon: "900s"))
        let acts = run.result.scalingActivities.filter { $0.group == "api" }
        // 360: 10→14 (ready 390, in the row from 380); 420: 14 → 18; 480: 18+4 = 22 → max 20.
        #expect(acts.map { "\(Int($0.at.seconds)):\($0.from)->\($0.to)" } == ["360:10->14", "420:14->18", "480:18->20"], "\(acts)")
        let allocated = Self.series(rows, "AllocatedProvisionedConcurrentExecutions")
        #expect(allocated.first { $0.t == 370 }?.value == 10 && allocated.first { $0.t == 380 }?.value == 14)
        #expect(allocated.map(\.value).max() == 20)
    }

    /// ProvisionedConcurrencyUtilization is, per period, the maximum of provisioned in use over
    /// allocated: with allocated constant, the period maximum of ProvisionedConcurrentExecutions
    /// divided by the allocated count.
    @Test func utilisationIsInUseOverAllocated() throws {
        let schedule = "          - { at: 0s, rate: 6 }"
        let scaling = """
                  min: 10
                  max: 10
                  policies:
                    - { name: pc70, targetTracking: { metric: LambdaProvisionedConcurrencyUtilization, target: 0.7 } }
            """
        let (_, rows) = try ScalingTests.run(Self.yaml(scaling: scaling, schedule: schedule, horizon: "600s"))
        let util = Self.series(rows, "ProvisionedConcurrencyUtilization")
        let busy = Self.series(rows, "ProvisionedConcurrentExecutions")
        #expect(util.count == 60 && busy.count == 60)
        for (u, b) in zip(util, busy) {
            #expect(u.t == b.t)
            #expect(abs(u.value - b.value / 10) < 1e-6, "t=\(u.t): \(u.value) vs \(b.value)/10")
        }
        // Poisson 6/s of 1 s on 10 environments: the maximum varies, and reaches 1 at times.
        #expect(Set(util.map(\.value)).count > 2)
    }

    /// A function without `scaling:` has none of these series (so existing scenarios' outputs
    /// are unchanged), and provisioned concurrency scaling is deterministic.
    @Test func noScalingNoSeriesAndRunsRepeat() throws {
        let plain = Self.yaml(scaling: "", schedule: Self.step, horizon: "600s").replacingOccurrences(of: "    scaling:\n", with: "")
        let (_, rows) = try ScalingTests.run(plain)
        #expect(rows.allSatisfy { !$0.metric.hasPrefix("Provisioned") && $0.metric != "AllocatedProvisionedConcurrentExecutions" })
        let text = Self.yaml(scaling: Self.targetTracking, schedule: Self.step, horizon: "900s")
        let (a, ra) = try ScalingTests.run(text)
        let (b, rb) = try ScalingTests.run(text)
        #expect(a.result.scalingActivities == b.result.scalingActivities)
        #expect(ra.map(\.value) == rb.map(\.value))
    }

    /// New provisioned environments run the FIS extension's Init check when their allocation
    /// completes, so each starts its own poll phase there and knows a fault active by then:
    /// the 5 environments asked for at 480 s (allocation 60 s, Init 0 s, check 100 ms) see the
    /// fault started at 400 s at exactly 540.1 s.
    @Test func newProvisionedEnvironmentsCheckTheFISConfigurationAtTheEndOfTheirAllocation() throws {
        let text =
            Self.yaml(scaling: Self.targetTracking, schedule: Self.step, extra: "    fisExtension: { slowPoll: 60s, pollDuration: 100ms }", horizon: "700s")
                + """

                faults:
                  - { name: delay, action: aws:lambda:invocation-add-delay, targets: [api], start: 400s, duration: 5m, parameters: { startupDelayMilliseconds: "0" } }
                """
        let (run, _) = try ScalingTests.run(text)
        let acts = run.result.scalingActivities.filter { $0.group == "api" }
        #expect(acts.first.map { Int($0.at.seconds) } == 480, "\(acts)")
        let records = run.result.faults.first { $0.name == "delay" }?.environments ?? []
        let allocated = records.filter { $0.createdAt == 480 }
        #expect(allocated.count == 5 && allocated.allSatisfy { abs(($0.sawAt ?? 0) - 540.1) < 1e-9 }, "\(allocated)")
        // The environments provisioned from the start saw it at their own slow-poll phases, later.
        let initial = records.filter { $0.createdAt == 0 }
        #expect(initial.count >= 5 && Set(initial.compactMap(\.sawAt)).count == initial.count && initial.allSatisfy { ($0.sawAt ?? 0) > 400 })
    }

    /// Provisioned concurrency of a function without reserved concurrency must leave the
    /// Region's unreserved minimum (100): with a limit of 117 at most 17 are allocated; the
    /// request for 20 at 540 s is cut to 17 and logged as a failed allocation.
    @Test func allocationStopsAtTheRegionsUnreservedRoom() throws {
        let text = Self.yaml(scaling: Self.targetTracking, schedule: Self.step, horizon: "900s") + "\nlambdaAccount: { concurrencyLimit: 117 }\n"
        let (run, rows) = try ScalingTests.run(text)
        let acts = run.result.scalingActivities.filter { $0.group == "api" }
        #expect(acts.map { "\(Int($0.at.seconds)):\($0.from)->\($0.to)" }.prefix(3) == ["480:10->15", "540:15->20", "540:17->20"], "\(acts)")
        #expect(
            acts.count >= 3 && acts[1].cause.contains("allocating 2 environments") && acts[2].cause.contains("failed to allocate provisioned concurrency")
                && acts[2].cause.contains("minimum (100)"))
        #expect(Self.series(rows, "AllocatedProvisionedConcurrentExecutions").map(\.value).max() == 17)
    }

    /// A timed-out invocation resets its provisioned environment: both are lost by ~11 s (the
    /// first invocations, 1 s timeouts), the next period end (20 s) allocates replacements, ready
    /// after the allocation time (30 s) at 50 s, just before that period end.
    @Test func environmentsLostToTimeoutsAreAllocatedAgain() throws {
        let scaling = """
                  min: 2
                  max: 2
                  allocationTime: 30s
                  policies:
                    - { name: pc70, targetTracking: { metric: LambdaProvisionedConcurrencyUtilization, target: 0.7 } }
            """
        let schedule = """
                      - { at: 0s, rate: 0 }
                      - { at: 10s, rate: 0 }
                      - { at: 10s, rate: 2 }
                      - { at: 20s, rate: 2 }
                      - { at: 20s, rate: 0 }
            """
        let text = Self.yaml(scaling: scaling, schedule: schedule, provisioned: 2, extra: "    timeout: 1s", horizon: "300s")
            .replacingOccurrences(of: "duration: 1s\n", with: "duration: 5s\n")
        let (_, rows) = try ScalingTests.run(text)
        let allocated = Self.series(rows, "AllocatedProvisionedConcurrentExecutions", "Minimum")
        #expect(allocated.filter { $0.t >= 20 && $0.t < 50 }.map(\.value) == [0, 0, 0], "\(allocated)")
        #expect(allocated.filter { $0.t >= 50 }.allSatisfy { $0.value == 2 }, "\(allocated)")
    }

    /// Bad input: located errors that say what is expected and how to fix it.
    @Test func badProvisionedScalingInputIsLocated() {
        func errors(_ scaling: String, provisioned: Int? = 10, extra: String = "") -> [Diagnostic] {
            Fixtures.diagnostics(Self.yaml(scaling: scaling, schedule: "          - { at: 0s, rate: 1 }", provisioned: provisioned, extra: extra))
        }
        let tt = "      policies: [ { targetTracking: { metric: LambdaProvisionedConcurrencyUtilization, target: 0.7 } } ]"
        let zero = errors("      min: 0\n      max: 5", provisioned: 1)
        #expect(zero.first?.message.contains("at least 1") == true && zero.first?.path == "functions[0].scaling", "\(zero)")
        let reserved = errors("      min: 5\n      max: 40", extra: "    reservedConcurrency: 30")
        #expect(
            reserved.first?.message.contains("exceeds the function's reserved concurrency (30)") == true && reserved.first?.fix?.contains("30") == true,
            "\(reserved)")
        let outside = errors("      min: 12\n      max: 20")
        #expect(
            outside.first?.message.contains("starts with 10 provisioned concurrency") == true && outside.first?.path == "functions[0].provisionedConcurrency",
            "\(outside)")
        let metric = errors("      min: 1\n      max: 20\n      policies: [ { targetTracking: { metric: ECSServiceAverageCPUUtilization, target: 0.7 } } ]")
        #expect(metric.first?.message.contains("not a metric a function's provisioned concurrency can track") == true)
        #expect(
            metric.first?.path == "functions[0].scaling.policies[0].targetTracking.metric"
                && metric.first?.fix?.contains("LambdaProvisionedConcurrencyUtilization") == true)
        let target = errors(
            "      min: 1\n      max: 20\n      policies: [ { targetTracking: { metric: LambdaProvisionedConcurrencyUtilization, target: 70 } } ]")
        #expect(target.first?.message.contains("fraction from 0 to 1") == true && target.first?.fix == "use e.g. target: 0.7")
        let warmup = errors("      min: 1\n      max: 20\n      instanceWarmup: 60s\n\(tt)")
        #expect(warmup.first?.message.contains("instanceWarmup applies to EC2 Auto Scaling groups") == true)
        let slow = errors("      min: 1\n      max: 20\n      allocationTime: 2h\n\(tt)")
        #expect(slow.first?.message.contains("beyond 30 minutes") == true && slow.first?.path == "functions[0].scaling.allocationTime")
        let bigMax = errors("      min: 1\n      max: 5000")
        #expect(bigMax.first?.message.contains("1 to 1000") == true)
        let unknown = errors("      min: 1\n      max: 20\n      cooldown: 5s")
        #expect(unknown.first?.message.contains("cooldown") == true, "\(unknown)")
        // allocationTime on hosts is refused.
        let hosts = Fixtures.diagnostics(ScalingTests.yaml(scaling: "      min: 2\n      max: 4\n      allocationTime: 30s"))
        #expect(hosts.first?.message.contains("allocationTime applies to a Lambda function") == true, "\(hosts)")
    }
}
