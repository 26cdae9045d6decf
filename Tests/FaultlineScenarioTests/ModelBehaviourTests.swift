import FaultlineCloud
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario
import Testing

/// Exact behaviour of the model with constant distributions, where every number is known.
@Suite struct ModelBehaviourTests {
    static let twoAZ = """
        regions: [{ name: us-east-1, azs: [az1, az2] }]
        network:
          intraAZ: { constant: 1ms }
          crossAZ: { constant: 3ms }
        """

    static let network = """
        regions:
          - { name: us-east-1, azs: [az1, az2] }
          - { name: eu-west-1, azs: [euw1-az1] }
        network:
          intraAZ: { constant: 1ms }
          crossAZ: { constant: 3ms }
          crossRegion: { constant: 40ms }
        """

    /// A front end in az1 calls a back end placed in `backAZs`; the front's latency is its own
    /// 10 ms, the back end's 5 ms and two hops of the path between them.
    @Test(arguments: [
        ("[az1, az2]", 17.0), // same AZ available: 10 + 1 + 5 + 1
        ("[az2]", 21.0), // cross-AZ: 10 + 3 + 5 + 3
        ("[euw1-az1]", 95.0) // cross-region: 10 + 40 + 5 + 40
    ])
    func callsAddServiceTimesAndNetworkHops(backAZs: String, expectedMs: Double) throws {
        let spec = try Fixtures.spec(
            """
            name: chain
            horizon: 10s
            \(Self.network)
            services:
              - { name: front, azs: [az1], workersPerAZ: 5, serviceTime: 10ms, calls: [{ service: back, routing: same-az }] }
              - { name: back, azs: \(backAZs), workersPerAZ: 5, serviceTime: 5ms }
            workloads:
              - { name: w, service: front, arrivals: { poisson: { rate: 2 } } }
            """)
        let run = try ScenarioRun.run(spec)
        let front = run.result.services[0], back = run.result.services[1]
        #expect(front.completed > 5)
        #expect(front.latency.meanMs == expectedMs)
        #expect(front.latency.maxMs == expectedMs)
        #expect(back.latency.meanMs == 5)
        #expect(back.admitted == front.admitted)
    }

    @Test func scheduleStepsAreInstant() throws {
        // 10/s for 5 minutes, then a step to 100/s: 3000 + 30000 arrivals expected.
        let spec = try Fixtures.spec(
            """
            name: step
            horizon: 10m
            period: 5m
            \(Self.twoAZ)
            services:
              - { name: fn, azs: [az1], workersPerAZ: 100, serviceTime: 1ms }
            workloads:
              - name: w
                service: fn
                arrivals:
                  schedule: [{ at: 0s, rate: 10 }, { at: 5m, rate: 10 }, { at: 5m, rate: 100 }]
            """)
        let sink = InMemoryTimeline()
        _ = try ScenarioRun.run(spec, sink: sink)
        let sums = sink.rows.filter { $0.metric == "Invocations" }.map(\.value)
        #expect(sums.count == 2)
        #expect(abs(sums[0] - 3_000) < 4 * 3_000.0.squareRoot(), "\(sums)")
        #expect(abs(sums[1] - 30_000) < 4 * 30_000.0.squareRoot(), "\(sums)")
    }

    @Test func lossStationRejectsWhenAllWorkersAreBusy() throws {
        let spec = try Fixtures.spec(
            """
            name: loss
            horizon: 10s
            \(Self.twoAZ)
            services:
              - { name: fn, azs: [az1], workersPerAZ: 1, queueCapacity: 0, serviceTime: 1s }
            workloads:
              - { name: w, service: fn, arrivals: { trace: { file: t.csv } } }
            """, files: ["t.csv": "t_s\n0\n0.1\n0.2\n1.5\n"])
        let fn = try ScenarioRun.run(spec).result.services[0]
        #expect(fn.requests == 4)
        #expect(fn.admitted == 2)
        #expect(fn.throttled == 2)
        #expect(fn.completed == 2)
    }

    @Test func boundedQueueHoldsThenRejects() throws {
        let spec = try Fixtures.spec(
            """
            name: queue
            horizon: 10s
            \(Self.twoAZ)
            services:
              - { name: fn, azs: [az1], workersPerAZ: 1, queueCapacity: 2, serviceTime: 1s }
            workloads:
              - { name: w, service: fn, arrivals: { trace: { file: t.csv } } }
            """, files: ["t.csv": "t_s\n0\n0\n0\n0\n"])
        let fn = try ScenarioRun.run(spec).result.services[0]
        #expect(fn.admitted == 3)
        #expect(fn.throttled == 1)
        #expect(fn.latency.maxMs == 3_000)
        #expect(fn.queueWait.meanMs == 1_000) // waits of 0, 1 s and 2 s
        #expect(fn.maxQueueDepth == 2)
    }

    @Test func timeoutFreesTheWorkerAndCountsAsError() throws {
        let spec = try Fixtures.spec(
            """
            name: timeout
            horizon: 10s
            \(Self.twoAZ)
            services:
              - { name: fn, azs: [az1], workersPerAZ: 1, serviceTime: 2s, timeout: 500ms }
            workloads:
              - { name: w, service: fn, arrivals: { trace: { file: t.csv } } }
            """, files: ["t.csv": "t_s\n0\n0\n"])
        let fn = try ScenarioRun.run(spec).result.services[0]
        #expect(fn.timedOut == 2)
        #expect(fn.errors == 2)
        #expect(fn.completed == 0)
        // The first times out at 0.5 s in service; the second, queued, also at 0.5 s.
        #expect(fn.latency.maxMs == 500)
        #expect(fn.inFlightAtEnd == 0)
    }

    @Test func dependencyFailurePropagatesOrIsIgnored() throws {
        func frontErrors(_ onError: String) throws -> ServiceSummary {
            let spec = try Fixtures.spec(
                """
                name: deps
                horizon: 60s
                \(Self.twoAZ)
                services:
                  - { name: front, azs: [az1], workersPerAZ: 50, serviceTime: 1ms, calls: [{ service: flaky, onError: \(onError) }] }
                  - { name: flaky, azs: [az1], workersPerAZ: 50, serviceTime: 1ms, errorRate: 1 }
                workloads:
                  - { name: w, service: front, arrivals: { poisson: { rate: 20 } } }
                """)
            return try ScenarioRun.run(spec).result.services[0]
        }
        let failing = try frontErrors("fail")
        #expect(failing.errors == failing.admitted - failing.inFlightAtEnd)
        let tolerant = try frontErrors("continue")
        #expect(tolerant.errors == 0)
    }

    @Test func scheduleArrivalsFollowTheRateIntegral() throws {
        // Rate ramps 0 -> 100/s over 10 min, holds 10 min: expected count 30000 + 60000.
        let spec = try Fixtures.spec(
            """
            name: ramp
            horizon: 20m
            \(Self.twoAZ)
            services:
              - { name: fn, azs: [az1], workersPerAZ: 100, serviceTime: 1ms }
            workloads:
              - name: w
                service: fn
                arrivals:
                  schedule: [{ at: 0s, rate: 0 }, { at: 10m, rate: 100 }]
            """)
        var timeline = ""
        let run = try ScenarioRun.run(spec, sink: CSVTimelineWriter { timeline += $0 })
        let n = Double(run.result.services[0].requests)
        #expect(abs(n - 90_000) < 4 * 90_000.0.squareRoot(), "\(n) arrivals")
        // The first minute of the ramp averages 5/s (300), the last full minute 100/s (6000).
        let invocations = timeline.split(separator: "\n").filter { $0.contains(",fn,Invocations,Sum,") }
        let first = Double(invocations.first!.split(separator: ",").last!)!
        let last = Double(invocations.last!.split(separator: ",").last!)!
        #expect(abs(first - 300) < 4 * 300.0.squareRoot())
        #expect(abs(last - 6_000) < 4 * 6_000.0.squareRoot())
    }

    @Test func workloadAZWeightsSplitTraffic() throws {
        let spec = try Fixtures.spec(
            """
            name: split
            horizon: 10m
            \(Self.twoAZ)
            services:
              - { name: front, azs: [az1, az2], workersPerAZ: 10, serviceTime: 1ms, calls: [{ service: db }] }
              - { name: db, azs: [az1], workersPerAZ: 10, serviceTime: 1ms }
            workloads:
              - { name: w, service: front, azs: { az1: 3, az2: 1 }, arrivals: { poisson: { rate: 50 } } }
            """)
        let front = try ScenarioRun.run(spec).result.services[0]
        // A quarter of calls come from az2 and cross AZs: az1 takes 1+1+1+1 ms, az2 1+3+1+3 ms.
        #expect(abs(front.latency.meanMs - 5.0) < 0.1, "\(front.latency.meanMs)")
    }

    @Test func jsonScenariosRunLikeYAML() throws {
        let json = """
            {
              "name": "json",
              "horizon": "10m",
              "regions": [{ "name": "r", "azs": ["a"] }],
              "services": [{ "name": "fn", "workersPerAZ": 3, "queueCapacity": 0,
                             "serviceTime": { "lognormal": { "p50": "100ms", "p99": "900ms" } } }],
              "workloads": [{ "name": "w", "service": "fn", "arrivals": { "poisson": { "rate": 20 } } }]
            }
            """
        let yaml = """
            name: json
            horizon: 10m
            regions: [{ name: r, azs: [a] }]
            services:
              - { name: fn, workersPerAZ: 3, queueCapacity: 0, serviceTime: { lognormal: { p50: 100ms, p99: 900ms } } }
            workloads:
              - { name: w, service: fn, arrivals: { poisson: { rate: 20 } } }
            """
        let a = try Fixtures.outputs(try Fixtures.spec(json))
        let b = try Fixtures.outputs(try Fixtures.spec(yaml))
        #expect(a.timeline == b.timeline)
        #expect(a.run.result.services[0].throttled > 0)
    }

    @Test func inFlightLimitStopsAnUnboundedOverload() throws {
        let spec = try Fixtures.spec(
            """
            name: overload
            horizon: 1h
            limits: { maxInFlight: 1000 }
            \(Self.twoAZ)
            services:
              - { name: fn, azs: [az1], workersPerAZ: 1, serviceTime: 1s }
            workloads:
              - { name: w, service: fn, arrivals: { poisson: { rate: 10 } } }
            """)
        #expect(throws: CloudError.self) { try ScenarioRun.run(spec) }
        do { _ = try ScenarioRun.run(spec) } catch { #expect("\(error)".contains("maxInFlight")) }
    }

    @Test func eventLimitStopsTheRun() throws {
        let spec = try Fixtures.spec(
            """
            name: events
            horizon: 1h
            limits: { maxEvents: 500 }
            \(Self.twoAZ)
            services:
              - { name: fn, azs: [az1], workersPerAZ: 10, serviceTime: 1ms }
            workloads:
              - { name: w, service: fn, arrivals: { poisson: { rate: 10 } } }
            """)
        do {
            _ = try ScenarioRun.run(spec)
            Issue.record("expected the event limit to stop the run")
        } catch {
            #expect("\(error)".contains("maxEvents"))
        }
    }
}
