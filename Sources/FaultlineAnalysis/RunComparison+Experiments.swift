import FaultlineDocument

extension RunComparison {
    /// One experiment's final state in A and in B, as FIS reports it (`completed`, `stopped`,
    /// `failed`; nil: the experiment is not in that run or did not start before the horizon).
    public struct ExperimentDelta: Sendable, Equatable {
        public var name: String
        public var stateA: String?
        public var stateB: String?
        /// Why it ended so (the stop condition's alarm, the failure's reason).
        public var reasonA: String?
        public var reasonB: String?

        /// A change of final state is a regression: an experiment that completed in A and was
        /// stopped by its alarm or failed in B (its p99 may even look better, since the stop cut
        /// the fault short), or any other change (the runs no longer test the same thing).
        public var regression: Bool { stateA != stateB }
    }

    /// The experiments of two `experiment.json` files (nil: the run has no experiment).
    public static func experimentDeltas(_ a: String?, fileA: String, _ b: String?, fileB: String) throws -> [ExperimentDelta] {
        let ea = try finalStates(a, file: fileA), eb = try finalStates(b, file: fileB)
        var out = ea.map { ExperimentDelta(name: $0.name, stateA: $0.state, stateB: nil, reasonA: $0.reason, reasonB: nil) }
        for e in eb {
            if let i = out.firstIndex(where: { $0.name == e.name }) {
                out[i].stateB = e.state
                out[i].reasonB = e.reason
            } else {
                out.append(ExperimentDelta(name: e.name, stateA: nil, stateB: e.state, reasonA: nil, reasonB: e.reason))
            }
        }
        return out
    }

    static func finalStates(_ text: String?, file: String) throws -> [(name: String, state: String, reason: String?)] {
        guard let text else { return [] }
        let root: DocumentNode
        do { root = try JSONParser.parse(text, file: file).root } catch {
            throw AnalysisError.unreadableSummary(file: file, problem: "\(error)")
        }
        func field(_ n: DocumentNode, _ key: String) -> DocumentNode? { n.entries?.first { $0.key == key }?.value }
        func string(_ n: DocumentNode?) -> String? {
            if case .scalar(let s, _)? = n?.value { return s }
            return nil
        }
        guard let list = field(root, "experiments"), case .sequence(let items) = list.value else { return [] }
        return items.map { e in
            var state = string(field(e, "status")) ?? "-"
            var reason: String?
            if let states = field(e, "states"), case .sequence(let s) = states.value, let last = s.last {
                state = string(field(last, "status")) ?? state
                let alarm = string(field(last, "alarm")).map { "alarm \($0)" }
                let at = string(field(last, "at_s")).map { "at \($0) s" }
                reason = [string(field(last, "reason")), alarm, at].compactMap { $0 }.joined(separator: ", ")
            }
            return (string(field(e, "name")) ?? "-", state, reason)
        }
    }

    /// The CI verdicts: a case per hypothesis (fails when it passed in A and not in B) and per
    /// experiment (fails when its final state changed).
    public func ciReport(file: String) -> CIReport {
        var cases: [CIReport.Case] = []
        for e in experiments {
            let detail = "A: \(e.stateA ?? "-")\(e.reasonA.map { " (\($0))" } ?? ""); B: \(e.stateB ?? "-")\(e.reasonB.map { " (\($0))" } ?? "")"
            cases.append(
                .init(
                    group: "experiments", name: e.name,
                    failure: e.regression ? "experiment \(e.name) ended \(e.stateB ?? "-") in B, \(e.stateA ?? "-") in A" : nil, detail: detail))
        }
        let regressed = Set(regressions.map(\.name))
        for h in hypotheses {
            let detail = "A: \(h.verdictA ?? "-") measured \(Self.f(h.measuredA)); B: \(h.verdictB ?? "-") measured \(Self.f(h.measuredB))"
            cases.append(
                .init(
                    group: "hypotheses", name: h.name,
                    failure: regressed.contains(h.name) ? "hypothesis \(h.name) passes in A and is \(h.verdictB ?? "-") in B" : nil, detail: detail))
        }
        return CIReport(suite: "faultline compare \(a.label) \(b.label)", file: file, cases: cases)
    }
}
