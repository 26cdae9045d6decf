/// The standard-mode retry quota: a per-client token bucket that only retries spend and only
/// successes refill, so a sustained outage turns retries into immediate failures.
///
/// A port of botocore `retries/quota.py` (`RetryQuota`) driven as `retries/standard.py`
/// (`RetryQuotaChecker`, `STANDARD_RETRY_MODE_VERSION` 2.0) drives it:
/// - `acquire_retry_quota`: before each retry, take 5 (10 for `ConnectTimeoutError` /
///   `ReadTimeoutError`); if fewer are available the retry is refused and nothing is taken;
/// - `release_retry_quota` (on `after-call` with a 2xx response): a request that was never
///   retried returns 1; a request that was retried returns the amount of its *last*
///   acquisition (botocore overwrites `retry_quota_capacity` in the request context on every
///   acquisition, so earlier acquisitions of the same request are not returned); failed
///   requests return nothing; the quota never exceeds its capacity.
///
/// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>
public struct RetryQuota: Hashable, Sendable {
    public let capacity: Int
    public let retryCost: Int
    public let timeoutRetryCost: Int
    public let noRetryIncrement: Int
    /// Quota currently available (`available_capacity`).
    public private(set) var available: Int
    /// Retries refused because the quota was insufficient, for metrics.
    public private(set) var refusedCount: Int = 0

    public init(capacity: Int = 500, retryCost: Int = 5, timeoutRetryCost: Int = 10, noRetryIncrement: Int = 1) {
        precondition(
            capacity >= 0 && retryCost >= 0 && timeoutRetryCost >= 0 && noRetryIncrement >= 0,
            "RetryQuota: amounts must be >= 0")
        self.capacity = capacity
        self.retryCost = retryCost
        self.timeoutRetryCost = timeoutRetryCost
        self.noRetryIncrement = noRetryIncrement
        available = capacity
    }

    /// What retrying a failure of this kind costs.
    public func cost(of kind: FailureKind) -> Int {
        precondition(kind != .nonRetryable, "RetryQuota: a non-retryable failure is never retried, so it has no cost")
        return kind == .timeout ? timeoutRetryCost : retryCost
    }

    /// Takes the cost of retrying `kind` and returns it, or returns `nil` (taking nothing) when
    /// the quota cannot cover it. Keep the returned amount with the request: it is what a later
    /// success gives back.
    public mutating func acquire(for kind: FailureKind) -> Int? {
        let amount = cost(of: kind)
        guard amount <= available else {
            refusedCount += 1
            return nil
        }
        available -= amount
        return amount
    }

    /// Returns `acquired` units, truncated so the quota never exceeds its capacity.
    public mutating func release(acquired: Int) {
        precondition(acquired >= 0, "RetryQuota.release: amount must be >= 0, got \(acquired)")
        available += Swift.min(acquired, capacity - available)
    }

    /// A request succeeded (2xx). `lastAcquired` is the amount its most recent retry acquired,
    /// or `nil` if it succeeded on the first attempt (which returns ``noRetryIncrement``).
    public mutating func recordSuccess(lastAcquired: Int?) {
        release(acquired: lastAcquired ?? noRetryIncrement)
    }
}
