import FaultlineKernel
import FaultlineRandom

/// Everything needed to build a ``World``, with every default already explicit.
///
/// Built by the scenario layer from a validated spec; models read nothing else (house rule 9).
public struct ModelConfig: Sendable {
    public var topology: Topology
    public var network: NetworkConfig
    public var services: [ServiceConfig]
    public var workloads: [WorkloadConfig]
    /// Length of a metrics period (CloudWatch period), e.g. 60 s.
    public var period: SimDuration
    /// Summaries count only what happens after the warm-up.
    public var warmup: SimDuration
    public var horizon: SimDuration
    public var limits: RunLimits
    public var generator: RandomGenerator
    /// Lambda concurrency per account and Region.
    public var lambdaAccount: LambdaAccountConfig
    /// Faults in effect over windows of the run (scheduled directly or from FIS experiments).
    public var faults: [FaultConfig]
    /// Simulated CloudWatch alarms, evaluated at metrics period boundaries.
    public var alarms: [AlarmConfig] = []
    /// Experiments' alarm stop conditions.
    public var stopGuards: [StopGuard] = []

    public init(
        topology: Topology, network: NetworkConfig, services: [ServiceConfig], workloads: [WorkloadConfig],
        period: SimDuration, warmup: SimDuration, horizon: SimDuration, limits: RunLimits, generator: RandomGenerator = .mt19937,
        lambdaAccount: LambdaAccountConfig = LambdaAccountConfig(), faults: [FaultConfig] = []
    ) {
        self.lambdaAccount = lambdaAccount
        self.faults = faults
        self.topology = topology
        self.network = network
        self.services = services
        self.workloads = workloads
        self.period = period
        self.warmup = warmup
        self.horizon = horizon
        self.limits = limits
        self.generator = generator
    }
}

/// Hard limits on a run (house rule 11, after TigerBeetle's TIGER_STYLE).
public struct RunLimits: Sendable, Equatable {
    /// The run fails once it has dispatched this many events.
    public var maxEvents: Int
    /// The run fails once this many requests are in flight at once (queued, in service or
    /// waiting on calls): an unbounded queue under overload would otherwise grow without end.
    public var maxInFlight: Int

    public init(maxEvents: Int, maxInFlight: Int) {
        self.maxEvents = maxEvents
        self.maxInFlight = maxInFlight
    }
}

/// Latency of one network hop, by path. Values sampled in seconds.
public struct NetworkConfig: Sendable {
    /// One-way latency between resources in the same AZ.
    public var intraAZ: Sampler
    /// One-way latency between resources in different AZs of a region.
    public var crossAZ: Sampler
    /// One-way latency between resources in different regions.
    public var crossRegion: Sampler

    public init(intraAZ: Sampler, crossAZ: Sampler, crossRegion: Sampler) {
        self.intraAZ = intraAZ
        self.crossAZ = crossAZ
        self.crossRegion = crossRegion
    }
}

/// A generic request/response service deployed in one or more AZs.
///
/// Each AZ runs `workersPerAZ` workers sharing one FIFO queue (an M/G/c station per AZ). With
/// `queueCapacity == 0` the station is a loss system: a request that finds every worker busy is
/// rejected at once, which is how Lambda throttles when concurrency is exhausted
/// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
public struct ServiceConfig: Sendable {
    public var name: String
    public var azs: [AZID]
    public var workersPerAZ: Int
    /// Queue slots per AZ; `nil` is unbounded (limited only by `RunLimits.maxInFlight`).
    public var queueCapacity: Int?
    /// Local processing time per request, sampled in seconds.
    public var serviceTime: Sampler
    /// A request still queued or in service this long after arrival is abandoned and reported
    /// as timed out (an error), freeing its worker, as a Lambda function timeout does.
    public var timeout: SimDuration?
    /// Probability that a request that ran to completion is reported as an error.
    public var errorProbability: Double
    /// Downstream calls made one after another after local processing; the worker is held while
    /// it waits (a synchronous handler).
    public var calls: [CallConfig]
    /// What kind of resource this is; a Lambda function's workers are its execution
    /// environments, limited by concurrency rather than `workersPerAZ`.
    public var kind: ServiceKind
    /// Individual hosts (instances, tasks, pods), each its own station of `workersEach`
    /// workers; nil: one station per AZ (`workersPerAZ`), as before.
    public var hosts: HostsConfig? = nil
    /// The load balancer in front of the hosts (required with hosts).
    public var loadBalancer: LoadBalancerConfig? = nil
    /// The Auto Scaling group replacing unhealthy EC2 instances; nil: none.
    public var autoScaling: AutoScalingConfig? = nil

    public init(
        name: String, azs: [AZID], workersPerAZ: Int, queueCapacity: Int?, serviceTime: Sampler,
        timeout: SimDuration?, errorProbability: Double, calls: [CallConfig], kind: ServiceKind = .generic
    ) {
        self.kind = kind
        self.name = name
        self.azs = azs
        self.workersPerAZ = workersPerAZ
        self.queueCapacity = queueCapacity
        self.serviceTime = serviceTime
        self.timeout = timeout
        self.errorProbability = errorProbability
        self.calls = calls
    }
}

/// The kinds of resource a ``ServiceConfig`` describes.
public enum ServiceKind: Sendable {
    /// An M/G/c station per AZ (containers, instances, a managed service).
    case generic
    /// A Lambda function.
    case function(FunctionConfig)
    /// A DynamoDB table (an infinite-server station with per-operation latency and capacity).
    case table(TableConfig)
    /// An SQS standard queue, optionally consumed by a Lambda event source mapping.
    case queue(QueueConfig)
    /// An SNS topic fanning out to queues and functions.
    case topic(TopicConfig)
    /// An API Gateway route in front of a Lambda function.
    case apiRoute(APIRouteConfig)
    /// An Aurora / RDS cluster: a writer and readers, one instance per AZ.
    case database(DatabaseConfig)

    public var function: FunctionConfig? {
        if case .function(let f) = self { return f }
        return nil
    }

    /// The AWS service name used by API fault filters (`service` parameter).
    public var awsService: String {
        switch self {
        case .generic: return "generic"
        case .function: return "lambda"
        case .table: return "dynamodb"
        case .queue: return "sqs"
        case .topic: return "sns"
        case .apiRoute: return "apigateway"
        case .database: return "rds"
        }
    }
}

/// A call from one service to another.
public struct CallConfig: Sendable, Equatable {
    /// How a Lambda function is invoked (`InvocationType`).
    public enum Invocation: String, Sendable, CaseIterable {
        /// `RequestResponse`: the caller waits for the result.
        case sync
        /// `Event`: Lambda queues the event and answers 202 at once.
        case async
    }

    public enum Routing: String, Sendable, CaseIterable {
        /// The callee's deployment in the caller's AZ, or a random one if it has none there.
        case sameAZ = "same-az"
        /// A deployment chosen uniformly at random (cross-AZ traffic in proportion).
        case random
    }

    public enum OnError: String, Sendable, CaseIterable {
        /// A failed call fails the caller's request.
        case fail
        /// A failed call is ignored and the handler carries on.
        case `continue`
    }

    public var target: ServiceID
    public var routing: Routing
    public var onError: OnError
    public var invocation: Invocation
    /// The API operation (e.g. DynamoDB `PutItem`): picks the callee's latency distribution and
    /// is what API fault filters match.
    public var operation: String?
    /// The client's per-attempt timeout (SDK `read_timeout`); the callee keeps working.
    public var timeout: SimDuration?
    /// The AWS SDK retry behaviour for this dependency.
    public var retry: RetryPolicy
    /// A client-side circuit breaker in front of the dependency.
    public var circuitBreaker: CircuitBreaker.Configuration?
    /// Run when the call has finally failed (after retries); the handler then returns
    /// `fallbackStatus` if the fallback succeeded, and fails if it did not.
    public var fallback: [CallConfig]
    public var fallbackStatus: UInt16
    /// The connection pool of a call to a database (nil for other callees).
    public var connection: DatabaseConnection? = nil

    public init(
        target: ServiceID, routing: Routing, onError: OnError, invocation: Invocation = .sync, operation: String? = nil,
        timeout: SimDuration? = nil, retry: RetryPolicy = .none, circuitBreaker: CircuitBreaker.Configuration? = nil,
        fallback: [CallConfig] = [], fallbackStatus: UInt16 = 200
    ) {
        self.operation = operation
        self.timeout = timeout
        self.retry = retry
        self.circuitBreaker = circuitBreaker
        self.fallback = fallback
        self.fallbackStatus = fallbackStatus
        self.invocation = invocation
        self.target = target
        self.routing = routing
        self.onError = onError
    }
}

/// A source of requests arriving at a service.
public struct WorkloadConfig: Sendable {
    public var name: String
    public var target: ServiceID
    /// Where clients are, as weights per AZ; requests enter the target's deployment in the
    /// client's AZ (or a random deployment when the target is not in that AZ).
    public var azWeights: [(az: AZID, weight: Double)]
    public var arrivals: ArrivalProcess

    public init(name: String, target: ServiceID, azWeights: [(az: AZID, weight: Double)], arrivals: ArrivalProcess) {
        self.name = name
        self.target = target
        self.azWeights = azWeights
        self.arrivals = arrivals
    }
}

/// How arrival instants are generated.
public enum ArrivalProcess: Sendable, Equatable {
    /// Open-loop Poisson arrivals at `rate` per second (exponential gaps, `gsl_ran_exponential`).
    case poisson(rate: Double)
    /// A non-homogeneous Poisson process whose rate follows a piecewise-linear schedule;
    /// sampled by thinning (Lewis & Shedler) segment by segment.
    case schedule(RateSchedule)
    /// Replay of recorded arrival instants (sorted ascending).
    case trace([SimInstant])
}

/// A piecewise-linear arrival rate: between consecutive points the rate moves linearly (a ramp)
/// or holds (a step, two points at the same time). The last rate holds to the horizon.
public struct RateSchedule: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var time: SimInstant
        public var rate: Double
        public init(time: SimInstant, rate: Double) {
            self.time = time
            self.rate = rate
        }
    }

    public var points: [Point]
    public init(points: [Point]) { self.points = points }

    /// The rate at `t` (per second).
    public func rate(at t: SimInstant) -> Double {
        guard let first = points.first else { return 0 }
        if t <= first.time { return first.rate }
        for i in 1..<points.count where t < points[i].time {
            let a = points[i - 1], b = points[i]
            let span = Double((b.time - a.time).nanoseconds)
            guard span > 0 else { return b.rate }
            return a.rate + (b.rate - a.rate) * Double((t - a.time).nanoseconds) / span
        }
        return points[points.count - 1].rate
    }
}
