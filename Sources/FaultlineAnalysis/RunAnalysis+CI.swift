extension RunAnalysis {
    /// The CI verdicts of `faultline run --check`: a test case per hypothesis, failing unless it
    /// is PASS (FAIL and NO_DATA fail, as `--check` counts them).
    public func ciReport(scenario: String, file: String) -> CIReport {
        CIReport(
            suite: "faultline run --check \(scenario)", file: file,
            cases: hypotheses.map { h in
                let detail =
                    "\(h.spec.statement): \(h.verdict.rawValue), measured \(h.measured.map { Report.n($0) } ?? "-")"
                    + (h.note.map { " (\($0))" } ?? "")
                return .init(
                    group: "hypotheses", name: h.spec.name, failure: h.passed ? nil : "hypothesis \(h.spec.name) is \(h.verdict.rawValue)", detail: detail)
            })
    }
}
