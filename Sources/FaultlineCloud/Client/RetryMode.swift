/// The AWS SDK retry modes (`retry_mode` / `AWS_RETRY_MODE`), plus `none` for callers that never
/// retry. See <https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>.
public enum RetryMode: String, Hashable, Sendable, CaseIterable {
    /// No retries at all: the first failure is final.
    case none
    /// botocore `legacy` (`botocore/retryhandler.py` with `_retry.json`): 5 attempts, uncapped
    /// exponential backoff, no retry quota.
    case legacy
    /// The cross-SDK `standard` mode (botocore `retries/standard.py`): 3 attempts, full-jitter
    /// backoff capped at 20 s, a retry quota of 500.
    case standard
    /// `standard` plus the client-side rate limiter (botocore `retries/adaptive.py`).
    case adaptive
}
