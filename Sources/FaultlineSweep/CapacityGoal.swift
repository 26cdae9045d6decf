import FaultlineAnalysis
import FaultlineScenario

/// What one replication of a `faultline capacity` candidate must meet: every criterion.
///
/// A criterion is either one of the scenario's own structured `hypotheses:` — evaluated on the
/// run's timeline by FaultlineAnalysis (``HypothesisResult``), exactly as `faultline run --check`
/// decides, so only `PASS` meets it (`FAIL` and `NO_DATA` do not) — or an expression over the
/// summary metrics (``Hypothesis``, `METRIC OP NUMBER [&& ...]`).
///
/// `--hypothesis` texts resolve in this order (``resolve(_:scenarioHypotheses:)``): none given or
/// `scenario` = every hypothesis of the scenario; a text equal to a hypothesis's name = that
/// hypothesis; anything else is parsed as an expression.
public struct CapacityGoal: Sendable, Equatable {
    public enum Criterion: Sendable, Equatable, CustomStringConvertible {
        /// The scenario's hypothesis with this name.
        case scenario(name: String, statement: String)
        case expression(Hypothesis)

        public var description: String {
            switch self {
            case .scenario(let name, let statement): return "\(name) (scenario): \(statement)"
            case .expression(let h): return h.text
            }
        }
    }

    public var criteria: [Criterion]

    public init(criteria: [Criterion]) { self.criteria = criteria }

    /// Whether a run must be analysed (a scenario hypothesis is among the criteria).
    public var needsAnalysis: Bool {
        criteria.contains { if case .scenario = $0 { return true } else { return false } }
    }

    /// Resolves `--hypothesis` texts against the scenario's hypotheses (see the type).
    public static func resolve(_ texts: [String], scenarioHypotheses: [HypothesisSpec]) throws(SweepError) -> CapacityGoal {
        let names = scenarioHypotheses.map(\.name)
        func all() -> [Criterion] { scenarioHypotheses.map { .scenario(name: $0.name, statement: $0.statement) } }
        if texts.isEmpty {
            guard !scenarioHypotheses.isEmpty else {
                throw .hypothesis(
                    "the scenario has no hypotheses: and no --hypothesis was given.",
                    fix:
                        "add hypotheses: to the scenario (docs/scenario-format.md), or give --hypothesis 'METRIC OP NUMBER', e.g. 'services.web.error_rate < 1%'"
                )
            }
            return CapacityGoal(criteria: all())
        }
        var criteria: [Criterion] = []
        for text in texts {
            let t = text.trimmingSpaces()
            if let h = scenarioHypotheses.first(where: { $0.name == t }) {
                criteria.append(.scenario(name: h.name, statement: h.statement))
            } else if t == "scenario" {
                guard !scenarioHypotheses.isEmpty else {
                    throw .hypothesis(
                        "--hypothesis scenario: the scenario has no hypotheses:.",
                        fix: "add hypotheses: to the scenario (docs/scenario-format.md), or write an expression 'METRIC OP NUMBER'")
                }
                criteria += all()
            } else if !t.contains(where: { "<>=!".contains($0) }) {
                throw .hypothesis(
                    "'\(t)' is neither a hypothesis of the scenario (\(names.isEmpty ? "it has none" : "its hypotheses are " + names.joined(separator: ", "))) nor an expression.",
                    fix: "give a hypothesis name, 'scenario' for all of them, or METRIC OP NUMBER such as 'services.web.error_rate < 1%'")
            } else {
                criteria.append(.expression(try Hypothesis(parsing: t)))
            }
        }
        var unique: [Criterion] = []
        for c in criteria where !unique.contains(c) { unique.append(c) }
        return CapacityGoal(criteria: unique)
    }

    /// Checks the expressions' metrics against a first run (see ``Hypothesis/checkMetrics(in:)``).
    public func checkMetrics(in run: RunMetrics) throws(SweepError) {
        for case .expression(let h) in criteria { try h.checkMetrics(in: run) }
    }

    /// Whether a run meets every criterion. `verdicts` are the run's analysed hypotheses (empty
    /// when it was not analysed); a scenario hypothesis without a verdict does not meet.
    public func holds(metrics: RunMetrics, verdicts: [HypothesisResult]) -> Bool {
        criteria.allSatisfy { c in
            switch c {
            case .scenario(let name, _): return verdicts.first { $0.spec.name == name }?.passed ?? false
            case .expression(let h): return h.holds(for: metrics)
            }
        }
    }
}
