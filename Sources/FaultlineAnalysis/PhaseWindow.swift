import FaultlineKernel
import FaultlineScenario

public typealias Phase = HypothesisSpec.Phase

/// The experiment window of a run and the phases it splits the run into, as the FIS experiment
/// report does: pre-experiment, experiment, post-experiment
/// (https://docs.aws.amazon.com/fis/latest/userguide/experiment-report.html).
///
/// The window runs from the first experiment's `running` state to the last one's end
/// (`completed`, `stopped` or `failed`); a scenario with `faults:` and no experiment uses the
/// earliest fault start and the latest fault end. Without either the whole run (after the
/// warm-up) is steady state (`pre`) and the other phases are absent.
public struct PhaseWindow: Sendable, Equatable {
    public enum Source: String, Sendable { case experiments, faults, none }

    public var source: Source
    /// Seconds from the start of the run.
    public var start: Double?
    public var end: Double?
    /// Measurement starts at the end of the warm-up.
    public var warmup: Double
    public var horizon: Double

    public init(source: Source, start: Double?, end: Double?, warmup: Double, horizon: Double) {
        self.source = source
        self.start = start
        self.end = end
        self.warmup = warmup
        self.horizon = horizon
    }

    public static func of(_ run: ScenarioRun) -> PhaseWindow {
        let warmup = run.result.warmup.seconds, horizon = run.result.horizon.seconds
        var starts: [Double] = [], ends: [Double] = []
        for e in run.experiments {
            guard let running = e.states.first(where: { $0.status == "running" }) else { continue }
            starts.append(running.at.seconds)
            // Still running at the horizon: the window runs to it.
            let last = e.states.last
            ends.append(last.map { ["completed", "stopped", "failed"].contains($0.status) ? $0.at.seconds : horizon } ?? horizon)
        }
        var source = Source.experiments
        if starts.isEmpty {
            source = .faults
            // The `faults:` of the scenario: an experiment's faults (`<experiment>/<action>`)
            // count only through its states (one that failed or did not start has no window).
            let planned = run.experiments.map { $0.name + "/" }
            for f in run.spec.model.faults where !planned.contains(where: { f.name.hasPrefix($0) }) {
                starts.append(f.start.seconds)
                ends.append(f.end.seconds)
            }
        }
        guard let s = starts.min(), let e = ends.max() else {
            return PhaseWindow(source: .none, start: nil, end: nil, warmup: warmup, horizon: horizon)
        }
        let end = min(max(e, s), horizon)
        return PhaseWindow(source: source, start: min(s, horizon), end: end, warmup: warmup, horizon: horizon)
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
        return .experiment
    }
}
