import FaultlineCloud
import FaultlineMetrics
import FaultlineScenario

/// Everything `FaultlineAnalysis` reads out of one run: phases, the key metrics per phase with
/// time to impact and recovery, request outcomes per phase, the blast radius and the
/// hypotheses' verdicts. Pure: built from a ``ScenarioRun`` and the ``SeriesStore`` that
/// watched its timeline; the CLI writes what it renders.
public struct RunAnalysis: Sendable {
    /// Request outcomes of one phase.
    public struct Requests: Sendable, Equatable {
        /// Requests at the entry points (workload targets), throttled ones included.
        public var requests = 0.0
        /// Entry-point errors (failed requests, timeouts included).
        public var failed = 0.0
        public var throttled = 0.0
        public var timedOut = 0.0
        /// Retries by any caller (`Retries`).
        public var retried = 0.0
        /// Messages sent to the ledger's buffers (every queue without a ledger).
        public var buffered = 0.0
        /// Messages moved to dead-letter queues.
        public var deadLettered = 0.0
        /// Asynchronous events dropped and messages expired.
        public var dropped = 0.0
    }

    public var window: PhaseWindow
    public var metrics: [MetricPhases]
    public var requests: [(phase: Phase, counts: Requests)]
    /// Accepted work neither stored nor buffered at the end (the ledger's `lost`), if there is a ledger.
    public var lost: Int64?
    public var blastRadius: BlastRadius
    public var hypotheses: [HypothesisResult]

    public var failedHypotheses: [HypothesisResult] { hypotheses.filter { !$0.passed } }

    public static func analyze(_ run: ScenarioRun, store: SeriesStore) -> RunAnalysis {
        let window = PhaseWindow.of(run)
        let spans = (0..<store.bucketCount).map(store.span)
        var metrics: [MetricPhases] = []
        for resource in store.resources {
            for (metric, statistics) in store.metrics(of: resource) {
                let key = SeriesKey(resource, metric, MetricNames.primaryStatistic(statistics))
                let i = MetricPhases.impact(values: store.values(key), spans: spans, window: window)
                metrics.append(MetricPhases(resource: resource, metric: metric, statistic: key.statistic,
                                            values: store.phaseValues(key, window: window), baseline: i.baseline, tolerance: i.tolerance,
                                            timeToImpact: i.impact, timeToRecover: i.recover, impacted: i.impacted, recovered: i.recovered))
            }
            if let pair = MetricNames.errorPair(of: resource, in: store) {
                let i = MetricPhases.impact(values: store.ratioValues(pair.errors, pair.requests), spans: spans, window: window)
                metrics.append(MetricPhases(resource: resource, metric: "ErrorRate", statistic: "ratio",
                                            values: store.phaseRatio(pair.errors, pair.requests, window: window), baseline: i.baseline,
                                            tolerance: i.tolerance, timeToImpact: i.impact, timeToRecover: i.recover,
                                            impacted: i.impacted, recovered: i.recovered))
            }
        }
        var lost: Int64?
        if case let .object(fields)? = run.ledgerJSON(), case let .integer(l)? = fields.first(where: { $0.0 == "lost" })?.1 { lost = l }
        return RunAnalysis(window: window, metrics: metrics, requests: requestCounts(run, store: store, window: window), lost: lost,
                           blastRadius: BlastRadius.of(run, store: store, window: window),
                           hypotheses: run.spec.hypotheses.map { $0.evaluate(store, window: window) })
    }

    static func requestCounts(_ run: ScenarioRun, store: SeriesStore, window: PhaseWindow) -> [(phase: Phase, counts: Requests)] {
        let model = run.spec.model
        var entries: [String] = []
        for w in model.workloads {
            let n = model.services[Int(w.target.index)].name
            if !entries.contains(n) { entries.append(n) }
        }
        func sum(_ keys: [SeriesKey]) -> PhaseValues {
            var out = PhaseValues()
            for k in keys where store.contains(k) {
                let v = store.phaseValues(k, window: window)
                for p in Phase.allCases { if let x = v[p] { out[p] = (out[p] ?? 0) + x } }
            }
            return out
        }
        var requestKeys: [SeriesKey] = [], errorKeys: [SeriesKey] = [], throttleKeys: [SeriesKey] = [], timeoutKeys: [SeriesKey] = []
        for e in entries {
            if let pair = MetricNames.errorPair(of: e, in: store) {
                requestKeys.append(pair.requests)
                errorKeys.append(pair.errors)
                // Lambda's and services' Invocations leave throttled requests out.
                if pair.requests.metric == "Invocations" { requestKeys.append(SeriesKey(e, "Throttles", "Sum")) }
            }
            throttleKeys += MetricNames.throttles.map { SeriesKey(e, $0, "Sum") }
            timeoutKeys.append(SeriesKey(e, "Timeouts", "Sum"))
        }
        let buffers = run.spec.ledger?.buffers
        let queueNames = model.services.filter { s in s.kind.awsService == "sqs" && (buffers?.contains(s.name) ?? true) }.map(\.name)
        let all = store.resources
        let r = sum(requestKeys), f = sum(errorKeys), t = sum(throttleKeys), to = sum(timeoutKeys)
        let retried = sum(all.map { SeriesKey($0, "Retries", "Sum") })
        let buffered = sum(queueNames.map { SeriesKey($0, "NumberOfMessagesSent", "Sum") })
        let dlq = sum(all.map { SeriesKey($0, "NumberOfMessagesMovedToDLQ", "Sum") })
        let dropped = sum(all.map { SeriesKey($0, "AsyncEventsDropped", "Sum") } + all.map { SeriesKey($0, "NumberOfMessagesExpired", "Sum") })
        return window.phases.map(\.phase).map { p in
            (p, Requests(requests: r[p] ?? 0, failed: f[p] ?? 0, throttled: t[p] ?? 0, timedOut: to[p] ?? 0, retried: retried[p] ?? 0,
                         buffered: buffered[p] ?? 0, deadLettered: dlq[p] ?? 0, dropped: dropped[p] ?? 0))
        } + [(.run, Requests(requests: r.run ?? 0, failed: f.run ?? 0, throttled: t.run ?? 0, timedOut: to.run ?? 0, retried: retried.run ?? 0,
                             buffered: buffered.run ?? 0, deadLettered: dlq.run ?? 0, dropped: dropped.run ?? 0))]
    }
}
