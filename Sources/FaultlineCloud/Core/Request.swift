import FaultlineKernel

/// One request at one service, stored in a slab and addressed by index + generation.
///
/// Slots are reused; the generation is bumped when a slot is freed, so events that still name
/// an old request are recognised as stale and dropped on delivery (house rule 5).
struct Request: Sendable {
    enum State: UInt8, Sendable { case free, inTransit, queued, inService, waitingCall, asyncWaiting }

    var generation: UInt32 = 0
    var state: State = .free
    var flags = RequestFlags()
    /// Asynchronous attempts made so far (Lambda `Event` invocations).
    var attempts: UInt8 = 0
    /// Throttled asynchronous attempts so far (their backoff doubles).
    var throttles: UInt8 = 0
    /// The status a fault substitutes for the handler's (http-integration-response).
    var faultStatus: UInt16 = 0
    /// Identifies the current call attempt; responses and client timeouts of earlier attempts
    /// carry an older value and are ignored.
    var callSeq: UInt16 = 0
    /// Attempts made at the current call step (1 = first try).
    var callAttempt: UInt8 = 0
    /// Retry-quota tokens the current call's last retry took (refunded on success).
    var quotaHeld: Int16 = -1
    /// The status the handler returns (set by a successful fallback), or 0 for the default.
    var returnStatus: UInt16 = 0
    /// The API operation of a call (index into `World.operations`), 0 = none.
    var operation: UInt16 = 0
    /// The SQS batch a Lambda invocation processes (index into `World.batches`), or -1.
    var batch: Int32 = -1
    var service: Int32 = 0
    var deployment: Int32 = 0
    /// The calling request waiting for this one, or -1 when a workload sent it.
    var parent: Int32 = -1
    var parentGeneration: UInt32 = 0
    /// The caller's `callSeq` when it sent this request.
    var parentSeq: UInt16 = 0
    /// The AZ the response travels back to.
    var callerAZ: Int32 = 0
    /// The next downstream call to make.
    var callIndex: Int32 = 0
    /// The Lambda execution environment running the request, or -1.
    var environment: Int32 = -1
    /// When the request reached its deployment.
    var arrival: SimInstant = .zero
    /// When a Lambda invocation's Invoke phase began (after any Init and poll wait).
    var invokeStart: SimInstant = .zero
    /// When Lambda accepted an asynchronous event (its age counts from here).
    var accepted: SimInstant = .zero

    init() {}
}

/// Bits of ``Request/flags`` (one byte).
struct RequestFlags: OptionSet, Sendable {
    let rawValue: UInt8
    @inline(__always) init(rawValue: UInt8) { self.rawValue = rawValue }

    /// An asynchronous (`Event`) invocation, detached from its caller.
    static var async: RequestFlags { RequestFlags(rawValue: 1) }
    /// An invocation-error fault replaces the result with an error.
    static var faultError: RequestFlags { RequestFlags(rawValue: 2) }
    /// An http-integration-response fault replaces the result with `faultStatus`.
    static var faultHTTP: RequestFlags { RequestFlags(rawValue: 4) }
    /// An API latency fault has already delayed this request's admission.
    static var faultDelayed: RequestFlags { RequestFlags(rawValue: 8) }
    /// A fault prevented the handler from running (`preventExecution: true`).
    static var prevented: RequestFlags { RequestFlags(rawValue: 16) }
    /// A workload's request the request ledger counted in and has not yet given an outcome
    /// (docs/ledger.md): cleared by its first answer to the client.
    static var entry: RequestFlags { RequestFlags(rawValue: 32) }
    /// What a Lambda fault draws afresh for every attempt.
    static var drawnPerAttempt: RequestFlags { RequestFlags(rawValue: 2 | 4 | 16) }
}

/// How a request left its service.
enum Outcome: Sendable {
    case success
    case error
    case timedOut
}

/// HTTP-style status codes carried by responses, as the caller sees them.
public enum Status {
    public static let ok: UInt16 = 200
    public static let accepted: UInt16 = 202
    public static let throttled: UInt16 = 429
    public static let internalError: UInt16 = 500
    public static let badGateway: UInt16 = 502
    public static let serviceUnavailable: UInt16 = 503
    public static let gatewayTimeout: UInt16 = 504
    /// A Lambda function error (unhandled exception, timeout, invocation-error fault). Lambda's
    /// Invoke answers HTTP 200 with `X-Amz-Function-Error`: not an HTTP failure the SDK
    /// retries, but a failure to the caller; API Gateway turns it into 502.
    public static let functionError: UInt16 = 590

    /// Anything outside 1xx–3xx is a failure to the caller (FIS lets a fault return 000–999).
    @inlinable public static func isFailure(_ status: UInt16) -> Bool { status >= 400 || status < 100 }
}
