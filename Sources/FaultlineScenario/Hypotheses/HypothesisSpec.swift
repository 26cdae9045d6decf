import FaultlineDocument

/// A steady-state hypothesis from the scenario's `hypotheses:` list, validated: a metric of one
/// resource, aggregated over one phase of the run, compared with a bound.
///
/// FIS experiments state a hypothesis about steady state ("the error rate stays below 1 %")
/// and watch CloudWatch during the experiment; here the same statement is checked against the
/// simulated timeline (https://docs.aws.amazon.com/fis/latest/userguide/experiment-report.html
/// splits a run into pre-experiment, experiment and post-experiment phases the same way).
/// Evaluation lives in `FaultlineAnalysis`.
public struct HypothesisSpec: Sendable, Equatable {
    /// The part of the run a hypothesis looks at.
    public enum Phase: String, Sendable, CaseIterable {
        /// Steady state before the experiment (after the warm-up); the whole run without one.
        case pre
        /// From the experiment's start to its end.
        case experiment
        /// After the experiment ended (recovery).
        case post
        /// The whole run after the warm-up.
        case run
    }

    /// What is measured.
    public enum Metric: Sendable, Equatable {
        /// A timeline series: metric name and statistic (e.g. `Duration`, `p99`).
        case series(metric: String, statistic: String)
        /// Sum of one counter over the phase divided by the sum of another (`Errors / Invocations`).
        case ratio(numerator: String, denominator: String)
        /// The resource's errors over its requests, by its kind's CloudWatch names
        /// (`Errors/Invocations`, `5XXError/Count`, `SystemErrors/Requests`, ...).
        case errorRate
        /// `StopConditionEvaluatedWhileFaultActive` on `experiment/<name>`: how many evaluations
        /// of the experiment's stop-condition alarms judged a datapoint during which one of its
        /// faults was in effect, while the experiment was running (its guard watching).
        case stopConditionEvaluations

        /// The metric name of ``stopConditionEvaluations``.
        public static let stopConditionMetric = "StopConditionEvaluatedWhileFaultActive"
        /// The resource prefix naming an experiment (`experiment/<name>`).
        public static let experimentPrefix = "experiment/"

        /// How the metric is written in outputs.
        public var label: String {
            switch self {
            case .series(let m, let s): return "\(m) \(s)"
            case .ratio(let n, let d): return "\(n) / \(d)"
            case .errorRate: return "ErrorRate"
            case .stopConditionEvaluations: return Self.stopConditionMetric
            }
        }
    }

    /// `lt`, `le`, `gt`, `ge`: the measured value is the left operand.
    public enum Comparison: String, Sendable, CaseIterable {
        case lt, le, gt, ge
        public var symbol: String {
            switch self {
            case .lt: return "<"
            case .le: return "<="
            case .gt: return ">"
            case .ge: return ">="
            }
        }
        public func holds(_ value: Double, _ bound: Double) -> Bool {
            switch self {
            case .lt: return value < bound
            case .le: return value <= bound
            case .gt: return value > bound
            case .ge: return value >= bound
            }
        }
    }

    /// How the phase is judged (after Antithesis's `always`/`sometimes` assertions):
    /// `phase` (default) compares the metric over the whole phase with the bound; `sometimes`
    /// passes when at least one metric period of the phase meets the bound ("some invocation
    /// saw the injected delay"); `reachable` is `sometimes` with the bound `> 0` by default
    /// ("the DLQ received a message").
    public enum Kind: String, Sendable, CaseIterable { case phase, sometimes, reachable }

    public var name: String
    public var kind: Kind = .phase
    public var resource: String
    public var metric: Metric
    public var phase: Phase
    public var comparison: Comparison
    /// The bound as a plain number (`"< 1%"` is 0.01).
    public var bound: Double
    /// When true the measured value is the phase's value divided by the same metric's
    /// pre-experiment (baseline) value, so `bound` is a factor (`"< 1.2x"`).
    public var relativeToBaseline: Bool
    /// Where the hypothesis is written, for messages (`hypotheses[0]`, line).
    public var path: String
    public var line: Int?

    public init(
        name: String, resource: String, metric: Metric, phase: Phase, comparison: Comparison, bound: Double,
        relativeToBaseline: Bool = false, path: String = "", line: Int? = nil
    ) {
        self.name = name
        self.resource = resource
        self.metric = metric
        self.phase = phase
        self.comparison = comparison
        self.bound = bound
        self.relativeToBaseline = relativeToBaseline
        self.path = path
        self.line = line
    }

    /// The statement in words, e.g. `ErrorRate of api during experiment < 0.01`.
    public var statement: String {
        let b = formatNumber(bound) + (relativeToBaseline ? " x baseline" : "")
        if metric == .stopConditionEvaluations {
            // "reachable: stop-condition evaluations of experiment/x while a fault was active > 0"
            return "\(kind.rawValue): stop-condition evaluations of \(resource) while a fault was active \(comparison.symbol) \(b)"
        }
        let head = kind == .phase ? "" : "\(kind.rawValue): in some period "
        return head + "\(metric.label) of \(resource) during \(phase.rawValue) \(comparison.symbol) \(b)"
    }
}
