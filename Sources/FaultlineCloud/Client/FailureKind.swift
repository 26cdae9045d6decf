/// How an attempt failed, as far as the SDK retry logic cares
/// (botocore `retries/standard.py`: `ThrottledRetryableChecker`, `TransientRetryableChecker`,
/// `RetryQuotaChecker._TIMEOUT_EXCEPTIONS`).
public enum FailureKind: UInt8, Hashable, Sendable, CaseIterable {
    /// A throttling error code (`ThrottlingException`, `TooManyRequestsException` (Lambda 429),
    /// `ProvisionedThroughputExceededException`, `SlowDown`, ...).
    case throttle
    /// A transient server error: HTTP 500/502/503/504, `RequestTimeout`, `PriorRequestNotComplete`.
    case transient
    /// A connect or read timeout on the client side (`ConnectTimeoutError`, `ReadTimeoutError`);
    /// the standard retry quota charges these double.
    case timeout
    /// Anything else (4xx validation, access denied, a function error returned in a 200 body):
    /// never retried.
    case nonRetryable
}
