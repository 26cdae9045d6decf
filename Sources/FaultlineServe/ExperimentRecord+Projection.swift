import FaultlineScenario

/// GetExperiment's view of an experiment: the deterministic timeline projected onto the
/// current simulated time (`--pace`). Statuses follow FIS: `initiating` -> `running` ->
/// `completed`/`stopped`/`failed`; after StopExperiment `stopping` until the stop's re-run
/// finished; actions `pending` -> `running` -> `completed`/`stopped`/`cancelled`/`skipped`.
extension ExperimentRecord {

    /// Simulated nanoseconds after StartExperiment that are visible at wall time `now`.
    func visible(now: Int64) -> Int64 {
        pace.visible(afterMillis: now - startMillis) ?? Int64.max / 4
    }

    struct Snapshot {
        var status: ExperimentStatus
        var reason: String
        var endAt: Int64?
        var actions: [String: (status: ExperimentActionStatus, reason: String, start: Int64?, end: Int64?)]
        var report: (status: String, location: String?)?
    }

    func snapshot(now: Int64) -> Snapshot {
        // A stop is visible at once, even when it was rounded up to the first millisecond.
        let v = max(visible(now: now), stopAtNanos ?? 0)
        guard let d = digest else {
            // Still simulating (or re-simulating after a stop).
            if let stop = stopAtNanos {
                var s = previous.map { project($0, at: min(v, stop)) } ?? Snapshot(status: .stopping, reason: "", endAt: nil, actions: [:], report: nil)
                s.status = .stopping
                s.reason = "Stopping Experiment."
                s.endAt = nil
                s.report = nil
                return s
            }
            let status: ExperimentStatus = v < 12_000_000_000 || pace == .instant ? .initiating : .running
            return Snapshot(
                status: status, reason: status == .initiating ? "Experiment is initiating." : "Experiment is running (simulating).",
                endAt: nil, actions: [:], report: nil)
        }
        return project(d, at: v)
    }

    func project(_ d: ExperimentDigest, at v: Int64) -> Snapshot {
        let seen = d.states.filter { $0.at <= v }
        let last = seen.last ?? d.states.first ?? .init(status: .pending, at: 0)
        let status = last.status
        let done = status.isFinal
        let reason: String
        switch status {
        case .pending: reason = "Experiment is pending."
        case .initiating: reason = "Experiment is initiating."
        case .running: reason = "Experiment is running."
        case .stopping: reason = last.reason ?? "Stopping Experiment."
        case .completed, .stopped, .failed, .cancelled, .notStarted: reason = d.verdict
        }
        var actions: [String: (ExperimentActionStatus, String, Int64?, Int64?)] = [:]
        for a in d.actions {
            let s: ExperimentActionStatus
            if let start = a.start, let end = a.end {
                s = v < start ? .pending : (v < end ? .running : a.status)
            } else {
                s = done ? a.status : .pending
            }
            let why: String
            switch s {
            case .pending: why = "Action is pending."
            case .running: why = "Action is running."
            case .completed: why = "Action was completed."
            case .stopped: why = "Action was stopped."
            case .cancelled: why = "Action was cancelled."
            case .skipped: why = a.note ?? "Action was skipped."
            case .failed: why = a.note ?? "Action failed."
            case .initiating, .stopping, .notStarted: why = "Action is \(s)."
            }
            let started = a.start.flatMap { v >= $0 ? $0 : nil }
            let ended = a.end.flatMap { v >= $0 ? $0 : nil }
            actions[a.name] = (s, why, started, ended)
        }
        var report: (String, String?)?
        if d.report != nil || status == .failed {
            if !done {
                report = ("pending", nil)
            } else if status == .failed && d.report == nil {
                report = ("cancelled", nil)
            } else if v < d.reportReady {
                report = ("running", nil)
            } else {
                report = ("completed", d.report)
            }
        }
        return Snapshot(status: status, reason: reason, endAt: done ? last.at : nil, actions: actions, report: report)
    }

    func isActive(now: Int64) -> Bool { !snapshot(now: now).status.isFinal }

    /// The `Experiment` shape of GetExperiment, StartExperiment and StopExperiment.
    func json(now: Int64, account: String) -> ServeJSON {
        let s = snapshot(now: now)
        func t(_ ns: Int64) -> ServeJSON { .time(startMillis + ns / 1_000_000) }
        var state: [String: ServeJSON] = ["status": .string(s.status.rawValue), "reason": .string(s.reason)]
        if s.status == .failed, let code = digest?.errorCode {
            let owner = arn.split(separator: ":").dropFirst(4).first.map(String.init) ?? account
            state["error"] = .object(["accountId": .string(owner), "code": .string(code)])
        }
        var actions: [String: ServeJSON] = [:]
        for (name, a) in (template["actions"]?.object ?? [:]) {
            var m = a.object ?? [:]
            let p = s.actions[name] ?? (.pending, "Action is pending.", nil, nil)
            m["state"] = .object(["status": .string(p.status.rawValue), "reason": .string(p.reason)])
            if let st = p.start { m["startTime"] = t(st) }
            if let en = p.end { m["endTime"] = t(en) }
            actions[name] = .object(m)
        }
        var options = template["experimentOptions"]?.object ?? [:]
        if options["accountTargeting"] == nil { options["accountTargeting"] = .string("single-account") }
        if options["emptyTargetResolutionMode"] == nil { options["emptyTargetResolutionMode"] = .string("fail") }
        options["actionsMode"] = .string(actionsMode)
        var out: [String: ServeJSON] = [
            "id": .string(id), "arn": .string(arn), "experimentTemplateId": .string(templateID),
            "state": .object(state), "targets": template["targets"] ?? .object([:]), "actions": .object(actions),
            "stopConditions": template["stopConditions"] ?? .array([]), "creationTime": .time(startMillis), "startTime": .time(startMillis),
            "tags": .strings(tags), "experimentOptions": .object(options), "targetAccountConfigurationsCount": .int(0)
        ]
        if let r = template["roleArn"] { out["roleArn"] = r }
        if let end = s.endAt { out["endTime"] = t(end) }
        if let l = template["logConfiguration"] { out["logConfiguration"] = l }
        if let c = template["experimentReportConfiguration"] { out["experimentReportConfiguration"] = c }
        if let r = s.report {
            var rep: [String: ServeJSON] = ["state": .object(["status": .string(r.status)])]
            if let loc = r.location { rep["s3Reports"] = .array([.object(["arn": .string(loc), "reportType": .string("text/html")])]) }
            out["experimentReport"] = .object(rep)
        }
        return .object(out)
    }

    /// The `ExperimentSummary` shape of ListExperiments (with `state` and `tags`, which
    /// chaostoolkit-aws filters on).
    func summaryJSON(now: Int64) -> ServeJSON {
        let s = snapshot(now: now)
        return .object([
            "id": .string(id), "arn": .string(arn), "experimentTemplateId": .string(templateID),
            "state": .object(["status": .string(s.status.rawValue), "reason": .string(s.reason)]),
            "creationTime": .time(startMillis), "tags": .strings(tags),
            "experimentOptions": .object(["actionsMode": .string(actionsMode)])
        ])
    }
}
