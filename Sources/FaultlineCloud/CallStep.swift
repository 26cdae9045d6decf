import FaultlineKernel

/// One step of a handler's program, flattened from the nested ``CallConfig``s: the main calls
/// in order, then every fallback, with jumps instead of nesting.
///
/// Plain values only (no references), so the hot path copies one cheaply; the full
/// ``CallConfig`` (retry policy, breaker settings) is in `ServiceRuntime.stepCalls`.
struct CallStep: Sendable {
    let target: Int32
    let routing: CallConfig.Routing
    let onError: CallConfig.OnError
    let invocation: CallConfig.Invocation
    /// The step after a success (`stepCount` = the handler is done).
    let next: Int32
    /// The step to run when this call has finally failed, or -1.
    let fallback: Int32
    /// Set when this step is a fallback: the status the handler returns once it succeeds.
    let returnsStatus: UInt16
    let timeout: Int64
    let usesClientState: Bool

    /// Flattens `calls` (main flow) and their fallbacks into steps.
    /// The steps and, index for index, the calls they were made from.
    static func flatten(_ calls: [CallConfig]) -> (steps: [CallStep], calls: [CallConfig]) {
        // First pass: assign indices breadth-first — main calls first, fallbacks after.
        struct Pending {
            var call: CallConfig
            var next: Int32
            var returns: UInt16
        }
        var pending: [Pending] = []
        var queue: [(calls: [CallConfig], continueAt: Int32?, returns: UInt16)] = [(calls, nil, 0)]
        var fallbackOf: [Int: Int] = [:] // step index -> index of its first fallback step
        var parentOfGroup: [Int?] = [nil]
        var group = 0
        while group < queue.count {
            let (list, continueAt, returns) = queue[group]
            let start = pending.count
            for (i, c) in list.enumerated() {
                let isLast = i == list.count - 1
                // Next is filled after all indices are known (-2 = done, resolved below).
                pending.append(Pending(call: c, next: isLast ? (continueAt ?? -2) : Int32(start + i + 1), returns: returns))
            }
            if let parent = parentOfGroup[group] { fallbackOf[parent] = start }
            for (i, c) in list.enumerated() where !c.fallback.isEmpty {
                queue.append((c.fallback, -2, c.fallbackStatus))
                parentOfGroup.append(start + i)
            }
            group += 1
        }
        let done = Int32(pending.count)
        let steps = pending.enumerated().map { i, p in
            CallStep(
                target: p.call.target.index, routing: p.call.routing, onError: p.call.onError, invocation: p.call.invocation,
                next: p.next == -2 ? done : p.next, fallback: fallbackOf[i].map(Int32.init) ?? -1,
                returnsStatus: p.returns, timeout: p.call.timeout?.nanoseconds ?? 0,
                usesClientState: p.call.retry.mode != .none || p.call.circuitBreaker != nil)
        }
        return (steps, pending.map(\.call))
    }
}

/// A caller's SDK client state for one dependency: retry quota, adaptive rate limiter, breaker.
struct ClientState: Sendable {
    var quota: RetryQuota?
    var limiter: AdaptiveRateLimiter?
    var breaker: CircuitBreaker?
    /// Pending per-attempt client timeouts for this dependency, in deadline order.
    var timeouts = TimeoutList()

    init(call: CallConfig) {
        quota = call.retry.makeQuota()
        limiter = call.retry.usesRateLimiter ? AdaptiveRateLimiter(at: .zero) : nil
        breaker = call.circuitBreaker.map { CircuitBreaker($0) }
    }
}

/// How a failed response is classified for retries (AWS SDK standard retry classes).
/// Throttling error codes surface here as 429, transient ones as 500/502/503/504.
func failureKind(status: UInt16) -> FailureKind {
    switch status {
    case 429: return .throttle
    case 500, 502, 503, 504: return .transient
    default: return .nonRetryable
    }
}
