import FaultlineKernel
import FaultlineMetrics

/// CloudWatch alarms (their datapoints and state histories) and the experiments' stop
/// conditions (guards) that act on them.
struct AlarmsState: Sendable {
    var runtimes: [AlarmRuntime]
    var histories: [AlarmHistory]
    var guardOutcomes: [GuardOutcome]
    var guardStarted: [Bool]
    /// Alarms that do not fit the run's metrics (``Simulation`` refuses to run).
    let problems: [String]

    /// After every series is registered: checks each alarm against them.
    static func build(config: ModelConfig, series: [MetricSeries]) -> AlarmsState {
        AlarmsState(
            runtimes: config.alarms.map { a in AlarmRuntime(config: a, subPeriods: max(1, Int(a.period.nanoseconds / config.period.nanoseconds))) },
            histories: config.alarms.map { AlarmHistory(name: $0.name, changes: [.init(state: .insufficientData, at: .zero, value: nil)]) },
            guardOutcomes: config.stopGuards.map { _ in GuardOutcome() },
            guardStarted: config.stopGuards.map { _ in false },
            problems: World.alarmProblems(config, series: series))
    }

    /// At a metrics period boundary, after the recorder closed the period (`rows`): alarms
    /// whose alarm period is complete take their datapoint and evaluate.
    mutating func evaluate(_ rows: [TimelineRow], now: SimInstant) {
        for i in runtimes.indices {
            let (complete, value) = runtimes[i].fold(rows)
            guard complete else { continue }
            let c = runtimes[i].config
            runtimes[i].points.append(value.map { c.comparison.breaches($0, c.threshold) })
            let keep = AlarmEvaluator.rangeLength(evaluationPeriods: c.evaluationPeriods)
            if runtimes[i].points.count > keep { runtimes[i].points.removeFirst(runtimes[i].points.count - keep) }
            var padded = runtimes[i].points
            if padded.count < keep { padded.insert(contentsOf: [Bool?](repeating: nil, count: keep - padded.count), at: 0) }
            histories[i].evaluations.append(now)
            let new = AlarmEvaluator.evaluate(
                padded, n: c.evaluationPeriods, m: c.datapointsToAlarm,
                treat: c.treatMissingData, current: runtimes[i].state)
            if new != runtimes[i].state {
                runtimes[i].state = new
                histories[i].changes.append(.init(state: new, at: now, value: value))
            }
        }
    }

    /// A running guard with an alarm in ALARM before its experiment's end stops the experiment
    /// now; returns whether it did.
    mutating func stopsExperiment(guard g: Int, config: ModelConfig, now: SimInstant) -> Bool {
        guard guardOutcomes[g].kind == .none, guardStarted[g] else { return false }
        let sg = config.stopGuards[g]
        guard now < sg.end, let a = sg.alarms.first(where: { runtimes[$0].state == .alarm }) else { return false }
        guardOutcomes[g] = GuardOutcome(kind: .stopped, at: now, alarm: config.alarms[a].name)
        return true
    }

    /// StartExperiment: an alarm already in ALARM fails the experiment before any fault;
    /// returns whether it did.
    mutating func failsAtStart(guard g: Int, config: ModelConfig, now: SimInstant) -> Bool {
        guardStarted[g] = true
        guard let a = config.stopGuards[g].alarms.first(where: { runtimes[$0].state == .alarm }) else { return false }
        guardOutcomes[g] = GuardOutcome(kind: .failed, at: now, alarm: config.alarms[a].name)
        return true
    }
}
