import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// EC2, SSM, ECS, EKS and ARC actions that act on hosts and load balancers.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html
extension FaultParameters {
    /// Modelled actions FIS runs without a `duration` parameter, as the catalog's `length` says
    /// (they act at once; stop-instances lasts until `startInstancesAfterDuration`), except the
    /// ``instantActions`` that keep a short window of their own.
    static let durationless: Set<String> = Set(
        actions.keys.filter { id in
            ActionCatalog.action(id).map { $0.length != .parameter("duration") } ?? false && instantActions[id] == nil
        })

    /// The window of a durationless action: the value of its catalog length parameter
    /// (stop-instances' `startInstancesAfterDuration`), else zero.
    static func window(of action: String, _ parameters: [(key: String, value: String)]) -> SimDuration {
        guard let name = ActionCatalog.lengthParameter(of: action), name != "duration",
            let v = parameters.first(where: { $0.key == name })?.value, let d = try? SimDuration.parse(v)
        else { return .zero }
        return d
    }

    /// The SSM documents that act on a host's CPU, memory or processes (by name, after
    /// `document/`); ``ssmSendCommand`` dispatches to them.
    static let computeDocuments = ["AWSFIS-Run-CPU-Stress", "AWSFIS-Run-Memory-Stress", "AWSFIS-Run-Kill-Process"]

    static func compute(_ id: String, _ effect: ComputeEffect) -> FaultAction { .compute(actionID: id, effect: effect) }

    static let computeActions: [String: FaultParameters] = [
        "aws:ec2:stop-instances": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let restart = p.value("startInstancesAfterDuration") != nil
            _ = p.duration("startInstancesAfterDuration")
            _ = p.bool("completeIfInstancesTerminated")
            guard p.ok else { return nil }
            return compute("aws:ec2:stop-instances", .stop(restart: restart))
        },
        "aws:ec2:terminate-instances": simple("aws:ec2:terminate-instances", .terminate),
        "aws:ec2:reboot-instances": simple("aws:ec2:reboot-instances", .reboot),
        "aws:ecs:stop-task": simple("aws:ecs:stop-task", .terminate),
        "aws:eks:pod-delete": simple("aws:eks:pod-delete", .terminate) { p in
            _ = p.int("gracePeriodSeconds")
            _ = p.string("kubernetesServiceAccount")
        },
        "aws:ecs:task-kill-process": simple("aws:ecs:task-kill-process", .killProcess) { p in
            _ = p.string("processName")
            _ = p.choice("signal")
        },
        "aws:ecs:task-cpu-stress": stress("aws:ecs:task-cpu-stress", memory: false),
        "aws:eks:pod-cpu-stress": stress("aws:eks:pod-cpu-stress", memory: false),
        "aws:eks:pod-memory-stress": stress("aws:eks:pod-memory-stress", memory: true),
        "aws:arc:start-zonal-autoshift": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let az = p.string("availabilityZoneIdentifier")
            _ = p.string("managedResourceTypes")
            _ = p.choice("zonalAutoshiftStatus")
            guard let az, p.ok else { return nil }
            return compute("aws:arc:start-zonal-autoshift", .zonalShift(az: az))
        },
        "aws:ec2:asg-insufficient-instance-capacity-error": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let text = p.string("availabilityZoneIdentifiers")
            let pct = p.int("percentage")
            guard let text, let pct, p.ok else { return nil }
            let azs = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            return compute("aws:ec2:asg-insufficient-instance-capacity-error", .insufficientCapacity(azs: azs, percent: pct))
        }
    ]

    /// `aws:ssm:send-command` with one of the compute documents (``computeDocuments``, named
    /// `name`): CPU stress, memory stress or a killed process on the targeted instances.
    static func computeDocument(_ f: ScenarioFile.FaultFile, _ doc: DocumentReader, name: String) -> FaultAction? {
        var p = Reader(fault: f, doc: doc)
        let params = documentParameters(&p, doc: doc)
        guard p.ok, let params else { return nil }
        func number(_ k: String, _ d: Double?, _ range: ClosedRange<Double>) -> Double? {
            guard let text = params.first(where: { $0.key == k })?.value else {
                if d == nil { p.error("documentParameters must give \(k) for \(name).", fix: "e.g. {\"\(k)\": \"\(Int(range.upperBound))\"}") }
                return d
            }
            guard let v = Double(text), range.contains(v) else {
                p.error("documentParameters \(k) must be a number from \(Int(range.lowerBound)) to \(Int(range.upperBound)), got '\(text)'.", fix: nil)
                return nil
            }
            return v
        }
        if !checkDocumentDuration(name, value: { k in params.first { $0.key == k }?.value }, report: { p.error($0, fix: $1) }) { p.ok = false }
        switch name {
        case "AWSFIS-Run-CPU-Stress":
            guard let load = number("LoadPercent", 100, 0...100), let cpus = number("CPU", 0, 0...1_024), p.ok else { return nil }
            return compute("aws:ssm:send-command", .cpuStress(loadPercent: load, cpus: Int(cpus)))
        case "AWSFIS-Run-Memory-Stress":
            guard let pct = number("Percent", nil, 1...100), p.ok else { return nil }
            return compute("aws:ssm:send-command", .memoryStress(percent: pct))
        default:
            if !params.contains(where: { $0.key == "ProcessName" }) {
                p.error("documentParameters must give ProcessName for AWSFIS-Run-Kill-Process.", fix: "e.g. {\"ProcessName\": \"java\"}")
            }
            guard p.ok else { return nil }
            return compute("aws:ssm:send-command", .killProcess)
        }
    }

    /// An action whose parameters the model checks (`read`) but does not use.
    static func simple(_ id: String, _ effect: ComputeEffect, read: @escaping @Sendable (inout Reader) -> Void = { _ in }) -> FaultParameters {
        FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            read(&p)
            return p.ok ? compute(id, effect) : nil
        }
    }

    /// `aws:ecs:task-cpu-stress`, `aws:eks:pod-cpu-stress` (`percent`, `workers` 0 = every
    /// vCPU) and `aws:eks:pod-memory-stress` (`percent`), with the catalog's defaults; the
    /// EKS pod actions require `kubernetesServiceAccount`.
    static func stress(_ id: String, memory: Bool) -> FaultParameters {
        FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let pct = p.int("percent")
            let workers = p.int("workers")
            if p.action.parameter("kubernetesServiceAccount") != nil { _ = p.string("kubernetesServiceAccount") }
            guard p.ok, let pct, let workers else { return nil }
            return compute(id, memory ? .memoryStress(percent: Double(pct)) : .cpuStress(loadPercent: Double(pct), cpus: workers))
        }
    }

    /// `documentParameters`: a JSON object of strings, as FIS passes it to SSM.
    static func documentParameters(_ p: inout Reader, doc: DocumentReader) -> [(key: String, value: String)]? {
        guard let (key, text) = p.value("documentParameters") else { return [] }
        guard let node = try? DocumentParser.parse(text, file: key.path), case .mapping(let entries) = node.value else {
            doc.error(
                path: key.path, location: key.location, "documentParameters must be a JSON object as a string, got '\(text)'.",
                fix: "e.g. documentParameters: '{\"DurationSeconds\": \"120\", \"LoadPercent\": \"80\"}'")
            p.ok = false
            return nil
        }
        return entries.compactMap { e in
            if case .scalar(let v, _) = e.value.value { return (e.key, v) }
            return nil
        }
    }
}

extension FaultParameters.Reader {
    mutating func error(_ message: String, fix: String?) {
        if let key = value("documentParameters")?.0 {
            doc.error(path: key.path, location: key.location, message, fix: fix)
        } else {
            doc.error(path: fault.parametersNode.path, location: fault.parametersNode.location, message, fix: fix)
        }
        ok = false
    }
}
