import FaultlineAnalysis

/// The CI verdicts of a finished sweep (`faultline sweep --junit FILE`): a test case per point
/// and hypothesis, failing when the hypothesis did not pass in every replication of that point.
public enum SweepVerdicts {
    public static func ciReport(_ definition: SweepDefinition, points: [PointResult], file: String) -> CIReport {
        var cases: [CIReport.Case] = []
        for p in points.sorted(by: { $0.point < $1.point }) {
            let label = definition.pointCount > 1 ? definition.label(ofPoint: p.point) : "point \(p.point)"
            var names: [String] = []
            for r in p.runs {
                for v in r.values where v.name.hasPrefix("hypotheses.") && v.name.hasSuffix(".pass") && !names.contains(v.name) { names.append(v.name) }
            }
            for name in names {
                let hypothesis = String(name.dropFirst("hypotheses.".count).dropLast(".pass".count))
                let passed = p.runs.filter { $0.value(name) == 1 }.count
                let failing = p.runs.filter { $0.value(name) != 1 }.map { String($0.replication) }
                cases.append(
                    .init(
                        group: label, name: hypothesis,
                        failure: failing.isEmpty ? nil : "hypothesis \(hypothesis) did not pass in replication(s) \(failing.joined(separator: ", "))",
                        detail: "passed in \(passed) of \(p.runs.count) replications"))
            }
        }
        return CIReport(suite: "faultline sweep \(definition.scenarioName)", file: file, cases: cases)
    }
}
