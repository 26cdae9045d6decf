import FaultlineDocument

extension ScenarioFile {
    /// A `hypotheses:` entry as read: everything but the resource name is checked here.
    public struct HypothesisFile: Sendable {
        public var resource: Located<String>
        public var spec: HypothesisSpec
    }

    static let hypothesisStatistics = ["Sum", "SampleCount", "Average", "Minimum", "Maximum", "p50", "p90", "p99"]

    /// `{ name, kind, resource, metric, statistic, phase, bound, relativeTo }`.
    static func readHypothesis(_ item: DocumentNode, doc: DocumentReader) -> HypothesisFile? {
        guard let m = doc.mapping(item, what: "a hypothesis { name, resource, metric, statistic, phase, bound }") else { return nil }
        defer { m.finish() }
        let name = m.required("name", fix: "name the hypothesis, e.g. name: api-error-rate").flatMap(doc.string)
        let resource = m.required("resource", fix: "the resource whose metric is checked, e.g. resource: products-api POST /productApi")
            .flatMap { located($0, doc.string) }
        let metricNode = m.required("metric", fix: "a timeline metric (e.g. Duration), ErrorRate, or a ratio of two counters such as \"Errors / Invocations\"")
        let statisticNode = m.optional("statistic")
        let statistic = statisticNode.flatMap { doc.choice($0, hypothesisStatistics) }
        var metric: HypothesisSpec.Metric?
        if let metricNode, let text = doc.string(metricNode) {
            let trimmed = text.trimmingSpaces
            if trimmed.contains("/") {
                let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
                if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
                    metric = .ratio(numerator: parts[0], denominator: parts[1])
                } else {
                    doc.error(metricNode, "the ratio '\(text)' must be two metric names separated by one '/'.", fix: "e.g. metric: \"Errors / Invocations\"")
                }
            } else if trimmed == "ErrorRate" {
                metric = .errorRate
            } else if trimmed == HypothesisSpec.Metric.stopConditionMetric {
                metric = .stopConditionEvaluations
            } else if trimmed.isEmpty {
                doc.error(metricNode, "the metric is empty.", fix: "name a timeline metric, e.g. metric: Duration")
            } else if let statistic {
                metric = .series(metric: trimmed, statistic: statistic)
            } else if statisticNode == nil {
                doc.error(
                    path: item.path, location: item.location, "the hypothesis on '\(trimmed)' needs a statistic.",
                    fix: "add statistic: one of \(hypothesisStatistics.joined(separator: ", ")) (e.g. Sum for counters, p99 for durations)")
            }
            let derived: Bool
            switch metric {
            case .ratio?, .errorRate?, .stopConditionEvaluations?: derived = true
            case .series?, nil: derived = false
            }
            if derived, let metric, let statistic, statistic != "Sum", let statisticNode {
                doc.error(
                    statisticNode,
                    metric == .stopConditionEvaluations
                        ? "\(metric.label) counts alarm evaluations; the statistic '\(statistic)' does not apply."
                        : "a ratio (\(metric.label)) divides phase sums; the statistic '\(statistic)' does not apply.",
                    fix: "remove statistic, or write statistic: Sum")
            }
        }
        let phase =
            m.optional("phase").flatMap { doc.choice($0, HypothesisSpec.Phase.allCases.map(\.rawValue)) }
            .flatMap(HypothesisSpec.Phase.init(rawValue:)) ?? .run
        var relative = false
        if let r = m.optional("relativeTo"), doc.choice(r, ["baseline"]) != nil { relative = true }
        let kindNode = m.optional("kind")
        let kind = kindNode.flatMap { doc.choice($0, HypothesisSpec.Kind.allCases.map(\.rawValue)) }.flatMap(HypothesisSpec.Kind.init(rawValue:)) ?? .phase
        var bound: (HypothesisSpec.Comparison, Double, Bool)?
        if kind == .reachable, m.optional("bound") == nil {
            bound = (.gt, 0, false)
        } else if let b = m.required("bound", fix: "e.g. bound: \"< 1%\", bound: \"< 1.2x\" (times the baseline) or bound: { lt: 0.01 }") {
            bound = readBound(b, doc: doc)
        }
        if kind != .phase, relative || bound?.2 == true {
            doc.error(
                kindNode ?? item, "a '\(kind.rawValue)' hypothesis compares single metric periods with the bound; a factor of the baseline does not apply.",
                fix: "give an absolute bound, e.g. bound: \"> 0\", or drop kind: to compare the phase with the baseline")
        }
        guard let name, let resource, let metric, let bound else { return nil }
        var spec = HypothesisSpec(
            name: name, resource: resource.value, metric: metric, phase: phase, comparison: bound.0, bound: bound.1,
            relativeToBaseline: relative || bound.2, path: item.path, line: item.location?.line)
        spec.kind = kind
        return HypothesisFile(resource: resource, spec: spec)
    }

    /// `"< 1%"`, `"<= 250"`, `"< 1.2x"` (a factor of the baseline) or `{ lt: 0.01 }`.
    static func readBound(_ node: DocumentNode, doc: DocumentReader) -> (HypothesisSpec.Comparison, Double, Bool)? {
        let fix = "write an operator and a number, e.g. \"< 1%\", \"<= 250\", \"> 0.99\", \"< 1.2x\" (x: times the pre-experiment baseline), or { lt: 0.01 }"
        if case .mapping = node.value {
            guard let m = doc.mapping(node) else { return nil }
            defer { m.finish() }
            let given = HypothesisSpec.Comparison.allCases.compactMap { c in m.optional(c.rawValue).map { (c, $0) } }
            guard given.count == 1, let (c, v) = given.first else {
                doc.error(
                    node,
                    "the bound needs exactly one of lt, le, gt, ge, found \(given.isEmpty ? "none" : given.map(\.0.rawValue).joined(separator: " and ")).",
                    fix: fix)
                return nil
            }
            return doc.double(v).map { (c, $0, false) }
        }
        guard case .scalar(let text, _) = node.value else {
            doc.error(node, "expected a bound, got \(node.kindDescription).", fix: fix)
            return nil
        }
        var rest = Substring(text.trimmingSpaces)
        let ops: [(String, HypothesisSpec.Comparison)] = [("<=", .le), (">=", .ge), ("<", .lt), (">", .gt)]
        guard let (op, comparison) = ops.first(where: { rest.hasPrefix($0.0) }) else {
            doc.error(node, "the bound '\(text)' has no comparison operator.", fix: fix)
            return nil
        }
        rest = rest.dropFirst(op.count)
        var scale = 1.0, relative = false
        var number = String(rest).trimmingSpaces
        if number.hasSuffix("%") {
            scale = 0.01
            number = String(number.dropLast()).trimmingSpaces
        } else if number.hasSuffix("x") || number.hasSuffix("×") {
            relative = true
            number = String(number.dropLast()).trimmingSpaces
        }
        guard let v = Double(number), v.isFinite else {
            doc.error(node, "the bound '\(text)' does not end in a number.", fix: fix)
            return nil
        }
        return (comparison, v * scale, relative)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
