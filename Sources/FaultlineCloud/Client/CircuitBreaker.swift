import FaultlineKernel

/// A client-side circuit breaker (closed → open → half-open), as applications put in front of
/// AWS calls. AWS has no breaker of its own; this imitates resilience4j's count-based breaker,
/// simplified (<https://resilience4j.readme.io/docs/circuitbreaker>), as recommended in
/// <https://docs.aws.amazon.com/prescriptive-guidance/latest/cloud-design-patterns/circuit-breaker.html>:
/// - **closed**: every call is allowed; outcomes fill a ring of the last `windowSize` calls;
///   once at least `minimumCalls` are in it and `failures / calls ≥ failureRateThreshold` the
///   breaker opens;
/// - **open**: calls are rejected at once (and counted) for `openDuration`; the first call
///   after that moves it to half-open (resilience4j without automatic transition);
/// - **half-open**: the first `halfOpenProbes` calls are admitted, the rest rejected; if all of
///   them succeed the breaker closes with an empty window, the first failure reopens it.
///
/// Outcomes reported while open are ignored; outcomes reported while half-open count as probe
/// results (the breaker cannot tell a late answer to a call admitted while closed).
public struct CircuitBreaker: Hashable, Sendable {
    public enum State: UInt8, Hashable, Sendable { case closed, open, halfOpen }

    public struct Configuration: Hashable, Sendable {
        /// Calls in the rolling count window (resilience4j `slidingWindowSize`, default 100).
        public var windowSize: Int
        /// Calls needed in the window before the rate is judged (`minimumNumberOfCalls`).
        public var minimumCalls: Int
        /// Failure fraction in [0, 1] that opens the breaker (`failureRateThreshold` / 100).
        public var failureRateThreshold: Double
        /// Time spent open before probing (`waitDurationInOpenState`, default 60 s).
        public var openDuration: SimDuration
        /// Calls admitted while half-open (`permittedNumberOfCallsInHalfOpenState`, default 10).
        public var halfOpenProbes: Int

        public init(
            windowSize: Int = 100, minimumCalls: Int = 100, failureRateThreshold: Double = 0.5,
            openDuration: SimDuration = .seconds(60), halfOpenProbes: Int = 10
        ) {
            self.windowSize = windowSize
            self.minimumCalls = minimumCalls
            self.failureRateThreshold = failureRateThreshold
            self.openDuration = openDuration
            self.halfOpenProbes = halfOpenProbes
        }
    }

    public let configuration: Configuration
    public private(set) var state: State = .closed
    /// When the breaker last opened.
    public private(set) var openedAt: SimInstant = .zero
    /// Calls rejected while open or beyond the half-open probes.
    public private(set) var rejectedCount = 0
    /// How many times the breaker has opened.
    public private(set) var openedCount = 0

    /// Ring of the last `windowSize` outcomes, `true` = failure. Never grows.
    private var ring: [Bool]
    private var ringNext = 0
    /// Outcomes in the ring (≤ `windowSize`) and how many of them are failures.
    public private(set) var windowCalls = 0
    public private(set) var windowFailures = 0
    private var probesAdmitted = 0
    private var probesSucceeded = 0

    public init(_ configuration: Configuration = Configuration()) {
        precondition(configuration.windowSize >= 1, "CircuitBreaker: windowSize must be >= 1")
        precondition(
            configuration.minimumCalls >= 1 && configuration.minimumCalls <= configuration.windowSize,
            "CircuitBreaker: minimumCalls must be in 1...windowSize")
        precondition(
            configuration.failureRateThreshold >= 0 && configuration.failureRateThreshold <= 1,
            "CircuitBreaker: failureRateThreshold is a fraction in [0, 1]")
        precondition(configuration.openDuration >= .zero, "CircuitBreaker: openDuration must be >= 0")
        precondition(configuration.halfOpenProbes >= 1, "CircuitBreaker: halfOpenProbes must be >= 1")
        self.configuration = configuration
        ring = Array(repeating: false, count: configuration.windowSize)
    }

    /// The state a call at `now` would see (open turns half-open once `openDuration` passed).
    public func state(at now: SimInstant) -> State {
        if state == .open, now >= openedAt + configuration.openDuration { return .halfOpen }
        return state
    }

    /// Whether a call at `now` may proceed; a rejected call is counted and must not be recorded.
    public mutating func allow(at now: SimInstant) -> Bool {
        if state == .open {
            guard now >= openedAt + configuration.openDuration else {
                rejectedCount += 1
                return false
            }
            state = .halfOpen
            probesAdmitted = 0
            probesSucceeded = 0
        }
        if state == .halfOpen {
            guard probesAdmitted < configuration.halfOpenProbes else {
                rejectedCount += 1
                return false
            }
            probesAdmitted += 1
        }
        return true
    }

    /// The outcome of an allowed call, reported at `now`.
    public mutating func record(success: Bool, at now: SimInstant) {
        switch state {
        case .open:
            return
        case .halfOpen:
            if !success {
                open(at: now)
            } else {
                probesSucceeded += 1
                if probesSucceeded >= configuration.halfOpenProbes { close() }
            }
        case .closed:
            if windowCalls == configuration.windowSize {
                if ring[ringNext] { windowFailures -= 1 }
            } else {
                windowCalls += 1
            }
            ring[ringNext] = !success
            if !success { windowFailures += 1 }
            ringNext = ringNext + 1 == configuration.windowSize ? 0 : ringNext + 1
            if windowCalls >= configuration.minimumCalls,
                Double(windowFailures) >= configuration.failureRateThreshold * Double(windowCalls)
            {
                open(at: now)
            }
        }
    }

    private mutating func open(at now: SimInstant) {
        state = .open
        openedAt = now
        openedCount += 1
    }

    private mutating func close() {
        state = .closed
        windowCalls = 0
        windowFailures = 0
        ringNext = 0
    }
}
