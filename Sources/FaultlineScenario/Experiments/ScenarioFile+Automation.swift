import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

extension ScenarioFile {
    /// `automationDocuments:` — what the SSM Automation documents that templates run through
    /// `aws:ssm:start-automation-execution` do (see ``AutomationDocument``):
    ///
    /// ```yaml
    /// automationDocuments:
    ///   - document: MyNaclDoc                 # name, or arn:aws:ssm:<region>:<account>:document/<name>
    ///     description: swaps the subnets' NACL for a deny-all one
    ///     parameters:                         # the document's parameters
    ///       AvailabilityZone: { required: true }
    ///       Duration: { default: PT5M }
    ///       AutomationAssumeRole: {}
    ///     effect:
    ///       action: aws:network:disrupt-connectivity
    ///       parameters: { scope: all }
    ///       targets:
    ///         resourceType: aws:ec2:subnet
    ///         filters: { AvailabilityZone: "{{ documentParameters.AvailabilityZone }}" }
    ///       duration: "{{ documentParameters.Duration }}"
    /// ```
    static func readAutomationDocuments(_ node: DocumentNode, doc: DocumentReader, origin: String) -> [AutomationDocument] {
        var out: [AutomationDocument] = []
        let items = doc.sequence(node, what: "a list of automation document declarations { document, parameters, effect }") ?? []
        if items.count > AutomationDocument.Limits.documents {
            doc.error(
                node, "\(items.count) automation documents are declared; at most \(AutomationDocument.Limits.documents) are allowed.",
                fix: "declare only the documents the scenario's templates run")
            return []
        }
        for item in items {
            if let d = readAutomationDocument(item, doc: doc, origin: origin) {
                if out.contains(where: { $0.document == d.document }) {
                    doc.error(item, "the automation document '\(d.document)' is declared twice.", fix: "keep one declaration per document")
                    continue
                }
                out.append(d)
            }
        }
        return out
    }

    private static func scalar(_ node: DocumentNode, _ doc: DocumentReader, what: String) -> String? {
        guard case .scalar(let text, _) = node.value else {
            doc.error(node, "\(what) must be a single value.")
            return nil
        }
        guard text.count <= AutomationDocument.Limits.valueLength else {
            doc.error(node, "\(what) is \(text.count) characters long; at most \(AutomationDocument.Limits.valueLength) are allowed.")
            return nil
        }
        return text
    }

    private static func readAutomationDocument(_ item: DocumentNode, doc: DocumentReader, origin: String) -> AutomationDocument? {
        guard let m = doc.mapping(item, what: "an automation document { document, parameters, effect }") else { return nil }
        defer { m.finish() }
        guard let nameNode = m.required("document", fix: "the document's name or ARN, e.g. document: MyNaclDoc"),
            let raw = scalar(nameNode, doc, what: "'document'")
        else { return nil }
        let name = AutomationDocument.documentName(raw)
        guard !name.isEmpty, name.count <= 128, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
            doc.error(nameNode, "'\(raw)' is not an SSM document name (3 to 128 letters, digits, '_', '-' or '.').", fix: "e.g. document: MyNaclDoc")
            return nil
        }
        let description = m.optional("description").flatMap { scalar($0, doc, what: "'description'") } ?? ""
        var parameters: [AutomationDocument.Parameter] = []
        if let p = m.optional("parameters"), let pm = doc.mapping(p, what: "the document's parameters { NAME: { required: true } or { default: VALUE } }") {
            if pm.entries.count > AutomationDocument.Limits.parameters {
                doc.error(p, "\(pm.entries.count) parameters are declared; at most \(AutomationDocument.Limits.parameters) are allowed.")
            }
            for e in pm.entries.prefix(AutomationDocument.Limits.parameters) {
                pm.accept(e.key)
                guard let em = doc.mapping(e.value, what: "{ required: true }, { default: VALUE } or {}") else { continue }
                let required = em.optional("required").flatMap(doc.bool) ?? false
                let def = em.optional("default").flatMap { scalar($0, doc, what: "the default of '\(e.key)'") }
                em.finish()
                if required, def != nil {
                    doc.error(e.value, "the parameter '\(e.key)' is required and has a default; a default makes it optional.", fix: "remove one of them")
                }
                parameters.append(.init(name: e.key, defaultValue: def, required: required && def == nil))
            }
        }
        guard
            let en = m.required(
                "effect",
                fix:
                    "say what the document does, e.g. effect: { action: aws:network:disrupt-connectivity, parameters: { scope: all }, targets: { resourceType: aws:ec2:subnet } }"
            ),
            let em = doc.mapping(en, what: "an effect { action, parameters, targets, duration }")
        else { return nil }
        defer { em.finish() }
        var ok = true
        // Every `{{ ... }}` must name a declared parameter.
        func check(_ text: String, _ node: DocumentNode) {
            for r in AutomationDocument.references(in: text) where !parameters.contains(where: { $0.name == r }) {
                let known = parameters.map(\.name)
                if r.hasPrefix("\u{0}") {
                    doc.error(
                        node, "'{{ \(r.dropFirst()) }}' is not a document parameter reference.",
                        fix: "write {{ documentParameters.NAME }} (the only substitution there is)")
                } else {
                    let hint = Suggestion.closest(to: r, in: known).map { "did you mean '\($0)'? " } ?? ""
                    doc.error(
                        node, "'{{ documentParameters.\(r) }}' names no parameter of the document \(name).",
                        fix: "\(hint)declare it under parameters (declared: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
                }
                ok = false
            }
        }
        guard let actionNode = em.required("action", fix: "one of the actions of faults:, or \(AutomationDocument.apiErrorAction)"),
            let action = scalar(actionNode, doc, what: "'action'")
        else { return nil }
        if action != AutomationDocument.apiErrorAction && FaultParameters.actions[action] == nil {
            let all = FaultParameters.supported + [AutomationDocument.apiErrorAction]
            let hint = Suggestion.closest(to: action, in: all).map { "did you mean '\($0)'? " } ?? ""
            doc.error(actionNode, "the effect action '\(action)' is not one Faultline models.", fix: "\(hint)use one of: \(all.joined(separator: ", "))")
            ok = false
        }
        var effectParameters: [(key: String, value: String)] = []
        if let p = em.optional("parameters"), let pm = doc.mapping(p, what: "the effect action's parameters { name: value }") {
            for e in pm.entries {
                pm.accept(e.key)
                guard let v = scalar(e.value, doc, what: "the parameter '\(e.key)'") else {
                    ok = false
                    continue
                }
                check(v, e.value)
                effectParameters.append((e.key, v))
            }
        }
        guard
            let tn = em.required(
                "targets", fix: "the resources it acts on, e.g. targets: { resourceType: aws:sqs:queue, resourceArns: [\"{{ documentParameters.QueueArn }}\"] }"
            ),
            let tm = doc.mapping(tn, what: "targets { resourceType, resourceArns, resourceTags, filters, selectionMode }")
        else { return nil }
        defer { tm.finish() }
        guard let typeNode = tm.required("resourceType", fix: "e.g. resourceType: aws:sqs:queue"), let type = scalar(typeNode, doc, what: "'resourceType'")
        else { return nil }
        if !ExperimentSpec.mappedResourceTypes.contains(type) {
            doc.error(
                typeNode, "the resource type '\(type)' is not modelled by Faultline.",
                fix: "use one of: \(ExperimentSpec.mappedResourceTypes.joined(separator: ", "))")
            ok = false
        }
        var target = AutomationDocument.Target(resourceType: type)
        if let a = tm.optional("resourceArns") {
            for n in doc.sequence(a, what: "a list of ARNs (or SQS queue URLs)") ?? [] {
                guard let v = scalar(n, doc, what: "an ARN") else {
                    ok = false
                    continue
                }
                check(v, n)
                target.resourceArns.append(v)
            }
        }
        if let t = tm.optional("resourceTags"), let ttm = doc.mapping(t, what: "tags { key: value }") {
            for e in ttm.entries {
                ttm.accept(e.key)
                guard let v = scalar(e.value, doc, what: "the tag '\(e.key)'") else {
                    ok = false
                    continue
                }
                check(e.key, e.value)
                check(v, e.value)
                target.resourceTags.append((e.key, v))
            }
        }
        if let f = tm.optional("filters"), let fm = doc.mapping(f, what: "filters { path: value or [values] }") {
            for e in fm.entries {
                fm.accept(e.key)
                var values: [String] = []
                if case .sequence = e.value.value {
                    values = (doc.sequence(e.value) ?? []).compactMap { scalar($0, doc, what: "a filter value") }
                } else if let v = scalar(e.value, doc, what: "the filter '\(e.key)'") {
                    values = [v]
                }
                for v in values { check(v, e.value) }
                target.filters.append((e.key, values))
            }
        }
        if let s = tm.optional("selectionMode"), let v = scalar(s, doc, what: "'selectionMode'") {
            check(v, s)
            if AutomationDocument.references(in: v).isEmpty, case .unresolved = SelectionMode(parsing: v) {
                doc.error(s, "'\(v)' is not a selection mode.", fix: "ALL, COUNT(n) or PERCENT(n)")
                ok = false
            }
            target.selectionMode = v
        }
        var duration: String?
        if let d = em.optional("duration"), let v = scalar(d, doc, what: "'duration'") {
            check(v, d)
            if AutomationDocument.references(in: v).isEmpty, (try? SimDuration.parse(v)) == nil {
                doc.error(d, "'\(v)' is not a duration.", fix: "e.g. duration: \"{{ documentParameters.Duration }}\", PT5M or 90s")
                ok = false
            }
            duration = v
        }
        guard ok else { return nil }
        return AutomationDocument(
            document: name, description: description, parameters: parameters, action: action,
            effectParameters: effectParameters, target: target, duration: duration, origin: origin)
    }
}
