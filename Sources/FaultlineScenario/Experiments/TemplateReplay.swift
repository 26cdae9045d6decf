import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// One FIS template replayed end to end, in process: validated as FIS would, a scenario
/// synthesized around it (``ScenarioSynthesizer``, what `faultline plan --synthesize
/// --scenario-out` writes), that scenario loaded as `faultline run` loads it and run to its
/// horizon. The corpus replay measurement (docs/fis-templates.md, *Corpus replay*) is this,
/// over every corpus file.
public struct ReplayOutcome: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The scenario ran and the experiment ended `completed` or `stopped`.
        case replayed
        /// FIS refuses the template (invalid, or not JSON) and so does Faultline.
        case correctlyRefused = "correctly refused"
        /// Faultline refuses a template FIS accepts, or accepts one FIS refuses.
        case disagreesWithFIS = "disagrees with FIS"
        /// Something in the way: the blockers say what.
        case blocked
    }

    public var file: String
    public var kind: Kind
    public var verdict: Verdict
    /// Why it did not replay (empty when it did).
    public var blockers: [ReplayBlocker]
    /// The experiment's final state when the scenario ran.
    public var finalState: ExperimentOutcome.FinalState?
    /// The first blocker's category: the one a template is counted under.
    public var category: ReplayBlocker.Category? { blockers.map(\.category).min() }
}

public enum TemplateReplay {
    /// Replays the template in `text`. `fisVerdict` is what FIS answers for it (the corpus
    /// manifest's `fis_verdict`), nil when unknown: then Faultline's own verdict decides.
    /// Never throws: every failure is a blocker.
    public static func replay(text: String, file: String, fisVerdict: Verdict? = nil, perType: Int = 3) -> ReplayOutcome {
        let verdict = TemplateValidator.validate(text: text, file: file).verdict
        let fis = fisVerdict ?? verdict
        func outcome(_ kind: ReplayOutcome.Kind, _ blockers: [ReplayBlocker] = [], _ state: ExperimentOutcome.FinalState? = nil) -> ReplayOutcome {
            ReplayOutcome(file: file, kind: kind, verdict: verdict, blockers: blockers, finalState: state)
        }
        switch (fis.isAccepted, verdict.isAccepted) {
        case (false, false): return outcome(.correctlyRefused)
        case (true, false), (false, true): return outcome(.disagreesWithFIS)
        case (true, true): break
        }
        let templatePath = "template" + (file.hasSuffix(".json") ? ".json" : ".yaml")
        let synthesized: SynthesizedScenario
        do { synthesized = try ScenarioSynthesizer.synthesize(text: text, file: file, templatePath: templatePath, perType: perType) } catch {
            return outcome(.blocked, [.init(.scenarioRefused, error.description)])
        }
        // Actions the model has no fault for are skipped in the run (`unsupported: skip`) and
        // counted from what the run did (below), so a document a declaration covers counts as
        // replayed; every other blocker stops here.
        let runDecides: Set<ReplayBlocker.Category> = [.automationDocument, .unsupportedAction]
        let hard = synthesized.blockers.filter { !runDecides.contains($0.category) }
        guard hard.isEmpty else { return outcome(.blocked, synthesized.blockers) }
        let spec: ScenarioSpec
        do {
            spec = try ScenarioSpec.load(text: synthesized.yaml, file: "synthesized.yaml") { path in
                guard path == templatePath else { throw ScenarioError.noFileAccess }
                return text
            }
        } catch {
            let first = error.diagnostics.first.map { d in "\(d.path.isEmpty ? "" : d.path + ": ")\(d.message)" } ?? "\(error)"
            return outcome(.blocked, synthesized.blockers + [.init(.scenarioRefused, first)])
        }
        let run: ScenarioRun
        do { run = try ScenarioRun.run(spec) } catch {
            return outcome(.blocked, [.init(.runFailed, "\(error)")])
        }
        guard let e = run.experiments.first else { return outcome(.blocked, [.init(.runFailed, "the run has no experiment")]) }
        let template = spec.experiments.first?.template
        // An automation action counts only when its declared effect ran: the action completed
        // (or was stopped while running) acting on at least one resource. An undeclared document
        // was skipped; a declared one whose target resolved to nothing did not run its effect.
        let skipped: [ReplayBlocker] = e.actions.compactMap { a in
            if a.actionId == AutomationDocument.actionID {
                let doc = FaultParameters.ssmDocumentName(template?.action(named: a.name)?.parameters["documentArn"] ?? "(no documentArn)")
                if a.status == .skipped, (a.note ?? "").contains("is not declared") { return .init(.automationDocument, doc) }
                if [.completed, .stopped].contains(a.status), !a.resources.isEmpty { return nil }
                return .init(.automationDocument, "\(doc): the declared effect did not run (\(a.status), \(a.resources.count) resources)")
            }
            guard a.status == .skipped, (a.note ?? "").contains("not replayed by Faultline") else { return nil }
            return .init(.unsupportedAction, a.actionId)
        }
        guard skipped.isEmpty else { return outcome(.blocked, skipped, e.finalState) }
        switch e.finalState {
        case .completed, .stopped: return outcome(.replayed, [], e.finalState)
        case .failed: return outcome(.blocked, [.init(.experimentFailed, e.states.last?.reason ?? "failed")], e.finalState)
        case .running, .notStarted: return outcome(.blocked, [.init(.notFinished, "\(e.finalState.rawValue) at the horizon")], e.finalState)
        }
    }
}

extension ReplayOutcome {
    /// The share table docs/fis-templates.md shows: templates per outcome, blocked ones per
    /// category (each counted once, under its first blocker) and the blockers behind them.
    public static func table(_ outcomes: [ReplayOutcome]) -> String {
        var l: [String] = []
        let n = outcomes.count
        func pct(_ k: Int) -> String { n == 0 ? "0.0" : String(Double(Int((Double(k) * 1000 / Double(n)).rounded())) / 10) }
        l.append("| outcome | templates | share |")
        l.append("|---|---:|---:|")
        for kind in Kind.allCases {
            let k = outcomes.filter { $0.kind == kind }.count
            l.append("| \(kind.rawValue) | \(k) | \(pct(k)) % |")
        }
        l.append("| total | \(n) | 100 % |")
        l.append("")
        l.append("| blocked by (first blocker) | templates |")
        l.append("|---|---:|")
        let blocked = outcomes.filter { $0.kind == .blocked }
        for c in ReplayBlocker.Category.allCases {
            let k = blocked.filter { $0.category == c }.count
            if k > 0 { l.append("| \(c.rawValue) | \(k) |") }
        }
        l.append("")
        l.append("| blocker (any position) | templates |")
        l.append("|---|---:|")
        var counts: [String: Int] = [:]
        for o in blocked {
            for b in Set(o.blockers.map { "\($0.category.rawValue): \(shortDetail($0))" }) { counts[b, default: 0] += 1 }
        }
        for (b, k) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) { l.append("| \(b) | \(k) |") }
        return l.joined(separator: "\n") + "\n"
    }

    /// The detail as it is counted: the action, document or type; messages cut at their first
    /// quote-free clause so templates with the same gap count together.
    static func shortDetail(_ b: ReplayBlocker) -> String {
        switch b.category {
        case .unsupportedAction, .targetType, .automationDocument, .ssmDocument: return b.detail
        case .placeholder where b.detail.hasPrefix(ScenarioSynthesizer.cloudFormationIntrinsics): return ScenarioSynthesizer.cloudFormationIntrinsics
        case .placeholder where b.detail.hasSuffix("(params replace only ${KEY} and <KEY>)"):
            return "a placeholder form params do not replace ({CAPS}, ...)"
        default:
            let d = b.detail
            return d.count > 90 ? String(d.prefix(90)) + "…" : d
        }
    }
}
