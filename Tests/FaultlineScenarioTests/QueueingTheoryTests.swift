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
