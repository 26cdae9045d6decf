import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

extension ScenarioFile {
    /// A `functions:` entry: the handler keys services have, plus Lambda's own.
    static func readFunction(_ item: DocumentNode, doc: DocumentReader, dists: DistributionReader) -> ServiceFile? {
        guard let m = doc.mapping(item, what: "a Lambda function") else { return nil }
        defer { m.finish() }
        guard let name = m.required("name").flatMap({ located($0, doc.string) }) else { return nil }
        var s = ServiceFile(name: name)
        s.serviceTime = m.required("duration", fix: "give the handler's run time, e.g. duration: { lognormal: { p50: 80ms, p99: 400ms } }").flatMap(
            dists.sampler)
        readHandler(m, into: &s, doc: doc, dists: dists)
        var f = FunctionFile()
        f.memoryMB = m.optional("memoryMB").flatMap { doc.int($0, in: 128...10_240, rangeText: "MB from 128 to 10240 (Lambda's range)") }
        f.reservedConcurrency = m.optional("reservedConcurrency").flatMap { n in
            doc.int(n, in: 0...1_000_000, rangeText: "a whole number >= 0 (0 stops the function from running)").map {
                Located(value: $0, path: n.path, location: n.location)
            }
        }
        f.provisionedConcurrency = m.optional("provisionedConcurrency").flatMap { n in
            doc.int(n, in: 0...1_000_000, rangeText: "a whole number >= 0").map { Located(value: $0, path: n.path, location: n.location) }
        }
        f.prewarmed = m.optional("prewarmed").flatMap { n in
            doc.int(n, in: 0...1_000_000, rangeText: "a whole number >= 0 (on-demand environments warm at the start)").map {
                Located(value: $0, path: n.path, location: n.location)
            }
        }
        f.scaleUpPer10Seconds = m.optional("scaleUpPer10s").flatMap { doc.int($0, in: 1...1_000_000, rangeText: "environments per 10 s, >= 1 (AWS: 1000)") }
        f.initDuration = m.optional("initDuration").flatMap(dists.sampler)
        f.idleLifetime = m.optional("idleLifetime").flatMap(dists.sampler)
        if let e = m.optional("fisExtension") {
            if case .scalar(let text, _) = e.value, text == "true" || text == "false" {
                f.fisExtension = text == "true" ? ExtensionFile() : nil
            } else if let em = doc.mapping(e, what: "the FIS extension's settings, e.g. { slowPoll: 60s }, or true") {
                var x = ExtensionFile()
                x.slowPoll = em.optional("slowPoll").flatMap { n in
                    doc.duration(n, allowZero: true).map { Located(value: $0, path: n.path, location: n.location) }
                }
                x.pollDuration = em.optional("pollDuration").flatMap(dists.sampler)
                x.pollMaxWait = em.optional("pollMaxWait").flatMap { doc.duration($0) }
                x.frozenPoll = em.optional("frozenPoll").flatMap { doc.choice($0, FISExtensionConfig.FrozenPoll.allCases.map(\.rawValue)) }
                    .flatMap(FISExtensionConfig.FrozenPoll.init(rawValue:))
                x.resumeWithin = em.optional("resumeWithin").flatMap { n in
                    doc.duration(n, allowZero: true).map { Located(value: $0, path: n.path, location: n.location) }
                }
                em.finish()
                f.fisExtension = x
            }
        }
        if let a = m.optional("async").flatMap({ doc.mapping($0, what: "asynchronous invocation settings") }) {
            f.maximumRetryAttempts = a.optional("maximumRetryAttempts").flatMap { doc.int($0, in: 0...2, rangeText: "0, 1 or 2 (Lambda's range)") }
            f.maximumEventAge = a.optional("maximumEventAge").flatMap { n -> SimDuration? in
                guard let d = doc.duration(n) else { return nil }
                guard d >= .seconds(60), d <= .hours(6) else {
                    doc.error(n, "maximumEventAge must be from 60s to 6h (Lambda's range), got \(d).")
                    return nil
                }
                return d
            }
            f.onFailure = a.optional("onFailure").flatMap { located($0, doc.string) }
            a.finish()
        }
        f.scaling = m.optional("scaling").flatMap { readScaling($0, doc: doc) }
        s.function = f
        return s
    }

    /// A `faults:` entry: a FIS action (id and parameters) on named targets over a window.
    static func readFault(_ item: DocumentNode, doc: DocumentReader) -> FaultFile? {
        guard let m = doc.mapping(item, what: "a fault { name, action, targets, start, duration, parameters }") else { return nil }
        defer { m.finish() }
        let name = m.required("name").flatMap { located($0, doc.string) }
        let action = m.required("action", fix: "name a FIS action, e.g. action: aws:lambda:invocation-add-delay").flatMap { located($0, doc.string) }
        let isLocalStack = m.optional("action").flatMap(doc.string)?.hasPrefix("localstack:") ?? false
        let targets =
            isLocalStack
            ? (m.optional("targets").flatMap { stringList($0, doc) } ?? [])
            : m.required("targets", fix: "list the resources the fault acts on").flatMap { stringList($0, doc) }
        let start = m.required("start", fix: "when the fault begins, e.g. start: 10m").flatMap { doc.duration($0) }
        let actionName = m.optional("action").flatMap(doc.string) ?? ""
        let duration: SimDuration?
        if FaultParameters.durationless.contains(actionName) {
            // FIS runs these without a duration: they act at once (stop-instances restarts after startInstancesAfterDuration).
            if let d = m.optional("duration") {
                doc.error(
                    d, "\(actionName) has no duration in FIS.",
                    fix: actionName == "aws:ec2:stop-instances"
                        ? "remove duration; give parameters: { startInstancesAfterDuration: PT5M } to start the instances again" : "remove duration")
            }
            duration = .zero
        } else if let instant = FaultParameters.instantActions[actionName], m.optional("duration") == nil {
            // The RDS actions end once the API call is accepted; what they start goes on.
            duration = instant
        } else {
            duration = m.required(
                "duration", fix: "how long it lasts, e.g. duration: PT5M (LocalStack's actions last until the experiment stops: give the stop time)"
            ).flatMap { doc.duration($0, allowZero: false) }
        }
        let azs = m.optional("azs").flatMap { stringList($0, doc) }
        var parameters: [(key: Located<String>, value: String)] = []
        var parametersNode = Located(value: 0, path: item.path, location: item.location)
        if let p = m.optional("parameters") {
            parametersNode = Located(value: 0, path: p.path, location: p.location)
            if let pm = doc.mapping(p, what: "FIS action parameters, e.g. { startupDelayMilliseconds: \"2000\" }") {
                for e in pm.entries {
                    pm.accept(e.key)
                    guard case .scalar(let text, _) = e.value.value else {
                        doc.error(e.value, "the parameter '\(e.key)' must be a single value (FIS parameters are strings).")
                        continue
                    }
                    parameters.append((Located(value: e.key, path: e.value.path, location: e.keyLocation), text))
                }
            }
        }
        guard let name, let action, let targets, let start, let duration else { return nil }
        return FaultFile(
            name: name, action: action, targets: targets, start: start, duration: duration,
            parameters: parameters, parametersNode: parametersNode, azs: azs)
    }
}
