import FaultlineCloud
import FaultlineKernel
import Testing

@Suite struct AdaptiveRateLimiterTests {
    private func at(_ ms: Int64) -> SimInstant { .zero + .milliseconds(ms) }

    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }

    /// Ten responses a second for a second, then a throttle: the expected numbers were computed
    /// by hand from botocore's `RateClocker.record`, `CubicCalculator` and `TokenBucket.max_rate`.
    @Test func throttleCutsToSeventyPercentOfMeasuredAndRecoversAlongTheCubic() {
        var l = AdaptiveRateLimiter(at: .zero)
        for i in Int64(1)...9 {
            l.record(throttled: false, at: at(100 * i))
            #expect(!l.isEnabled)
            expectTrue(l.acquireDelay(at: at(100 * i)) == .zero, "disabled until the first throttle")
        }
        // Bucket [0.5, 1.0) closed at 0.5 s with 5 responses: 10/s, smoothed 0.8 × 10 = 8.
        #expect(l.measuredRate == 8)
        #expect(l.fillRate == 0.5, "success rate 0.4 × 0.5³ = 0.05, raised to the 0.5/s minimum")

        l.record(throttled: true, at: at(1_000))
        // measured = 0.8 × 10 + 0.2 × 8 = 9.6; W_max = 9.6; new rate 0.7 × 9.6 = 6.72.
        #expect(l.isEnabled)
        #expect(close(l.measuredRate, 9.6))
        #expect(close(l.wMax, 9.6))
        #expect(close(l.fillRate, 0.7 * l.measuredRate))
        #expect(close(l.fillRate, 6.72))
        #expect(close(l.maxCapacity, 6.72))
        // K = ∛(9.6 × 0.3 / 0.4) = ∛7.2
        #expect(close(l.k, 1.9309787692112594))
        #expect(close(l.cubicRate(at: at(1_000)), 6.72), "the curve starts at β × W_max")
        #expect(close(l.cubicRate(at: at(1_000) + .fromSeconds(1.9309787692112594)), 9.6), "and is back at W_max after K")

        l.record(throttled: false, at: at(1_100))
        #expect(close(l.fillRate, 0.4 * pow3(0.1 - 1.9309787692112594) + 9.6))
        #expect(close(l.fillRate, 7.14466973562682))
        l.record(throttled: false, at: at(1_500))
        #expect(close(l.measuredRate, 5.12))
        #expect(close(l.fillRate, 8.4279137735234))

        // A second throttle while enabled uses min(measured, current rate) as W_max.
        l.record(throttled: true, at: at(2_000))
        #expect(close(l.measuredRate, 2.624))
        #expect(close(l.wMax, 2.624))
        #expect(close(l.fillRate, 0.7 * 2.624))
        #expect(close(l.k, 1.2531653112116543))
        l.record(throttled: false, at: at(3_000))
        #expect(close(l.fillRate, 2.6175095832150572), "cubic: 0.4 × (1 − K)³ + W_max")
        l.record(throttled: false, at: at(4_500))
        #expect(close(l.measuredRate, 0.7982933333333333))
        #expect(close(l.fillRate, 2 * 0.7982933333333333), "capped at twice the measured rate")
    }

    @Test func sendsQueueForTokensAtTheFillRate() {
        var l = AdaptiveRateLimiter(at: .zero)
        for i in Int64(1)...10 { l.record(throttled: i == 10, at: at(100 * i)) }
        #expect(close(l.fillRate, 6.72))
        let now = at(1_000)
        // The bucket holds what refilled since the first response (0.1 s × 1/s, then 0.9 s × 0.5/s).
        #expect(close(l.availableCapacity, 0.55))
        let spacing = Int64((1e9 / 6.72).rounded(.up))
        var previous = SimDuration.zero
        for n in 0..<5 {
            let wait = l.acquireDelay(at: now)
            let expected = n == 0 ? Int64((0.45 / 6.72 * 1e9).rounded(.up)) : previous.nanoseconds + spacing
            #expect(abs(wait.nanoseconds - expected) <= 1)
            previous = wait
        }
        // After a long pause the bucket is full (6.72 tokens): six sends go at once.
        let later = at(60_000)
        for _ in 0..<6 { #expect(l.acquireDelay(at: later) == .zero) }
        expectTrue(l.acquireDelay(at: later) > .zero)
    }

    private func pow3(_ x: Double) -> Double { x * x * x }
}
