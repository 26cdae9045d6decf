import FaultlineAnalysis
import FaultlineMetrics
import FaultlineScenario

extension ReplicatedComparison {
    static func f(_ v: Double) -> String { NumberFormat.decimal(v, places: 4) }

    static func interval(_ d: Difference) -> String { "[\(f(d.low)), \(f(d.high))]" }

    /// The readable report: how the sides were compared, then each significant difference
    /// with its interval, regressions first.
    public func text(labelA: String, labelB: String) -> String {
        var lines = ["A: \(labelA) (\(replicationsA) replications)", "B: \(labelB) (\(replicationsB) replications)"]
        lines.append(
            paired
                ? "paired replications (same seeds: common random numbers); intervals of the mean of B - A"
                : "independent replications (different seeds); Welch intervals of mean B - mean A")
        lines.append(
            "\(gated.count) quantities gated; simultaneous \(NumberFormat.decimal(confidence * 100, places: 2)) % intervals (each at \(NumberFormat.decimal(perInterval * 100, places: 4)) %, Bonferroni)"
        )
        lines.append("")
        let shown = significant.sorted { ($0.regression ? 0 : 1, $0.name) < ($1.regression ? 0 : 1, $1.name) }
        if shown.isEmpty {
            lines.append("no significant difference: every interval includes zero")
        } else {
            lines.append("significant differences (\(shown.count) of \(gated.count))")
            var rows = [["quantity", "", "mean A", "mean B", "B - A", "interval"]]
            for d in shown { rows.append([d.name, d.regression ? "REGRESSION" : "", Self.f(d.meanA), Self.f(d.meanB), Self.f(d.difference), Self.interval(d)]) }
            lines += RunComparisonTable.render(rows).map { "  " + $0 }
        }
        if !regressions.isEmpty {
            lines.append("")
            lines.append("regressions: " + regressions.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    public func json(labelA: String, labelB: String) -> JSONValue {
        .object([
            ("a", .object([("sweep", .string(labelA)), ("replications", .integer(Int64(replicationsA)))])),
            ("b", .object([("sweep", .string(labelB)), ("replications", .integer(Int64(replicationsB)))])),
            ("paired", .bool(paired)), ("confidence", .number(confidence)), ("per_interval_confidence", .number(perInterval)),
            (
                "differences",
                .array(
                    gated.map { d in
                        .object([
                            ("quantity", .string(d.name)), ("mean_a", .number(d.meanA)), ("mean_b", .number(d.meanB)),
                            ("difference", .number(d.difference)), ("low", .number(d.low)), ("high", .number(d.high)),
                            ("significant", .bool(d.significant)), ("regression", .bool(d.regression))
                        ])
                    })
            ),
            ("regressions", .array(regressions.map { .string($0.name) })),
            ("has_regressions", .bool(!regressions.isEmpty))
        ])
    }

    /// A JUnit case per gated quantity (hypotheses' pass shares and experiments' final states
    /// among them); a regression fails its case.
    public func ciReport(labelA: String, labelB: String, file: String?) -> CIReport {
        CIReport(
            suite: "faultline compare \(labelA) \(labelB)", file: file,
            cases: gated.map { d in
                let group = d.name.hasPrefix("hypotheses.") ? "hypotheses" : d.name.hasPrefix("experiments.") ? "experiments" : "metrics"
                let detail =
                    "mean A \(Self.f(d.meanA)), mean B \(Self.f(d.meanB)), B - A \(Self.f(d.difference)) in \(Self.interval(d))"
                    + (d.significant ? "" : " (no significant difference)")
                return .init(
                    group: group, name: d.name, failure: d.regression ? "\(d.name) regressed: B - A = \(Self.f(d.difference)) in \(Self.interval(d))" : nil,
                    detail: detail)
            })
    }
}

/// Column alignment for the comparison tables (text left, numbers right from the third column).
enum RunComparisonTable {
    static func render(_ rows: [[String]]) -> [String] {
        guard let header = rows.first else { return [] }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in
            var line = ""
            for (i, v) in r.enumerated() {
                if i > 0 { line += "  " }
                let pad = String(repeating: " ", count: widths[i] - v.count)
                line += i < 2 || i == r.count - 1 ? v + pad : pad + v
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
