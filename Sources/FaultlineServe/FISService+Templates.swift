import FaultlineFIS

/// CreateExperimentTemplate, Get, Update, Delete and ListExperimentTemplates. Templates are
/// checked by the same code as `faultline validate` (``TemplateValidator``): what it calls
/// invalid is a ValidationException carrying its messages (JSON path, what was expected, the fix).
extension FISService {
    func createTemplate(_ r: ServeRequest, _ caller: Caller) throws(ServeError) -> ServeJSON {
        let (body, text) = try self.body(r)
        let token = try token(body)
        if let id = try replay("CreateExperimentTemplate", token: token, body: body), let t = state.templates.first(where: { $0.id == id }) {
            return ["experimentTemplate": t.json]
        }
        try Self.validate(text: text)
        let tags = body["tags"]?.stringMap ?? [:]
        _ = try scenarios.scenario(tags: tags) // an unknown faultline:scenario tag fails now, not at start
        guard state.templates.count < config.maxTemplates else {
            throw .quota("You have reached the quota of \(config.maxTemplates) experiment templates; delete some first.")
        }
        let id = state.ids.resourceID("EXT")
        var stored = body
        stored["clientToken"] = nil
        stored["tags"] = nil
        let t = now()
        let record = TemplateRecord(
            id: id, arn: "arn:aws:fis:\(caller.region):\(caller.account):experiment-template/\(id)", body: stored,
            tags: tags, creationTime: t, lastUpdateTime: t)
        state.templates.append(record)
        remember("CreateExperimentTemplate", token: token, body: body, id: id)
        try persist()
        return ["experimentTemplate": record.json]
    }

    /// Rejects what `faultline validate` calls invalid or not-json; templates whose only errors
    /// come from placeholders (`<ACCOUNT_ID>`) load, as the scenario's `params:` fill them at start.
    static func validate(text: String) throws(ServeError) {
        let report = TemplateValidator.validate(text: text, file: "request body")
        guard report.verdict.isAccepted else {
            let errors = report.genuineErrors.isEmpty ? report.errors : report.genuineErrors
            let shown = errors.prefix(5).map { short($0.diagnostic) }.joined(separator: " | ")
            let more = errors.count > 5 ? " (and \(errors.count - 5) more)" : ""
            throw .validation("Template is invalid: \(shown)\(more)")
        }
    }

    func template(_ id: String) throws(ServeError) -> TemplateRecord {
        guard let t = state.templates.first(where: { $0.id == id }) else {
            throw .notFound("Experiment template \(id.prefix(64)) not found.")
        }
        return t
    }

    func updateTemplate(_ id: String, _ r: ServeRequest) throws(ServeError) -> ServeJSON {
        guard let i = state.templates.firstIndex(where: { $0.id == id }) else { throw .notFound("Experiment template \(id.prefix(64)) not found.") }
        let (body, _) = try self.body(r)
        let updatable: Set<String> = [
            "description", "stopConditions", "targets", "actions", "roleArn", "logConfiguration",
            "experimentOptions", "experimentReportConfiguration"
        ]
        if let bad = body.keys.sorted().first(where: { !updatable.contains($0) }) {
            throw .validation("'\(bad.prefix(64))' cannot be updated (UpdateExperimentTemplate takes \(updatable.sorted().joined(separator: ", "))).")
        }
        var merged = state.templates[i].body
        for (k, v) in body { merged[k] = v }
        try Self.validate(text: ServeJSON.object(merged).rendered())
        state.templates[i].body = merged
        state.templates[i].lastUpdateTime = now()
        try persist()
        return ["experimentTemplate": state.templates[i].json]
    }

    func deleteTemplate(_ id: String) throws(ServeError) -> ServeJSON {
        let t = try template(id)
        state.templates.removeAll { $0.id == id }
        try persist()
        return ["experimentTemplate": t.json]
    }

    func listTemplates(_ r: ServeRequest) throws(ServeError) -> ServeJSON {
        let (items, next) = try page(state.templates, r)
        var out: [String: ServeJSON] = ["experimentTemplates": .array(items.map(\.summaryJSON))]
        if let next { out["nextToken"] = .string(next) }
        return .object(out)
    }
}

extension TemplateRecord {
    /// The `ExperimentTemplate` shape: the input as sent, FIS's option defaults, IDs and times.
    var json: ServeJSON {
        var m = body
        var options = body["experimentOptions"]?.object ?? [:]
        if options["accountTargeting"] == nil { options["accountTargeting"] = .string("single-account") }
        if options["emptyTargetResolutionMode"] == nil { options["emptyTargetResolutionMode"] = .string("fail") }
        m["experimentOptions"] = .object(options)
        if m["targets"] == nil { m["targets"] = .object([:]) }
        m["id"] = .string(id)
        m["arn"] = .string(arn)
        m["creationTime"] = .time(creationTime)
        m["lastUpdateTime"] = .time(lastUpdateTime)
        m["tags"] = .strings(tags)
        m["targetAccountConfigurationsCount"] = .int(0)
        return .object(m)
    }

    var summaryJSON: ServeJSON {
        .object([
            "id": .string(id), "arn": .string(arn), "description": body["description"] ?? .string(""),
            "creationTime": .time(creationTime), "lastUpdateTime": .time(lastUpdateTime), "tags": .strings(tags)
        ])
    }
}
