import FaultlineAnalysis
import FaultlineKernel
import FaultlineScenario

/// What one simulated experiment did, in simulated nanoseconds after StartExperiment: the
/// state history, each action's window and final status, the resolved targets and the one-line
/// verdict. Built from the run's ``ExperimentOutcome`` (the same one `faultline run` writes to
/// experiment.json), so the served experiment and `faultline run` agree by construction.
public struct ExperimentDigest: Sendable, Codable, Equatable {
    public struct State: Sendable, Codable, Equatable {
        public var status: ExperimentStatus
        public var at: Int64
        public var reason: String?
        public var alarm: String?
    }

    public struct Action: Sendable, Codable, Equatable {
        public var name: String
        public var status: ExperimentActionStatus
        public var start: Int64?
        public var end: Int64?
        public var note: String?
    }

    public struct Resource: Sendable, Codable, Equatable {
        public var name: String
        public var arn: String
        public var az: String?
    }

    public struct Target: Sendable, Codable, Equatable {
        public var name: String
        public var resourceType: String
        public var selectionMode: String
        public var candidates: Int
        public var resources: [Resource]
    }

    public var states: [State]
    public var actions: [Action]
    public var targets: [Target]
    /// `state.reason` of the terminal state: outcome, headline impact, stop condition, report.
    public var verdict: String
    /// When the run's horizon is reached (the report covers the post window up to there).
    public var reportReady: Int64
    /// Where the run's report.html is (a file URL under --out-dir), if outputs were written.
    public var report: String?
    /// `state.error.code` of a failed experiment.
    public var errorCode: String?

    public var finalStatus: ExperimentStatus { states.last?.status ?? .pending }
    public var endAt: Int64 { states.last?.at ?? 0 }
}

extension ExperimentDigest {
    static func relative(_ t: SimInstant, _ start: SimDuration) -> Int64 { t.nanoseconds - start.nanoseconds }

    /// From a finished run (its first experiment is the served one).
    static func make(
        _ analyzed: AnalyzedRun, start: SimDuration, preview: Bool, stoppedBy: ExperimentRecord.StopSource?,
        report: String?
    ) -> ExperimentDigest {
        guard let o = analyzed.run.experiments.first else {
            return failed("the scenario run has no experiment", code: "InternalError", actions: [])
        }
        let stopText = stoppedBy == .safetyLever ? "Experiment stopped by the safety lever" : nil
        let states = o.states.map { s in
            State(
                status: s.status, at: relative(s.at, start),
                reason: s.reason.map { r in stopText.map { r == ExperimentOutcome.userStopReason ? $0 : r } ?? r }, alarm: s.alarm)
        }
        let actions = o.actions.map { a in
            Action(
                name: a.name, status: a.status, start: a.start.map { relative($0, start) }, end: a.end.map { relative($0, start) },
                note: a.note)
        }
        let targets = o.targets.map { t in
            Target(
                name: t.name, resourceType: t.resourceType, selectionMode: t.selectionMode, candidates: t.candidates,
                resources: t.resources.map { Resource(name: $0.name, arn: $0.arn, az: $0.az) })
        }
        var d = ExperimentDigest(
            states: states, actions: actions, targets: targets, verdict: "",
            reportReady: analyzed.run.result.horizon.nanoseconds - start.nanoseconds, report: report,
            errorCode: o.status == .failed ? "ExperimentFailed" : nil)
        d.verdict = verdict(d, analysis: analyzed.analysis, preview: preview)
        return d
    }

    /// An experiment that failed before any simulation (the template does not fit the scenario).
    static func failed(_ reason: String, code: String, actions: [String]) -> ExperimentDigest {
        ExperimentDigest(
            states: [
                State(status: .pending, at: 0), State(status: .initiating, at: 0),
                State(status: .failed, at: 0, reason: reason)
            ],
            actions: actions.map { Action(name: $0, status: .cancelled) }, targets: [],
            verdict: "failed: \(reason)", reportReady: 0, report: nil, errorCode: code)
    }

    /// Started while the safety lever was engaged: FIS cancels it.
    static func cancelled(actions: [String]) -> ExperimentDigest {
        let reason = "Experiment cancelled: the safety lever is engaged."
        return ExperimentDigest(
            states: [State(status: .pending, at: 0), State(status: .cancelled, at: 0, reason: reason)],
            actions: actions.map { Action(name: $0, status: .cancelled) }, targets: [],
            verdict: reason, reportReady: 0, report: nil, errorCode: nil)
    }

    /// `completed: entry-point errors 24.31% during the experiment (steady state 0.02%); stop
    /// condition checkout-errors fired at +2m12s; 2/2 hypotheses pass; report: file:///...`
    static func verdict(_ d: ExperimentDigest, analysis: RunAnalysis, preview: Bool) -> String {
        var parts: [String] = []
        if preview {
            let n = d.targets.reduce(0) { $0 + $1.resources.count }
            parts.append(
                "target preview: \(n) resource\(n == 1 ? "" : "s") in \(d.targets.count) target\(d.targets.count == 1 ? "" : "s"), every action skipped")
        } else {
            func share(_ p: HypothesisSpec.Phase) -> String? {
                guard let c = analysis.requests.first(where: { $0.phase == p })?.counts, c.requests > 0 else { return nil }
                return percent(c.failed / c.requests)
            }
            if let during = share(.experiment) {
                parts.append("entry-point errors \(during) during the experiment" + (share(.pre).map { " (steady state \($0))" } ?? ""))
            }
            if let slow = slowest(analysis) { parts.append(slow) }
        }
        if let s = d.states.last(where: { $0.status == .stopped || $0.status == .failed }) {
            if let alarm = s.alarm {
                parts.append("stop condition \(alarm) fired at +\(SimDuration(nanoseconds: s.at))")
            } else if let r = s.reason {
                parts.append("\(r) at +\(SimDuration(nanoseconds: s.at))")
            }
        }
        if !analysis.hypotheses.isEmpty {
            parts.append("\(analysis.hypotheses.count - analysis.failedHypotheses.count)/\(analysis.hypotheses.count) hypotheses pass")
        }
        if let r = d.report { parts.append("report: \(r)") }
        return "\(d.finalStatus): " + parts.joined(separator: "; ")
    }

    /// CloudWatch latency metrics (milliseconds) the analysis marks impacted.
    static let latencyMetrics: Set<String> = ["Duration", "Latency", "SuccessfulRequestLatency", "ReadLatency", "WriteLatency"]

    /// The impacted latency that grew most (by a fifth at least) during the experiment, e.g.
    /// `checkout Duration p99 2470 ms (steady state 464 ms)`.
    static func slowest(_ analysis: RunAnalysis) -> String? {
        let candidates = analysis.metrics.filter { latencyMetrics.contains($0.metric) && $0.impacted }.compactMap { m -> (MetricPhases, Double)? in
            guard let pre = m.values.pre, pre > 0, let during = m.values.experiment, during >= 1.2 * pre else { return nil }
            return (m, during / pre)
        }
        guard let (m, _) = candidates.max(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.resource > $1.0.resource) }) else { return nil }
        return
            "\(m.resource) \(m.metric) \(m.statistic) \(Int((m.values.experiment ?? 0).rounded())) ms (steady state \(Int((m.values.pre ?? 0).rounded())) ms)"
    }

    static func percent(_ x: Double) -> String {
        let v = (x * 10000).rounded() / 100
        let s = String(v)
        let dot = s.firstIndex(of: ".").map { s.distance(from: $0, to: s.endIndex) - 1 } ?? 0
        return (dot == 0 ? s + ".00" : dot == 1 ? s + "0" : s) + "%"
    }
}
