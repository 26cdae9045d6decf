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
    /// reclaimed and never cold-start; excess traffic spills to on-demand environments. Each has
    /// its own extension poll phase (they were created at different times).
    public var provisionedConcurrency: Int
    /// On-demand environments already warm when the run starts (left by earlier traffic): idle,
    /// reclaimed after an idle lifetime like any other, each with a random extension poll phase.
    public var prewarmed: Int
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
    /// Application Auto Scaling of the alias's provisioned concurrency (scalable dimension
    /// `lambda:function:ProvisionedConcurrency`): min/max and policies on
    /// `ProvisionedConcurrencyUtilization`; `provisionedConcurrency` is the starting capacity.
    /// nil: provisioned concurrency stays as configured (docs/lambda-model.md, "Scaling").
    public var scaling: ScalingConfig?
    /// How long Lambda takes, after a provisioned concurrency request, before it starts a new
    /// environment's Init (the allocation is IN_PROGRESS meanwhile); the environment becomes
    /// available after that plus its Init.
    public var allocationTime: SimDuration = FunctionConfig.defaultAllocationTime
    /// Not documented by AWS; see docs/lambda-model.md for the evidence behind 60 s.
    public static let defaultAllocationTime = SimDuration.seconds(60)

    public init(
        memoryMB: Int = 128, reservedConcurrency: Int? = nil, provisionedConcurrency: Int = 0, prewarmed: Int = 0,
        scaleUpPer10Seconds: Int = 1_000, initDuration: Sampler, idleLifetime: Sampler,
        fisExtension: FISExtensionConfig? = nil, async: AsyncInvokeConfig = AsyncInvokeConfig()
    ) {
        self.memoryMB = memoryMB
        self.reservedConcurrency = reservedConcurrency
        self.provisionedConcurrency = provisionedConcurrency
        self.prewarmed = prewarmed
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
    /// What happens to a poll still in progress when the environment freezes (not documented;
    /// see docs/lambda-model.md for the evidence behind each choice).
    public enum FrozenPoll: String, Sendable, CaseIterable {
        /// The poll's S3 requests are in flight and S3 answers while the environment is frozen;
        /// at the next thaw the extension reads the answer if the poll was sent at most
        /// `resumeWithin` ago, else its request has timed out and it is retried (a new poll, a new
        /// GET). A resumed poll knows the faults whose configuration was listed when the request
        /// was served and is still there at the thaw (the GetObject of a deleted configuration
        /// finds nothing). The default: it is the only choice that fits both the docs (only fast,
        /// *infrequently* invoked functions need `AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`) and the
        /// field report (functions invoked minutes apart only see faults on cold starts).
        case resume
        /// The S3 request is abandoned at the freeze and a new poll starts at the next thaw
        /// (`resume` with `resumeWithin: 0`): fast functions then never finish a poll, however
        /// often they are invoked.
        case abandon
        /// The poll's remaining thawed work carries over to the next thaw, however long the
        /// freeze (`resume` with no timeout, reading S3 when the work is done).
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
    /// With `frozenPoll: resume`: the longest time from sending a poll to the thaw at which its
    /// answer is still read (the extension's S3 request timeout); a later thaw retries the poll.
    public var resumeWithin: SimDuration

    /// The extension's smallest accepted slow-poll interval.
    public static let minimumSlowPoll = SimDuration.seconds(20)
    /// Default `resumeWithin`: 30 s, the usual AWS SDK socket/request timeout (see docs/lambda-model.md).
    public static let defaultResumeWithin = SimDuration.seconds(30)

    public init(
        slowPoll: SimDuration = .seconds(60), hotPoll: SimDuration = .seconds(20), pollDuration: Sampler,
        pollMaxWait: SimDuration = .zero, frozenPoll: FrozenPoll = .resume, resumeWithin: SimDuration = FISExtensionConfig.defaultResumeWithin
    ) {
        self.slowPoll = slowPoll
        self.hotPoll = hotPoll
        self.pollDuration = pollDuration
        self.pollMaxWait = pollMaxWait
        self.frozenPoll = frozenPoll
        self.resumeWithin = resumeWithin
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
