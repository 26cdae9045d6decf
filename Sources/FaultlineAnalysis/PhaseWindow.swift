import FaultlineKernel
import FaultlineScenario

public typealias Phase = HypothesisSpec.Phase

/// The experiment window of a run and the phases it splits the run into, as the FIS experiment
/// report does: pre-experiment, experiment, post-experiment
/// (https://docs.aws.amazon.com/fis/latest/userguide/experiment-report.html).
///
/// Each experiment has its own window (``experiments``): from its `running` state until the
/// effects of its faults end, that is the later of its final state (`completed`, `stopped` or
/// `failed`) and the moment the last of its faults was cleared everywhere, as `faults.json`
/// knows it (``FaultEffects``): an RDS failover whose action lasts 1 s keeps the window open
/// until every client has reconnected to the new writer; a Lambda fault until the last
/// extension stopped injecting. A scenario with `faults:` and no experiment gets a window per
/// fault (overlapping ones merged). Periods before the first window are `pre`, periods that
/// overlap a window are `experiment`, periods after a window (also between two windows) are
/// `post`. ``start`` and ``end`` are the first window's start and the last one's end. Without
/// either the whole run (after the warm-up) is steady state (`pre`) and the other phases are absent.
public struct PhaseWindow: Sendable, Equatable {
    public enum Source: String, Sendable { case experiments, faults, none }

    /// One experiment's (or fault's) window, in seconds from the start of the run.
    public struct Span: Sendable, Equatable {
        public var name: String
        public var start: Double
        /// When the effects of its faults ended (at least its final state).
        public var end: Double
        /// Its final state (experiments) or nominal end (faults), before the effects are counted.
        public var nominalEnd: Double

        public init(name: String, start: Double, end: Double, nominalEnd: Double) {
            self.name = name
            self.start = start
            self.end = end
            self.nominalEnd = nominalEnd
        }
    }

    public var source: Source
    /// Seconds from the start of the run.
    public var start: Double?
    public var end: Double?
    /// Measurement starts at the end of the warm-up.
    public var warmup: Double
    public var horizon: Double
    /// The windows, in order of start.
    public var experiments: [Span]

    public init(source: Source, start: Double?, end: Double?, warmup: Double, horizon: Double, experiments: [Span]? = nil) {
        self.source = source
        self.start = start
        self.end = end
        self.warmup = warmup
        self.horizon = horizon
        if let experiments {
            self.experiments = experiments
        } else if let start, let end {
            self.experiments = [Span(name: "experiment", start: start, end: end, nominalEnd: end)]
        } else {
            self.experiments = []
        }
    }

    public static func of(_ run: ScenarioRun) -> PhaseWindow {
        let warmup = run.result.warmup.seconds, horizon = run.result.horizon.seconds
        let effects = FaultEffects(run)
        var spans: [Span] = []
        for e in run.experiments {
            guard let running = e.states.first(where: { $0.status == .running }) else { continue }
            // Still running at the horizon: the window runs to it.
            let nominal = e.states.last.map { [.completed, .stopped, .failed].contains($0.status) ? $0.at.seconds : horizon } ?? horizon
            let effectEnd = e.actions.compactMap { $0.fault.flatMap(effects.end(of:)) }.max() ?? nominal
            spans.append(Span(name: e.name, start: running.at.seconds, end: max(nominal, effectEnd), nominalEnd: nominal))
        }
        var source = Source.experiments
        if spans.isEmpty {
            source = .faults
            // The `faults:` of the scenario: an experiment's faults (`<experiment>/<action>`)
            // count only through its states (one that failed or did not start has no window).
            let planned = run.experiments.map { $0.name + "/" }
            for f in run.spec.model.faults where !planned.contains(where: { f.name.hasPrefix($0) }) {
                spans.append(Span(name: f.name, start: f.start.seconds, end: max(f.end.seconds, effects.end(of: f.name) ?? 0), nominalEnd: f.end.seconds))
            }
            spans = merged(spans)
        }
        spans = spans.map { s in
            var s = s
            s.start = min(s.start, horizon)
            s.end = min(max(s.end, s.start), horizon)
            return s
        }.sorted { ($0.start, $0.end, $0.name) < ($1.start, $1.end, $1.name) }
        guard let s = spans.first?.start, let e = spans.map(\.end).max() else {
            return PhaseWindow(source: .none, start: nil, end: nil, warmup: warmup, horizon: horizon, experiments: [])
        }
        return PhaseWindow(source: source, start: s, end: e, warmup: warmup, horizon: horizon, experiments: spans)
    }

    /// Fault windows that overlap, merged (names joined with ", ").
    static func merged(_ spans: [Span]) -> [Span] {
        var out: [Span] = []
        for s in spans.sorted(by: { ($0.start, $0.end, $0.name) < ($1.start, $1.end, $1.name) }) {
            if let last = out.last, s.start <= last.end {
                out[out.count - 1].end = max(last.end, s.end)
                out[out.count - 1].nominalEnd = max(last.nominalEnd, s.nominalEnd)
                out[out.count - 1].name += ", " + s.name
            } else {
                out.append(s)
            }
        }
        return out
    }

    public var hasExperiment: Bool { start != nil }

    /// The phases that exist, with their spans in seconds.
    public var phases: [(phase: Phase, start: Double, end: Double)] {
        guard let s = start, let e = end else { return [(.pre, warmup, horizon)] }
        var out: [(phase: Phase, start: Double, end: Double)] = []
        if s > warmup { out.append((.pre, warmup, s)) }
        out.append((.experiment, max(s, warmup), e))
        if e < horizon { out.append((.post, e, horizon)) }
        return out
    }

    /// The phase of a bucket spanning `[from, to)` seconds; nil within the warm-up. A bucket that
    /// overlaps the experiment window belongs to the experiment.
    public func phase(from: Double, to: Double) -> Phase? {
        if to <= warmup { return nil }
        guard let s = start, let e = end else { return .pre }
        if to <= s { return .pre }
        if from >= e { return .post }
        for w in experiments where from < max(w.end, w.start + 1e-9) && to > w.start { return .experiment }
        return experiments.isEmpty ? .experiment : .post
    }
}
