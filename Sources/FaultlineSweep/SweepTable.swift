import FaultlineMetrics

/// `sweep.csv`: one row per point, in point order — the point's index, its parameter values,
/// the replications, then for each reported metric its mean, standard deviation, 95 %
/// confidence interval (Student t) and the number of replications that reported it.
///
/// It is rendered only from the definition and the point files, so a sweep run with any
/// `--jobs`, resumed, or merged from shards gives the same bytes.
public enum SweepTable {
    /// The columns a metric contributes, after its name.
    public static let statisticSuffixes = ["mean", "sd", "ci95_lo", "ci95_hi", "n"]

    /// The reported metric names: those matching the selectors, in order of first appearance
    /// over the points and replications.
    public static func metricNames(_ points: [PointResult], selectors: [MetricSelector]) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        for p in points {
            for r in p.runs {
                for (name, _) in r.values where !seen.contains(name) {
                    seen.insert(name)
                    if selectors.contains(where: { $0.matches(name) }) { names.append(name) }
                }
            }
        }
        return names
    }

    /// Renders the table. `points` must hold every point of `definition`, in any order.
    public static func csv(_ definition: SweepDefinition, points: [PointResult]) throws(SweepError) -> String {
        let byIndex = Dictionary(points.map { ($0.point, $0) }, uniquingKeysWith: { a, _ in a })
        let missing = (0..<definition.pointCount).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw .folder(
                "the sweep is missing \(missing.count) of \(definition.pointCount) points (\(missing.prefix(10).map(String.init).joined(separator: ", "))\(missing.count > 10 ? ", ..." : "")).",
                fix: "run the remaining points (the same sweep command resumes), or merge every shard's folder")
        }
        let ordered = (0..<definition.pointCount).map { byIndex[$0]! }
        let names = metricNames(ordered, selectors: MetricSelector.expand(definition.metrics))
        var header = ["point"] + definition.parameters.map(\.path.text) + ["replications"]
        for n in names { header += statisticSuffixes.map { "\(n).\($0)" } }
        var out = header.map(NumberFormat.csvField).joined(separator: ",") + "\n"
        for p in ordered {
            var row = [String(p.point)] + definition.values(ofPoint: p.point) + [String(p.runs.count)]
            let lookup = p.runs.map { r in Dictionary(r.values.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }) }
            for n in names {
                let values = lookup.compactMap { $0[n] }
                guard let s = ReplicationStatistics(values) else {
                    row += ["", "", "", "", "0"]
                    continue
                }
                func f(_ v: Double?) -> String { v.map { NumberFormat.decimal($0) } ?? "" }
                row += [f(s.mean), f(s.sd), f(s.ciLow), f(s.ciHigh), String(s.n)]
            }
            out += row.map(NumberFormat.csvField).joined(separator: ",") + "\n"
        }
        return out
    }
}
