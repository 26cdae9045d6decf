import DequeModule
import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// A Lambda function at run time: concurrency, scale-up budget, the extension's settings and
/// its random streams, copied out of ``FunctionConfig`` into plain values for the hot path.
struct FunctionRuntime: Sendable {
    let service: Int32
    /// Index of the Region's unreserved pool in `World.unreservedInUse`.
    let region: Int32
    /// Reserved concurrency, or -1 when the function draws on the unreserved pool.
    let reserved: Int32
    var inFlight: Int32 = 0
    /// Scale-up token bucket, in nanoseconds of refill: full is 10 s, one new environment costs
    /// `environmentCost` (10 s / environments allowed per 10 s). Integer, so exact.
    var scaleLevel: Int64
    var scaleAt: Int64 = 0
    let environmentCost: Int64
    /// Lambda's invocation-rate cap for a function with reserved concurrency: 10 × concurrency
    /// requests per second (`ReservedFunctionInvocationRateLimitExceeded`).
    var rateLimit: TokenBucket?
    let initTime: SamplerCore
    let idleLifetime: SamplerCore
    let pollDuration: SamplerCore
    /// Draws for Init, idle lifetimes and polls (`function/<name>/environments`).
    let environmentStream: StreamHandle
    /// Draws against `invocationPercentage` (`function/<name>/faults`), apart from the handler's
    /// stream so that adding a fault leaves the baseline's draws unchanged.
    let faultStream: StreamHandle
    let hasExtension: Bool
    let slowPoll: Int64
    let hotPoll: Int64
    let pollMaxWait: Int64
    /// `frozenPoll: carry-over`.
    let carryOver: Bool
    /// `frozenPoll: resume`: how long after sending a poll its answer is still read on thaw, ns
    /// (0 for `abandon`: the request is dropped at the freeze).
    let resumeWithin: Int64
    /// The function's warm pool, Region-wide: idle on-demand environments, most recently used
    /// last (entries of environments reclaimed meanwhile are skipped, see ``IdleRef``), and idle
    /// provisioned ones, which are used first.
    var idle: Deque<IdleRef> = []
    var provisionedIdle: Deque<Int32> = []
    /// Entries of `idle` whose environment was reclaimed while it waited (dropped at period ends).
    var staleIdle: Int = 0
    let maxRetryAttempts: Int32
    let maxEventAge: Int64
    /// Service index of the on-failure destination, or -1.
    let onFailure: Int32
    /// Bits of the Lambda faults that target this function.
    var faultMask: UInt64 = 0
    /// Index of its ``ProvisionedScalerRuntime`` in `LambdaState.scalers`, or -1 (no `scaling:`).
    var scaler: Int32 = -1
    let metrics: FunctionMetrics
    /// Counters kept for the summary.
    var environmentsCreated: Int64 = 0
    var asyncRetries: Int64 = 0
    var asyncToDestination: Int64 = 0

    init(
        service: Int32, region: Int32, config: FunctionConfig, onFailure: Int32, metrics: FunctionMetrics,
        environmentStream: StreamHandle, faultStream: StreamHandle
    ) {
        self.service = service
        self.region = region
        self.reserved = config.reservedConcurrency.map(Int32.init) ?? -1
        self.rateLimit = config.reservedConcurrency.map { TokenBucket(ratePerSecond: 10 * $0, burst: max(1, 10 * $0), at: .zero) }
        self.environmentCost = 10_000_000_000 / Int64(max(1, config.scaleUpPer10Seconds))
        self.scaleLevel = 10_000_000_000
        self.initTime = config.initDuration.core
        self.idleLifetime = config.idleLifetime.core
        self.environmentStream = environmentStream
        self.faultStream = faultStream
        let ext = config.fisExtension
        self.hasExtension = ext != nil
        self.pollDuration = (ext?.pollDuration ?? config.initDuration).core
        self.slowPoll = ext?.slowPoll.nanoseconds ?? 0
        self.hotPoll = ext?.hotPoll.nanoseconds ?? 0
        self.pollMaxWait = ext?.pollMaxWait.nanoseconds ?? 0
        self.carryOver = ext?.frozenPoll == .carryOver
        switch ext?.frozenPoll {
        case .resume?: self.resumeWithin = max(0, ext!.resumeWithin.nanoseconds)
        case .abandon?, .carryOver?, nil: self.resumeWithin = 0
        }
        self.maxRetryAttempts = Int32(config.async.maximumRetryAttempts)
        self.maxEventAge = config.async.maximumEventAge.nanoseconds
        self.onFailure = onFailure
        self.metrics = metrics
    }

    /// Takes one environment's worth of scale-up budget at `now`, if there is one.
    mutating func takeScaleToken(at now: Int64) -> Bool {
        scaleLevel = min(10_000_000_000, scaleLevel + (now - scaleAt))
        scaleAt = now
        guard scaleLevel >= environmentCost else { return false }
        scaleLevel -= environmentCost
        return true
    }
}

/// The Lambda-specific series of one function (beside its ``ServiceMetrics``).
public struct FunctionMetrics: Sendable {
    public let initDuration: DistributionID
    public let coldStarts: CounterID
    public let environments: GaugeID
    /// Environments whose extension has seen an active fault (the fleet-wide ramp).
    public let faultAwareEnvironments: GaugeID
    /// The extension's `FaultInjected` metric (EMF namespace `aws-fis-extension`).
    public let faultInjected: CounterID
    /// The extension's S3 GETs: one per poll started, including polls abandoned or timed out
    /// while the environment was frozen and the Init check.
    public let extensionPolls: CounterID
    /// Polls that completed (the extension learned the configuration's state).
    public let extensionPollsCompleted: CounterID
    public let asyncEventsReceived: CounterID
    public let asyncEventAge: DistributionID
    public let asyncEventsDropped: CounterID
}

/// An entry of a function's idle stack: the environment slot and its serial, so an entry left
/// behind by an environment reclaimed while idle (its slot maybe reused) is recognised and skipped.
struct IdleRef: Sendable {
    var environment: Int32
    var serial: Int32
}
