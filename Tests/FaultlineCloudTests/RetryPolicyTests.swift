import FaultlineCloud
import FaultlineKernel
import Testing

@Suite struct RetryPolicyTests {
    @Test func standardAttemptsAndClasses() {
        let p = RetryPolicy.standard
        #expect(p.maxAttempts == 3)
        #expect(p.canRetry(afterAttempt: 1, failure: .throttle))
        #expect(p.canRetry(afterAttempt: 2, failure: .timeout))
        #expect(!p.canRetry(afterAttempt: 3, failure: .transient))
        #expect(!p.canRetry(afterAttempt: 1, failure: .nonRetryable))
        #expect(p.usesRetryQuota && !p.usesRateLimiter)
        #expect(RetryPolicy.adaptive.usesRateLimiter)
        for kind in FailureKind.allCases { #expect(!RetryPolicy.none.isRetryable(kind)) }
    }

    @Test func standardBackoffIsFullJitterCappedAt20Seconds() {
        let p = RetryPolicy.standard
        // u = 0.5 gives exactly half the cap: 0.5, 1, 2, 4, 8, 10 (cap 20 s), 10, ...
        let halves: [Int64] = [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]
        for (i, ms) in halves.enumerated() {
            #expect(p.backoff(afterAttempt: i + 1, uniform: 0.5) == .milliseconds(ms))
        }
        #expect(p.backoff(afterAttempt: 200, uniform: 0.5) == .seconds(10))
        for n in 1...12 {
            let cap = min(Int64(1) << Int64(n - 1), 20)
            #expect(p.backoff(afterAttempt: n, uniform: 0) == .zero)
            let top = p.backoff(afterAttempt: n, uniform: 0.999_999_999)
            #expect(top < .seconds(cap) && top > .seconds(cap) - .milliseconds(1))
        }
    }

    @Test func legacyIsFiveAttemptsUncapped() {
        let p = RetryPolicy.legacy
        #expect(p.maxAttempts == 5)
        #expect(p.canRetry(afterAttempt: 4, failure: .throttle))
        #expect(!p.canRetry(afterAttempt: 5, failure: .throttle))
        #expect(p.makeQuota() == nil)
        #expect(p.backoff(afterAttempt: 4, uniform: 0.5) == .seconds(4))
        #expect(p.backoff(afterAttempt: 10, uniform: 0.5) == .seconds(256), "no 20 s cap in legacy")
        // Absurd attempt numbers saturate instead of overflowing.
        #expect(p.backoff(afterAttempt: 500, uniform: 0.5) > .hours(24 * 365))
    }

    @Test func quotaExhaustsAfter100RetriesAndRefillsOnSuccess() throws {
        var q = try #require(RetryPolicy.standard.makeQuota())
        #expect(q.available == 500)
        for _ in 0..<100 { #expect(q.acquire(for: .throttle) == 5) }
        #expect(q.available == 0)
        expectTrue(q.acquire(for: .transient) == nil)
        #expect(q.refusedCount == 1)
        // Five first-try successes return 1 each: enough for one more retry.
        for _ in 0..<4 { q.recordSuccess(lastAcquired: nil) }
        expectTrue(q.acquire(for: .throttle) == nil)
        q.recordSuccess(lastAcquired: nil)
        expectTrue(q.acquire(for: .throttle) == 5)
        // A success after a retry returns what its last retry took.
        q.recordSuccess(lastAcquired: 5)
        #expect(q.available == 5)
    }

    @Test func timeoutsCostDoubleAndReleaseIsCapped() {
        var q = RetryQuota()
        expectTrue(q.acquire(for: .timeout) == 10)
        #expect(q.available == 490)
        q.release(acquired: 10)
        q.recordSuccess(lastAcquired: nil)
        q.release(acquired: 50)
        #expect(q.available == 500, "never above capacity")
        var small = RetryQuota(capacity: 12)
        expectTrue(small.acquire(for: .throttle) == 5)
        expectTrue(small.acquire(for: .timeout) == nil, "7 left, a timeout needs 10: refused, nothing taken")
        #expect(small.available == 7)
        expectTrue(small.acquire(for: .throttle) == 5)
    }
}
