/// A hypothesis over one run's summary quantities: `METRIC OP NUMBER` clauses joined by `&&`
/// (or `and`), e.g. `services.get-item.error_rate < 0.01 && services.get-item.latency_ms.p99 <= 800`.
///
/// METRIC is a name as in sweep.csv (``SummaryMetrics``); OP is one of `<`, `<=`, `>`, `>=`,
/// `==`, `!=`; NUMBER may end in `%` (divided by 100). A run whose summary lacks the metric
/// (a statistic with no sample) does not meet the clause.
///
/// This is the capacity search's expression form. `faultline capacity` can instead use the
/// scenario's own structured `hypotheses:` (``CapacityGoal``), evaluated by FaultlineAnalysis as
/// `faultline run --check` does; their verdicts are also metrics (`hypotheses.<name>.pass`,
/// 1 = PASS, ``SummaryMetrics/hypotheses(_:)``), so `hypotheses.<name>.pass == 1` in an
/// expression tests one of them.
public struct Hypothesis: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case lessOrEqual = "<="
        case greaterOrEqual = ">="
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case greater = ">"

        func holds(_ a: Double, _ b: Double) -> Bool {
            switch self {
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            case .equal: return a == b
            case .notEqual: return a != b
            }
        }
    }

    public struct Clause: Sendable, Equatable {
        public var metric: String
        public var comparison: Comparison
        public var bound: Double
    }

    public var clauses: [Clause]
    public var text: String
    public var description: String { text }

    public init(parsing text: String) throws(SweepError) {
        self.text = text
        let fix = "write METRIC OP NUMBER, joined by &&, e.g. 'services.web.error_rate < 0.01 && services.web.latency_ms.p99 <= 250'"
        var parts: [String] = []
        for piece in text.components(separatedBy: "&&") {
            parts += piece.components(separatedBy: " and ")
        }
        var clauses: [Clause] = []
        for raw in parts {
            let part = raw.trimmingSpaces()
            guard !part.isEmpty else { throw .hypothesis("'\(text)' has an empty clause.", fix: fix) }
            guard let opStart = part.firstIndex(where: { "<>=!".contains($0) }) else {
                throw .hypothesis("'\(part)' has no comparison (<, <=, >, >=, ==, !=).", fix: fix)
            }
            let rest = part[opStart...]
            guard let op = Comparison.allCases.first(where: { rest.hasPrefix($0.rawValue) }) else {
                throw .hypothesis("'\(part)' has no comparison (<, <=, >, >=, ==, !=).", fix: fix)
            }
            let metric = String(part[..<opStart]).trimmingSpaces()
            var number = String(rest.dropFirst(op.rawValue.count)).trimmingSpaces()
            var scale = 1.0
            if number.hasSuffix("%") {
                number.removeLast()
                scale = 0.01
            }
            guard !metric.isEmpty, !metric.contains(" ") else { throw .hypothesis("'\(part)' does not start with one metric name.", fix: fix) }
            guard let v = Double(number.trimmingSpaces()), v.isFinite else {
                throw .hypothesis("'\(part)': '\(number)' is not a number.", fix: fix)
            }
            clauses.append(Clause(metric: metric, comparison: op, bound: v * scale))
        }
        self.clauses = clauses
    }

    /// Whether a run meets every clause.
    public func holds(for run: RunMetrics) -> Bool {
        clauses.allSatisfy { c in run.value(c.metric).map { c.comparison.holds($0, c.bound) } ?? false }
    }

    /// Checks that every metric exists in `run` (a first run), suggesting names that do.
    public func checkMetrics(in run: RunMetrics) throws(SweepError) {
        for c in clauses where run.value(c.metric) == nil {
            let parts = c.metric.split(separator: ".")
            let near = run.values.map(\.name).filter { n in
                let np = n.split(separator: ".")
                return np.last == parts.last || (parts.count > 1 && np.count > 1 && np[1] == parts[1])
            }
            throw .hypothesis(
                "the summary has no metric '\(c.metric)'\(near.isEmpty ? "" : "; similar: \(near.prefix(8).joined(separator: ", "))").",
                fix: "use a name as in sweep.csv: services.<name>.error_rate, services.<name>.latency_ms.p99, functions.<name>.cold_starts, ...")
        }
    }
}
