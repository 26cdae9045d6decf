import FaultlineAnalysis
import FaultlineKernel
import FaultlineScenario

/// StartExperiment, GetExperiment, StopExperiment, ListExperiments and
/// ListExperimentResolvedTargets over simulated runs.
extension FISService {
    /// Experiment tags (StartExperiment `tags`, else the template's) that override the server
    /// for one experiment: `faultline:pace=x60`, `faultline:seed=7`.
    static let paceTag = "faultline:pace"
    static let seedTag = "faultline:seed"

    func startExperiment(_ r: ServeRequest, _ caller: Caller) throws(ServeError) -> ServeJSON {
        let (body, _) = try self.body(r)
        let token = try token(body)
        guard let templateID = body["experimentTemplateId"]?.string, !templateID.isEmpty else {
            throw .validation("experimentTemplateId is required: the ID of the experiment template to start.")
        }
        let mode = body["experimentOptions"]?["actionsMode"]?.string ?? "run-all"
        guard mode == "run-all" || mode == "skip-all" else {
            throw .validation("experimentOptions.actionsMode must be 'run-all' or 'skip-all' (target preview), got '\(mode.prefix(32))'.")
        }
        if let id = try replay("StartExperiment", token: token, body: body), let e = state.experiments.first(where: { $0.id == id }) {
            return ["experiment": e.json(now: now(), account: config.account)]
        }
        let template = try self.template(templateID)
        let t = now()
        let active = state.experiments.filter { $0.isActive(now: t) }.count
        guard active < config.maxActiveExperiments else {
            throw .quota("You have reached the quota of \(config.maxActiveExperiments) active experiments; wait for one to end or stop one.")
        }
        let tags = body["tags"]?.stringMap ?? [:]
        let overrides = tags.merging(template.tags) { mine, _ in mine }
        var pace = config.pace
        if let p = overrides[Self.paceTag] {
            guard let parsed = Pace(p) else {
                throw .validation("the tag \(Self.paceTag)='\(p.prefix(32))' is not a pace: instant, realtime or xK (e.g. x60).")
            }
            pace = parsed
        }
        var seed = config.seed
        if let s = overrides[Self.seedTag] {
            guard let parsed = UInt64(s) else { throw .validation("the tag \(Self.seedTag)='\(s.prefix(32))' is not a seed (an unsigned integer).") }
            seed = parsed
        }
        let scenario = try scenarios.scenario(tags: template.tags)
        let id = state.ids.resourceID("EXP")
        var record = ExperimentRecord(
            id: id, arn: "arn:aws:fis:\(caller.region):\(caller.account):experiment/\(id)", templateID: templateID,
            template: template.body, tags: tags, actionsMode: mode, scenario: scenario.name, seed: seed,
            pace: pace, startMillis: t)
        let actionNames = (template.body["actions"]?.object ?? [:]).keys.sorted()
        var spec: ScenarioSpec?
        if state.lever.status == "engaged" {
            record.digest = .cancelled(actions: actionNames)
        } else {
            do { spec = try self.spec(for: record, scenario: scenario) } catch {
                record.digest = .failed(error.message, code: "InvalidTemplate", actions: actionNames)
            }
        }
        state.experiments.append(record)
        remember("StartExperiment", token: token, body: body, id: id)
        if let spec { launch(id, spec) }
        try persist()
        return ["experiment": state.experiments.last!.json(now: t, account: config.account)]
    }

    /// The scenario with the experiment's template in its experiment slot, as it must run now:
    /// every action skipped for `skip-all`, the stop time of StopExperiment.
    func spec(for e: ExperimentRecord, scenario given: BoundScenario? = nil) throws(ServeError) -> ScenarioSpec {
        let scenario: BoundScenario
        if let given {
            scenario = given
        } else {
            // The scenario the experiment was bound to at StartExperiment, whatever its template's tags say now.
            scenario = try scenarios.scenario(tags: [ScenarioResolver.tag: e.scenario])
        }
        // A target preview resolves targets even for actions Faultline does not replay.
        var spec = try scenario.spec(template: e.template, templateID: e.templateID, unsupported: e.actionsMode == "skip-all" ? .skip : nil)
        guard !spec.experiments.isEmpty else { throw .validation("the scenario '\(scenario.name)' has no experiment slot") }
        if e.actionsMode == "skip-all" {
            for i in spec.experiments[0].actions.indices {
                spec.experiments[0].actions[i].fault = nil
                spec.experiments[0].actions[i].skipped = "Action skipped: actionsMode skip-all (target preview)."
            }
        }
        if let stop = e.stopAtNanos {
            spec.experiments[0].stopAt = spec.experiments[0].start + SimDuration(nanoseconds: max(stop, 1_000_000))
        }
        return spec
    }

    /// Runs the simulation on the serial simulation queue; ``finish(_:generation:digest:)``
    /// takes the result back onto the actor.
    func launch(_ id: String, _ spec: ScenarioSpec) {
        guard let i = state.experiments.firstIndex(where: { $0.id == id }) else { return }
        state.experiments[i].generation += 1
        let e = state.experiments[i]
        let runner = self.runner
        let start = spec.experiments[0].start
        simulations.async {
            let digest: ExperimentDigest
            do {
                let out = try runner.run(spec, options: RunOptions(seed: e.seed), experimentID: e.id)
                digest = .make(out.analyzed, start: start, preview: e.actionsMode == "skip-all", stoppedBy: e.stoppedBy, report: out.report)
            } catch {
                digest = .failed("the simulation failed: \(error)", code: "SimulationFailed", actions: spec.experiments[0].actions.map(\.name))
            }
            Task { await self.finish(e.id, generation: e.generation, digest: digest) }
        }
    }

    func finish(_ id: String, generation: Int, digest: ExperimentDigest) {
        guard let i = state.experiments.firstIndex(where: { $0.id == id }), state.experiments[i].generation == generation else { return }
        state.experiments[i].digest = digest
        state.experiments[i].previous = nil
        writeLogs(state.experiments[i])
        try? persist()
        for w in waiters.removeValue(forKey: id) ?? [] { w.resume() }
    }

    /// `instant` pace: the final state on the first GetExperiment, so wait for the simulation.
    func settled(_ id: String) async throws(ServeError) -> ExperimentRecord {
        let i = try experimentIndex(id)
        let e = state.experiments[i]
        guard e.digest == nil, e.pace == .instant else { return e }
        await withCheckedContinuation { c in waiters[id, default: []].append(c) }
        return state.experiments[try experimentIndex(id)]
    }

    /// Waits until every experiment's simulation finished (tests; a shutdown that wants outputs complete).
    public func settle() async {
        for e in state.experiments where e.digest == nil {
            await withCheckedContinuation { c in waiters[e.id, default: []].append(c) }
        }
    }

    func experimentIndex(_ id: String) throws(ServeError) -> Int {
        guard let i = state.experiments.firstIndex(where: { $0.id == id }) else { throw .notFound("Experiment \(id.prefix(64)) not found.") }
        return i
    }

    func getExperiment(_ id: String) async throws(ServeError) -> ServeJSON {
        ["experiment": try await settled(id).json(now: now(), account: config.account)]
    }

    /// FIS answers `stopping`; the next GetExperiment shows `stopped` once the re-run with the
    /// stop at the current simulated time finished (running actions `stopped`, later ones
    /// `cancelled`). A finished experiment cannot be stopped (ValidationException).
    func stopExperiment(_ id: String) async throws(ServeError) -> ServeJSON {
        _ = try await settled(id)
        let t = now()
        let i = try experimentIndex(id)
        let status = state.experiments[i].snapshot(now: t).status
        guard !status.isFinal else {
            throw .validation("Experiment \(id) is already \(status) and cannot be stopped.")
        }
        if status != .stopping {
            try stop(i, by: .user, now: t)
            try persist()
        }
        return ["experiment": state.experiments[i].json(now: t, account: config.account)]
    }

    func stop(_ i: Int, by source: ExperimentRecord.StopSource, now t: Int64) throws(ServeError) {
        var e = state.experiments[i]
        e.stopAtNanos = max(e.visible(now: t), 1_000_000)
        e.stoppedBy = source
        if e.digest != nil { e.previous = e.digest }
        e.digest = nil
        state.experiments[i] = e
        let spec = try spec(for: e)
        launch(e.id, spec)
    }

    /// `instant` experiments show their final state in listings too (same answer however fast
    /// the simulation ran, so transcripts are reproducible).
    func listExperiments(_ r: ServeRequest) async throws(ServeError) -> ServeJSON {
        for e in state.experiments where e.digest == nil && e.pace == .instant { _ = try await settled(e.id) }
        var items = state.experiments
        if let t = r.queryItems["experimentTemplateId"]?.last { items = items.filter { $0.templateID == t } }
        let (pageItems, next) = try page(items, r)
        let t = now()
        var out: [String: ServeJSON] = ["experiments": .array(pageItems.map { $0.summaryJSON(now: t) })]
        if let next { out["nextToken"] = .string(next) }
        return .object(out)
    }

    /// One entry per resolved resource: `targetInformation` has the ARN plus Faultline's
    /// `faultline:` keys (the scenario resource, its AZ, how it was selected): the blast radius.
    func resolvedTargets(_ id: String, _ r: ServeRequest) async throws(ServeError) -> ServeJSON {
        let e = try await settled(id)
        var rows: [ServeJSON] = []
        let only = r.queryItems["targetName"]?.last
        for t in e.digest?.targets ?? e.previous?.targets ?? [] where only == nil || t.name == only {
            for res in t.resources {
                var info: [String: ServeJSON] = [
                    "arn": .string(res.arn), "faultline:name": .string(res.name),
                    "faultline:selected-by": .string("\(t.selectionMode) of \(t.candidates) candidates, seed \(e.seed)")
                ]
                if let az = res.az { info["faultline:az"] = .string(az) }
                rows.append(["resourceType": .string(t.resourceType), "targetName": .string(t.name), "targetInformation": .object(info)])
            }
        }
        let (items, next) = try page(rows, r)
        var out: [String: ServeJSON] = ["resolvedTargets": .array(Array(items))]
        if let next { out["nextToken"] = .string(next) }
        return .object(out)
    }
}
