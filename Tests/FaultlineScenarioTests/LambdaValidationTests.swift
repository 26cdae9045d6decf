import FaultlineCloud
import FaultlineKernel
import FaultlineRandom
import FaultlineScenario
import Foundation
import Testing

/// The Lambda model against theory and against an independent reference simulation, with
/// statistical tolerances: 99 % confidence intervals over replications, binomial bounds and
/// Kolmogorov–Smirnov critical values. Each bound is derived from the set-up, never tuned.
@Suite struct LambdaValidationTests {
    // MARK: FIS extension: poll delay

    /// Environments created at Poisson times (rate 0.3/s) over [0, 660 s]: given their number,
    /// creation times are iid uniform on [0, 660], a multiple of both T = 20 s and 60 s, so the
    /// poll phases are exactly uniform mod T. No arrivals until 880 s, then a 20/s overload on
    /// reserved concurrency 400 keeps every environment busy (890 s handlers, so none is freed
    /// before 890 s, and a freed one is re-thawed within ~50 ms); it also creates ~200 more
    /// environments in a burst at 880 s, which the test sets apart (their phases are all 880 s).
    /// Schedules are piecewise linear, so each step is two points at one time. A 0 ms add-delay
    /// fault runs 1500–1800 s; an environment polling every T while thawed sees it U(0, T) after
    /// the start.
    static func pollYAML(slowPoll: Int) -> String {
        """
        name: poll-uniform
        horizon: 1850s
        period: 10s
        regions: [{ name: r, azs: [a] }]
        functions:
          - name: fn
            reservedConcurrency: 400
            duration: 890s
            timeout: 900s
            initDuration: 0s
            idleLifetime: 2h
            fisExtension: { slowPoll: \(slowPoll)s, pollDuration: 1ms }
        workloads:
          - name: w
            service: fn
            arrivals:
              schedule: [ { at: 0s, rate: 0.3 }, { at: 660s, rate: 0.3 }, { at: 660s, rate: 0 },
                          { at: 880s, rate: 0 }, { at: 880s, rate: 20 } ]
        faults:
          - name: delay
            action: aws:lambda:invocation-add-delay
            targets: [fn]
            start: 1500s
            duration: 5m
            parameters: { startupDelayMilliseconds: "0" }
        """
    }

    /// Onsets and clearings (clearedAt − end) of the environments created at Poisson times, and
    /// the fault's tail after its end, pooled over replications.
    static func pollRun(slowPoll: Int, replications: Int) throws -> (onsets: [Double], cleared: [Double], tails: [Double], environments: Int) {
        let spec = try Fixtures.spec(pollYAML(slowPoll: slowPoll))
        var onsets: [Double] = [], cleared: [Double] = [], tails: [Double] = []
        var environments = 0
        for r in 0..<replications {
            let run = try ScenarioRun.run(spec, options: RunOptions(seed: 11, replication: UInt32(r)))
            let report = try #require(run.result.faults.first)
            #expect(run.result.functions[0].environmentsCreated == 400, "400 environments, all created before the fault")
            #expect(
                report.environments.count == 400 && report.environments.allSatisfy { $0.createdAt <= report.start }
                    && report.environmentsAware == 400, "every environment pre-dates the fault and sees it")
            let poisson = report.environments.filter { $0.createdAt < 660 }
            #expect(poisson.count > 150 && poisson.count < 250, "Poisson(198) environments: \(poisson.count)")
            environments += poisson.count
            // The premise: creation times (the poll phases) are uniform mod T.
            let phases = poisson.map { $0.createdAt.truncatingRemainder(dividingBy: Double(slowPoll)) }
            #expect(Stats.ksUniform(phases, upper: Double(slowPoll)) < 1.628 / Double(phases.count).squareRoot(), "creation phases uniform")
            for e in poisson {
                if let saw = e.sawAt { onsets.append(saw - report.start) }
                if let c = e.clearedAt { cleared.append(c - report.end) }
            }
            for e in report.environments {
                #expect(e.clearedAt != nil, "every environment learns the fault is gone")
                if let last = e.lastInjected, let c = e.clearedAt { #expect(last <= c, "no injection after the poll that found the fault gone") }
            }
            if let t = report.tailAfterEnd { tails.append(t) }
        }
        return (onsets, cleared, tails, environments)
    }

    @Test func pollOnsetIsUniformOverTheSlowPoll() throws {
        let T = 20.0
        let (onsets, cleared, tails, n) = try Self.pollRun(slowPoll: 20, replications: 6)
        #expect(onsets.count == n)
        // Mean: T/2 with σ = T/√12.
        let mean = onsets.reduce(0, +) / Double(onsets.count)
        let half = 2.576 * T / 12.0.squareRoot() / Double(onsets.count).squareRoot()
        #expect(abs(mean - T / 2) <= half, "mean onset \(mean) s vs T/2 = \(T / 2) ± \(half)")
        // Shape: KS distance to U(0, T) below the 99 % critical value.
        let d = Stats.ksUniform(onsets, upper: T)
        #expect(d < 1.628 / Double(onsets.count).squareRoot(), "KS D = \(d), critical \(1.628 / Double(onsets.count).squareRoot())")
        #expect(onsets.allSatisfy { $0 >= 0 && $0 <= T + 0.5 }, "no onset beyond one slow poll (+ drift): max \(onsets.max() ?? 0)")
        // The fleet's aware fraction rises linearly: ECDF at T/4, T/2, 3T/4 within binomial bounds.
        for q in [0.25, 0.5, 0.75] {
            let f = Double(onsets.filter { $0 <= q * T }.count) / Double(onsets.count)
            let b = 2.576 * (q * (1 - q) / Double(onsets.count)).squareRoot()
            #expect(abs(f - q) <= b, "aware fraction at \(q)T: \(f) vs \(q) ± \(b)")
        }
        // Ramp-down: every environment finds the configuration gone within one hot poll (20 s)
        // of the end. Environments are always busy except for the gap between an 890 s handler
        // ending and the next of the 20/s throttled arrivals re-thawing it (P(gap > 1 s) = e^-20);
        // a poll due in that gap starts at the re-thaw, whose invocation still uses the old view,
        // so the bound is 20 s + one poll (1 ms) + the gap: 21 s.
        #expect(cleared.count == n)
        #expect(cleared.allSatisfy { $0 > 0 && $0 <= 20 + 1 }, "clearedAt − end in (0, 21]: max \(cleared.max() ?? 0)")
        #expect(Stats.ksUniform(cleared, upper: 20) < 1.628 / Double(cleared.count).squareRoot(), "hot-poll phases are uniform too")
        #expect(!tails.isEmpty && tails.allSatisfy { $0 <= 20 + 1 }, "last injection − end ≤ 21 s: \(tails)")
        print(
            "poll T=20: n=\(onsets.count) mean onset \(mean) (theory 10 ± \(half)), KS D \(d), cleared mean \(cleared.reduce(0, +) / Double(cleared.count)) max \(cleared.max()!), tails \(tails)"
        )
    }

    @Test func longerSlowPollDelaysOnsetProportionally() throws {
        let T = 60.0
        let (onsets, _, _, n) = try Self.pollRun(slowPoll: 60, replications: 6)
        #expect(onsets.count == n)
        let mean = onsets.reduce(0, +) / Double(onsets.count)
        let half = 2.576 * T / 12.0.squareRoot() / Double(onsets.count).squareRoot()
        #expect(abs(mean - T / 2) <= half, "mean onset \(mean) s vs T/2 = \(T / 2) ± \(half)")
        let d = Stats.ksUniform(onsets, upper: T)
        #expect(d < 1.628 / Double(onsets.count).squareRoot(), "KS D = \(d)")
        #expect(onsets.allSatisfy { $0 >= 0 && $0 <= T + 0.5 })
        print("poll T=60: n=\(onsets.count) mean onset \(mean) (theory 30 ± \(half)), KS D \(d)")
    }

    // MARK: Throttling at reserved concurrency

    /// Reserved concurrency c with no queue is an M/G/c/c loss system (Init 0 s, so holding time
    /// is the handler's duration): blocking is Erlang B and insensitive to the distribution.
    static func erlangYAML(duration: String) -> String {
        """
        name: lambda-erlang-b
        horizon: 32m
        warmup: 2m
        regions: [{ name: r, azs: [a] }]
        functions:
          - name: fn
            reservedConcurrency: 20
            duration: \(duration)
            timeout: 900s
            initDuration: 0s
            idleLifetime: 2h
        workloads:
          - { name: w, service: fn, arrivals: { poisson: { rate: 14 } } }
        """
    }

    @Test(arguments: [
        ("lognormal", "{ lognormal: { mean: 1s, stddev: 1.5s } }"),
        // mean 0.8 × 0.75 + 0.2 × (2.5 × 1.2 / 1.5) = 0.6 + 0.4 = 1 s; Pareto tail x^-2.5.
        ("heavy-tailed mixture", "{ mixture: [ { weight: 0.8, exponential: { mean: 0.75s } }, { weight: 0.2, pareto: { shape: 2.5, scale: 1.2s } } ] }")
    ])
    func throttlingAtReservedConcurrencyIsErlangB(label: String, duration: String) throws {
        let spec = try Fixtures.spec(Self.erlangYAML(duration: duration))
        let theory = Theory.erlangB(servers: 20, load: 14)
        var rates: [Double] = []
        for r in 0..<8 {
            let s = try ScenarioRun.run(spec, options: RunOptions(seed: 5, replication: UInt32(r))).result.services[0]
            #expect(s.throttled > 0)
            rates.append(Double(s.throttled) / Double(s.requests))
        }
        let b = Theory.interval(rates)
        #expect(abs(b.mean - theory) <= b.halfWidth, "\(label): blocking \(b.mean) ± \(b.halfWidth) vs Erlang B \(theory)")
        #expect(b.halfWidth < 0.25 * theory, "the interval is tight enough to mean something: ± \(b.halfWidth)")
        print("erlang B \(label): \(b.mean) ± \(b.halfWidth) vs \(theory)")
    }

    // MARK: Cold starts

    /// Independent reference: Poisson arrivals, constant handler duration, Init 0; environments
    /// are a list of free-at times; an arrival takes the most recently freed environment that has
    /// been idle for less than L, else it cold-starts a new one.
    static func referenceColdStartRate(rate: Double, idle L: Double, duration D: Double, horizon H: Double, seed: UInt64) -> Double {
        var rng = SplitMix64(seed: seed)
        var busyUntil: [Double] = [] // environments in use
        var freeAt: [Double] = [] // idle environments, by when they were freed
        var t = 0.0
        var arrivals = 0, cold = 0
        while true {
            t += -log1p(-rng.nextUniform()) / rate
            if t >= H { break }
            var i = 0
            while i < busyUntil.count {
                if busyUntil[i] <= t {
                    freeAt.append(busyUntil[i])
                    busyUntil.swapAt(i, busyUntil.count - 1)
                    busyUntil.removeLast()
                } else {
                    i += 1
                }
            }
            freeAt.removeAll { t - $0 >= L }
            arrivals += 1
            if let best = freeAt.indices.max(by: { freeAt[$0] < freeAt[$1] }) {
                freeAt.remove(at: best)
            } else {
                cold += 1
            }
            busyUntil.append(t + D)
        }
        return Double(cold) / Double(arrivals)
    }

    static func coldYAML(rate: Double, idle: String, duration: String, horizon: String) -> String {
        """
        name: cold-starts
        horizon: \(horizon)
        period: 5m
        regions: [{ name: r, azs: [a] }]
        functions:
          - name: fn
            duration: \(duration)
            timeout: 900s
            initDuration: 0s
            idleLifetime: \(idle)
        workloads:
          - { name: w, service: fn, arrivals: { poisson: { rate: \(rate) } } }
        """
    }

    @Test(arguments: [
        // (λ /s, L s, D s): low, middle and high cold-start rates.
        (2.0, 60.0, 0.5),
        (0.2, 60.0, 10.0),
        (0.1, 10.0, 5.0)
    ])
    func coldStartRateMatchesReferenceSimulation(rate: Double, idle: Double, duration: Double) throws {
        let horizon = 7200.0
        let spec = try Fixtures.spec(Self.coldYAML(rate: rate, idle: "\(Int(idle))s", duration: "\(duration)s", horizon: "2h"))
        var sim: [Double] = []
        for r in 0..<8 {
            let f = try ScenarioRun.run(spec, options: RunOptions(seed: 3, replication: UInt32(r))).result.functions[0]
            sim.append(f.coldStartRate)
        }
        let ref = (0..<32).map { Self.referenceColdStartRate(rate: rate, idle: idle, duration: duration, horizon: horizon, seed: 1_000 + UInt64($0)) }
        let (d, half) = Stats.welch(sim, ref)
        let s = Theory.interval(sim), q = Theory.interval(ref)
        #expect(
            abs(d) <= half,
            "λ=\(rate) L=\(idle) D=\(duration): simulator \(s.mean) ± \(s.halfWidth) vs reference \(q.mean) ± \(q.halfWidth) (difference \(d) ± \(half))")
        #expect(half < 0.2 * q.mean, "the comparison is tight enough: ± \(half) on \(q.mean)")
        print("cold λ=\(rate) L=\(idle) D=\(duration): sim \(s.mean) ± \(s.halfWidth), ref \(q.mean) ± \(q.halfWidth), diff \(d) ± \(half)")
    }

    /// D → 0 keeps one environment: an arrival is cold exactly when the gap since the previous
    /// one exceeds L + D, independently per arrival, so P(cold) = e^{−λ(L+D)} with binomial error.
    @Test func coldStartRateWithOneEnvironmentIsExponential() throws {
        let (rate, L, D) = (0.02, 60.0, 0.001)
        let theory = exp(-rate * (L + D))
        let spec = try Fixtures.spec(Self.coldYAML(rate: rate, idle: "60s", duration: "1ms", horizon: "48h"))
        let f = try ScenarioRun.run(spec, options: RunOptions(seed: 9)).result.functions[0]
        let n = Double(f.coldStarts) / f.coldStartRate
        let half = 2.576 * (theory * (1 - theory) / n).squareRoot()
        #expect(abs(f.coldStartRate - theory) <= half, "cold-start rate \(f.coldStartRate) over \(n) invocations vs e^-λL = \(theory) ± \(half)")
        #expect(f.environmentsMax <= 2)
        let ref = (0..<8).map { Self.referenceColdStartRate(rate: rate, idle: L, duration: D, horizon: 48 * 3600, seed: 77 + UInt64($0)) }
        let q = Theory.interval(ref)
        #expect(abs(q.mean - theory) <= q.halfWidth, "the reference agrees with the closed form: \(q.mean) ± \(q.halfWidth) vs \(theory)")
        print("cold closed form: sim \(f.coldStartRate) (n \(n)) vs \(theory) ± \(half); ref \(q.mean) ± \(q.halfWidth)")
    }

    // MARK: Asynchronous invocation

    static func asyncYAML(function: String, rate: Double, horizon: String) -> String {
        """
        name: async
        horizon: \(horizon)
        regions: [{ name: r, azs: [a] }]
        services:
          - { name: caller, workersPerAZ: 100, serviceTime: 5ms, calls: [ { service: fn, invocation: async } ] }
          - { name: dlq, workersPerAZ: 100, serviceTime: 1ms }
        functions:
        \(function)
        workloads:
          - name: w
            service: caller
            arrivals: { schedule: [ { at: 0s, rate: \(rate) }, { at: 20m, rate: \(rate) }, { at: 20m, rate: 0 } ] }
        """
    }

    /// Function errors are retried twice, ~1 min then ~2 min after the failed attempt, then the
    /// event goes to the on-failure destination.
    @Test func asyncErrorsAreRetriedTwiceThenSentToTheDestination() throws {
        let fn = """
              - name: fn
                duration: 10ms
                errorRate: 1
                initDuration: 0s
                idleLifetime: 2h
                async: { maximumRetryAttempts: 2, onFailure: dlq }
            """
        let run = try ScenarioRun.run(try Fixtures.spec(Self.asyncYAML(function: fn, rate: 0.2, horizon: "30m")), options: RunOptions(seed: 4))
        let f = run.result.functions[0]
        let byName = Dictionary(uniqueKeysWithValues: run.result.services.map { ($0.name, $0) })
        let events = f.asyncEventsReceived
        #expect(events > 150, "\(events) events")
        #expect(events == byName["caller"]!.completed)
        #expect(f.asyncRetries == 2 * events)
        #expect(byName["fn"]!.admitted == 3 * events && byName["fn"]!.errors == 3 * events, "exactly 3 attempts per event")
        #expect(f.asyncToDestination == events && f.asyncEventsDropped == 0)
        #expect(byName["dlq"]!.requests == events, "every event reaches the destination")
        // Attempt ages: 0, 60 s + D, 60 + 120 s + 2D (D = 10 ms, Init 0).
        let age = f.asyncEventAge
        #expect(age.count == 3 * events)
        #expect(abs(age.meanMs - (0 + 60_010 + 180_020) / 3.0) < 1, "mean age \(age.meanMs) ms")
        #expect(abs(age.maxMs - 180_020) < 1, "third attempt at \(age.maxMs) ms")
        #expect(abs(age.p50Ms - 60_010) <= 60_010 * 0.001, "second attempt at \(age.p50Ms) ms (3 significant digits)")
        print(
            "async errors: events \(events), retries \(f.asyncRetries), to dlq \(f.asyncToDestination), age mean \(age.meanMs) p50 \(age.p50Ms) max \(age.maxMs)"
        )
    }

    /// Timeouts are function errors too: each attempt times out after 1 s (resetting its
    /// environment, so every attempt cold-starts), retries come 60 s and 120 s after the timeout.
    @Test func asyncTimeoutsAreRetriedLikeErrors() throws {
        let fn = """
              - name: fn
                duration: 5s
                timeout: 1s
                initDuration: 0s
                idleLifetime: 2h
                async: { onFailure: dlq }
            """
        let run = try ScenarioRun.run(try Fixtures.spec(Self.asyncYAML(function: fn, rate: 0.1, horizon: "30m")), options: RunOptions(seed: 8))
        let f = run.result.functions[0]
        let s = run.result.services.first { $0.name == "fn" }!
        let events = f.asyncEventsReceived
        #expect(events > 60)
        #expect(s.timedOut == 3 * events && f.coldStarts == 3 * events, "3 attempts, each timing out and each cold: \(s.timedOut), \(f.coldStarts)")
        #expect(f.asyncRetries == 2 * events && f.asyncToDestination == events)
        #expect(
            abs(f.asyncEventAge.meanMs - (0 + 61_000 + 182_000) / 3.0) < 1 && abs(f.asyncEventAge.maxMs - 182_000) < 1,
            "ages 0, 61 s, 182 s: mean \(f.asyncEventAge.meanMs) max \(f.asyncEventAge.maxMs)")
    }

    static func throttledFunction(maximumEventAge: String) -> String {
        """
              - name: fn
                reservedConcurrency: 1
                duration: 10s
                timeout: 30s
                initDuration: 0s
                idleLifetime: 2h
                async: { maximumEventAge: \(maximumEventAge), onFailure: dlq }
        """
    }

    /// Throttled events go back to Lambda's queue and are retried with backoff 1, 2, 4, ... s;
    /// with the default 6 h maximum age none is lost at load 0.5.
    @Test func throttledAsyncEventsAreRetriedNotLost() throws {
        let run = try ScenarioRun.run(
            try Fixtures.spec(Self.asyncYAML(function: Self.throttledFunction(maximumEventAge: "6h"), rate: 0.05, horizon: "2h")),
            options: RunOptions(seed: 4))
        let f = run.result.functions[0]
        let s = run.result.services.first { $0.name == "fn" }!
        #expect(f.asyncEventsReceived > 30)
        #expect(s.throttled > 0, "some attempts are throttled")
        #expect(s.completed == f.asyncEventsReceived && s.errors == 0, "every event eventually runs: \(s.completed) of \(f.asyncEventsReceived)")
        #expect(f.asyncToDestination == 0 && f.asyncEventsDropped == 0)
        print("async throttled, 6h: events \(f.asyncEventsReceived), throttles \(s.throttled), completed \(s.completed)")
    }

    /// At load 2 with a 60 s maximum age, events that keep being throttled are attempted at ages
    /// 0, 1, 3, 7, 15, 31 s; the next (63 s) would exceed the age, so they go to the destination
    /// after exactly 6 throttled attempts. Nothing is lost.
    @Test func throttledAsyncEventsExpireToTheDestination() throws {
        let run = try ScenarioRun.run(
            try Fixtures.spec(Self.asyncYAML(function: Self.throttledFunction(maximumEventAge: "60s"), rate: 0.2, horizon: "1h")),
            options: RunOptions(seed: 4))
        let f = run.result.functions[0]
        let s = run.result.services.first { $0.name == "fn" }!
        let dlq = run.result.services.first { $0.name == "dlq" }!
        #expect(f.asyncToDestination > 0)
        #expect(
            s.completed + f.asyncToDestination == f.asyncEventsReceived,
            "received = run + expired: \(s.completed) + \(f.asyncToDestination) vs \(f.asyncEventsReceived)")
        #expect(dlq.requests == f.asyncToDestination && f.asyncEventsDropped == 0)
        #expect(s.throttled >= 6 * f.asyncToDestination, "each expired event was tried 6 times: \(s.throttled) throttles")
        #expect(f.asyncEventAge.maxMs <= 60_000, "no attempt after the maximum age: \(f.asyncEventAge.maxMs) ms")
        print(
            "async throttled, 60s: events \(f.asyncEventsReceived), completed \(s.completed), expired \(f.asyncToDestination), throttles \(s.throttled), max age \(f.asyncEventAge.maxMs)"
        )
    }
}

/// Test-side statistics and a PRNG independent of GSL.
enum Stats {
    /// Kolmogorov–Smirnov distance of a sample to U(0, upper).
    static func ksUniform(_ xs: [Double], upper: Double) -> Double {
        let v = xs.sorted()
        let n = Double(v.count)
        var d = 0.0
        for (i, x) in v.enumerated() {
            let f = min(1, max(0, x / upper))
            d = max(d, Double(i + 1) / n - f, f - Double(i) / n)
        }
        return d
    }

    /// Difference of means of two samples of replication estimates and its 99 % half-width
    /// (Welch; t quantile at the smaller sample's degrees of freedom, which is conservative).
    static func welch(_ a: [Double], _ b: [Double]) -> (difference: Double, halfWidth: Double) {
        func mv(_ x: [Double]) -> (Double, Double) {
            let m = x.reduce(0, +) / Double(x.count)
            return (m, x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1))
        }
        let (ma, va) = mv(a), (mb, vb) = mv(b)
        let se = (va / Double(a.count) + vb / Double(b.count)).squareRoot()
        return (ma - mb, Theory.t995(df: min(a.count, b.count) - 1) * se)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014), for the reference simulation.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    /// The project's SplitMix64 step (``StreamSeed/splitMix64(_:)``) over a counter.
    mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return StreamSeed.splitMix64(state)
    }
    /// Uniform in [0, 1) with 53 random bits.
    mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}
