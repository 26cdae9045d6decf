import FaultlineFIS
import FaultlineScenario

/// ListActions/GetAction (the actions Faultline replays), the target resource types the
/// scenarios host, tags, the safety lever and the `/_faultline/` run outputs.
extension FISService {
    func actionJSON(_ id: String, region: String) -> ServeJSON {
        var params: [String: ServeJSON] = [:]
        var targets: [String: ServeJSON] = [:]
        if let a = ActionCatalog.action(id) {
            for p in a.parameters {
                params[p.name] = ["description": .string("\(p.name)" + (p.defaultValue.map { " (default \($0))" } ?? "")), "required": .bool(p.required)]
            }
            for t in a.targets { if let k = t.key { targets[k] = ["resourceType": .string(t.resourceTypes.joined(separator: ","))] } }
        }
        return [
            "id": .string(id), "arn": .string("arn:aws:fis:\(region)::action/\(id)"),
            "description": .string("\(id), simulated by Faultline against the bound scenario"),
            "parameters": .object(params), "targets": .object(targets), "tags": .object([:])
        ]
    }

    func action(_ id: String, region: String) throws(ServeError) -> ServeJSON {
        guard ExperimentSpec.supportedActions.contains(id) else {
            throw .notFound("Action \(id.prefix(64)) not found: Faultline does not replay it (ListActions lists the ones it does).")
        }
        return ["action": actionJSON(id, region: region)]
    }

    func listActions(_ r: ServeRequest, region: String) throws(ServeError) -> ServeJSON {
        let (items, next) = try page(ExperimentSpec.supportedActions, r)
        var out: [String: ServeJSON] = [
            "actions": .array(
                items.map { id in
                    let a = actionJSON(id, region: region)
                    return ["id": a["id"]!, "arn": a["arn"]!, "description": a["description"]!, "targets": a["targets"]!, "tags": .object([:])]
                })
        ]
        if let next { out["nextToken"] = .string(next) }
        return .object(out)
    }

    func resourceType(_ t: String) throws(ServeError) -> ServeJSON {
        guard ExperimentSpec.mappedResourceTypes.contains(t) else { throw .notFound("Target resource type \(t.prefix(64)) is not modelled by Faultline.") }
        return ["targetResourceType": ["resourceType": .string(t), "description": .string("\(t) resources of the bound scenario"), "parameters": .object([:])]]
    }

    func listResourceTypes(_ r: ServeRequest) throws(ServeError) -> ServeJSON {
        let (items, next) = try page(ExperimentSpec.mappedResourceTypes.sorted(), r)
        var out: [String: ServeJSON] = [
            "targetResourceTypes": .array(items.map { ["resourceType": .string($0), "description": .string("\($0) resources of the bound scenario")] })
        ]
        if let next { out["nextToken"] = .string(next) }
        return .object(out)
    }

    // MARK: tags (templates and experiments, by ARN)

    func tagged(_ arn: String) throws(ServeError) -> (template: Int?, experiment: Int?) {
        if let i = state.templates.firstIndex(where: { $0.arn == arn }) { return (i, nil) }
        if let i = state.experiments.firstIndex(where: { $0.arn == arn }) { return (nil, i) }
        throw .notFound("Resource \(arn.prefix(200)) not found.")
    }

    func tag(_ arn: String, _ r: ServeRequest) throws(ServeError) -> ServeJSON {
        let (body, _) = try self.body(r)
        guard let tags = body["tags"]?.object else { throw .validation("tags is required: a map of tag keys to values.") }
        let add = tags.compactMapValues(\.string)
        let (t, e) = try tagged(arn)
        if let t { state.templates[t].tags.merge(add) { _, b in b } }
        if let e { state.experiments[e].tags.merge(add) { _, b in b } }
        try persist()
        return .object([:])
    }

    func untag(_ arn: String, _ r: ServeRequest) throws(ServeError) -> ServeJSON {
        let keys = r.queryItems["tagKeys"] ?? []
        let (t, e) = try tagged(arn)
        for k in keys {
            if let t { state.templates[t].tags[k] = nil }
            if let e { state.experiments[e].tags[k] = nil }
        }
        try persist()
        return .object([:])
    }

    func listTags(_ arn: String) throws(ServeError) -> ServeJSON {
        let (t, e) = try tagged(arn)
        return ["tags": .strings(t.map { state.templates[$0].tags } ?? e.map { state.experiments[$0].tags } ?? [:])]
    }

    // MARK: the safety lever

    static let leverID = "default"

    func leverJSON(_ caller: Caller) -> ServeJSON {
        [
            "safetyLever": [
                "id": .string(Self.leverID), "arn": .string("arn:aws:fis:\(caller.region):\(caller.account):safety-lever/\(Self.leverID)"),
                "state": ["status": .string(state.lever.status), "reason": .string(state.lever.reason)]
            ]
        ]
    }

    func safetyLever(_ id: String, _ caller: Caller) throws(ServeError) -> ServeJSON {
        guard id == Self.leverID else { throw .notFound("Safety lever \(id.prefix(64)) not found (the account's lever is '\(Self.leverID)').") }
        return leverJSON(caller)
    }

    /// Engaging the lever stops every running experiment (they end `stopped`); experiments
    /// started while it is engaged are `cancelled` (FIS user guide, "Safety lever").
    func updateSafetyLever(_ id: String, _ r: ServeRequest, _ caller: Caller) throws(ServeError) -> ServeJSON {
        guard id == Self.leverID else { throw .notFound("Safety lever \(id.prefix(64)) not found (the account's lever is '\(Self.leverID)').") }
        let (body, _) = try self.body(r)
        guard let status = body["state"]?["status"]?.string, status == "engaged" || status == "disengaged" else {
            throw .validation("state.status must be 'engaged' or 'disengaged'.")
        }
        guard let reason = body["state"]?["reason"]?.string, !reason.isEmpty else { throw .validation("state.reason is required.") }
        guard status != state.lever.status else { throw .conflict("The safety lever is already \(status).") }
        state.lever = SafetyLeverRecord(status: status, reason: reason)
        if status == "engaged" {
            let t = now()
            for i in state.experiments.indices where state.experiments[i].isActive(now: t) && state.experiments[i].stopAtNanos == nil {
                try stop(i, by: .safetyLever, now: t)
            }
        }
        try persist()
        return leverJSON(caller)
    }

    // MARK: run outputs

    static let outputTypes = ["report.html": "text/html; charset=utf-8", "summary.json": "application/json", "timeline.csv": "text/csv"]

    func runOutput(_ id: String, _ file: String) async throws(ServeError) -> Reply {
        guard let type = Self.outputTypes[file] else {
            throw .notFound("\(file.prefix(64)) is not a run output; ask for report.html, summary.json or timeline.csv.")
        }
        _ = try await settled(id)
        guard let bytes = storage.readOutput(experimentID: id, file: file) else {
            throw .notFound("Experiment \(id) has no \(file) (yet): the server writes run outputs only with --out-dir, once the simulation finished.")
        }
        return .file(bytes, type)
    }
}
