import FaultlineCloud
import FaultlineKernel
import FaultlineScenario
import Testing

/// The simulator against queueing theory, with statistical tolerances: each check builds a 99 %
/// confidence interval from independent replications (separate GSL streams per replication) and
/// requires the analytic value to lie inside it.
@Suite struct QueueingTheoryTests {
    @Test func mmcMeanWaitMatchesErlangC() throws {
        let spec = try Fixtures.load("mmc-erlang-c.yaml")
        let theory = Theory.mmcMeanWait(lambda: 9, mu: 1, servers: 10)
        #expect(abs(theory - 0.6687) < 0.001, "Erlang C for 9 Erlang on 10 servers")
        var waits: [Double] = []
        var utilisations: [Double] = []
        for r in 0..<10 {
            let run = try ScenarioRun.run(spec, options: RunOptions(horizon: .hours(2), replication: UInt32(r)))
            let s = run.result.services[0]
            waits.append(s.queueWait.meanMs / 1e3)
            utilisations.append(s.utilisation)
        }
        let w = Theory.interval(waits)
        #expect(abs(w.mean - theory) <= w.halfWidth, "mean wait \(w.mean) ± \(w.halfWidth) s vs Erlang C \(theory) s")
        #expect(w.halfWidth < 0.15 * theory, "the interval is tight enough to mean something")
        let u = Theory.interval(utilisations)
        #expect(abs(u.mean - 0.9) <= u.halfWidth, "utilisation \(u.mean) ± \(u.halfWidth) vs 0.9")
    }

    /// P(wait > 0), the share of requests that waited, against Erlang C's C(c, a) at loads and
    /// server counts no shipped scenario uses (99 % interval over 8 replications); the timeline's
    /// per-period `WaitedShare` rows, weighted by admissions, give the summary's figure.
    @Test(arguments: [(3, 1.5), (25, 22.0)])
    func waitedShareMatchesErlangC(servers c: Int, load a: Double) throws {
        let spec = try Fixtures.spec(
            """
            name: mmc-waited
            horizon: 70m
            warmup: 10m
            period: 60s
            regions: [{ name: r, azs: [a] }]
            services:
              - { name: station, workersPerAZ: \(c), queueCapacity: unlimited, serviceTime: { exponential: { mean: 1s } } }
            workloads:
              - { name: w, service: station, arrivals: { poisson: { rate: \(a) } } }
            """)
        let theory = Theory.erlangC(servers: c, load: a)
        var shares: [Double] = []
        for r in 0..<8 {
            let (timeline, summary, _, run) = try Fixtures.outputs(spec, options: RunOptions(seed: 21, replication: UInt32(r)))
            let s = run.result.services[0]
            shares.append(s.waitedShare)
            #expect(summary.contains("\"waited_share\""))
            if r == 0 {
                // Timeline rows: every period's share, in [0, 1]; admission-weighted over the
                // measured periods they give the summary's share.
                var rows: [Double: (share: Double, admitted: Double)] = [:]
                for line in timeline.split(separator: "\n") {
                    let f = line.split(separator: ",")
                    guard f.count == 5, f[1] == "station", let t = Double(f[0]), let v = Double(f[4]) else { continue }
                    if f[2] == "WaitedShare" { rows[t, default: (0, 0)].share = v }
                    if f[2] == "Invocations" && f[3] == "Sum" { rows[t, default: (0, 0)].admitted = v }
                }
                let measured = rows.filter { $0.key >= 600 }.values
                #expect(measured.count == 60 && measured.allSatisfy { $0.share >= 0 && $0.share <= 1 })
                let weighted = measured.reduce(0) { $0 + $1.share * $1.admitted } / measured.reduce(0) { $0 + $1.admitted }
                #expect(abs(weighted - s.waitedShare) < 1e-6, "timeline \(weighted) vs summary \(s.waitedShare)")
            }
        }
        let w = Theory.interval(shares)
        #expect(abs(w.mean - theory) <= w.halfWidth, "c=\(c) a=\(a): P(wait > 0) \(w.mean) ± \(w.halfWidth) vs Erlang C \(theory)")
        #expect(w.halfWidth < 0.15 * theory, "tight enough: ± \(w.halfWidth)")
    }

    @Test func lossStationBlockingMatchesErlangB() throws {
        let spec = try Fixtures.load("loss-erlang-b.yaml")
        let theory = Theory.erlangB(servers: 100, load: 80)
        #expect(abs(theory - 0.00399) < 0.0002, "Erlang B for 80 Erlang on 100 servers")
        var rates: [Double] = []
        for r in 0..<8 {
            let run = try ScenarioRun.run(spec, options: RunOptions(horizon: .minutes(50), replication: UInt32(r)))
            rates.append(run.result.services[0].throttleRate)
        }
        let b = Theory.interval(rates)
        #expect(abs(b.mean - theory) <= b.halfWidth, "blocking \(b.mean) ± \(b.halfWidth) vs Erlang B \(theory)")
        #expect(b.halfWidth < 0.5 * theory)
    }

    /// Erlang B is insensitive to the service-time distribution: a heavy-tailed mixture with the
    /// same mean blocks as often as the lognormal.
    @Test func erlangBHoldsForAMixtureServiceTime() throws {
        let yaml = """
            name: loss-mixture
            horizon: 40m
            warmup: 2m
            regions: [{ name: r, azs: [a] }]
            services:
              - name: pool
                workersPerAZ: 10
                queueCapacity: 0
                serviceTime:
                  mixture:
                    - { weight: 0.9, exponential: { mean: 0.5s } }
                    - { weight: 0.1, constant: 5.5s }
            workloads:
              - { name: w, service: pool, arrivals: { poisson: { rate: 8 } } }
            """
        let spec = try Fixtures.spec(yaml)
        let theory = Theory.erlangB(servers: 10, load: 8) // mean service 0.45 + 0.55 = 1 s
        var rates: [Double] = []
        for r in 0..<8 {
            rates.append(try ScenarioRun.run(spec, options: RunOptions(replication: UInt32(r))).result.services[0].throttleRate)
        }
        let b = Theory.interval(rates)
        #expect(abs(b.mean - theory) <= b.halfWidth, "blocking \(b.mean) ± \(b.halfWidth) vs Erlang B \(theory)")
    }
}
