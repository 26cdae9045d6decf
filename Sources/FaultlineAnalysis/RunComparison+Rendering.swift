import FaultlineMetrics
import FaultlineScenario

extension RunComparison {
    static func f(_ v: Double?) -> String { v.map { NumberFormat.decimal($0, places: 3) } ?? "-" }

    static func change(_ a: Double?, _ b: Double?) -> String {
        guard let a, let b else { return a == nil && b == nil ? "" : "n/a" }
        let d = b - a
        let sign = d > 0 ? "+" : ""
        let pct = a != 0 ? " (\(sign)\(NumberFormat.decimal(d / abs(a) * 100, places: 1)) %)" : ""
        return sign + NumberFormat.decimal(d, places: 3) + pct
    }

    static func table(_ rows: [[String]]) -> [String] {
        guard let header = rows.first else { return [] }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in
            r.enumerated().map { i, v in
                i < 3 ? v + String(repeating: " ", count: widths[i] - v.count) : String(repeating: " ", count: widths[i] - v.count) + v
            }.joined(separator: "  ").trimmingTrailingSpaces
        }
    }

    /// The readable table: hypotheses, request outcomes per phase, then the metrics that
    /// differ (all of them with `all`).
    public func text(all: Bool = false) -> String {
        var lines = ["A: \(a.label) (scenario \(a.scenario), seed \(a.seed))", "B: \(b.label) (scenario \(b.scenario), seed \(b.seed))"]
        if !hypotheses.isEmpty {
            lines.append("")
            lines.append("hypotheses")
            var rows = [["name", "A", "B", "", "measured A", "measured B"]]
            for h in hypotheses {
                rows.append([h.name, h.verdictA ?? "-", h.verdictB ?? "-", h.verdictA == h.verdictB ? "" : "changed", Self.f(h.measuredA), Self.f(h.measuredB)])
            }
            lines += Self.table(rows).map { "  " + $0 }
        }
        if !experiments.isEmpty {
            lines.append("")
            lines.append("experiments (final state)")
            var rows = [["name", "A", "B", "", "reason A", "reason B"]]
            for e in experiments {
                rows.append([e.name, e.stateA ?? "-", e.stateB ?? "-", e.regression ? "changed" : "", e.reasonA ?? "", e.reasonB ?? ""])
            }
            lines += Self.table(rows).map { "  " + $0 }
        }
        lines.append("")
        lines.append("requests per phase")
        var rows = [["phase", "outcome", "", "A", "B", "B - A"]]
        for d in requests where all || d.changed || d.metric == "requests" || d.metric == "failed" {
            rows.append([d.field, d.metric, "", Self.f(d.a), Self.f(d.b), Self.change(d.a, d.b)])
        }
        lines += Self.table(rows).map { "  " + $0 }
        let shown = metrics.filter { all || $0.changed }
        lines.append("")
        lines.append("metrics per phase (\(shown.count) of \(metrics.count) values\(all ? "" : " differ; --all shows every one"))")
        var mrows = [["resource", "metric", "phase", "A", "B", "B - A"]]
        for d in shown {
            mrows.append([d.resource, d.metric + (d.statistic.isEmpty ? "" : " " + d.statistic), d.field, Self.f(d.a), Self.f(d.b), Self.change(d.a, d.b)])
        }
        lines += Self.table(mrows).map { "  " + $0 }
        let changedExperiments = experiments.filter(\.regression).map { "experiment \($0.name) (\($0.stateA ?? "-") -> \($0.stateB ?? "-"))" }
        if hasRegressions {
            lines.append("")
            lines.append("regressions: " + (changedExperiments + regressions.map { "hypothesis \($0.name)" }).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// The same as JSON (every value, changed or not).
    public func json() -> JSONValue {
        func n(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
        func delta(_ d: MetricDelta) -> JSONValue {
            .object([
                ("resource", .string(d.resource)), ("metric", .string(d.metric)), ("statistic", .string(d.statistic)),
                ("field", .string(d.field)), ("a", n(d.a)), ("b", n(d.b)),
                ("difference", d.a != nil && d.b != nil ? .number(d.b! - d.a!) : .null), ("changed", .bool(d.changed))
            ])
        }
        return .object([
            ("a", .object([("run", .string(a.label)), ("scenario", .string(a.scenario)), ("seed", .integer(a.seed))])),
            ("b", .object([("run", .string(b.label)), ("scenario", .string(b.scenario)), ("seed", .integer(b.seed))])),
            (
                "hypotheses",
                .array(
                    hypotheses.map { h in
                        .object([
                            ("name", .string(h.name)), ("statement", .string(h.statement)),
                            ("verdict_a", h.verdictA.map(JSONValue.string) ?? .null), ("verdict_b", h.verdictB.map(JSONValue.string) ?? .null),
                            ("measured_a", n(h.measuredA)), ("measured_b", n(h.measuredB)), ("changed", .bool(h.changed))
                        ])
                    })
            ),
            (
                "experiments",
                .array(
                    experiments.map { e in
                        .object([
                            ("name", .string(e.name)), ("state_a", e.stateA.map(JSONValue.string) ?? .null),
                            ("state_b", e.stateB.map(JSONValue.string) ?? .null),
                            ("reason_a", e.reasonA.map(JSONValue.string) ?? .null), ("reason_b", e.reasonB.map(JSONValue.string) ?? .null),
                            ("regression", .bool(e.regression))
                        ])
                    })
            ),
            ("regressions", .array(regressions.map { .string($0.name) })),
            ("has_regressions", .bool(hasRegressions)),
            ("requests", .array(requests.map(delta))),
            ("metrics", .array(metrics.map(delta)))
        ])
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
