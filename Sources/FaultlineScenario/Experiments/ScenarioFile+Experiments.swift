import FaultlineDocument
import FaultlineKernel

extension ScenarioFile {
    /// `tags: { key: value }` on a resource (values are strings, as AWS tags are).
    static func readTags(_ m: MappingReader, doc: DocumentReader) -> [(key: String, value: String)] {
        guard let t = m.optional("tags"), let tm = doc.mapping(t, what: "resource tags, e.g. { FIS-Ready: \"true\" }") else { return [] }
        var out: [(key: String, value: String)] = []
        for e in tm.entries {
            tm.accept(e.key)
            guard case .scalar(let text, _) = e.value.value else {
                doc.error(e.value, "the tag '\(e.key)' must be a single value (AWS tag values are strings).")
                continue
            }
            out.append((e.key, text))
        }
        return out
    }

    /// An `experiments:` entry: `{ name, template, start, params, initiationDelay, stopAt, unsupported, expect }`.
    static func readExperiment(_ item: DocumentNode, doc: DocumentReader, loadFile: (String) throws -> String) -> ExperimentFile? {
        guard let m = doc.mapping(item, what: "an experiment { name, template, start, params, initiationDelay }") else { return nil }
        defer { m.finish() }
        let name = m.required("name").flatMap { located($0, doc.string) }
        let template = m.required("template", fix: "give the FIS template's path relative to the scenario, e.g. template: templates/lambda-add-delay.json")
            .flatMap { located($0, doc.string) }
        let start = m.required("start", fix: "when StartExperiment is called, e.g. start: 10m").flatMap { doc.duration($0) }
        let delay = m.optional("initiationDelay").flatMap { doc.duration($0) }
        let stopAt = m.optional("stopAt").flatMap { n in doc.duration(n).map { Located(value: $0, path: n.path, location: n.location) } }
        var unsupported: UnsupportedActions?
        if let u = m.optional("unsupported"), let text = doc.string(u) {
            unsupported = UnsupportedActions(rawValue: text)
            if unsupported == nil {
                doc.error(
                    u, "unsupported must be 'skip' or 'fail', got '\(text)'.",
                    fix: "skip: actions Faultline cannot replay are marked skipped; fail (the default): they are errors")
            }
        }
        var params: [(key: String, value: String)] = []
        if let p = m.optional("params"), let pm = doc.mapping(p, what: "placeholder values, e.g. { ACCOUNT_ID: \"123456789012\" }") {
            for e in pm.entries {
                pm.accept(e.key)
                guard case .scalar(let text, _) = e.value.value else {
                    doc.error(e.value, "the parameter '\(e.key)' must be a single value (it replaces ${\(e.key)} and <\(e.key)> in the template text).")
                    continue
                }
                params.append((e.key, text))
            }
        }
        var expect: ExperimentOutcome.FinalState?
        if let x = m.optional("expect"), let text = doc.string(x) {
            expect = ExperimentOutcome.FinalState(rawValue: text)
            if expect == nil {
                doc.error(
                    x, "expect must be one of \(ExperimentOutcome.FinalState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")), got '\(text)'.",
                    fix:
                        "give the final state the experiment should reach, e.g. expect: failed (then 'faultline run' does not exit \(ExperimentOutcome.FinalState.unexpectedExitStatus) for it)"
                )
            }
        }
        guard let name, let template, let start else { return nil }
        var text: String?
        do { text = try loadFile(template.value) } catch {
            doc.error(
                path: template.path, location: template.location, "the template '\(template.value)' could not be read: \(error).",
                fix: "give a path relative to the scenario file")
        }
        if let stopAt, stopAt.value <= start {
            doc.error(
                path: stopAt.path, location: stopAt.location, "stopAt (\(stopAt.value)) is not after the experiment's start (\(start)).",
                fix: "StopExperiment must come after StartExperiment: give a later stopAt")
        }
        return ExperimentFile(
            name: name, template: template, text: text, start: start, params: params, initiationDelay: delay, stopAt: stopAt,
            unsupported: unsupported, expect: expect)
    }
}
