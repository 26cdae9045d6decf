import FaultlineKernel

/// An AWS SDK client's retry configuration: which failures are retried, how many attempts, how
/// long to back off, and what the retry quota charges.
///
/// Imitates botocore (the SDK the reference describes in most detail):
/// - `standard` — `botocore/retries/standard.py` (`STANDARD_RETRY_MODE_VERSION` 2.0):
///   `MaxAttemptsChecker` (3 attempts including the first), `ExponentialBackoff`
///   `delay = rand[0,1) × min(2^(attempt−1), 20 s)`, `RetryQuotaChecker` (capacity 500, retry
///   cost 5, timeout cost 10, first-try success refund 1);
/// - `legacy` — `botocore/retryhandler.py` + `botocore/data/_retry.json`: 5 attempts,
///   `delay = rand[0,1) × 2^(attempt−1)` s with no cap, no quota;
/// - `adaptive` — standard plus `botocore/retries/adaptive.py` (see ``AdaptiveRateLimiter``).
///
/// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
public struct RetryPolicy: Hashable, Sendable {
    public var mode: RetryMode
    /// Total attempts including the first (`max_attempts` / `AWS_MAX_ATTEMPTS`).
    public var maxAttempts: Int
    /// The backoff base: the cap of the first retry's delay.
    public var baseDelay: SimDuration
    /// The cap on the exponential term (20 s in standard; ``SimDuration/max`` = uncapped).
    public var maxBackoff: SimDuration
    /// Retry quota capacity (`RetryQuota.INITIAL_CAPACITY` = 500).
    public var quotaCapacity: Int
    /// Quota charged for retrying a throttle or transient error (`_RETRY_COST` = 5).
    public var retryCost: Int
    /// Quota charged for retrying a connect/read timeout (`_TIMEOUT_RETRY_REQUEST` = 10).
    public var timeoutRetryCost: Int
    /// Quota returned by a success on the first attempt (`_NO_RETRY_INCREMENT` = 1).
    public var noRetryIncrement: Int

    public init(
        mode: RetryMode, maxAttempts: Int, baseDelay: SimDuration, maxBackoff: SimDuration,
        quotaCapacity: Int = 500, retryCost: Int = 5, timeoutRetryCost: Int = 10, noRetryIncrement: Int = 1
    ) {
        precondition(maxAttempts >= 1, "RetryPolicy: maxAttempts counts the first attempt and must be >= 1, got \(maxAttempts)")
        precondition(baseDelay >= .zero && maxBackoff >= .zero, "RetryPolicy: delays must be >= 0")
        precondition(
            quotaCapacity >= 0 && retryCost >= 0 && timeoutRetryCost >= 0 && noRetryIncrement >= 0,
            "RetryPolicy: quota amounts must be >= 0")
        self.mode = mode
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.quotaCapacity = quotaCapacity
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
        self.noRetryIncrement = noRetryIncrement
    }

    /// botocore standard: 3 attempts, base 1 s, cap 20 s, quota 500/5/10/1.
    public static let standard = RetryPolicy(mode: .standard, maxAttempts: 3, baseDelay: .seconds(1), maxBackoff: .seconds(20))
    /// botocore legacy: 5 attempts, base 1 s, no cap, no quota.
    public static let legacy = RetryPolicy(mode: .legacy, maxAttempts: 5, baseDelay: .seconds(1), maxBackoff: .max)
    /// Standard plus the client-side rate limiter.
    public static let adaptive = RetryPolicy(mode: .adaptive, maxAttempts: 3, baseDelay: .seconds(1), maxBackoff: .seconds(20))
    /// One attempt, never retried.
    public static let none = RetryPolicy(mode: .none, maxAttempts: 1, baseDelay: .zero, maxBackoff: .zero)

    /// Whether this mode retries a failure of this kind at all (ignoring attempts and quota).
    /// Legacy and standard retry the same classes: throttles, 5xx and socket errors/timeouts.
    public func isRetryable(_ kind: FailureKind) -> Bool {
        mode != .none && kind != .nonRetryable
    }

    /// Whether attempt `n` (1-based) that failed with `kind` may be followed by another attempt,
    /// before consulting the quota (`StandardRetryConditions.is_retryable`).
    public func canRetry(afterAttempt n: Int, failure kind: FailureKind) -> Bool {
        isRetryable(kind) && n < maxAttempts
    }

    /// Whether this mode spends a ``RetryQuota`` (standard and adaptive; legacy has none).
    public var usesRetryQuota: Bool { mode == .standard || mode == .adaptive }
    /// Whether this mode runs an ``AdaptiveRateLimiter`` before each attempt.
    public var usesRateLimiter: Bool { mode == .adaptive }

    /// A full quota for this policy, or `nil` when the mode has none.
    public func makeQuota() -> RetryQuota? {
        guard usesRetryQuota else { return nil }
        return RetryQuota(
            capacity: quotaCapacity, retryCost: retryCost, timeoutRetryCost: timeoutRetryCost,
            noRetryIncrement: noRetryIncrement
        )
    }

    /// The wait before attempt `n + 1` after attempt `n` (1-based) failed:
    /// `u × min(baseDelay × 2^(n−1), maxBackoff)` with `u` a uniform draw in [0, 1) from the
    /// caller's stream (botocore's `random.random()`), truncated to the nanosecond.
    public func backoff(afterAttempt n: Int, uniform u: Double) -> SimDuration {
        precondition(n >= 1, "RetryPolicy.backoff: attempts are 1-based, got \(n)")
        precondition(u >= 0 && u < 1, "RetryPolicy.backoff: uniform must be in [0, 1), got \(u)")
        guard mode != .none else { return .zero }
        let cap = Swift.min(Self.exponential(baseDelay.nanoseconds, doublings: n - 1), maxBackoff.nanoseconds)
        return SimDuration(nanoseconds: Int64(Double(cap) * u))
    }

    /// `base × 2^k`, saturating at ``SimDuration/max``.
    static func exponential(_ base: Int64, doublings k: Int) -> Int64 {
        let limit = SimDuration.max.nanoseconds
        guard base > 0 else { return 0 }
        guard k < 62, base <= limit >> Int64(k) else { return limit }
        return base << Int64(k)
    }
}
