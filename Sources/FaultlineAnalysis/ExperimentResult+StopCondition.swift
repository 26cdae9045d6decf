import FaultlineScenario

extension ExperimentResult {
    /// How many evaluations of the experiment's stop-condition alarms could have stopped it on
    /// data from a moment one of its faults was in effect: an evaluation at `t` (CloudWatch
    /// judges the datapoint of the alarm period ending at `t`) counts when that period overlaps
    /// some action's effect window (``Action/firstEffect`` ... ``Action/lastEffect``, the same
    /// times the terminal and `summary.json` show) and the experiment was running at `t` (FIS
    /// watches stop conditions from the start of its actions; an evaluation at the moment an
    /// alarm stops it counts). Nil when the experiment has no stop-condition alarm
    /// (`aws:none`). The one computation behind the `StopConditionEvaluatedWhileFaultActive`
    /// hypothesis.
    func countStopConditionEvaluations(_ run: ScenarioRun, spec: ExperimentSpec) -> Int? {
        guard !spec.stopAlarms.isEmpty else { return nil }
        let windows = actions.compactMap { a in a.firstEffect.map { ($0, a.lastEffect ?? $0) } }
        guard let from = runningAt, !windows.isEmpty else { return 0 }
        let until = at ?? run.result.horizon.seconds
        var count = 0
        for i in spec.stopAlarms where i < run.result.alarms.count && i < run.spec.model.alarms.count {
            let period = run.spec.model.alarms[i].period.seconds
            for e in run.result.alarms[i].evaluations {
                let t = e.seconds
                guard t >= from else { continue }
                // A completed experiment's guard stops watching as its last action ends.
                guard state == .stopped ? t <= until : t < until else { break }
                if windows.contains(where: { t > $0.0 && t - period <= $0.1 }) { count += 1 }
            }
        }
        return count
    }
}
