import FaultlineMetrics
import FaultlineScenario

/// `faultline compare` of two sets of replications (two sweep folders): per gated quantity the
/// difference of the means B − A with a confidence interval, and only the differences whose
/// interval excludes zero are reported.
///
/// - **Common random numbers**: when both sides ran the same seeds replication by replication
///   (same master seed, same `--replications`), the differences are paired (`d_r = B_r − A_r`)
///   and the interval is `mean(d) ± t · sd(d) / √n`: noise both sides share cancels.
///   Otherwise the two sides are independent and the interval is Welch's.
/// - **Many quantities at once**: the intervals are simultaneous at 95 % (Bonferroni: each at
///   `1 − 0.05 / k` for `k` gated quantities), so comparing a scenario with itself at other
///   seeds reports no difference 95 % of the time however many quantities are gated.
/// - A quantity with no variation on either side differs exactly when its values differ.
/// - A **regression** is a significant change for the worse: a hypothesis passing in fewer
///   replications, an experiment ending `stopped` or `failed` more often or `completed` less
///   often, or more errors, throttles, time-outs, latency, lost or dead-lettered work
///   (``worseWhenHigher(_:)``). Other significant differences are reported, not gated.
public struct ReplicatedComparison: Sendable {
    public struct Difference: Sendable, Equatable {
        public var name: String
        public var meanA: Double
        public var meanB: Double
        /// meanB − meanA (the mean of the paired differences when paired).
        public var difference: Double
        public var low: Double
        public var high: Double
        public var significant: Bool
        public var regression: Bool
    }

    public var replicationsA: Int
    public var replicationsB: Int
    /// Whether the replications were paired (common random numbers).
    public var paired: Bool
    /// The simultaneous confidence of the intervals and the per-interval level used.
    public var confidence: Double
    public var perInterval: Double
    /// Every gated quantity, in A's order then B's.
    public var gated: [Difference]

    public var significant: [Difference] { gated.filter(\.significant) }
    public var regressions: [Difference] { gated.filter(\.regression) }

    /// Compares the runs of two sides. `seedsA`/`seedsB`: each run's random-number identity
    /// (master seed and replication; pairing needs equal lists). Quantities are those matching `selectors` (``MetricSelector``), seeds and
    /// replication numbers excluded.
    public static func compare(
        _ a: [RunMetrics], _ b: [RunMetrics], seedsA: [String], seedsB: [String],
        selectors: [MetricSelector], confidence: Double = 0.95
    ) -> ReplicatedComparison {
        var names: [String] = []
        var seen: Set<String> = []
        for runs in [a, b] {
            for r in runs {
                for v in r.values where !["seed", "replication"].contains(bare(v.name)) && selectors.contains(where: { $0.matches(bare(v.name)) }) {
                    if seen.insert(v.name).inserted { names.append(v.name) }
                }
            }
        }
        // Quantities only one side reports (a queue one design has) are not compared.
        names = names.filter { n in a.contains { $0.value(n) != nil } && b.contains { $0.value(n) != nil } }
        let paired = a.count == b.count && a.count >= 2 && seedsA == seedsB
        let k = max(1, names.count)
        let level = 1 - (1 - confidence) / Double(k)
        var out: [Difference] = []
        for name in names {
            // A quantity a run does not report (no sample) counts as absent, not zero.
            let xa = a.map { $0.value(name) }, xb = b.map { $0.value(name) }
            let va = xa.compactMap { $0 }, vb = xb.compactMap { $0 }
            guard !va.isEmpty, !vb.isEmpty else { continue }
            let ma = mean(va), mb = mean(vb)
            var d = mb - ma, half = 0.0
            var canTell = true
            if paired, xa.allSatisfy({ $0 != nil }), xb.allSatisfy({ $0 != nil }) {
                let ds = zip(xa, xb).map { $1! - $0! }
                d = mean(ds)
                half = ReplicationStatistics.studentT(quantile: 0.5 + level / 2, dof: Double(ds.count - 1)) * sd(ds) / Double(ds.count).squareRoot()
            } else if va.count >= 2 && vb.count >= 2 {
                let sa = variance(va) / Double(va.count), sb = variance(vb) / Double(vb.count)
                let se = (sa + sb).squareRoot()
                if se > 0 {
                    let dof = (sa + sb) * (sa + sb) / (sa * sa / Double(va.count - 1) + sb * sb / Double(vb.count - 1))
                    half = ReplicationStatistics.studentT(quantile: 0.5 + level / 2, dof: dof) * se
                }
            } else {
                canTell = va == vb
            }
            let significant = canTell && abs(d) > half + 1e-9 * max(1, abs(ma), abs(mb))
            out.append(
                Difference(
                    name: name, meanA: ma, meanB: mb, difference: d, low: d - half, high: d + half,
                    significant: significant, regression: significant && isWorse(name, d)))
        }
        return ReplicatedComparison(
            replicationsA: a.count, replicationsB: b.count, paired: paired, confidence: confidence,
            perInterval: level, gated: out)
    }

    /// Whether a change `d` of quantity `name` is for the worse.
    static func isWorse(_ name: String, _ d: Double) -> Bool {
        if let up = worseWhenHigher(bare(name)) { return up ? d > 0 : d < 0 }
        return false
    }

    /// The direction in which a quantity gets worse: true when higher is worse, false when lower
    /// is worse, nil when neither (request counts, configuration).
    public static func worseWhenHigher(_ name: String) -> Bool? {
        let parts = name.split(separator: ".").map(String.init)
        guard let last = parts.last else { return nil }
        if parts.first == "hypotheses" { return last == "pass" || last == "all_pass" ? false : nil }
        if parts.first == "experiments" {
            // experiments.<name>.<final state> (SummaryMetrics.experiments).
            switch ExperimentStatus(rawValue: last) {
            case .completed?: return false
            case .stopped?, .failed?: return true
            case .pending?, .initiating?, .running?, .stopping?, .cancelled?, .notStarted?, nil: return nil
            }
        }
        let worse = [
            "errors", "error_rate", "throttled", "timed_out", "lost", "moved_to_dlq", "dropped", "expired", "failed",
            "throttle_rate", "dead_lettered", "query_errors", "connection_errors"
        ]
        if worse.contains(last) { return true }
        if parts.contains(where: { $0.hasPrefix("latency") }) && ["mean", "p50", "p90", "p99", "max"].contains(last) { return true }
        return nil
    }

    /// A quantity's name without the `[point parameters] ` prefix of multi-point sweeps.
    static func bare(_ name: String) -> String {
        guard name.hasPrefix("["), let close = name.firstIndex(of: "]") else { return name }
        return String(name[name.index(after: close)...].drop { $0 == " " })
    }

    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
    static func variance(_ v: [Double]) -> Double {
        guard v.count > 1 else { return 0 }
        let m = mean(v)
        return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
    }
    static func sd(_ v: [Double]) -> Double { variance(v).squareRoot() }
}
