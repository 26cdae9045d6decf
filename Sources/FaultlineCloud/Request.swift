import FaultlineKernel

/// One request at one service, stored in a slab and addressed by index + generation.
///
/// Slots are reused; the generation is bumped when a slot is freed, so events that still name
/// an old request are recognised as stale and dropped on delivery (house rule 5).
struct Request: Sendable {
    enum State: UInt8, Sendable { case free, inTransit, queued, inService, waitingCall }

    var generation: UInt32 = 0
    var state: State = .free
    var service: Int32 = 0
    var deployment: Int32 = 0
    /// The calling request waiting for this one, or -1 when a workload sent it.
    var parent: Int32 = -1
    var parentGeneration: UInt32 = 0
    /// The AZ the response travels back to.
    var callerAZ: Int32 = 0
    /// The next downstream call to make.
    var callIndex: Int32 = 0
    /// When the request reached its deployment.
    var arrival: SimInstant = .zero

    init() {}
}

/// How a request left its service.
enum Outcome: Sendable {
    case success
    case error
    case timedOut
}
