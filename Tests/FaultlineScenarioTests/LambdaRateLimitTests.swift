import FaultlineCloud
import FaultlineScenario
import Testing

/// Lambda caps invocations per second at 10 × concurrency (account and reserved function), so a
/// fast function can be throttled while far below its concurrency limit.
/// https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
@Suite struct LambdaRateLimitTests {
    func run(rate: Double, reserved: Int) throws -> ServiceSummary {
        let spec = try Fixtures.spec(
            """
            name: rps
            horizon: 10m
            period: 60s
            regions: [{ name: r, azs: [a1] }]
            functions:
              - name: fast
                duration: 10ms
                initDuration: 0s
                idleLifetime: 1h
                reservedConcurrency: \(reserved)
            workloads:
              - { name: w, service: fast, arrivals: { poisson: { rate: \(rate) } } }
            """)
        return try Fixtures.outputs(spec).run.result.services.first { $0.name == "fast" }!
    }

    @Test func aFastFunctionIsThrottledAtTenTimesItsReservedConcurrency() throws {
        // Reserved 10: at most 100 invocations/s although ~1.5 run at once on average.
        let s = try run(rate: 150, reserved: 10)
        let admittedPerSecond = Double(s.admitted) / 600
        #expect(abs(admittedPerSecond - 100) < 0.5, "admitted \(admittedPerSecond)/s")
        // The bucket holds one second of tokens, so the cap is exact up to that burst.
        #expect(s.maxConcurrency <= 10)
        #expect(s.throttled > 0)
    }

    @Test func belowTheCapNothingIsThrottled() throws {
        let s = try run(rate: 50, reserved: 10)
        #expect(s.throttled == 0, "throttled \(s.throttled) of \(s.requests)")
    }
}
