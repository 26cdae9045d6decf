import FaultlineKernel

/// An SQS standard queue and, optionally, the Lambda event source mapping that consumes it.
///
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html,
/// https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
public struct QueueConfig: Sendable {
    /// 0 s – 12 h, default 30 s.
    public var visibilityTimeout: SimDuration
    /// 60 s – 14 d, default 4 d.
    public var retention: SimDuration
    /// 0 – 15 min, default 0.
    public var deliveryDelay: SimDuration
    /// `RedrivePolicy`: after `maxReceiveCount` receives a message moves to the dead-letter queue.
    public var deadLetterQueue: ServiceID?
    public var maxReceiveCount: Int
    public var consumer: EventSourceMapping?

    public init(
        visibilityTimeout: SimDuration = .seconds(30), retention: SimDuration = .hours(96), deliveryDelay: SimDuration = .zero,
        deadLetterQueue: ServiceID? = nil, maxReceiveCount: Int = 10, consumer: EventSourceMapping? = nil
    ) {
        self.visibilityTimeout = visibilityTimeout
        self.retention = retention
        self.deliveryDelay = deliveryDelay
        self.deadLetterQueue = deadLetterQueue
        self.maxReceiveCount = maxReceiveCount
        self.consumer = consumer
    }
}

/// A Lambda event source mapping polling an SQS queue: it starts 5 concurrent batches when
/// messages appear, adds up to 300 concurrent invocations a minute while messages keep coming,
/// up to 1,250 (or `maximumConcurrency`), and scales back when the queue is empty.
public struct EventSourceMapping: Sendable {
    public var function: ServiceID
    /// 1 – 10,000 (the model processes at most 64 per batch), default 10.
    public var batchSize: Int
    /// `MaximumBatchingWindowInSeconds`, 0 – 300 s, default 0.
    public var batchingWindow: SimDuration
    /// `ScalingConfig.MaximumConcurrency`, 2 – 1,000; nil: the default limit of 1,250.
    public var maximumConcurrency: Int?
    /// `FunctionResponseTypes: [ReportBatchItemFailures]`: only failed items return to the queue.
    public var reportBatchItemFailures: Bool

    public init(
        function: ServiceID, batchSize: Int = 10, batchingWindow: SimDuration = .zero,
        maximumConcurrency: Int? = nil, reportBatchItemFailures: Bool = false
    ) {
        self.function = function
        self.batchSize = batchSize
        self.batchingWindow = batchingWindow
        self.maximumConcurrency = maximumConcurrency
        self.reportBatchItemFailures = reportBatchItemFailures
    }

    public static let initialConcurrency = 5
    public static let scaleUpPerMinute = 300
    public static let defaultMaximum = 1_250
}

/// An SNS standard topic: a publish is acknowledged at once and delivered to every
/// subscription — SQS queues get the message, Lambda functions an asynchronous invocation.
public struct TopicConfig: Sendable {
    public var subscriptions: [ServiceID]
    public init(subscriptions: [ServiceID]) { self.subscriptions = subscriptions }
}

/// An API Gateway REST route with a Lambda proxy integration. The stage's token bucket
/// throttles with 429; a Lambda function error becomes 502, a Lambda throttle 500 (API Gateway
/// cannot map it), and an integration that takes longer than the timeout 504.
///
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
public struct APIRouteConfig: Sendable {
    public var api: String
    public var method: String
    public var path: String
    /// Requests per second and burst of the stage (shared by the API's routes).
    public var throttleRate: Double
    public var throttleBurst: Int
    /// 50 ms – 29 s for REST APIs.
    public var integrationTimeout: SimDuration
    /// Index of the API (routes of one API share its throttle bucket).
    public var apiIndex: Int

    public init(
        api: String, method: String, path: String, throttleRate: Double = 10_000, throttleBurst: Int = 5_000,
        integrationTimeout: SimDuration = .seconds(29), apiIndex: Int = 0
    ) {
        self.api = api
        self.method = method
        self.path = path
        self.throttleRate = throttleRate
        self.throttleBurst = throttleBurst
        self.integrationTimeout = integrationTimeout
        self.apiIndex = apiIndex
    }
}
