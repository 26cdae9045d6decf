/// Every event the cloud model schedules: a value of IDs and scalars, no closures (house rule 3).
public enum WorldEvent: Sendable, Equatable {
    /// The next arrival of a workload is due.
    case arrival(workload: Int32)
    /// A request finished its local processing.
    case workDone(request: Int32, generation: UInt32)
    /// A call request reaches its callee's deployment after the network hop.
    case deliver(request: Int32, generation: UInt32)
    /// A callee's response reaches the waiting caller after the network hop back.
    case response(request: Int32, generation: UInt32, status: UInt16, seq: UInt16)
    /// A caller sends its next attempt (after backoff or a rate limiter's wait).
    case callRetry(request: Int32, generation: UInt32, seq: UInt16)
    /// A request's service timeout expires.
    case timeout(request: Int32, generation: UInt32)
    /// A metrics period ends.
    case periodEnd
    /// A Lambda asynchronous event is due for another attempt (after a throttle or an error).
    case asyncRetry(request: Int32, generation: UInt32)
    /// A deployment's earliest pending timeout may have expired.
    case timeoutCheck(deployment: Int32)
    /// A client's earliest pending per-attempt timeout may have expired.
    case callTimeoutCheck(client: Int32)
    /// A queue's event source mapping looks at the queue again.
    case queueWake(queue: Int32)
    /// An event source mapping retries a throttled batch invocation.
    case batchRetry(request: Int32, generation: UInt32)
    /// An API fault's window opens or closes.
    case faultEdge(fault: Int32, starting: Bool)
    /// The FIS extension's poll timer of an execution environment fires.
    case extensionTimer(environment: Int32, serial: Int32)
    /// An extension poll's thawed work is done.
    case pollDone(environment: Int32, poll: UInt32)
    /// An idle execution environment's lifetime may have run out (Lambda reclaims it).
    case reclaim(environment: Int32, serial: Int32)
    /// An experiment with alarm stop conditions is started (its guard checks the alarms).
    case experimentStart(guard: Int32)
    /// A database failover or reboot reaches its next phase (`target`: a database, or an
    /// instance for a reboot's end); a stale `epoch` is dropped.
    case databasePhase(target: Int32, phase: DatabasePhase, epoch: UInt32)
    /// A client's connection pool tries to (re)connect to its database.
    case databaseReconnect(client: Int32, epoch: UInt32)
    /// A host's timer: a load balancer health check, a check's timeout, the end of a boot, an
    /// application restart or a replacement (``HostTimer``).
    case hostTimer(host: Int32, kind: HostTimer, generation: UInt32)
    /// A provisioned environment's allocation (Init) is done: it can take invocations.
    case provisionedReady(environment: Int32, serial: Int32)

    /// A word for the run fingerprint: the kind in the top byte, the IDs below.
    @inline(__always) var fingerprintWord: UInt64 {
        switch self {
        case .arrival(let w): return 1 << 56 | UInt64(UInt32(bitPattern: w))
        case .workDone(let r, let g): return 2 << 56 | UInt64(g) << 32 | UInt64(UInt32(bitPattern: r))
        case .deliver(let r, let g): return 3 << 56 | UInt64(g) << 32 | UInt64(UInt32(bitPattern: r))
        case .response(let r, let g, let s, _): return (Status.isFailure(s) ? 5 : 4) << 56 | UInt64(g) << 32 | UInt64(UInt32(bitPattern: r))
        case .timeout(let r, let g): return 6 << 56 | UInt64(g) << 32 | UInt64(UInt32(bitPattern: r))
        case .periodEnd: return 7 << 56
        case .timeoutCheck(let d): return 16 << 56 | UInt64(UInt32(bitPattern: d))
        case .callTimeoutCheck(let c): return 17 << 56 | UInt64(UInt32(bitPattern: c))
        case .queueWake(let q): return 13 << 56 | UInt64(UInt32(bitPattern: q))
        case .batchRetry(let r, let g): return 14 << 56 | UInt64(g) << 32 | UInt64(UInt32(bitPattern: r))
        case .faultEdge(let f, let s): return 15 << 56 | (s ? 1 << 32 : 0) | UInt64(UInt32(bitPattern: f))
        case .callRetry(let r, let g, let q): return 12 << 56 | UInt64(q) << 40 | UInt64(g) << 32 | UInt64(UInt32(bitPattern: r))
        case .asyncRetry(let r, let g): return 8 << 56 | UInt64(g) << 32 | UInt64(UInt32(bitPattern: r))
        case .extensionTimer(let e, let s): return 9 << 56 | UInt64(UInt32(bitPattern: s)) << 24 | UInt64(UInt32(bitPattern: e))
        case .experimentStart(let g): return 18 << 56 | UInt64(UInt32(bitPattern: g))
        case .hostTimer(let h, let k, let g): return 21 << 56 | UInt64(k.rawValue) << 48 | UInt64(g & 0xFFFF) << 32 | UInt64(UInt32(bitPattern: h))
        case .pollDone(let e, let p): return 10 << 56 | UInt64(p) << 32 | UInt64(UInt32(bitPattern: e))
        case .provisionedReady(let e, let s): return 23 << 56 | UInt64(UInt32(bitPattern: s)) << 24 | UInt64(UInt32(bitPattern: e))
        case .reclaim(let e, let s): return 22 << 56 | UInt64(UInt32(bitPattern: s)) << 24 | UInt64(UInt32(bitPattern: e))
        case .databasePhase(let t, let p, let e): return 19 << 56 | UInt64(p.rawValue) << 48 | UInt64(e & 0xFFFF) << 32 | UInt64(UInt32(bitPattern: t))
        case .databaseReconnect(let c, let e): return 20 << 56 | UInt64(e & 0xFFFFFF) << 32 | UInt64(UInt32(bitPattern: c))
        }
    }
}
