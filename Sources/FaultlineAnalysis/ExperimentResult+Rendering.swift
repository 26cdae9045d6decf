import FaultlineMetrics
import FaultlineScenario

extension ExperimentResult {
    static func s(_ v: Double?) -> String { v.map { NumberFormat.decimal($0, places: 1) + " s" } ?? "-" }

    /// "stopped at 672.0 s: Experiment halted by stop condition (alarm alb-target-5xx)".
    public var headline: String {
        var line = state.rawValue
        if let at, state != .notStarted { line += " at \(Self.s(at))" }
        line += ": \(reason)"
        if let alarm, !reason.contains(alarm) { line += " (alarm \(alarm))" }
        if let expected { line += unexpected ? " — the scenario expects \(expected.rawValue)" : " (as expected)" }
        return line
    }

    /// One line per action: its state, window and when its fault took effect.
    public func actionLine(_ a: Action) -> String {
        var line = "\(a.name) (\(a.actionId)): \(a.state)"
        if let s = a.start, a.state != .notStarted, a.state != .cancelled { line += " \(NumberFormat.decimal(s, places: 1))-\(Self.s(a.end))" }
        if a.injectsFault, [.completed, .stopped, .running].contains(a.state) {
            if let f = a.firstEffect {
                line += "; took effect at \(Self.s(f)) on \(a.affected) of \(a.resources)"
                if let i = a.injections { line += ", \(i) invocations injected" }
                if let c = a.crossings { line += ", \(c) messages crossed the impaired hops" }
            } else {
                line +=
                    "; took no effect" + (a.injections != nil ? " (0 invocations injected)" : "")
                    + (a.crossings != nil ? " (0 messages crossed the impaired hops)" : "")
            }
        }
        if let n = a.note { line += " [\(n)]" }
        return line
    }

    /// Why an action that injects a fault could not take effect, or was cut short; nil when it
    /// did what it should.
    public func problem(_ a: Action) -> String? {
        guard a.injectsFault else { return nil }
        let who = "experiment \(name): action \(a.name) (\(a.actionId))"
        if a.state == .running { return "\(who) was cut short by the horizon: \(a.note ?? "the run ended while it ran")" }
        guard [.completed, .stopped].contains(a.state), a.firstEffect == nil else { return nil }
        if a.resources == 0 { return "\(who) took no effect: it acted on no resource\(a.note.map { " (\($0))" } ?? "")" }
        if let i = a.injections, i == 0 {
            return "\(who) took no effect: 0 invocations injected on \(a.resources) function(s) (no invocation ran while the FIS extension saw the fault)"
        }
        if let c = a.crossings, c == 0 {
            return
                "\(who) took no effect: 0 requests or responses crossed the network paths it impaired on its \(a.resources) target(s) while the action ran (its targets carried no traffic)"
        }
        return "\(who) took no effect on its \(a.resources) resource(s)"
    }

    /// Every action problem (``problem(_:)``), for warnings.
    public var problems: [String] { actions.compactMap(problem) }
}

extension RunAnalysis {
    /// Terminal lines leading the summary: per experiment its outcome and each action.
    public func experimentLines() -> [String] {
        var lines: [String] = []
        for e in experiments {
            lines.append("experiment \(e.name) (\(e.template)): \(e.headline)")
            for a in e.actions { lines.append("  " + e.actionLine(a)) }
        }
        return lines
    }

    /// Experiments whose final state the scenario does not expect.
    public var unexpectedExperiments: [ExperimentResult] { experiments.filter(\.unexpected) }

    /// `summary.json`'s `experiments` section.
    public func experimentsJSON() -> JSONValue {
        .array(
            experiments.map { e in
                .object([
                    ("name", .string(e.name)), ("template", .string(e.template)), ("state", .string(e.state.rawValue)),
                    ("reason", .string(e.reason)), ("alarm", e.alarm.map(JSONValue.string) ?? .null), ("at_s", Self.num(e.at)),
                    ("running_at_s", Self.num(e.runningAt)), ("expected", e.expected.map { .string($0.rawValue) } ?? .null),
                    ("unexpected", .bool(e.unexpected)), ("took_effect", .bool(e.tookEffect)),
                    (
                        "actions",
                        .array(
                            e.actions.map { a in
                                .object([
                                    ("name", .string(a.name)), ("action_id", .string(a.actionId)), ("state", .string(a.state.rawValue)),
                                    ("start_s", Self.num(a.start)), ("end_s", Self.num(a.end)),
                                    ("first_effect_s", Self.num(a.firstEffect)), ("last_effect_s", Self.num(a.lastEffect)),
                                    ("resources", .integer(Int64(a.resources))), ("affected", .integer(Int64(a.affected))),
                                    ("injections", a.injections.map(JSONValue.integer) ?? .null),
                                    ("problem", e.problem(a).map(JSONValue.string) ?? .null)
                                ])
                            })
                    )
                ])
            })
    }
}
