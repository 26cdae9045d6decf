import FaultlineDocument
import FaultlineMetrics
import FaultlineScenario

/// `faultline compare RUN_A RUN_B`: per-phase metric, request and hypothesis differences between
/// two runs, read from their `summary.json` files (the `phases` and `hypotheses` sections).
public struct RunComparison: Sendable {
    /// A run as its summary describes it.
    public struct Side: Sendable {
        public var label: String
        public var scenario: String
        public var seed: Int64
    }

    public struct MetricDelta: Sendable, Equatable {
        public var resource: String
        public var metric: String
        public var statistic: String
        /// `pre`, `experiment`, `post`, `run`, `time_to_impact_s`, `time_to_recover_s`.
        public var field: String
        public var a: Double?
        public var b: Double?
        public var changed: Bool { a != b }
    }

    public struct HypothesisDelta: Sendable, Equatable {
        public var name: String
        public var statement: String
        public var verdictA: String?
        public var verdictB: String?
        public var measuredA: Double?
        public var measuredB: Double?
        public var changed: Bool { verdictA != verdictB || measuredA != measuredB }
    }

    public var a: Side
    public var b: Side
    public var requests: [MetricDelta]
    public var metrics: [MetricDelta]
    public var hypotheses: [HypothesisDelta]
    /// Each experiment's final state on both sides (from `experiment.json`).
    public var experiments: [ExperimentDelta] = []

    /// Reads both summaries. Throws ``AnalysisError`` naming the file and what is missing.
    public static func compare(summaryA: String, fileA: String, summaryB: String, fileB: String) throws -> RunComparison {
        let ra = try SummaryReader(summaryA, file: fileA), rb = try SummaryReader(summaryB, file: fileB)
        func join(_ x: [MetricDelta], _ y: [MetricDelta]) -> [MetricDelta] {
            var out = x
            var index: [String: Int] = [:]
            for (i, d) in out.enumerated() { index[d.resource + "\u{1}" + d.metric + "\u{1}" + d.statistic + "\u{1}" + d.field] = i }
            for d in y {
                let key = d.resource + "\u{1}" + d.metric + "\u{1}" + d.statistic + "\u{1}" + d.field
                if let i = index[key] {
                    out[i].b = d.a
                } else {
                    var e = d
                    e.b = d.a
                    e.a = nil
                    out.append(e)
                }
            }
            return out
        }
        var hyps = ra.hypotheses.map {
            HypothesisDelta(name: $0.name, statement: $0.statement, verdictA: $0.verdict, verdictB: nil, measuredA: $0.measured, measuredB: nil)
        }
        for h in rb.hypotheses {
            if let i = hyps.firstIndex(where: { $0.name == h.name }) {
                hyps[i].verdictB = h.verdict
                hyps[i].measuredB = h.measured
            } else {
                hyps.append(HypothesisDelta(name: h.name, statement: h.statement, verdictA: nil, verdictB: h.verdict, measuredA: nil, measuredB: h.measured))
            }
        }
        return RunComparison(
            a: Side(label: fileA, scenario: ra.scenario, seed: ra.seed), b: Side(label: fileB, scenario: rb.scenario, seed: rb.seed),
            requests: join(ra.requests, rb.requests), metrics: join(ra.metrics, rb.metrics), hypotheses: hyps)
    }

    /// Hypotheses that pass in A and not in B.
    public var regressions: [HypothesisDelta] { hypotheses.filter { $0.verdictA == "PASS" && $0.verdictB != nil && $0.verdictB != "PASS" } }

    /// Whether B regressed: a hypothesis that passed in A does not, or an experiment ended in
    /// another state (``ExperimentDelta/regression``). `faultline compare` exits with
    /// status 3 then.
    public var hasRegressions: Bool { !regressions.isEmpty || experiments.contains(where: \.regression) }
}

/// Reads the parts of a `summary.json` that ``RunComparison`` needs.
struct SummaryReader {
    var scenario = ""
    var seed: Int64 = 0
    var requests: [RunComparison.MetricDelta] = []
    var metrics: [RunComparison.MetricDelta] = []
    var hypotheses: [(name: String, statement: String, verdict: String, measured: Double?)] = []

    init(_ text: String, file: String) throws {
        let root: DocumentNode
        do { root = try JSONParser.parse(text, file: file).root } catch {
            throw AnalysisError.unreadableSummary(file: file, problem: "\(error)")
        }
        func field(_ n: DocumentNode, _ key: String) -> DocumentNode? { n.entries?.first { $0.key == key }?.value }
        func string(_ n: DocumentNode?) -> String? {
            if case .scalar(let s, _)? = n?.value { return s }
            return nil
        }
        func number(_ n: DocumentNode?) -> Double? { string(n).flatMap(Double.init) }
        func list(_ n: DocumentNode?) -> [DocumentNode] {
            if case .sequence(let items)? = n?.value { return items }
            return []
        }
        guard root.entries != nil, let phases = field(root, "phases") else {
            throw AnalysisError.unreadableSummary(
                file: file, problem: "it has no 'phases' section; it was written by a Faultline without run analysis, or is not a summary.json")
        }
        scenario = string(field(root, "scenario")) ?? ""
        seed = Int64(string(field(root, "seed")) ?? "") ?? 0
        for r in list(field(phases, "requests")) {
            let phase = string(field(r, "phase")) ?? ""
            for k in ["requests", "succeeded", "failed", "throttled", "timed_out", "lost", "retried", "buffered", "dead_lettered", "dropped"] {
                requests.append(.init(resource: "(entry points)", metric: k, statistic: "", field: phase, a: number(field(r, k)), b: nil))
            }
        }
        for m in list(field(phases, "metrics")) {
            let r = string(field(m, "resource")) ?? "", name = string(field(m, "metric")) ?? "", s = string(field(m, "statistic")) ?? ""
            for f in ["pre", "experiment", "post", "run", "time_to_impact_s", "time_to_recover_s"] {
                metrics.append(.init(resource: r, metric: name, statistic: s, field: f, a: number(field(m, f)), b: nil))
            }
        }
        for h in list(field(root, "hypotheses")) {
            hypotheses.append(
                (string(field(h, "name")) ?? "", string(field(h, "statement")) ?? "", string(field(h, "verdict")) ?? "", number(field(h, "measured"))))
        }
    }
}

/// Errors of the analysis layer.
public enum AnalysisError: Error, CustomStringConvertible, Equatable {
    case unreadableSummary(file: String, problem: String)

    public var description: String {
        switch self {
        case .unreadableSummary(let file, let problem):
            return "\(file): cannot compare: \(problem). Fix: give two output folders of 'faultline run' (each holds summary.json)"
        }
    }
}
