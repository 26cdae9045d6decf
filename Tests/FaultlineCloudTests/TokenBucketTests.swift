import FaultlineCloud
import FaultlineKernel
import Testing

@Suite struct TokenBucketTests {
    private func at(_ ms: Int64) -> SimInstant { .zero + .milliseconds(ms) }

    @Test func lambdaScalingRateRefillsContinuouslyAndIsNotBanked() {
        // 1,000 environments per 10 s, up to 1,000 at once.
        var b = TokenBucket(tokens: 1_000, per: .seconds(10), burst: 1_000, at: .zero)
        expectTrue(b.tryTake(1_000, at: .zero))
        expectTrue(!b.tryTake(at: .zero))
        #expect(b.timeUntilAvailable(1, at: .zero) == .milliseconds(10))
        #expect(b.available(at: at(9)) == 0)
        #expect(b.available(at: at(10)) == 1)
        #expect(b.available(at: at(5_000)) == 500)
        #expect(b.available(at: at(10_000)) == 1_000)
        #expect(b.available(at: at(100_000)) == 1_000, "not banked beyond the burst")
        expectTrue(!b.tryTake(1_001, at: at(100_000)))
        #expect(b.timeUntilAvailable(1_001, at: at(100_000)) == .max)
        expectTrue(b.tryTake(400, at: at(100_000)))
        #expect(b.available(at: at(100_000)) == 600)
    }

    @Test func refillIsExactOverALongRun() {
        // 3 tokens/s does not divide a second into whole nanoseconds; the n-th token must still
        // arrive at exactly ceil(n × 10^9 / 3) ns, with no drift after an hour (10,800 tokens).
        var b = TokenBucket(ratePerSecond: 3, burst: 5, at: .zero, initialTokens: 0)
        var t = SimInstant.zero
        for n in Int64(1)...10_800 {
            t = t + b.timeUntilAvailable(1, at: t)
            #expect(t.nanoseconds == (n * 1_000_000_000 + 2) / 3)
            expectTrue(b.tryTake(at: t))
            if t.nanoseconds != (n * 1_000_000_000 + 2) / 3 { break }
        }
        #expect(t == .zero + .hours(1))
        #expect(b.available(at: t) == 0)
        // Taking at every millisecond for another hour yields exactly 3/s as well.
        var taken = 0
        for ms in Int64(1)...3_600_000 where b.tryTake(at: t + .milliseconds(ms)) { taken += 1 }
        #expect(taken == 10_800)
    }

    @Test func fractionalRateAndLongIdleDoNotOverflow() {
        var b = TokenBucket(ratePerSecond: 0.5, burst: 2, at: .zero, initialTokens: 0)
        #expect(b.timeUntilAvailable(1, at: .zero) == .seconds(2))
        #expect(b.available(at: at(1_999)) == 0)
        expectTrue(b.tryTake(at: at(2_000)))
        // API Gateway-sized bucket idle for ten years: full, no overflow.
        var api = TokenBucket(ratePerSecond: 10_000.0, burst: 5_000, at: .zero, initialTokens: 0)
        #expect(api.available(at: .zero + .hours(24 * 3_650)) == 5_000)
        #expect(api.timeUntilAvailable(1, at: .zero) == .microseconds(100))
        expectTrue(api.tryTake(5_000, at: .zero + .hours(1)))
        expectTrue(!api.tryTake(at: .zero + .hours(1)))
    }

    @Test func zeroRateNeverRefills() {
        var b = TokenBucket(ratePerSecond: 0, burst: 3, at: .zero)
        expectTrue(b.tryTake(3, at: .zero))
        #expect(b.available(at: .zero + .hours(1)) == 0)
        #expect(b.timeUntilAvailable(1, at: .zero + .hours(1)) == .max)
    }

    @Test func earlierInstantsDoNotRewindTheBucket() {
        var b = TokenBucket(ratePerSecond: 10, burst: 10, at: .zero, initialTokens: 0)
        expectTrue(b.tryTake(5, at: at(500)))
        #expect(b.available(at: at(100)) == 0, "the bucket never refills backwards")
        #expect(b.timeUntilAvailable(1, at: at(400)) == .milliseconds(200))
    }
}
