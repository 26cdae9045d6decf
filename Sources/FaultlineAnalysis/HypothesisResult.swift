import FaultlineScenario

/// A hypothesis checked against one run.
public struct HypothesisResult: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case pass = "PASS"
        case fail = "FAIL"
        /// The metric or the phase has no data (counts as a failure for `--check`).
        case noData = "NO_DATA"
    }

    public var spec: HypothesisSpec
    public var verdict: Verdict
    /// The value compared with the bound (a factor of the baseline when relative).
    public var measured: Double?
    /// The metric in the hypothesis's phase.
    public var value: Double?
    /// The metric in the pre-experiment phase.
    public var baseline: Double?
    /// Why there is no data.
    public var note: String?

    public var passed: Bool { verdict == .pass }

    public init(spec: HypothesisSpec, verdict: Verdict, measured: Double?, value: Double?, baseline: Double?, note: String?) {
        self.spec = spec
        self.verdict = verdict
        self.measured = measured
        self.value = value
        self.baseline = baseline
        self.note = note
    }
}

extension HypothesisSpec {
    /// Evaluates the hypothesis on a run's timeline.
    /// `experiments` give the stop-condition evaluations (``ExperimentResult/stopConditionEvaluations``).
    public func evaluate(_ store: SeriesStore, window: PhaseWindow, experiments: [ExperimentResult] = []) -> HypothesisResult {
        func noData(_ note: String, _ values: PhaseValues? = nil) -> HypothesisResult {
            HypothesisResult(spec: self, verdict: .noData, measured: nil, value: values?[phase], baseline: values?.pre, note: note)
        }
        if metric == .stopConditionEvaluations { return evaluateStopCondition(experiments) }
        let available = store.metrics(of: resource).map(\.metric)
        let has = available.isEmpty ? "it records no metrics" : "it records \(available.joined(separator: ", "))"
        let values: PhaseValues
        var periods: [Double?] = []
        switch metric {
        case .series(let m, let s):
            let key = SeriesKey(resource, m, s)
            guard store.contains(key) else {
                let stats = store.metrics(of: resource).first { $0.metric == m }?.statistics
                return noData(
                    stats.map { "the timeline has \(resource) \(m) only as \($0.joined(separator: ", "))" }
                        ?? "the timeline has no metric \(m) for \(resource); \(has)")
            }
            values = store.phaseValues(key, window: window)
            if kind != .phase { periods = store.values(key) }
        case .ratio(let n, let d):
            let nk = SeriesKey(resource, n, "Sum"), dk = SeriesKey(resource, d, "Sum")
            for k in [nk, dk] where !store.contains(k) {
                return noData("the timeline has no counter \(k.metric) (Sum) for \(resource); \(has)")
            }
            values = store.phaseRatio(nk, dk, window: window)
            if kind != .phase { periods = store.ratioValues(nk, dk) }
        case .stopConditionEvaluations:
            return evaluateStopCondition(experiments)
        case .errorRate:
            guard let pair = MetricNames.errorPair(of: resource, in: store) else {
                return noData("\(resource) records no errors/requests pair for ErrorRate; \(has). Write a ratio such as \"Errors / Invocations\"")
            }
            values = store.phaseRatio(pair.errors, pair.requests, window: window)
            if kind != .phase { periods = store.ratioValues(pair.errors, pair.requests) }
        }
        if kind != .phase {
            // sometimes / reachable: some metric period of the phase meets the bound.
            let inPhase = periods.indices.compactMap { b -> Double? in
                let s = store.span(b)
                guard let v = periods[b], let p = window.phase(from: s.start, to: s.end), p == phase || phase == .run else { return nil }
                return v
            }
            guard !inPhase.isEmpty else {
                return noData(
                    window.phases.contains { $0.phase == phase } || phase == .run
                        ? "no metric period of the \(phase.rawValue) phase has data" : "the run has no \(phase.rawValue) phase", values)
            }
            // The period closest to meeting the bound.
            let best = comparison == .gt || comparison == .ge ? inPhase.max()! : inPhase.min()!
            return HypothesisResult(
                spec: self, verdict: comparison.holds(best, bound) ? .pass : .fail,
                measured: best, value: values[phase], baseline: values.pre,
                note: "\(inPhase.filter { comparison.holds($0, bound) }.count) of \(inPhase.count) periods meet the bound")
        }
        guard let v = values[phase] else {
            return noData(
                window.phases.contains { $0.phase == phase } || phase == .run
                    ? "no data in the \(phase.rawValue) phase (no requests?)" : "the run has no \(phase.rawValue) phase", values)
        }
        var measured = v
        if relativeToBaseline {
            guard let b = values.pre else { return noData("there is no pre-experiment baseline", values) }
            guard b != 0 else { return noData("the pre-experiment baseline is 0, so a factor of it is undefined", values) }
            measured = v / b
        }
        return HypothesisResult(
            spec: self, verdict: comparison.holds(measured, bound) ? .pass : .fail,
            measured: measured, value: v, baseline: values.pre, note: nil)
    }
}

extension HypothesisSpec {
    /// `StopConditionEvaluatedWhileFaultActive` on `experiment/<name>`: the count of
    /// ``ExperimentResult/stopConditionEvaluations`` against the bound (default `> 0`). NO_DATA
    /// when the experiment has no stop-condition alarm, or none of its faults took effect (a
    /// stop condition cannot watch a fault that never happened).
    func evaluateStopCondition(_ experiments: [ExperimentResult]) -> HypothesisResult {
        let name = resource.hasPrefix(Metric.experimentPrefix) ? String(resource.dropFirst(Metric.experimentPrefix.count)) : resource
        func noData(_ note: String) -> HypothesisResult {
            HypothesisResult(spec: self, verdict: .noData, measured: nil, value: nil, baseline: nil, note: note)
        }
        guard let e = experiments.first(where: { $0.name == name }) else { return noData("the run has no experiment \(name)") }
        guard let n = e.stopConditionEvaluations else { return noData("experiment \(name) has no stop-condition alarm (aws:none)") }
        guard e.tookEffect else { return noData("no fault of experiment \(name) (\(e.state.rawValue)) took effect") }
        let v = Double(n)
        return HypothesisResult(
            spec: self, verdict: comparison.holds(v, bound) ? .pass : .fail, measured: v, value: v, baseline: nil,
            note: "\(n) stop-condition evaluation(s) judged data from while a fault of \(name) was in effect")
    }
}
