import FaultlineKernel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The client-side rate limiter of the SDK `adaptive` retry mode.
///
/// A port of botocore `retries/adaptive.py` (`ClientRateLimiter`, `RateClocker`),
/// `retries/bucket.py` (`TokenBucket`) and `retries/throttling.py` (`CubicCalculator`):
/// - every response (`needs-retry`) is counted by the rate clocker: requests per 0.5 s bucket,
///   smoothed `measured = 0.8 × bucketRate + 0.2 × measured` when a bucket boundary passes;
/// - a throttling response sets CUBIC's `W_max` to the measured rate (or to
///   `min(measured, fill rate)` once enabled), `K = ∛(W_max × (1 − 0.7) / 0.4)`, remembers the
///   time and cuts the rate to `0.7 × W_max`; it also enables the token bucket (from then on
///   every send must take a token);
/// - any other response grows the rate along `0.4 × (t − t_fail − K)³ + W_max`;
/// - either way the bucket's rate becomes `min(new rate, 2 × measured)`, with a fill rate of at
///   least 0.5/s and a capacity of `max(rate, 1)` tokens.
///
/// botocore blocks the sending thread until a token is there; a simulator cannot block, so
/// ``acquireDelay(at:)`` returns the wait and consumes the token as of `now + wait` (later
/// callers queue behind it). Time is botocore's `time.time()` measured from the run's start,
/// so the rate clocker's 0.5 s buckets align to multiples of 0.5 s of simulated time.
/// `(t − K)³` is computed as a product rather than `pow` so it is identical on every platform.
///
/// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
public struct AdaptiveRateLimiter: Hashable, Sendable {
    // Constants from botocore.
    public static let beta = 0.7
    public static let scaleConstant = 0.4
    public static let minFillRate = 0.5
    public static let smoothing = 0.8
    /// `ClientRateLimiter._MAX_RATE_ADJUST_SCALE`.
    public static let maxRateAdjustScale = 2.0
    /// `RateClocker._TIME_BUCKET_RANGE` (0.5 s).
    public static let timeBucket = SimDuration.milliseconds(500)

    /// Whether sends must take a token (set by the first throttling response).
    public private(set) var isEnabled = false

    // TokenBucket
    /// Tokens per second (`TokenBucket.max_rate`, already raised to at least 0.5).
    public private(set) var fillRate = 1.0
    /// Bucket capacity in tokens.
    public private(set) var maxCapacity = 1.0
    /// Tokens in the bucket as of ``bucketUpdatedAt``.
    public private(set) var availableCapacity = 0.0
    /// The bucket's clock; ahead of the caller's when sends are queued for a token.
    public private(set) var bucketUpdatedAt: SimInstant

    // CubicCalculator
    /// CUBIC `W_max`: the rate at the last throttle.
    public private(set) var wMax = 0.0
    /// CUBIC `K`: seconds after the last throttle at which the rate is back at `W_max`.
    public private(set) var k = 0.0
    /// When the last throttle was recorded (the limiter's start before any).
    public private(set) var lastThrottleAt: SimInstant

    // RateClocker
    /// The smoothed measured response rate, per second.
    public private(set) var measuredRate = 0.0
    private var count = 0
    /// The current rate bucket, in 0.5 s units since the start of the run.
    private var lastBucket: Int64

    public init(at start: SimInstant) {
        bucketUpdatedAt = start
        lastThrottleAt = start
        // botocore: `self._last_bucket = math.floor(self._clock.current_time())` — whole seconds.
        lastBucket = Self.floorDiv(start.nanoseconds, 1_000_000_000) * 2
    }

    /// How long a request about to be sent at `now` must wait for a token (zero while the
    /// limiter is disabled or a token is there). The token is taken as of `now + wait`.
    public mutating func acquireDelay(at now: SimInstant) -> SimDuration {
        guard isEnabled else { return .zero }
        let t = Swift.max(now, bucketUpdatedAt)
        refill(to: t)
        if availableCapacity >= 1 {
            availableCapacity -= 1
            return t - now
        }
        // `_sleep_amount`: (amount − current) / fill rate, rounded up to the nanosecond.
        let seconds = (1 - availableCapacity) / fillRate
        let ready = t + SimDuration(nanoseconds: Int64((seconds * 1e9).rounded(.up)))
        refill(to: ready)
        availableCapacity = Swift.max(0, availableCapacity - 1)
        return ready - now
    }

    /// A response arrived at `now` (`on_receiving_response`, called for every attempt's
    /// response); `throttled` if it carried a throttling error code.
    public mutating func record(throttled: Bool, at now: SimInstant) {
        let measured = recordRate(at: now)
        let newRate: Double
        if throttled {
            let rateToUse = isEnabled ? Swift.min(measured, fillRate) : measured
            wMax = rateToUse
            k = Self.zeroPoint(wMax: wMax)
            lastThrottleAt = now
            newRate = rateToUse * Self.beta
            isEnabled = true
        } else {
            newRate = cubicRate(at: now)
        }
        setMaxRate(Swift.min(newRate, Self.maxRateAdjustScale * measured), at: now)
    }

    /// CUBIC's rate at `now` (`CubicCalculator.success_received`), before the 2× measured cap.
    public func cubicRate(at now: SimInstant) -> Double {
        let x = (now - lastThrottleAt).seconds - k
        return Self.scaleConstant * (x * x * x) + wMax
    }

    /// `CubicCalculator._calculate_zero_point`.
    public static func zeroPoint(wMax: Double) -> Double {
        pow((wMax * (1 - beta)) / scaleConstant, 1 / 3.0)
    }

    // MARK: - RateClocker.record

    private mutating func recordRate(at now: SimInstant) -> Double {
        let bucket = Self.floorDiv(now.nanoseconds, Self.timeBucket.nanoseconds)
        count += 1
        if bucket > lastBucket {
            let currentRate = Double(count) / (Double(bucket - lastBucket) * Self.timeBucket.seconds)
            measuredRate = (currentRate * Self.smoothing) + (measuredRate * (1 - Self.smoothing))
            count = 0
            lastBucket = bucket
        }
        return measuredRate
    }

    // MARK: - TokenBucket

    private mutating func setMaxRate(_ value: Double, at now: SimInstant) {
        refill(to: now)
        fillRate = Swift.max(value, Self.minFillRate)
        maxCapacity = value >= 1 ? value : 1
        availableCapacity = Swift.min(availableCapacity, maxCapacity)
    }

    private mutating func refill(to now: SimInstant) {
        guard now > bucketUpdatedAt else { return }
        let fill = (now - bucketUpdatedAt).seconds * fillRate
        availableCapacity = Swift.min(maxCapacity, availableCapacity + fill)
        bucketUpdatedAt = now
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
