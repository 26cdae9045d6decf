import FaultlineCloud
import FaultlineMetrics
import FaultlineScenario

/// Everything `FaultlineAnalysis` reads out of one run: phases, the key metrics per phase with
/// time to impact and recovery, request outcomes per phase, the blast radius and the
/// hypotheses' verdicts. Pure: built from a ``ScenarioRun`` and the ``SeriesStore`` that
/// watched its timeline; the CLI writes what it renders.
public struct RunAnalysis: Sendable {
    /// Request outcomes of one phase: the request ledger's (``RequestLedger``, counted once at
    /// the entry points) and, labelled as per-service, what happened inside the system.
    public struct Requests: Sendable, Equatable {
        /// The ledger: requests that entered in the phase and the outcomes their clients saw in it.
        public var ledger = RequestLedger.Counts()
        /// Requests that entered at the entry points (workload targets).
        public var requests: Double { ledger.entered }
        public var succeeded: Double { ledger.succeeded }
        /// Failed with a status other than 429 or 504.
        public var failed: Double { ledger.failed }
        public var throttled: Double { ledger.throttled }
        public var timedOut: Double { ledger.timedOut }
        /// Freed without an answer to the client.
        public var lost: Double { ledger.lost }
        /// Per-service: retries by any caller (`Retries`).
        public var retried = 0.0
        /// Per-service: messages sent to the work ledger's buffers (every queue without a `ledger:`).
        public var buffered = 0.0
        /// Per-service: messages moved to dead-letter queues.
        public var deadLettered = 0.0
        /// Per-service: asynchronous events dropped and messages expired.
        public var dropped = 0.0
    }

    public var window: PhaseWindow
    /// Each experiment's final state, reason, actions and when their faults took effect.
    public var experiments: [ExperimentResult]
    /// The request ledger: every request count shown anywhere comes from here.
    public var ledger: RequestLedger
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
                metrics.append(
                    MetricPhases(
                        resource: resource, metric: metric, statistic: key.statistic,
                        values: store.phaseValues(key, window: window), baseline: i.baseline, tolerance: i.tolerance,
                        timeToImpact: i.impact, timeToRecover: i.recover, impacted: i.impacted, recovered: i.recovered))
            }
            if let pair = MetricNames.errorPair(of: resource, in: store) {
                let i = MetricPhases.impact(values: store.ratioValues(pair.errors, pair.requests), spans: spans, window: window)
                metrics.append(
                    MetricPhases(
                        resource: resource, metric: "ErrorRate", statistic: "ratio",
                        values: store.phaseRatio(pair.errors, pair.requests, window: window), baseline: i.baseline,
                        tolerance: i.tolerance, timeToImpact: i.impact, timeToRecover: i.recover,
                        impacted: i.impacted, recovered: i.recovered))
            }
        }
        var lost: Int64?
        if case .object(let fields)? = run.ledgerJSON(), case .integer(let l)? = fields.first(where: { $0.0 == "lost" })?.1 { lost = l }
        let ledger = RequestLedger.of(run, store: store, window: window)
        let experiments = ExperimentResult.of(run)
        // Faults that never took effect make no experiment to judge: a hypothesis on the
        // experiment or post phase of such a run is NO_DATA, not a PASS of nothing.
        let planned = run.experiments.map { $0.name + "/" }
        let plainFaults = run.spec.model.faults.contains { f in !planned.contains { f.name.hasPrefix($0) } }
        let noEffect = !experiments.isEmpty && !plainFaults && !experiments.contains(where: \.tookEffect)
        var hypotheses = run.spec.hypotheses.map { $0.evaluate(store, window: window, experiments: experiments) }
        if noEffect {
            let note = "no fault of " + experiments.map { "experiment \($0.name) (\($0.state.rawValue))" }.joined(separator: ", ") + " took effect"
            for i in hypotheses.indices
            where (hypotheses[i].spec.phase == .experiment || hypotheses[i].spec.phase == .post)
                && hypotheses[i].spec.metric != .stopConditionEvaluations
            {
                hypotheses[i].verdict = .noData
                hypotheses[i].measured = nil
                hypotheses[i].note = note
            }
        }
        return RunAnalysis(
            window: window, experiments: experiments, ledger: ledger, metrics: metrics,
            requests: requestCounts(run, store: store, window: window, ledger: ledger), lost: lost,
            blastRadius: BlastRadius.of(run, store: store, window: window, ledger: ledger),
            hypotheses: hypotheses)
    }

    static func requestCounts(_ run: ScenarioRun, store: SeriesStore, window: PhaseWindow, ledger: RequestLedger) -> [(phase: Phase, counts: Requests)] {
        let model = run.spec.model
        func sum(_ keys: [SeriesKey]) -> PhaseValues {
            var out = PhaseValues()
            for k in keys where store.contains(k) {
                let v = store.phaseValues(k, window: window)
                for p in Phase.allCases { if let x = v[p] { out[p] = (out[p] ?? 0) + x } }
            }
            return out
        }
        let buffers = run.spec.ledger?.buffers
        let queueNames = model.services.filter { s in s.kind.awsService == "sqs" && (buffers?.contains(s.name) ?? true) }.map(\.name)
        let all = store.resources
        let retried = sum(all.map { SeriesKey($0, "Retries", "Sum") })
        let buffered = sum(queueNames.map { SeriesKey($0, "NumberOfMessagesSent", "Sum") })
        let dlq = sum(all.map { SeriesKey($0, "NumberOfMessagesMovedToDLQ", "Sum") })
        let dropped = sum(all.map { SeriesKey($0, "AsyncEventsDropped", "Sum") } + all.map { SeriesKey($0, "NumberOfMessagesExpired", "Sum") })
        return (window.phases.map(\.phase) + [.run]).map { p in
            (p, Requests(ledger: ledger.all[p], retried: retried[p] ?? 0, buffered: buffered[p] ?? 0, deadLettered: dlq[p] ?? 0, dropped: dropped[p] ?? 0))
        }
    }
}
