/// CloudWatch metric names by kind of resource, for derived metrics. Resources other helpers add
/// report their own names; a pair listed here makes `ErrorRate` work for them, and a ratio
/// (`"A / B"`) works for any two counters without code changes.
public enum MetricNames {
    /// (errors, requests) counter pairs: Lambda and services, API Gateway, DynamoDB, SQS, SNS.
    public static let errorPairs: [(errors: String, requests: String)] = [
        ("Errors", "Invocations"), ("5XXError", "Count"), ("SystemErrors", "Requests"),
        ("SendErrors", "NumberOfMessagesSent"), ("PublishErrors", "NumberOfMessagesPublished")
    ]
    /// Throttle counters (Lambda and services, API Gateway's 429s, DynamoDB).
    public static let throttles = ["Throttles", "4XXError", "ThrottledRequests"]

    /// The (errors, requests) pair a resource records, if any.
    public static func errorPair(of resource: String, in store: SeriesStore) -> (errors: SeriesKey, requests: SeriesKey)? {
        for p in errorPairs {
            let e = SeriesKey(resource, p.errors, "Sum"), r = SeriesKey(resource, p.requests, "Sum")
            if store.contains(r) && store.contains(e) { return (e, r) }
        }
        return nil
    }

    /// The statistic a chart and the phase table show for a metric: `Sum` for counters, `p99`
    /// for durations, `Maximum` for gauges (the first the series has).
    public static func primaryStatistic(_ statistics: [String]) -> String {
        for s in ["Sum", "p99", "Maximum", "Average"] where statistics.contains(s) { return s }
        return statistics.first ?? "Sum"
    }
}
