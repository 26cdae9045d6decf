import FaultlineMetrics
import FaultlineScenario

/// What one experiment did, as FIS would report it, and when its faults took effect: the one
/// computation the terminal, `summary.json` (`experiments`) and `report.html` show.
public struct ExperimentResult: Sendable, Equatable {
    public struct Action: Sendable, Equatable {
        public var name: String
        public var actionId: String
        /// completed, stopped, cancelled, skipped, running (at the horizon) or not started.
        public var state: ExperimentActionStatus
        public var start: Double?
        public var end: Double?
        /// The first and last time its fault took effect on any resource (nil: never).
        public var firstEffect: Double?
        public var lastEffect: Double?
        /// Resources it acted on / that it took effect on.
        public var resources: Int
        public var affected: Int
        /// Lambda faults: invocations the FIS extension injected the fault into.
        public var injections: Int64?
        /// Network faults: messages that crossed the hops it impaired while it ran.
        public var crossings: Int64? = nil
        public var injectsFault: Bool
        public var note: String?
    }

    public var name: String
    public var template: String
    public var state: ExperimentOutcome.FinalState
    /// FIS's reason for the final state (or Faultline's, for `running` and `not started`).
    public var reason: String
    /// The stop-condition alarm that stopped or failed it.
    public var alarm: String?
    /// When it reached its final state (seconds from the start of the run).
    public var at: Double?
    /// When its actions started running.
    public var runningAt: Double?
    public var expected: ExperimentOutcome.FinalState?
    public var actions: [Action]
    /// Evaluations of its stop-condition alarms that judged a datapoint during which one of its
    /// faults was in effect, while it ran (``countStopConditionEvaluations(_:spec:)``); nil when it
    /// has no stop-condition alarm.
    public var stopConditionEvaluations: Int? = nil

    /// Some action's fault took effect somewhere.
    public var tookEffect: Bool { actions.contains { $0.firstEffect != nil } }
    /// The final state is not the one the scenario expects (`expect:`; without it, `failed`
    /// and `not started` are unexpected): `faultline run` exits with
    /// ``ExperimentOutcome/FinalState/unexpectedExitStatus``.
    public var unexpected: Bool {
        if let expected { return state != expected }
        return state == .failed || state == .notStarted
    }

    public static func of(_ run: ScenarioRun) -> [ExperimentResult] {
        let horizon = run.result.horizon.seconds
        return zip(run.experiments, run.spec.experiments).map { o, spec in
            let last = o.states.last
            let state = o.finalState
            var reason = last?.reason ?? ""
            switch state {
            case .running: reason = "still \(last?.status ?? .running) when the run ended at the horizon (\(NumberFormat.decimal(horizon, places: 1)) s)"
            case .completed: if reason.isEmpty { reason = "Experiment completed" }
            case .stopped, .failed, .notStarted: break
            }
            let actions = o.actions.map { a in
                let effects = run.effects(of: a)
                let hit = effects.filter { $0.firstEffect != nil && ($0.injections ?? 1) > 0 }
                return Action(
                    name: a.name, actionId: a.actionId, state: a.status, start: a.start?.seconds, end: a.end?.seconds,
                    firstEffect: hit.compactMap(\.firstEffect).min(), lastEffect: hit.compactMap(\.lastEffect).max(),
                    resources: a.resources.count, affected: hit.count,
                    injections: effects.contains { $0.injections != nil } ? effects.reduce(0) { $0 + ($1.injections ?? 0) } : nil,
                    crossings: effects.compactMap(\.crossings).first,
                    injectsFault: a.actionId != "aws:fis:wait" && a.status != .skipped, note: a.note)
            }
            var result = ExperimentResult(
                name: o.name, template: o.templateFile, state: state, reason: reason, alarm: last?.alarm,
                at: state == .running ? nil : last?.at.seconds,
                runningAt: o.states.first { $0.status == .running }?.at.seconds, expected: spec.expect, actions: actions)
            result.stopConditionEvaluations = result.countStopConditionEvaluations(run, spec: spec)
            return result
        }
    }
}
