import DequeModule
import FaultlineKernel

/// Timeouts that all last the same time, armed in deadline order: a FIFO with one pending
/// check event instead of one heap event per request.
///
/// A service's timeout (or a client's per-attempt timeout for one dependency) is a constant,
/// so deadlines arrive in order. Most requests finish long before their deadline; their entries
/// are skipped when the check reaches them (stale generation), so the event queue holds one
/// check per list instead of one timeout per request in flight (at 10 000 requests/s and a
/// 10 s timeout, 100 000 fewer pending events).
struct TimeoutList: Sendable {
    struct Entry: Sendable {
        var request: Int32
        var generation: UInt32
        var seq: UInt16
        var deadline: Int64
    }

    var entries: Deque<Entry> = []
    /// When the pending check event fires, or `Int64.max` when none is pending.
    var checkAt: Int64 = .max

    /// Appends an entry; returns the instant a check must be scheduled at, if one is needed.
    mutating func arm(_ entry: Entry) -> Int64? {
        entries.append(entry)
        guard checkAt == .max else { return nil }
        checkAt = entry.deadline
        return entry.deadline
    }
}
