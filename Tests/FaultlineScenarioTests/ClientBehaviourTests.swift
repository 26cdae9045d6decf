import FaultlineCloud
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario
import Foundation
import Testing

/// API Gateway's status mapping and the AWS SDK's client behaviour (retries, retry quota,
/// adaptive rate limiting), circuit breakers and fallbacks, end to end through a run.
@Suite struct ClientBehaviourTests {
    static let oneAZ = """
        regions: [{ name: r, azs: [a] }]
        network: { intraAZ: 0s }
        """

    static func trace(count: Int, every gap: Double) -> String {
        "t_s\n" + (0..<count).map { String(format: "%.3f", Double($0) * gap) }.joined(separator: "\n") + "\n"
    }

    // MARK: API Gateway

    /// The stage's token bucket (rate 10/s, burst 5) against 50 requests/s for 10 s: the 5 burst
    /// tokens plus one per 100 ms until the last arrival (9.98 s) pass, floor(5 + 99.8) = 104;
    /// the other 396 get 429. A Lambda throttle (reserved concurrency 0) is 500, a function
    /// error 502, a function slower than the integration timeout 504 — while the function itself
    /// runs on and succeeds.
    @Test func gatewayMapsThrottlesErrorsAndTimeouts() throws {
        let spec = try Fixtures.spec(
            """
            name: gateway
            horizon: 15s
            period: 1s
            \(Self.oneAZ)
            apis:
              - { name: limited, throttle: { rate: 10, burst: 5 }, routes: [{ method: GET, path: /ok, function: fast }] }
              - { name: throttled, routes: [{ method: GET, path: /t, function: unreserved }] }
              - { name: failing, routes: [{ method: GET, path: /e, function: broken }] }
              - { name: slow, integrationTimeout: 1s, routes: [{ method: GET, path: /s, function: sluggish }] }
            functions:
              - { name: fast, duration: 1ms, initDuration: 0s }
              - { name: unreserved, duration: 1ms, reservedConcurrency: 0 }
              - { name: broken, duration: 1ms, errorRate: 1, initDuration: 0s }
              - { name: sluggish, duration: 2s, timeout: 5s, initDuration: 0s }
            workloads:
              - { name: w1, service: limited GET /ok, arrivals: { trace: { file: fast.csv } } }
              - { name: w2, service: throttled GET /t, arrivals: { trace: { file: slow.csv } } }
              - { name: w3, service: failing GET /e, arrivals: { trace: { file: slow.csv } } }
              - { name: w4, service: slow GET /s, arrivals: { trace: { file: slow.csv } } }
            """, files: ["fast.csv": Self.trace(count: 500, every: 0.02), "slow.csv": Self.trace(count: 100, every: 0.1)])
        let (run, tl) = try Timeline.run(spec)
        let limited = try #require(run.route("limited GET /ok"))
        #expect(limited.count(200) == 104 && limited.count(429) == 396 && limited.counts.count == 2, "\(limited.counts)")
        #expect(tl.sum("limited GET /ok", "4XXError") == 396)
        let throttled = try #require(run.route("throttled GET /t"))
        #expect(throttled.count(500) == 100 && throttled.counts.count == 1, "\(throttled.counts)")
        #expect(run.service("unreserved")?.throttled == 100)
        let failing = try #require(run.route("failing GET /e"))
        #expect(failing.count(502) == 100 && failing.counts.count == 1, "\(failing.counts)")
        let slow = try #require(run.route("slow GET /s"))
        #expect(slow.count(504) == 100 && slow.counts.count == 1, "\(slow.counts)")
        let sluggish = try #require(run.service("sluggish"))
        #expect(sluggish.admitted == 100 && sluggish.errors == 0, "Lambda finishes what API Gateway gave up on")
        #expect(tl.sum("slow GET /s", "5XXError") == 100)
    }

    // MARK: Fallbacks

    /// A failing call with a fallback: the handler answers `fallbackStatus` (202), which the
    /// Lambda proxy integration passes through to the client; when the fallback fails as well
    /// the handler fails and API Gateway answers 502.
    @Test func fallbackStatusReachesTheClientAndAFailingFallbackFails() throws {
        let spec = try Fixtures.spec(
            """
            name: fallback
            horizon: 12s
            period: 1s
            \(Self.oneAZ)
            apis:
              - name: shop
                routes:
                  - { method: POST, path: /a, function: order }
                  - { method: POST, path: /b, function: order-b }
            functions:
              - name: order
                duration: 1ms
                initDuration: 0s
                calls: [{ service: primary, fallback: { service: backup }, fallbackStatus: 202 }]
              - name: order-b
                duration: 1ms
                initDuration: 0s
                calls: [{ service: primary, fallback: { service: broken-backup } }]
            services:
              - { name: primary, workersPerAZ: 100, serviceTime: 1ms, errorRate: 1 }
              - { name: backup, workersPerAZ: 100, serviceTime: 1ms }
              - { name: broken-backup, workersPerAZ: 100, serviceTime: 1ms, errorRate: 1 }
            workloads:
              - { name: a, service: shop POST /a, arrivals: { trace: { file: t.csv } } }
              - { name: b, service: shop POST /b, arrivals: { trace: { file: t.csv } } }
            """, files: ["t.csv": Self.trace(count: 100, every: 0.1)])
        let (run, tl) = try Timeline.run(spec)
        #expect(tl.sum("order", "Fallbacks") == 100 && tl.sum("order-b", "Fallbacks") == 100)
        #expect(run.service("order")?.errors == 0 && run.service("order")?.completed == 100)
        let a = try #require(run.route("shop POST /a"))
        #expect(a.count(202) == 100 && a.counts.count == 1, "fallbackStatus passes through: \(a.counts)")
        #expect(run.service("order-b")?.errors == 100)
        let b = try #require(run.route("shop POST /b"))
        #expect(b.count(502) == 100 && b.counts.count == 1, "\(b.counts)")
        #expect(run.service("backup")?.admitted == 100 && run.service("broken-backup")?.admitted == 100)
    }

    // MARK: SDK retries

    static func retryYAML(retry: String, errorRate: Double, rate: Double, seconds: Int, horizon: Int, faults: String = "") -> String {
        """
        name: retries
        horizon: \(horizon)s
        period: 1s
        \(Self.oneAZ)
        services:
          - name: app
            workersPerAZ: 100000
            serviceTime: 0s
            calls: [{ service: dep, retry: \(retry) }]
          - { name: dep, workersPerAZ: 100000, serviceTime: 1ms, errorRate: \(errorRate) }
        workloads:
          - name: users
            service: app
            arrivals: { schedule: [{ at: 0s, rate: \(rate) }, { at: \(seconds)s, rate: \(rate) }, { at: \(seconds)s, rate: 0 }] }
        \(faults)
        """
    }

    /// Attempts per call K = min(geometric, maxAttempts) with failure probability p: the callee
    /// sees N·E[K] requests; the call finally fails with probability p^maxAttempts. Every retry
    /// is one more callee request, exactly.
    func checkAttempts(retry: String, p: Double, maxAttempts: Int, rate: Double) throws {
        let (run, tl) = try Timeline.run(Fixtures.spec(Self.retryYAML(retry: retry, errorRate: p, rate: rate, seconds: 100, horizon: 140)))
        let app = try #require(run.service("app")), dep = try #require(run.service("dep"))
        let n = Double(app.admitted)
        let probs = (1...maxAttempts).map { k in k < maxAttempts ? pow(p, Double(k - 1)) * (1 - p) : pow(p, Double(k - 1)) }
        let mean = probs.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element }
        let second = probs.enumerated().reduce(0) { $0 + Double(($1.offset + 1) * ($1.offset + 1)) * $1.element }
        let sd = (n * (second - mean * mean)).squareRoot()
        #expect(app.completed + app.errors == app.admitted && app.inFlightAtEnd == 0)
        #expect(abs(Double(dep.admitted) - n * mean) <= 4 * sd, "\(retry): callee \(dep.admitted) vs \(n * mean) (± \(4 * sd))")
        #expect(tl.sum("app", "Retries") == Double(dep.admitted) - n, "one callee request per retry")
        let pFail = pow(p, Double(maxAttempts))
        #expect(abs(Double(app.errors) - n * pFail) <= 4 * (n * pFail * (1 - pFail)).squareRoot() + 1, "\(retry): failures \(app.errors) vs \(n * pFail)")
        #expect(tl.sum("app", "RetryQuotaExhausted") == 0, "the quota refills faster than it drains here")
    }

    /// standard, p = 0.2: E[K] = 1 + p + p² = 1.24; the quota's drift per call is
    /// +1·(1 − p) + 5·p(1 − p)(1 + p) − 5·(p + p²) ≈ +0.56, so it never runs dry.
    @Test func standardRetriesFollowTheTruncatedGeometric() throws {
        try checkAttempts(retry: "standard", p: 0.2, maxAttempts: 3, rate: 100)
    }

    /// legacy, p = 0.5: up to 5 attempts, no quota; E[K] = 1.9375.
    @Test func legacyRetriesUpToFiveAttempts() throws {
        let (run, tl) = try Timeline.run(Fixtures.spec(Self.retryYAML(retry: "legacy", errorRate: 0.5, rate: 20, seconds: 100, horizon: 140)))
        let app = try #require(run.service("app")), dep = try #require(run.service("dep"))
        let n = Double(app.admitted), p = 0.5
        let mean = 1 + p + p * p + p * p * p + p * p * p * p
        let second = (1 - p) + 4 * p * (1 - p) + 9 * p * p * (1 - p) + 16 * pow(p, 3) * (1 - p) + 25 * pow(p, 4)
        #expect(abs(Double(dep.admitted) - n * mean) <= 4 * (n * (second - mean * mean)).squareRoot(), "callee \(dep.admitted) vs \(n * mean)")
        #expect(abs(Double(app.errors) - n / 32) <= 4 * (n / 32 * 31 / 32).squareRoot(), "failures \(app.errors) vs \(n / 32)")
        #expect(tl.series("app", "RetryQuotaExhausted").isEmpty, "legacy has no quota (the series is not written)")
    }

    /// p = 1 in standard mode: every call costs 10 (two retries at 5) and nothing is refunded,
    /// so the 500-token quota buys exactly 100 retries; every later retry is refused.
    @Test func standardRetryQuotaRunsDryUnderAnOutage() throws {
        let (run, tl) = try Timeline.run(Fixtures.spec(Self.retryYAML(retry: "standard", errorRate: 1, rate: 20, seconds: 30, horizon: 40)))
        let app = try #require(run.service("app")), dep = try #require(run.service("dep"))
        let n = app.admitted
        #expect(tl.sum("app", "Retries") == 100 && dep.admitted == n + 100 && app.errors == n, "\(app) \(dep)")
        // 2A + B = 100 retries (A calls retried twice, B once then refused, C refused at once);
        // each of the B + C = N − A other calls is refused exactly once, and 0 ≤ A ≤ 50.
        let refused = Int64(tl.sum("app", "RetryQuotaExhausted"))
        #expect(refused >= n - 50 && refused <= n, "refused \(refused) of \(n)")
        // The quota is gone within the first 100 calls (5 s at 20/s, plus ≤ 3 s of backoff).
        #expect(tl.sum("app", "Retries", from: 9) == 0)
    }

    /// adaptive mode under 100 % throttling (10–40 s): the first throttle enables the client's
    /// token bucket and every further throttle cuts its rate by 0.7, down to 0.5/s, so the callee
    /// sees far fewer requests per second than the 100/s offered; standard keeps sending.
    @Test func adaptiveModeSlowsDownUnderThrottling() throws {
        let fault = """
            faults:
              - { name: throttle, action: aws:fis:inject-api-throttle-error, targets: [dep], start: 10s, duration: 30s, parameters: { percentage: "100" } }
            """
        func calleeRate(_ retry: String) throws -> Double {
            let (_, tl) = try Timeline.run(Fixtures.spec(Self.retryYAML(retry: retry, errorRate: 0, rate: 100, seconds: 60, horizon: 60, faults: fault)))
            return (tl.sum("dep", "Throttles", from: 15, to: 40) + tl.sum("dep", "Invocations", from: 15, to: 40)) / 25
        }
        let adaptive = try calleeRate("adaptive"), standard = try calleeRate("standard")
        #expect(adaptive < 0.2 * 100, "adaptive: \(adaptive)/s at the callee")
        #expect(standard >= 95, "standard: \(standard)/s (the quota is gone, one attempt per call)")
    }

    // MARK: Circuit breaker

    /// dep fails 100 % from 20 s to 40 s. The breaker (window 20, minimum 10, threshold 0.5)
    /// opens after 10 failures; while open calls are rejected at once and only the half-open
    /// probes (≤ 3 per 5 s) reach dep. After the fault the next probes succeed and it closes.
    @Test func circuitBreakerOpensRejectsAndCloses() throws {
        let (run, tl) = try Timeline.run(
            Fixtures.spec(
                """
                name: breaker
                horizon: 60s
                period: 1s
                \(Self.oneAZ)
                services:
                  - name: app
                    workersPerAZ: 10000
                    serviceTime: 0s
                    calls:
                      - service: dep
                        circuitBreaker: { windowSize: 20, minimumCalls: 10, failureRateThreshold: 0.5, openDuration: 5s, halfOpenProbes: 3 }
                  - { name: dep, workersPerAZ: 10000, serviceTime: 1ms }
                workloads:
                  - { name: users, service: app, arrivals: { poisson: { rate: 50 } } }
                faults:
                  - { name: outage, action: aws:fis:inject-api-internal-error, targets: [dep], start: 20s, duration: 20s, parameters: { percentage: "100" } }
                """))
        #expect(tl.sum("app", "CircuitBreakerRejections", to: 20) == 0)
        // 10 failures to open, then at most 3 probes per 5 s open period (4 periods), plus slack
        // for calls already in flight.
        let reached = tl.sum("dep", "Invocations", from: 20, to: 40)
        #expect(reached <= 10 + 4 * 3 + 5, "dep saw \(reached) calls during the outage")
        let offered = tl.sum("app", "Invocations", from: 21, to: 40)
        let rejected = tl.sum("app", "CircuitBreakerRejections", from: 21, to: 40)
        #expect(rejected >= offered - 15, "rejected \(rejected) of \(offered)")
        // Open at most until 45 s; then 3 successful probes close it.
        #expect(tl.sum("app", "CircuitBreakerRejections", from: 46) == 0)
        let after = tl.sum("dep", "Invocations", from: 46), expected = 50.0 * 14
        #expect(abs(after - expected) <= 4 * expected.squareRoot(), "dep back to 50/s: \(after)")
        #expect((run.service("app")?.errors ?? 0) >= Int64(rejected))
    }

    // MARK: Retry storm (seed scenario)

    /// The shipped retry storm against the same system with clients that do not retry: legacy
    /// retries multiply the load at the route during the slowdown far beyond the 150/s of
    /// arrivals, and the search function throttles at its reserved concurrency as a result.
    @Test func retryStormEmergesFromLegacyRetries() throws {
        // The shipped file with the slowdown moved from 10 min to 1 min (the system is in steady
        // state well before), so the test stays fast in debug builds; the fault window is 60–240 s.
        let url = Fixtures.scenarios.appendingPathComponent("retry-storm.yaml")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "start: 10m", with: "start: 1m")
        let calm = text.replacingOccurrences(of: "client: { timeout: 1s, retry: legacy }", with: "client: { timeout: 1s, retry: none }")
        #expect(calm != text && text.contains("start: 1m"))
        let options = RunOptions(horizon: .seconds(270))
        let (storm, stormTL) = try Timeline.run(Fixtures.spec(text), options: options)
        let (quiet, quietTL) = try Timeline.run(Fixtures.spec(calm), options: options)
        let withRetries = try #require(storm.service("search")).throttled
        let without = try #require(quiet.service("search")).throttled
        // Without retries the 2.5 s delay alone needs ~150 × 2.55 ≈ 380 > 60 concurrency, so
        // ~84 % of the 150/s are throttled anyway (≈ 22,700 over 3 min). With legacy retries a
        // throttled call (500) is retried at once-ish, up to 5 attempts, so the route sees up to
        // ~5 × 150/s and nearly all of the extra attempts are throttled: a ratio near 5.
        #expect(withRetries >= 4 * max(without, 1), "search throttles: \(withRetries) with retries, \(without) without")
        let route = "catalogue GET /search"
        func offered(_ tl: Timeline) -> Double {
            (tl.sum(route, "Count", from: 60, to: 240) + tl.sum(route, "4XXError", from: 60, to: 240)) / 180
        }
        #expect(offered(stormTL) > 2 * 150, "offered load at the route in the fault: \(offered(stormTL))/s")
        #expect(abs(offered(quietTL) - 150) < 10, "without retries it stays at the arrival rate: \(offered(quietTL))/s")
    }
}
