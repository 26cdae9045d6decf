import FaultlineCloud
import FaultlineScenario

/// The request ledger of one run (docs/ledger.md): the requests workloads sent into the system,
/// per entry point and AZ, and the one outcome each got where its client saw it. Phases, the
/// headline counts, the blast radius, `summary.json`, `report.html` and `compare` all read their
/// request counts from here, so they agree by construction.
///
/// Built from the run's analysis counters (``World/LedgerMetric``, split by phase) and the
/// engine's whole-run totals (``RequestLedgerTotals``: in flight at the end, failures by status).
public struct RequestLedger: Sendable, Equatable {
    /// Requests and outcomes over one stretch of time: `entered` counts arrivals in it, the
    /// outcomes count answers given in it.
    public struct Counts: Sendable, Equatable {
        public var entered = 0.0
        public var succeeded = 0.0
        /// Failed with a status other than throttled (429) or timed out (504).
        public var failed = 0.0
        public var throttled = 0.0
        public var timedOut = 0.0
        /// Freed without an answer to the client.
        public var lost = 0.0

        public init() {}

        /// Every outcome that is not a success.
        public var errors: Double { failed + throttled + timedOut + lost }
        public var outcomes: Double { succeeded + errors }
        /// Errors over outcomes (nil without outcomes).
        public var errorRate: Double? { outcomes > 0 ? errors / outcomes : nil }

        subscript(_ m: World.LedgerMetric) -> Double {
            get {
                switch m {
                case .entered: return entered
                case .succeeded: return succeeded
                case .failed: return failed
                case .throttled: return throttled
                case .timedOut: return timedOut
                case .lost: return lost
                }
            }
            set {
                switch m {
                case .entered: entered = newValue
                case .succeeded: succeeded = newValue
                case .failed: failed = newValue
                case .throttled: throttled = newValue
                case .timedOut: timedOut = newValue
                case .lost: lost = newValue
                }
            }
        }

        static func + (a: Counts, b: Counts) -> Counts {
            var c = a
            for m in World.LedgerMetric.allCases { c[m] += b[m] }
            return c
        }
    }

    /// Counts of one slice (an entry point or an AZ) per phase; the phases are the window's plus `run`.
    public struct Slice: Sendable, Equatable {
        public var name: String
        public var phases: [Phase: Counts]
        public subscript(_ p: Phase) -> Counts { phases[p] ?? Counts() }
    }

    /// The engine's totals: the measured window, with in flight at the end and failures by status.
    public var totals: RequestLedgerTotals
    /// All entry points together, per phase (`run`: the measured window).
    public var all: Slice
    /// Per entry point (workload target), in order of first use by a workload.
    public var entryPoints: [Slice]
    /// Per AZ that served the request (the client's AZ when a load balancer answered itself), in topology order.
    public var azs: [Slice]

    public static func of(_ run: ScenarioRun, store: SeriesStore, window: PhaseWindow) -> RequestLedger {
        let model = run.spec.model
        var entries: [String] = []
        for w in model.workloads {
            let n = model.services[Int(w.target.index)].name
            if !entries.contains(n) { entries.append(n) }
        }
        let azNames = model.topology.azs.map(\.name)
        let phases = window.phases.map(\.phase) + [.run]
        var byEntry = entries.map { Slice(name: $0, phases: [:]) }
        var byAZ = azNames.map { Slice(name: $0, phases: [:]) }
        var usedAZ = Set<String>()
        let analysis = store.analysis
        for k in analysis.keys {
            guard let m = World.LedgerMetric.allCases.first(where: { k.metric.hasPrefix($0.rawValue) }),
                let e = entries.firstIndex(of: k.resource)
            else { continue }
            let az = String(k.metric.dropFirst(m.rawValue.count))
            let values = analysis.phaseValues(k, window: window)
            for p in phases {
                let v = values[p] ?? 0
                byEntry[e].phases[p, default: Counts()][m] += v
                if let a = azNames.firstIndex(of: az) {
                    byAZ[a].phases[p, default: Counts()][m] += v
                    usedAZ.insert(az)
                }
            }
        }
        var all = Slice(name: "(all entry points)", phases: [:])
        for p in phases { all.phases[p] = byEntry.reduce(Counts()) { $0 + $1[p] } }
        return RequestLedger(totals: run.result.ledger, all: all, entryPoints: byEntry, azs: byAZ.filter { usedAZ.contains($0.name) })
    }
}
