/// CloudWatch alarms (`AWS::CloudWatch::Alarm`) on metrics the simulator records: `Namespace`,
/// `MetricName` and `Dimensions` name the resource (AWS/Lambda `FunctionName`, AWS/SQS
/// `QueueName`, AWS/DynamoDB `TableName`, AWS/SNS `TopicName`, AWS/ApiGateway `ApiName`),
/// `Statistic`/`ExtendedStatistic`, `Period`, `EvaluationPeriods`, `DatapointsToAlarm`,
/// `Threshold`, `ComparisonOperator`, `TreatMissingData`. Alarms on other metrics (EC2 CPU, metric
/// math) are listed as not modelled, with the reason.
extension Importer {
    /// The metrics the simulator records per kind: counters (Sum) and durations/gauges.
    static let counters: [String: Set<String>] = [
        "AWS/Lambda": ["Invocations", "Errors", "Throttles"],
        "AWS/SQS": ["NumberOfMessagesSent", "NumberOfMessagesReceived", "NumberOfMessagesDeleted"],
        "AWS/DynamoDB": ["ThrottledRequests", "SystemErrors"],
        "AWS/SNS": ["NumberOfMessagesPublished", "NumberOfNotificationsDelivered"],
        "AWS/ApiGateway": ["Count", "5XXError", "4XXError"]
    ]
    static let distributions: [String: Set<String>] = [
        "AWS/Lambda": ["Duration"], "AWS/ApiGateway": ["Latency"], "AWS/DynamoDB": ["SuccessfulRequestLatency"]
    ]
    static let gauges: [String: Set<String>] = [
        "AWS/Lambda": ["ConcurrentExecutions"],
        "AWS/SQS": ["ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible", "ApproximateAgeOfOldestMessage"]
    ]

    /// The scenario resource a metric's dimensions name, if the simulator models it.
    func metricResource(namespace: String, dimensions: [(String, String)]) -> String? {
        let d = Dictionary(dimensions, uniquingKeysWith: { a, _ in a })
        switch namespace {
        case "AWS/Lambda": return d["FunctionName"].flatMap { functionName($0) }
        case "AWS/SQS": return d["QueueName"].flatMap { q in system.queues.first { $0.name == q }?.name }
        case "AWS/DynamoDB": return d["TableName"].flatMap { t in system.tables.first { $0.name == t }?.name }
        case "AWS/SNS": return d["TopicName"].flatMap { t in system.topics.first { $0.name == t }?.name }
        case "AWS/ApiGateway":
            guard let api = system.apis.first(where: { $0.name == d["ApiName"] || apiRef($0) == d["ApiId"] }) else { return nil }
            if let m = d["Method"], let res = d["Resource"], let route = api.routes.first(where: { $0.method == m && $0.path == res }) {
                return "\(api.name) \(route.method) \(route.path)"
            }
            return api.routes.count == 1 ? "\(api.name) \(api.routes[0].method) \(api.routes[0].path)" : nil
        default: return nil
        }
    }

    /// The statistic the scenario records for `metric` closest to CloudWatch's `stat`, or nil.
    static func statistic(namespace: String, metric: String, stat: String) -> String? {
        if counters[namespace]?.contains(metric) == true { return stat == "Sum" || stat == "SampleCount" ? "Sum" : nil }
        if distributions[namespace]?.contains(metric) == true {
            return ["SampleCount", "Average", "p50", "p90", "p99", "Maximum", "Minimum"].contains(stat) ? stat : nil
        }
        if gauges[namespace]?.contains(metric) == true { return ["Maximum", "Minimum", "Average"].contains(stat) ? stat : nil }
        return nil
    }

    mutating func mapAlarm(_ r: ResolvedResource) throws {
        let p = r.properties
        guard let ns = p["Namespace"]?.text, let metric = p["MetricName"]?.text else {
            system.notModelled.append(.init(origin: r.origin, reason: "alarm without Namespace/MetricName (metric math or composite) is not modelled"))
            return
        }
        let dims = (p["Dimensions"]?.list ?? []).compactMap { d -> (String, String)? in
            guard let n = d["Name"]?.text, let v = d["Value"]?.text else { return nil }
            return (n, v)
        }
        let stat = p["Statistic"]?.text ?? p["ExtendedStatistic"]?.text ?? "Average"
        guard let resource = metricResource(namespace: ns, dimensions: dims) else {
            system.notModelled.append(
                .init(
                    origin: r.origin,
                    reason: "alarm on \(ns) \(metric) \(dims.map { "\($0.0)=\($0.1)" }.joined(separator: ",")): not a resource the simulator models"))
            return
        }
        guard let s = Self.statistic(namespace: ns, metric: metric, stat: stat) else {
            system.notModelled.append(
                .init(origin: r.origin, reason: "alarm on \(ns) \(metric) (\(stat)): the simulator does not record this metric and statistic"))
            return
        }
        let period = p["Period"]?.int ?? 60
        guard [10, 20, 30].contains(period) || period % 60 == 0 else {
            throw r.fail("Period", "the alarm period \(period) s is not 10, 20, 30 or a multiple of 60.", "use a period CloudWatch accepts")
        }
        guard let threshold = p["Threshold"]?.double, let comparison = p["ComparisonOperator"]?.text else {
            system.notModelled.append(.init(origin: r.origin, reason: "alarm without a static Threshold (anomaly detection) is not modelled"))
            return
        }
        system.alarms.append(
            .init(
                origin: r.origin, name: r.identity.name, namespace: ns, resource: resource, metric: metric, statistic: s, period: period,
                threshold: threshold, comparison: comparison, evaluationPeriods: p["EvaluationPeriods"]?.int,
                datapointsToAlarm: p["DatapointsToAlarm"]?.int, treatMissingData: p["TreatMissingData"]?.text))
    }
}
