import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// The network impairment model: host `tc` latency and loss (with TCP retransmission), subnet
/// NACLs (`aws:network:disrupt-connectivity`) and cross-Region blackholes, checked exactly where
/// the model is deterministic (zero base latency, constant service times) and against the
/// retransmission formula where it draws. Statistical bounds are 4-5 standard deviations.
@Suite struct NetworkTests {
    /// Two AZs, no base latency; clients in each AZ call web (both AZs), web calls db (AZ a).
    static func webAndDB(fault: String, horizon: String = "40s") -> String {
        """
        name: net
        horizon: \(horizon)
        period: 10s
        regions: [{ name: r, azs: [a, b] }]
        network: { intraAZ: 0s, crossAZ: 0s }
        services:
          - { name: web, azs: [a, b], workersPerAZ: 1000, serviceTime: 1ms, calls: [{ service: db }] }
          - { name: db, azs: [a], workersPerAZ: 1000, serviceTime: 2ms }
        workloads:
          - { name: ca, service: web, azs: [a], client: { timeout: 10s }, arrivals: { poisson: { rate: 50 } } }
          - { name: cb, service: web, azs: [b], client: { timeout: 10s }, arrivals: { poisson: { rate: 50 } } }
        faults:
        \(fault)
        """
    }

    /// 100 ms egress latency on web's hosts toward AZ a: client/ca pays it twice (web-a's
    /// response to its load balancer node in a, web-a -> db), client/cb once (web-b -> db, a
    /// cross-AZ hop whose destination is in a); web's response to cb (toward b) is untouched.
    @Test func latencyActsOnMatchingHopsOnly() throws {
        let spec = try Fixtures.spec(
            Self.webAndDB(
                fault: """
                      - { name: slow, action: aws:ecs:task-network-latency, targets: [web], start: 0s, duration: 1h,
                          parameters: { delayMilliseconds: "100", jitterMilliseconds: "0", sources: a } }
                    """))
        let (run, _) = try Timeline.run(spec)
        let ca = try #require(run.service("client/ca")), cb = try #require(run.service("client/cb"))
        #expect(ca.completed > 1000 && cb.completed > 1000)
        #expect(abs(ca.latency.meanMs - 203) < 1e-6 && abs(ca.latency.maxMs - 203) < 0.2, "\(ca.latency)")
        #expect(abs(cb.latency.meanMs - 103) < 1e-6 && abs(cb.latency.maxMs - 103) < 0.2, "\(cb.latency)")
        // Without the fault: 3 ms everywhere.
        let base = try Fixtures.spec(Self.webAndDB(fault: "  []").replacingOccurrences(of: "faults:\n  []", with: ""))
        let (b, _) = try Timeline.run(base)
        #expect(abs(try #require(b.service("client/ca")).latency.meanMs - 3) < 1e-6)
    }

    /// Jitter is uniform in delay ± jitter; the mean stays the delay, the extremes stay inside.
    /// `ALL` sources and the ingress direction of an SSM document (the default of the -Sources
    /// documents): db's hosts receive web's requests 50 ± 20 ms late.
    @Test func jitterAndIngress() throws {
        let spec = try Fixtures.spec(
            Self.webAndDB(
                fault: """
                      - name: slow-in
                        action: aws:ssm:send-command
                        targets: [db]
                        start: 0s
                        duration: 1h
                        parameters:
                          documentArn: arn:aws:ssm:r::document/AWSFIS-Run-Network-Latency-Sources
                          documentParameters: '{"DelayMilliseconds":"50","JitterMilliseconds":"20","Sources":"ALL","DurationSeconds":"60"}'
                    """))
        let (run, _) = try Timeline.run(spec)
        let ca = try #require(run.service("client/ca"))
        let n = Double(ca.completed)
        // Uniform(-20, 20) ms has standard deviation 40/sqrt(12) ms.
        #expect(abs(ca.latency.meanMs - 53) < 5 * (40 / 12.0.squareRoot()) / n.squareRoot(), "\(ca.latency)")
        #expect(ca.latency.maxMs <= 73.1 && ca.latency.p99Ms > 65, "\(ca.latency)")
    }

    /// flowsPercent picks flows deterministically, per caller request: web-b's answer to cb (the
    /// client's flow) and its call to db (web's own request's flow) are each slowed by 100 ms with
    /// probability 0.3, independently, so cb's mean grows by 2 × 0.3 × 100 ms within binomial
    /// bounds; a second run picks the same flows.
    @Test func flowsPercentShare() throws {
        let spec = try Fixtures.spec(
            Self.webAndDB(
                fault: """
                      - { name: some, action: aws:ecs:task-network-latency, targets: [web], azs: [b], start: 0s, duration: 1h,
                          parameters: { delayMilliseconds: "100", jitterMilliseconds: "0", flowsPercent: "30" } }
                    """, horizon: "80s"))
        let (run, _) = try Timeline.run(spec)
        let cb = try #require(run.service("client/cb")), ca = try #require(run.service("client/ca"))
        let n = Double(cb.completed)
        let share = (cb.latency.meanMs - 3) / 100
        #expect(abs(share - 0.6) < 4 * (2 * 0.3 * 0.7 / n).squareRoot(), "share \(share) of \(n)")
        #expect(abs(ca.latency.meanMs - 3) < 1e-6, "web-a is not targeted (azs: [b])")
        let (again, _) = try Timeline.run(spec)
        #expect(again.service("client/cb")?.latency == cb.latency)
    }

    /// The retransmission series: segments, RTO 200 ms doubling, capped; the expected delay of
    /// one segment is RTO·p/(1−2p) for p < 1/2 without the cap.
    @Test func retransmissionFormula() {
        #expect(TCPRetransmission.backoff(losses: 0) == 0)
        #expect(TCPRetransmission.backoff(losses: 1) == 200_000_000)
        #expect(TCPRetransmission.backoff(losses: 3) == 1_400_000_000)
        #expect(TCPRetransmission.backoff(losses: 12) - TCPRetransmission.backoff(losses: 11) == 120_000_000_000)
        let p = 0.15
        #expect(abs(TCPRetransmission.expectedDelay(lossProbability: p, segments: 1) - 2e8 * p / (1 - 2 * p)) < 1e3)
    }

    /// 20 % loss on web's egress: the mean added latency of web -> db equals E[backoff(max of
    /// two geometric loss counts)], and retransmissions average 2p/(1−p) per message.
    @Test func packetLossMatchesRetransmissionTheory() throws {
        let p = 0.2
        let spec = try Fixtures.spec(
            Self.webAndDB(
                fault: """
                      - { name: lossy, action: aws:eks:pod-network-packet-loss, targets: [web], azs: [b], start: 0s, duration: 1h,
                          parameters: { lossPercent: "20", kubernetesServiceAccount: fis, sources: "a" } }
                    """, horizon: "120s"))
        let (run, tl) = try Timeline.run(spec)
        let cb = try #require(run.service("client/cb"))
        let n = Double(cb.completed)
        // Moments of the added delay D = backoff(K), P(K <= k) = (1 - p^(k+1))^2.
        var mean = 0.0, second = 0.0, below = 0.0
        for k in 0...15 {
            let cdf = pow(1 - pow(p, Double(k + 1)), 2)
            let d = Double(TCPRetransmission.backoff(losses: k)) / 1e6
            mean += (cdf - below) * d
            second += (cdf - below) * d * d
            below = cdf
        }
        #expect(abs(mean - TCPRetransmission.expectedDelay(lossProbability: p) / 1e6) < 1e-9)
        let sd = (second - mean * mean).squareRoot()
        #expect(abs((cb.latency.meanMs - 3) - mean) < 5 * sd / n.squareRoot(), "added \(cb.latency.meanMs - 3) ms, theory \(mean) ms, n \(n)")
        let retransmits = tl.sum("web", "NetworkRetransmits")
        let perMessage = 2 * p / (1 - p)
        #expect(abs(retransmits / n - perMessage) < 5 * (2 * p / ((1 - p) * (1 - p))).squareRoot() / n.squareRoot(), "\(retransmits / n)")
        #expect(abs(try #require(run.service("client/ca")).latency.meanMs - 3) < 1e-6, "AZ a is not targeted")
    }

    /// Callers per AZ (pa in a, pb in b) call a same-AZ cache, a remote service in c and a
    /// DynamoDB table; a NACL on subnet a denies exactly the scope's traffic: the blocked calls
    /// never arrive and time out (onError: continue), the others arrive.
    static func scopes(_ scope: String) -> String {
        let calls =
            "[{ service: cache, timeout: 100ms, onError: continue }, { service: remote, timeout: 100ms, onError: continue }, "
            + "{ service: T, operation: GetItem, timeout: 100ms, onError: continue }]"
        let arrivals = "{ schedule: [{ at: 0s, rate: 40 }, { at: 15s, rate: 40 }, { at: 15s, rate: 0 }] }"
        return """
            name: scopes
            horizon: 20s
            period: 10s
            regions: [{ name: r, azs: [a, b, c] }]
            network: { intraAZ: 0s, crossAZ: 0s }
            services:
              - { name: pa, azs: [a], workersPerAZ: 1000, serviceTime: 0s, calls: \(calls) }
              - { name: pb, azs: [b], workersPerAZ: 1000, serviceTime: 0s, calls: \(calls) }
              - { name: cache, azs: [a, b], workersPerAZ: 1000, serviceTime: 1ms }
              - { name: remote, azs: [c], workersPerAZ: 1000, serviceTime: 1ms }
            tables:
              - { name: T, latency: 1ms }
            workloads:
              - { name: wa, service: pa, arrivals: \(arrivals) }
              - { name: wb, service: pb, arrivals: \(arrivals) }
            faults:
              - { name: nacl, action: aws:network:disrupt-connectivity, targets: [a], start: 0s, duration: 1h, parameters: { scope: \(scope) } }
            """
    }

    @Test(arguments: [
        ("all", false, true, true), ("availability-zone", false, true, false),
        ("dynamodb", false, false, true), ("vpc", false, false, true), ("s3", false, false, false)
    ])
    func disruptConnectivityScopes(scope: String, cacheBlocked: Bool, remoteBlocked: Bool, tableBlocked: Bool) throws {
        let (run, tl) = try Timeline.run(try Fixtures.spec(Self.scopes(scope)))
        let pa = try #require(run.service("pa")).requests, pb = try #require(run.service("pb")).requests
        #expect(pa > 500 && pb > 500)
        #expect(run.service("cache")?.requests == (cacheBlocked ? pb : pa + pb), "\(scope) cache")
        #expect(run.service("remote")?.requests == (remoteBlocked ? pb : pa + pb), "\(scope) remote")
        #expect(run.service("T")?.requests == (tableBlocked ? pb : pa + pb), "\(scope) table")
        let blockedPerRequest = Int64((remoteBlocked ? 1 : 0) + (tableBlocked ? 1 : 0))
        #expect(Int64(tl.sum("pa", "NetworkMessagesDropped")) == blockedPerRequest * pa)
        // Every message the NACL blocked crossed its hop while it was active (issue 11): the
        // count that tells a network action took effect; s3 scope with no S3 traffic gives 0.
        #expect(run.result.networkCrossings.compactMap { $0 } == [blockedPerRequest * pa], "\(scope) crossings")
        // pb is never affected: its requests take the 3 ms of its three calls.
        #expect(abs(try #require(run.service("pb")).latency.meanMs - 3) < 1e-6)
    }

    /// NACLs are stateless: a response sent after the fault starts is dropped even though its
    /// request got in before. One request at t=0 to a 2 s service in c; subnet c is cut at 1 s.
    @Test func responsesInFlightAreDropped() throws {
        let spec = try Fixtures.spec(
            """
            name: inflight
            horizon: 20s
            period: 10s
            regions: [{ name: r, azs: [b, c] }]
            network: { intraAZ: 0s, crossAZ: 0s }
            services:
              - { name: caller, azs: [b], workersPerAZ: 10, serviceTime: 0s, calls: [{ service: slow, timeout: 5s, onError: continue }] }
              - { name: slow, azs: [c], workersPerAZ: 10, serviceTime: 2s }
            workloads:
              - { name: one, service: caller, arrivals: { trace: { file: one.csv } } }
            faults:
              - { name: cut, action: aws:network:disrupt-connectivity, targets: [c], start: 1s, duration: 10s, parameters: { scope: all } }
            """, files: ["one.csv": "t_s\n0\n"])
        let (run, _) = try Timeline.run(spec)
        #expect(run.service("slow")?.completed == 1, "the callee did the work")
        let caller = try #require(run.service("caller"))
        #expect(caller.completed == 1 && abs(caller.latency.maxMs - 5000) < 5, "the caller waited for its 5 s timeout: \(caller.latency)")
    }

    /// Route-table blackhole of traffic from subnet a1 toward r2: app's calls to r2 (a service
    /// and a DynamoDB table) never arrive and fall back to r1; a caller in r2 still reaches app's
    /// r1 neighbour but its answers, routed from a1 toward r2, are lost.
    @Test func crossRegionBlackhole() throws {
        let spec = try Fixtures.spec(
            """
            name: xr
            horizon: 20s
            period: 10s
            regions: [{ name: r1, azs: [a1] }, { name: r2, azs: [a2] }]
            network: { intraAZ: 0s, crossAZ: 0s, crossRegion: 30ms }
            services:
              - name: app
                azs: [a1]
                workersPerAZ: 1000
                serviceTime: 0s
                calls:
                  - { service: G, operation: GetItem, timeout: 200ms, onError: continue }
                  - { service: far, timeout: 200ms, fallback: { service: near } }
              - { name: far, azs: [a2], workersPerAZ: 1000, serviceTime: 1ms }
              - { name: near, azs: [a1], workersPerAZ: 1000, serviceTime: 1ms }
              - { name: west, azs: [a2], workersPerAZ: 1000, serviceTime: 0s, calls: [{ service: near, timeout: 200ms, onError: continue }] }
            tables:
              - { name: G, azs: [a2], latency: 1ms }
            workloads:
              - { name: w, service: app, arrivals: { schedule: [{ at: 0s, rate: 40 }, { at: 15s, rate: 40 }, { at: 15s, rate: 0 }] } }
              - { name: v, service: west, arrivals: { schedule: [{ at: 0s, rate: 20 }, { at: 15s, rate: 20 }, { at: 15s, rate: 0 }] } }
            faults:
              - name: isolate
                action: aws:network:route-table-disrupt-cross-region-connectivity
                targets: [a1]
                start: 0s
                duration: 1h
                parameters: { region: r2 }
            """)
        let (run, _) = try Timeline.run(spec)
        let app = try #require(run.service("app")), west = try #require(run.service("west"))
        #expect(run.service("far")?.requests == 0 && run.service("G")?.requests == 0)
        #expect(run.service("near")?.requests == app.requests + west.requests)
        #expect(app.errors == 0 && abs(app.latency.meanMs - 401) < 1e-6, "200 ms timeout, fallback 1 ms, table 200 ms timeout: \(app.latency)")
        #expect(abs(west.latency.meanMs - 200) < 1e-6, "west's calls time out: \(west.latency)")
    }

    /// A fault whose window lies beyond the horizon changes nothing: the same summaries as the
    /// scenario without it (loss and jitter draw from their own streams).
    @Test func noEffectOutsideTheWindow() throws {
        let scenario = Self.webAndDB(
            fault: """
                  - { name: later, action: aws:ecs:task-network-packet-loss, targets: [web], start: 10m, duration: 1m, parameters: { lossPercent: "50" } }
                """)
        let with = try Timeline.run(try Fixtures.spec(scenario)).run
        let without = try Timeline.run(try Fixtures.spec(scenario.components(separatedBy: "faults:")[0])).run
        #expect(with.result.services.filter { !$0.name.isEmpty } == without.result.services)
    }

    /// The shipped AZ Application Slowdown: intra-AZ calls in us-east-1a slow down, the other
    /// AZs do not, and the experiment resolved one task and one instance (no EKS pods: skipped).
    @Test func azApplicationSlowdownBlastRadius() throws {
        let spec = try Fixtures.load("az-application-slowdown.yaml")
        let (run, tl) = try Timeline.run(spec, options: RunOptions(horizon: .minutes(8)))
        let e = try #require(run.experiments.first)
        #expect(e.targets.map(\.resources.count) == [1, 1, 0])
        // The 8 minute horizon cuts the running actions short (they are `running` at the end).
        #expect(e.actions.map(\.status) == [.running, .running, .skipped])
        let during = tl.series("client/shoppers-a", "Duration", "p50").filter { $0.t >= 360 }.map(\.v)
        let other = tl.series("client/shoppers-b", "Duration", "p50").filter { $0.t >= 360 }.map(\.v)
        #expect(!during.isEmpty && during.allSatisfy { $0 > 550 }, "\(during)")
        #expect(other.allSatisfy { $0 < 30 }, "\(other)")
    }

    /// The shipped Cross-AZ Traffic Slowdown: loss on us-east-1a's egress toward b and c slows
    /// the database's answers to the other AZs; us-east-1a itself is untouched.
    @Test func crossAZTrafficSlowdownBlastRadius() throws {
        let spec = try Fixtures.load("cross-az-traffic-slowdown.yaml")
        let (run, tl) = try Timeline.run(spec, options: RunOptions(horizon: .minutes(8)))
        // The 8 minute horizon cuts the running actions short (they are `running` at the end).
        #expect(run.experiments.first?.actions.map(\.status) == [.running, .running, .skipped])
        let p99b = tl.series("client/shoppers-b", "Duration", "p99").filter { $0.t >= 360 }.map(\.v)
        let p99a = tl.series("client/shoppers-a", "Duration", "p99").filter { $0.t >= 360 }.map(\.v)
        #expect(!p99b.isEmpty && p99b.allSatisfy { $0 > 200 }, "\(p99b)")
        #expect(p99a.allSatisfy { $0 < 60 }, "\(p99a)")
        #expect(tl.sum("db", "NetworkRetransmits", from: 360) > 0 && tl.sum("web", "NetworkRetransmits") == 0)
    }

    /// The shipped Cross-Region Connectivity: both network sub-actions resolve (subnets by tag, the
    /// tagged transit gateway); no call reaches us-west-2 during the window, the fallback serves
    /// every request, and traffic returns afterwards.
    @Test func crossRegionConnectivityFallsBackAndRecovers() throws {
        let spec = try Fixtures.load("cross-region-connectivity.yaml")
        let (run, tl) = try Timeline.run(spec, options: RunOptions(horizon: .minutes(22)))
        let e = try #require(run.experiments.first)
        // The library export's six targets: only the subnets (by tag) and the transit gateway resolve;
        // the global table, MemoryDB cluster, bucket and VPC endpoint do not exist here (their actions are skipped).
        #expect(
            Dictionary(uniqueKeysWithValues: e.targets.map { ($0.name, $0.resources.count) })
                == ["DynamoDB-Global-Table": 0, "MemoryDB-Cluster": 0, "S3-Bucket": 0, "Subnet": 2, "Transit-Gateway": 1, "VPC-Endpoint": 0])
        let during = (from: 360.0, to: 1200.0)
        #expect(tl.sum("pricing", "Invocations", from: during.from, to: during.to) == 0)
        // Fallbacks come 300 ms after their request: a few straddle the window's edges.
        #expect(abs(tl.sum("api", "Fallbacks", from: during.from, to: during.to) - tl.sum("api", "Invocations", from: during.from, to: during.to)) < 20)
        #expect(tl.sum("pricing", "Invocations", from: 1260) > 1000 && tl.sum("api", "Fallbacks", from: 1260) == 0)
        #expect(run.service("client/users")?.errors == 0)
    }

    // MARK: Inventory and bad input

    @Test func subnetInventory() throws {
        let spec = try Fixtures.spec(
            """
            name: inv
            regions: [{ name: us-east-1, azs: [us-east-1a, us-east-1b] }, { name: us-west-2, azs: [us-west-2a] }]
            subnets:
              - { az: us-east-1b, tags: { DisruptSubnet: Allowed } }
            services:
              - { name: web, platform: ec2, workersPerAZ: 1, serviceTime: 1ms }
            """)
        let subnets = spec.inventory.filter { $0.resourceType == "aws:ec2:subnet" }
        #expect(subnets.count == 3)
        #expect(
            subnets.allSatisfy { $0.arn.wholeMatch(of: /arn:aws:ec2:us-[a-z]+-\d:123456789012:subnet\/subnet-[0-9a-f]{17}/) != nil }, "\(subnets.map(\.arn))")
        #expect(subnets[1].tags.pairs == [.init(key: "DisruptSubnet", value: "Allowed")] && subnets[1].attribute("AvailabilityZone") == "us-east-1b")
        #expect(Set(subnets.map(\.arn)).count == 3)
        #expect(spec.inventory.filter { $0.resourceType == "aws:ec2:transit-gateway" }.count == 2)
        #expect(spec.inventory.filter { $0.resourceType == "aws:ec2:instance" }.map(\.az) == ["us-east-1a", "us-east-1b"])
    }

    @Test func badNetworkInput() {
        let base = """
            name: bad
            regions: [{ name: r, azs: [a, b] }]
            subnets:
              - { az: z }
            services:
              - { name: web, platform: lambda, workersPerAZ: 1, serviceTime: 1ms }
            tables:
              - { name: T }
            faults:
              - { name: f1, action: aws:network:disrupt-connectivity, targets: [a], start: 0s, duration: 1m, parameters: { scope: prefix-list } }
              - { name: f2, action: aws:network:disrupt-connectivity, targets: [web], start: 0s, duration: 1m, parameters: { scope: everything } }
              - { name: f2b, action: aws:network:disrupt-connectivity, targets: [web], start: 0s, duration: 1m, parameters: { scope: vpc } }
              - { name: f2c, action: aws:ecs:task-network-packet-loss, targets: [web], start: 0s, duration: 1m, parameters: { lossPercent: "101" } }
              - { name: f3, action: aws:network:route-table-disrupt-cross-region-connectivity, targets: [a], start: 0s, duration: 1m, parameters: { region: r9 } }
              - { name: f4, action: aws:ecs:task-network-latency, targets: [T], start: 0s, duration: 1m, parameters: { sources: "example.com" } }
              - { name: f5, action: aws:ecs:task-network-packet-loss, targets: [web], azs: [q], start: 0s, duration: 1m, parameters: { lossPercent: "10" } }
              - name: f6
                action: aws:ssm:send-command
                targets: [web]
                start: 0s
                duration: 1m
                parameters: { documentArn: arn:aws:ssm:r::document/AWSFIS-Run-CPU-Stress, documentParameters: '{"DurationSeconds":"60"}' }
              - name: f6b
                action: aws:ssm:send-command
                targets: [web]
                start: 0s
                duration: 1m
                parameters: { documentArn: arn:aws:ssm:r::document/AWSFIS-Run-Disk-Fill }
              - name: f7
                action: aws:ssm:send-command
                targets: [web]
                start: 0s
                duration: 1m
                parameters: { documentArn: AWSFIS-Run-Network-Packet-Loss-Sources, documentParameters: '{"LossPercent":"7","TrafficType":"sideways","DurationSeconds":"60"}' }
              - { name: f8, action: aws:network:disrupt-connectivity, targets: [a], azs: [a], start: 0s, duration: 1m, parameters: { scope: all } }
            """
        let messages = Fixtures.diagnostics(base).map { "\($0.path): \($0.message) \($0.fix ?? "")" }
        let expected = [
            "subnets[0].az: unknown AZ 'z'",
            "services[0].platform: unknown platform 'lambda'",
            "scope 'prefix-list' requires the parameter 'prefixListIdentifier'",
            "'scope' must be one of all, availability-zone",
            "faults[2].targets[0]: aws:network:disrupt-connectivity targets subnets, named by their AZ; 'web'",
            "the region 'r9' is not a region of this scenario",
            "the source 'example.com' is not an AZ of this scenario",
            "faults[5].targets[0]: 'T' has no hosts of its own",
            "'lossPercent' must be a whole number from 0 to 100, got '101'",
            "faults[6].azs[0]: unknown AZ 'q'",
            "the document AWSFIS-Run-Network-Packet-Loss-Sources requires the parameter 'Sources'",
            // A compute document: CPU stress needs hosts of hosts:, not an implicit host.
            "faults[7].targets[0]: 'web' is not a service with hosts; aws:ssm:send-command acts on hosts",
            // An unknown document: the error lists every document of both families.
            "the SSM document 'AWSFIS-Run-Disk-Fill' is not modelled by Faultline; aws:ssm:send-command replays AWSFIS-Run-CPU-Stress, AWSFIS-Run-Memory-Stress, AWSFIS-Run-Kill-Process, AWSFIS-Run-Network-Latency",
            "TrafficType must be 'ingress' or 'egress', got 'sideways'",
            "'azs' narrows the hosts of a host network action"
        ]
        for e in expected {
            #expect(messages.contains { $0.contains(e) }, "missing: \(e)\n\(messages.joined(separator: "\n"))")
        }
        #expect(messages.count == expected.count, "\(messages.joined(separator: "\n"))")
    }
}
