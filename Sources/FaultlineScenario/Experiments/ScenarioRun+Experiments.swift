import FaultlineCloud
import FaultlineKernel

extension ScenarioRun {
    /// `experiment.json`: per experiment its FIS state history, resolved targets, action windows
    /// and, per target, when the fault actually took effect (joined from the fault reports).
    public func experimentJSON() -> JSONValue {
        func t(_ i: SimInstant?) -> JSONValue { i.map { .number($0.seconds) } ?? .null }
        return .object([
            ("scenario", .string(spec.name)),
            ("seed", .integer(Int64(bitPattern: result.seed))),
            (
                "experiments",
                .array(
                    experiments.map { e in
                        .object([
                            ("name", .string(e.name)),
                            ("template", .string(e.templateFile)),
                            ("status", .string(e.status.rawValue)),
                            (
                                "states",
                                .array(
                                    e.states.map { s in
                                        .object(
                                            [("status", .string(s.status.rawValue)), ("at_s", t(s.at))] + (s.reason.map { [("reason", .string($0))] } ?? [])
                                                + (s.alarm.map { [("alarm", .string($0))] } ?? []))
                                    })
                            ),
                            (
                                "resolved_targets",
                                .array(
                                    e.targets.map { r in
                                        .object([
                                            ("target", .string(r.name)),
                                            ("resource_type", .string(r.resourceType)),
                                            ("selection_mode", .string(r.selectionMode)),
                                            ("matched", .integer(Int64(r.candidates))),
                                            ("resources", .array(r.resources.map { .object([("name", .string($0.name)), ("arn", .string($0.arn))]) }))
                                        ])
                                    })
                            ),
                            ("actions", .array(e.actions.map(actionJSON)))
                        ])
                    })
            )
        ])
    }

    func actionJSON(_ a: ExperimentOutcome.Action) -> JSONValue {
        func t(_ i: SimInstant?) -> JSONValue { i.map { .number($0.seconds) } ?? .null }
        var pairs: [(String, JSONValue)] = [
            ("name", .string(a.name)), ("action_id", .string(a.actionId)), ("status", .string(a.status.rawValue)),
            ("start_s", t(a.start)), ("end_s", t(a.end)), ("target", a.target.map(JSONValue.string) ?? .null),
            ("fault", a.fault.map(JSONValue.string) ?? .null)
        ]
        if let note = a.note { pairs.append(("note", .string(note))) }
        if let f = a.fault, case let events = databaseEvents(of: f), !events.isEmpty {
            pairs.append(("database_events", .array(events.map(Self.databaseEventJSON))))
        }
        if let r = a.rollback { pairs.append(("rollback_s", .number(r.seconds))) }
        let report = a.fault.flatMap { f in result.faults.first { $0.name == f } }
        let start = a.start.map { $0.seconds } ?? 0, end = a.end.map { $0.seconds } ?? 0
        pairs.append(
            (
                "effect",
                .array(
                    a.resources.map { name in
                        var p: [(String, JSONValue)] = [("resource", .string(name))]
                        if let report {
                            p += Self.reachJSON(FaultReach(report.records(of: name), start: start, end: end))
                        } else if let fi = a.fault.flatMap({ f in spec.model.faults.firstIndex { $0.name == f } }), spec.model.faults[fi].action.isCompute,
                            let h = hostIndex(named: name)
                        {
                            // Hosts: when the fault took effect, when the load balancer saw it, when it was back.
                            p += hostEffectJSON(fault: fi, host: h)
                        } else if a.fault != nil {
                            // API faults act at once, for exactly their window.
                            p += [("first_effect_s", .number(start)), ("last_effect_s", .number(end))]
                        }
                        return .object(p)
                    })
            ))
        return .object(pairs)
    }
}

extension ScenarioRun {
    /// One ``StopGuard`` per planned experiment with alarm stop conditions (none for those that
    /// failed target resolution); returns, per experiment, its guard's index.
    static func stopGuards(_ model: inout ModelConfig, experiments: [ExperimentSpec], outcomes: [ExperimentOutcome]) -> [Int?] {
        var out: [Int?] = []
        for (e, o) in zip(experiments, outcomes) {
            guard !e.stopAlarms.isEmpty, o.status == .completed || o.status == .stopped else {
                out.append(nil)
                continue
            }
            let faults = o.actions.compactMap(\.fault).compactMap { name in model.faults.firstIndex { $0.name == name } }
            let end = o.states.last?.at ?? (SimInstant.zero + e.start)
            model.stopGuards.append(StopGuard(experiment: e.name, start: SimInstant.zero + e.start, end: end, alarms: e.stopAlarms, faults: faults))
            out.append(model.stopGuards.count - 1)
        }
        return out
    }

    /// StopExperiment at `stopAt`: the experiment's fault windows end there (faults not yet
    /// started are dropped) and its outcome is rewritten as FIS reports a user stop.
    static func applyManualStops(_ model: inout ModelConfig, experiments: [ExperimentSpec], outcomes: inout [ExperimentOutcome]) {
        for (e, spec) in experiments.enumerated() {
            guard let stopAt = spec.stopAt, outcomes[e].status == .completed else { continue }
            let at = SimInstant.zero + stopAt
            guard let end = outcomes[e].states.last?.at, end > at else { continue }
            let names = Set(outcomes[e].actions.compactMap(\.fault))
            model.faults = model.faults.compactMap { f in
                guard names.contains(f.name) else { return f }
                guard f.start < at else { return nil }
                var g = f
                g.end = min(f.end, at)
                return g
            }
            outcomes[e].apply(.stopped, at: at, alarm: nil, reason: ExperimentOutcome.userStopReason)
        }
    }

    /// `alarms.json`: every alarm's configuration and state history.
    public func alarmsJSON() -> JSONValue {
        .object([
            ("scenario", .string(spec.name)),
            ("seed", .integer(Int64(bitPattern: result.seed))),
            (
                "alarms",
                .array(
                    zip(spec.model.alarms, result.alarms).map { c, h in
                        .object([
                            ("name", .string(c.name)),
                            ("resource", .string(c.resource)), ("metric", .string(c.metric)), ("statistic", .string(c.statistic)),
                            ("period_s", .number(c.period.seconds)), ("threshold", .number(c.threshold)),
                            ("comparison", .string(c.comparison.rawValue)),
                            ("evaluation_periods", .integer(Int64(c.evaluationPeriods))),
                            ("datapoints_to_alarm", .integer(Int64(c.datapointsToAlarm))),
                            ("treat_missing_data", .string(c.treatMissingData.rawValue)),
                            (
                                "states",
                                .array(
                                    h.changes.map { ch in
                                        .object([
                                            ("state", .string(ch.state.rawValue)), ("at_s", .number(ch.at.seconds)),
                                            ("value", ch.value.map(JSONValue.number) ?? .null)
                                        ])
                                    })
                            )
                        ])
                    })
            )
        ])
    }
}

extension ExperimentOutcome {
    /// FIS's reason when a stop-condition alarm ends an experiment [observed].
    public static let stopReason = "Experiment halted by stop condition"
    /// The reason recorded for a StopExperiment call (AWS says not to rely on reason texts).
    public static let userStopReason = "Experiment stopped by StopExperiment"

    /// Rewrites the planned outcome after a stop condition (or StopExperiment) acted at `at`.
    mutating func apply(_ kind: GuardOutcome.Kind, at: SimInstant, alarm: String?, reason: String = stopReason) {
        // A later, planned stop (StopExperiment) is superseded by this earlier one.
        states = states.filter { !(($0.status == .stopping || $0.status == .stopped) && $0.at >= at) }
        switch kind {
        case .none: return
        case .failed:
            // Still initiating: the guard check fails the experiment before any action.
            states = states.filter { $0.status == .pending || $0.status == .initiating }
            states.append(.init(status: .failed, at: at, reason: "\(Self.stopReason): alarm '\(alarm ?? "")' is in ALARM at start", alarm: alarm))
            status = .failed
            for i in actions.indices where actions[i].status != .skipped {
                actions[i].status = .cancelled
                actions[i].start = nil
                actions[i].end = nil
                actions[i].fault = nil
                actions[i].resources = []
            }
        case .stopped:
            states = states.filter { $0.status != .completed && !($0.status == .running && $0.at > at) }
            states.append(.init(status: .stopping, at: at, reason: reason, alarm: alarm))
            states.append(.init(status: .stopped, at: at, reason: reason, alarm: alarm))
            status = .stopped
            for i in actions.indices where actions[i].status == .completed || actions[i].status == .stopped {
                guard let s = actions[i].start, let e = actions[i].end, e > at else { continue }
                if s < at {
                    actions[i].status = .stopped
                    actions[i].end = at
                    // FIS: stopping -> stopped runs the action's rollback (post action) at once.
                    actions[i].rollback = at
                } else {
                    actions[i].status = .cancelled
                    actions[i].start = nil
                    actions[i].end = nil
                    actions[i].fault = nil
                    actions[i].resources = []
                    actions[i].rollback = nil
                }
            }
        }
    }
}
