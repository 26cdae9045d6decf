import FaultlineKernel
import FaultlineRandom

/// What makes a service a Lambda function: concurrency limits, execution environments, the FIS
/// extension and asynchronous invocation. The service's `serviceTime`, `calls`, `timeout` and
/// `errorProbability` are the handler; every figure defaults to the AWS default.
///
/// https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html,
/// https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
public struct FunctionConfig: Sendable {
    /// Memory setting in MB: a label carried into outputs (Lambda scales CPU with it; model the
    /// consequence in the handler's duration distribution).
    public var memoryMB: Int
    /// Reserved concurrency: a floor taken out of the account pool and a hard cap for the
    /// function (`ReservedFunctionConcurrentInvocationLimitExceeded` above it). `nil`: the
    /// function shares the unreserved pool.
    public var reservedConcurrency: Int?
    /// Provisioned concurrency: environments initialised before the run that are never
    /// reclaimed and never cold-start; excess traffic spills to on-demand environments.
    public var provisionedConcurrency: Int
    /// New execution environments the function may add per 10 s (1,000 since Nov 2023),
    /// refilled continuously; beyond it invocations are throttled.
    public var scaleUpPer10Seconds: Int
    /// Init phase of a new environment (extensions, runtime and static initialisation), seconds.
    public var initDuration: Sampler
    /// How long an idle environment is kept before Lambda reclaims it (not documented; commonly
    /// observed 5–15 min), seconds.
    public var idleLifetime: Sampler
    /// The FIS Lambda extension layer, when the function has it.
    public var fisExtension: FISExtensionConfig?
    /// Asynchronous (`Event`) invocation settings.
    public var async: AsyncInvokeConfig

    public init(memoryMB: Int = 128, reservedConcurrency: Int? = nil, provisionedConcurrency: Int = 0,
                scaleUpPer10Seconds: Int = 1_000, initDuration: Sampler, idleLifetime: Sampler,
                fisExtension: FISExtensionConfig? = nil, async: AsyncInvokeConfig = AsyncInvokeConfig()) {
        self.memoryMB = memoryMB
        self.reservedConcurrency = reservedConcurrency
        self.provisionedConcurrency = provisionedConcurrency
        self.scaleUpPer10Seconds = scaleUpPer10Seconds
        self.initDuration = initDuration
        self.idleLifetime = idleLifetime
        self.fisExtension = fisExtension
        self.async = async
    }
}

/// The FIS Lambda extension in each execution environment: it polls the S3 configuration
/// location at Init, then every slow-poll interval while it knows of no active fault and every
/// hot-poll interval while it does. Polls progress only while the environment is thawed.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html
public struct FISExtensionConfig: Sendable {
    /// What happens to a poll still in progress when the environment freezes.
    public enum FrozenPoll: String, Sendable, CaseIterable {
        /// The S3 request is abandoned (it times out while frozen) and a new poll starts at the
        /// next thaw. Field reports (fast, rarely invoked functions that only ever see faults on
        /// cold starts) fit this, so it is the default.
        case abandon
        /// The poll's remaining work carries over to the next thaw.
        case carryOver = "carry-over"
    }

    /// `AWS_FIS_SLOW_POLL_INTERVAL_SECONDS`, default 60 s; the extension accepts no less than 20 s.
    public var slowPoll: SimDuration
    /// Poll interval while a fault is active: 20 s, not configurable.
    public var hotPoll: SimDuration
    /// Thawed time one poll (S3 ListObjectsV2 + GetObject) takes; ~70 ms on average per the docs.
    public var pollDuration: Sampler
    /// `AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`, default 0: how long an invocation waits for an
    /// in-flight poll before its handler starts (billed, inside the function timeout).
    public var pollMaxWait: SimDuration
    public var frozenPoll: FrozenPoll

    /// The extension's smallest accepted slow-poll interval.
    public static let minimumSlowPoll = SimDuration.seconds(20)

    public init(slowPoll: SimDuration = .seconds(60), hotPoll: SimDuration = .seconds(20), pollDuration: Sampler,
                pollMaxWait: SimDuration = .zero, frozenPoll: FrozenPoll = .abandon) {
        self.slowPoll = slowPoll
        self.hotPoll = hotPoll
        self.pollDuration = pollDuration
        self.pollMaxWait = pollMaxWait
        self.frozenPoll = frozenPoll
    }
}

/// Asynchronous invocation: Lambda queues the event (202 to the caller), retries function errors
/// `maximumRetryAttempts` times (about 1 min before the second attempt, 2 min before the third),
/// retries throttles with exponential backoff from 1 s to 5 min, and gives up once the event is
/// older than `maximumEventAge`, sending it to the on-failure destination if there is one.
///
/// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
public struct AsyncInvokeConfig: Sendable {
    /// 0–2, default 2.
    public var maximumRetryAttempts: Int
    /// 60 s – 6 h, default 6 h.
    public var maximumEventAge: SimDuration
    /// Where failed events go: an SQS queue, SNS topic or function (`nil`: discarded).
    public var onFailure: ServiceID?

    public init(maximumRetryAttempts: Int = 2, maximumEventAge: SimDuration = .hours(6), onFailure: ServiceID? = nil) {
        self.maximumRetryAttempts = maximumRetryAttempts
        self.maximumEventAge = maximumEventAge
        self.onFailure = onFailure
    }
}

/// The account's Lambda concurrency in a Region: 1,000 by default, of which at least 100 always
/// stays unreserved.
public struct LambdaAccountConfig: Sendable, Equatable {
    public var concurrencyLimit: Int
    public var unreservedMinimum: Int

    public init(concurrencyLimit: Int = 1_000, unreservedMinimum: Int = 100) {
        self.concurrencyLimit = concurrencyLimit
        self.unreservedMinimum = unreservedMinimum
    }
}
