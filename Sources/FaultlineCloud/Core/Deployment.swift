import DequeModule
import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// A service's workers and FIFO queue in one AZ: an M/G/c station.
///
/// It also carries copies of its service's per-request settings (sampler, stream, timeout,
/// error probability, metric IDs), so handling an event reads one element instead of chasing
/// the service's configuration.
struct Deployment: Sendable {
    let service: Int32
    let az: Int32
    let workers: Int32
    /// Queue slots; `Int.max` when unbounded, 0 for a loss station.
    let capacity: Int
    var busy: Int32 = 0
    /// Live entries in `queue` (timed-out entries stay until dequeued, then are skipped).
    var queued: Int = 0
    var queue: Deque<RequestRef> = []
    let metrics: ServiceMetrics
    let serviceTime: SamplerCore
    /// The service's random stream (shared by its deployments).
    let stream: StreamHandle
    /// Nanoseconds; 0 when the service has no timeout.
    let timeout: Int64
    let errorProbability: Double
    /// Steps of the handler (main calls and fallbacks); `callIndex == callCount` means done.
    let callCount: Int32
    /// First of this deployment's ``ClientState``s in `World.clients` (one per step).
    var clientBase: Int32 = 0
    /// The ``FunctionRuntime`` when the service is a Lambda function, else -1.
    var function: Int32 = -1
    /// What kind of resource the deployment belongs to.
    var kind: DeploymentKind = .generic
    /// Index into the kind's runtime array (tables, queues, topics, API routes), or -1.
    var kindIndex: Int32 = -1
    /// Whether an API fault (error or latency) is active on the service.
    var apiFaulted = false
    /// Pending service (or function) timeouts, in deadline order.
    var timeouts = TimeoutList()

    init(service: Int32, az: Int32, config: ServiceConfig, stepCount: Int, metrics: ServiceMetrics, stream: StreamHandle) {
        self.service = service
        self.az = az
        switch config.kind {
        case .generic: self.workers = Int32(config.hosts?.workersEach ?? config.workersPerAZ)
        case .database: self.workers = Int32(config.workersPerAZ)
        case .function, .table, .queue, .topic, .apiRoute: self.workers = Int32.max
        }
        self.capacity = config.queueCapacity ?? Int.max
        self.metrics = metrics
        self.serviceTime = config.serviceTime.core
        self.stream = stream
        self.timeout = config.timeout?.nanoseconds ?? 0
        self.errorProbability = config.errorProbability
        self.callCount = Int32(stepCount)
    }
}

/// What kind of resource a deployment belongs to (one byte; a new kind is a compile error in
/// every `switch` that must handle it).
enum DeploymentKind: UInt8, Sendable {
    case generic = 0
    case function = 1
    case table = 2
    case queue = 3
    case topic = 4
    case apiRoute = 5
    case database = 6
    /// One host (instance, task, pod) of a generic service behind a load balancer.
    case host = 7
}

struct RequestRef: Sendable {
    var index: Int32
    var generation: UInt32
    init(index: Int32, generation: UInt32) {
        self.index = index
        self.generation = generation
    }
}

/// A service at run time: its configuration, deployments by AZ and metric handles.
struct ServiceRuntime: Sendable {
    let config: ServiceConfig
    /// The handler's calls, flattened (main flow first, then fallbacks).
    let steps: [CallStep]
    /// The call each step was made from (for the cold paths: retry policy, breaker).
    let stepCalls: [CallConfig]
    let mainStepCount: Int32
    /// Operation index (into `World.operations`) of each step's call.
    var stepOperations: [UInt16] = []
    var clientMetrics: ClientMetrics
    let isTable: Bool
    /// Deployment index per AZ index, -1 where the service is not deployed.
    var deploymentByAZ: [Int32]
    var deployments: [Int32]
    let metrics: ServiceMetrics
    /// The service's load balancer (index into `World.loadBalancers`), or -1.
    var lb: Int32 = -1
    /// Index into `World.hostStreams`, or -1.
    var hostStream: Int32 = -1

    init(config: ServiceConfig, deploymentByAZ: [Int32], deployments: [Int32], metrics: ServiceMetrics, clientMetrics: ClientMetrics) {
        self.config = config
        (self.steps, self.stepCalls) = CallStep.flatten(config.calls)
        if case .table = config.kind { isTable = true } else { isTable = false }
        self.mainStepCount = Int32(config.calls.count)
        self.clientMetrics = clientMetrics
        self.deploymentByAZ = deploymentByAZ
        self.deployments = deployments
        self.metrics = metrics
    }
}

/// The CloudWatch-style series one service emits.
public struct ServiceMetrics: Sendable {
    /// CloudWatch names of the common series for a kind of resource, and which it emits.
    struct Names {
        var invocations = "Invocations", errors = "Errors", throttles = "Throttles", duration = "Duration"
        var hasThrottles = true, hasTimeouts = true, hasDuration = true, hasConcurrency = true, queued = false
    }

    static func names(for kind: ServiceKind) -> Names {
        var n = Names()
        switch kind {
        case .generic: n.queued = true
        case .function: break
        case .table:
            n.invocations = "Requests"
            n.errors = "SystemErrors"
            n.throttles = "ThrottledRequests"
            n.duration = "SuccessfulRequestLatency"
            n.hasTimeouts = false
        case .queue:
            n.invocations = "NumberOfMessagesSent"
            n.errors = "SendErrors"
            n.hasThrottles = false
            n.hasTimeouts = false
            n.hasDuration = false
            n.hasConcurrency = false
        case .topic:
            n.invocations = "NumberOfMessagesPublished"
            n.errors = "PublishErrors"
            n.hasThrottles = false
            n.hasTimeouts = false
            n.hasDuration = false
            n.hasConcurrency = false
        case .apiRoute:
            n.invocations = "Count"
            n.errors = "5XXError"
            n.throttles = "4XXError"
            n.duration = "Latency"
            n.hasTimeouts = false
            n.hasConcurrency = false
        case .database:
            n.invocations = "Queries"
            n.errors = "QueryErrors"
            n.duration = "QueryLatency"
            n.hasThrottles = false
            n.hasTimeouts = false
            n.queued = true
        }
        return n
    }

    /// Requests admitted (Lambda's `Invocations`: throttled requests are not counted).
    public let invocations: CounterID
    /// Requests that ended in an error, including timeouts and failed dependencies.
    public let errors: CounterID
    /// Requests rejected because every worker was busy and the queue was full.
    public let throttles: CounterID
    /// Requests abandoned at the service timeout.
    public let timeouts: CounterID
    /// Time from arrival at the service to its response (successes, errors and timeouts).
    public let duration: DistributionID
    /// Time spent waiting in the queue before a worker took the request.
    public let queueWait: DistributionID
    /// Admitted requests that found every worker busy and queued (P(wait > 0) = this over
    /// ``invocations``, what Erlang C predicts).
    public let waited: CounterID
    /// Busy workers across AZs.
    public let concurrency: GaugeID
    /// Live queued requests across AZs. Requests admitted and not yet answered are exactly the
    /// queued ones plus those holding a worker (in service or waiting on a call), so Little's L
    /// is the sum of the two gauges' time averages.
    public let queueDepth: GaugeID
}
