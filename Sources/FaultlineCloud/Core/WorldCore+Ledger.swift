import FaultlineKernel
import FaultlineMetrics

/// The request ledger's counters at one entry point in one AZ (docs/ledger.md): requests a
/// workload sends into the system, and the one outcome each gets where its client sees it.
/// Analysis-only counters (``MetricSeries/analysis``): not in the timeline, so the timeline and
/// the event fingerprint do not change.
struct LedgerCounters: Sendable {
    let entered: CounterID
    let succeeded: CounterID
    let failed: CounterID
    let throttled: CounterID
    let timedOut: CounterID
    let lost: CounterID
}

/// The whole run's request ledger (requests that entered after the warm-up), with failures by
/// the status their client saw.
public struct RequestLedgerTotals: Sendable, Equatable {
    public var entered: Int64 = 0
    public var succeeded: Int64 = 0
    public var failed: Int64 = 0
    public var throttled: Int64 = 0
    public var timedOut: Int64 = 0
    /// Freed by the system without an answer to the client (its own timeout would end it).
    public var lost: Int64 = 0
    /// Entered, not yet answered when the run ended.
    public var inFlightAtEnd: Int64 = 0
    /// `failed` split by the status the client saw (sorted by status).
    public var failedByStatus: [(status: UInt16, count: Int64)] = []

    public static func == (a: Self, b: Self) -> Bool {
        a.entered == b.entered && a.succeeded == b.succeeded && a.failed == b.failed && a.throttled == b.throttled
            && a.timedOut == b.timedOut && a.lost == b.lost && a.inFlightAtEnd == b.inFlightAtEnd
            && a.failedByStatus.map(\.status) == b.failedByStatus.map(\.status) && a.failedByStatus.map(\.count) == b.failedByStatus.map(\.count)
    }

    /// Every outcome plus what is still in flight: equals `entered` when the ledger balances.
    public var accountedFor: Int64 { succeeded + failed + throttled + timedOut + lost + inFlightAtEnd }
}

extension World {
    /// The analysis metric names on the entry point's resource, each followed by the AZ:
    /// `Ledger.Entered/<az>`, `Ledger.Succeeded/<az>`, `Ledger.Failed/<az>`,
    /// `Ledger.Throttled/<az>`, `Ledger.TimedOut/<az>`, `Ledger.Lost/<az>`.
    public enum LedgerMetric: String, CaseIterable, Sendable {
        case entered = "Ledger.Entered/"
        case succeeded = "Ledger.Succeeded/"
        case failed = "Ledger.Failed/"
        case throttled = "Ledger.Throttled/"
        case timedOut = "Ledger.TimedOut/"
        case lost = "Ledger.Lost/"
    }
}

extension WorldCore {

    /// One set of counters per deployment of every workload target (nil elsewhere), registered
    /// after every other series.
    /// A service with hosts has one deployment per host: the hosts of one AZ share the AZ's counters.
    static func ledgerCounters(
        _ config: ModelConfig, services: [ServiceRuntime], deploymentAZ: [Int32],
        recorder: inout MetricsRecorder
    ) -> [LedgerCounters?] {
        typealias LedgerMetric = World.LedgerMetric
        var out = [LedgerCounters?](repeating: nil, count: deploymentAZ.count)
        var seen: Set<Int> = []
        for w in config.workloads {
            let t = Int(w.target.index)
            guard seen.insert(t).inserted else { continue }
            let s = config.services[t]
            for az in s.azs {
                let name = config.topology.name(of: az)
                func c(_ m: LedgerMetric) -> CounterID { recorder.counter(s.name, m.rawValue + name, analysis: true) }
                let counters = LedgerCounters(
                    entered: c(.entered), succeeded: c(.succeeded), failed: c(.failed),
                    throttled: c(.throttled), timedOut: c(.timedOut), lost: c(.lost))
                for d in services[t].deployments where deploymentAZ[Int(d)] == az.index { out[Int(d)] = counters }
            }
        }
        return out
    }

    /// A workload's request enters at deployment `d` (after the warm-up only: the ledger counts
    /// the measured window). Marks it so its first answer is its outcome.
    @inline(__always) mutating func ledgerEnter(request r: Int32, deployment d: Int, now: SimInstant) {
        guard now >= SimInstant.zero + config.warmup, d < ledgerCounters.count, let c = ledgerCounters[d] else { return }
        requests[Int(r)].flags.insert(.entry)
        ledger.entered += 1
        metrics.add(c.entered, at: now)
    }

    /// A request the load balancer answered itself (no registered target): entered and failed
    /// at once, counted at deployment `d` of the target.
    mutating func ledgerAnsweredAtEntry(deployment d: Int, status: UInt16, now: SimInstant) {
        guard now >= SimInstant.zero + config.warmup, d >= 0, d < ledgerCounters.count, let c = ledgerCounters[d] else { return }
        ledger.entered += 1
        metrics.add(c.entered, at: now)
        ledgerOutcome(c, status: status, now: now)
    }

    /// The client sees `status` for request `r` (a parentless request): its outcome, once.
    @inline(__always) mutating func ledgerAnswer(request r: Int32, status: UInt16, now: SimInstant) {
        guard requests[Int(r)].flags.contains(.entry) else { return }
        requests[Int(r)].flags.remove(.entry)
        let d = Int(requests[Int(r)].deployment)
        guard let c = ledgerCounters[d] else { return }
        ledgerOutcome(c, status: status, now: now)
    }

    mutating func ledgerOutcome(_ c: LedgerCounters, status: UInt16, now: SimInstant) {
        if !Status.isFailure(status) {
            ledger.succeeded += 1
            metrics.add(c.succeeded, at: now)
        } else if status == Status.throttled {
            ledger.throttled += 1
            metrics.add(c.throttled, at: now)
        } else if status == Status.gatewayTimeout {
            ledger.timedOut += 1
            metrics.add(c.timedOut, at: now)
        } else {
            ledger.failed += 1
            ledgerFailedByStatus[status, default: 0] += 1
            metrics.add(c.failed, at: now)
        }
    }

    /// A request freed before its client got an answer: lost.
    @inline(__always) mutating func ledgerFree(request r: Int32, now: SimInstant) {
        guard requests[Int(r)].flags.contains(.entry) else { return }
        requests[Int(r)].flags.remove(.entry)
        ledger.lost += 1
        if let c = ledgerCounters[Int(requests[Int(r)].deployment)] { metrics.add(c.lost, at: now) }
    }

    /// The run's ledger totals: counts so far, plus the entered requests still live.
    func ledgerTotals() -> RequestLedgerTotals {
        var t = ledger
        var live: Int64 = 0
        for i in 0..<requests.count where requests[i].state != .free && requests[i].flags.contains(.entry) { live += 1 }
        t.inFlightAtEnd = live
        t.failedByStatus = ledgerFailedByStatus.keys.sorted().map { ($0, ledgerFailedByStatus[$0]!) }
        return t
    }
}
