import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

extension ScenarioSpec.Defaults {
    /// Lambda's default function timeout.
    public static let functionTimeout = SimDuration.seconds(3)
    /// Cold starts run from ~100 ms to over 1 s.
    public static let initDuration = Distribution.lognormal(mu: -1.609, sigma: 0.692) // p50 200 ms, p99 1 s
    /// Lambda does not document idle reclaim; 5–15 min is commonly observed.
    public static let idleLifetime = Distribution.uniform(min: 300, max: 900)
    /// DynamoDB single-item operations: single-digit milliseconds.
    public static let tableLatency = Distribution.lognormal(mu: -5.116, sigma: 0.5) // p50 6 ms
    /// One extension poll (S3 ListObjectsV2 + GetObject) averages ~70 ms per the FIS docs.
    public static let pollDuration = Distribution.lognormal(mu: -2.747, sigma: 0.4) // mean 69.6 ms
}

extension ScenarioSpec {
    struct ValidatedFunction {
        var config: FunctionConfig
        var timeout: SimDuration
    }

    static func validateFunction(
        _ s: ScenarioFile.ServiceFile, _ fn: ScenarioFile.FunctionFile, allFiles: [ScenarioFile.ServiceFile],
        resolveService: (Located<String>) -> ServiceID?, period: SimDuration = Defaults.period, doc: DocumentReader
    ) -> ValidatedFunction? {
        var ok = true
        let timeout: SimDuration
        switch s.timeout {
        case .none: timeout = Defaults.functionTimeout
        case .some(.none):
            doc.error(
                path: s.name.path, location: s.name.location, "a Lambda function always has a timeout; 'none' is not allowed.",
                fix: "use a timeout from 1s to 900s (default 3s)")
            return nil
        case .some(.some(let t)): timeout = t
        }
        if timeout < .seconds(1) || timeout > .seconds(900) {
            doc.error(
                path: s.name.path, location: s.name.location, "the function '\(s.name.value)' has a timeout of \(timeout); Lambda allows 1s to 900s.",
                fix: "set timeout between 1s and 900s")
            ok = false
        }
        if let r = fn.reservedConcurrency, let p = fn.provisionedConcurrency, p.value > r.value {
            doc.error(
                path: p.path, location: p.location, "provisioned concurrency (\(p.value)) exceeds the function's reserved concurrency (\(r.value)).",
                fix: "Lambda requires provisioned <= reserved; lower provisionedConcurrency or raise reservedConcurrency")
            ok = false
        }
        var ext: FISExtensionConfig?
        if let x = fn.fisExtension {
            let slow = x.slowPoll?.value ?? .seconds(60)
            if let given = x.slowPoll, given.value < FISExtensionConfig.minimumSlowPoll {
                doc.error(
                    path: given.path, location: given.location,
                    "a slow-poll interval of \(given.value) is below the FIS extension's minimum of 20s; the real extension does not honour it (a field report shows AWS_FIS_SLOW_POLL_INTERVAL_SECONDS=10 silently falling back to the 60s default).",
                    fix: "use 20s or more, or 60s to model what AWS would actually do with your setting")
                ok = false
            }
            let frozen = x.frozenPoll ?? .resume
            if let r = x.resumeWithin, frozen != .resume {
                doc.error(
                    path: r.path, location: r.location, "resumeWithin applies to frozenPoll: resume; this extension has frozenPoll: \(frozen.rawValue).",
                    fix: "remove resumeWithin, or set frozenPoll: resume")
                ok = false
            }
            if let r = x.resumeWithin, r.value > .minutes(15) {
                doc.error(
                    path: r.path, location: r.location,
                    "resumeWithin \(r.value) is longer than Lambda's longest invocation (15 min); the extension's S3 request timeout cannot be that long in any useful sense.",
                    fix: "use a timeout such as 30s (the default), or frozenPoll: carry-over for no timeout")
                ok = false
            }
            ext = FISExtensionConfig(
                slowPoll: slow, pollDuration: x.pollDuration ?? (try! Sampler(Defaults.pollDuration)),
                pollMaxWait: x.pollMaxWait ?? .zero, frozenPoll: frozen,
                resumeWithin: x.resumeWithin?.value ?? FISExtensionConfig.defaultResumeWithin)
        }
        if let w = fn.prewarmed, let r = fn.reservedConcurrency, w.value + (fn.provisionedConcurrency?.value ?? 0) > r.value {
            doc.error(
                path: w.path, location: w.location,
                "prewarmed (\(w.value)) plus provisioned concurrency exceeds the function's reserved concurrency (\(r.value)).",
                fix: "lower prewarmed: a function never has more environments than its reserved concurrency")
            ok = false
        }
        var onFailure: ServiceID?
        if let dest = fn.onFailure {
            guard let id = resolveService(dest) else { return nil }
            onFailure = id
            if let target = allFiles.first(where: { $0.name.value == dest.value }) {
                // Lambda's destinations: SQS, SNS, Lambda, EventBridge (a generic service stands in for a bus).
                var ok = true
                if case .table = target.managed { ok = false }
                if case .apiRoute = target.managed { ok = false }
                if !ok {
                    doc.error(
                        path: dest.path, location: dest.location, "'\(dest.value)' cannot be an on-failure destination.",
                        fix: "Lambda sends failed events to an SQS queue, an SNS topic, another function or an event bus (a service)")
                    return nil
                }
            }
        }
        var scaling: (config: ScalingConfig, allocation: SimDuration, initial: Int)?
        if let sf = fn.scaling {
            if let built = validateProvisionedScaling(sf, function: fn, name: s.name.value, period: period, doc: doc) { scaling = built } else { ok = false }
        }
        guard ok else { return nil }
        var config = FunctionConfig(
            memoryMB: fn.memoryMB ?? 128,
            reservedConcurrency: fn.reservedConcurrency?.value,
            provisionedConcurrency: scaling?.initial ?? fn.provisionedConcurrency?.value ?? 0,
            prewarmed: fn.prewarmed?.value ?? 0,
            scaleUpPer10Seconds: fn.scaleUpPer10Seconds ?? 1_000,
            initDuration: fn.initDuration ?? (try! Sampler(Defaults.initDuration)),
            idleLifetime: fn.idleLifetime ?? (try! Sampler(Defaults.idleLifetime)),
            fisExtension: ext,
            async: AsyncInvokeConfig(maximumRetryAttempts: fn.maximumRetryAttempts ?? 2, maximumEventAge: fn.maximumEventAge ?? .hours(6), onFailure: onFailure)
        )
        if let scaling {
            config.scaling = scaling.config
            config.allocationTime = scaling.allocation
        }
        return ValidatedFunction(config: config, timeout: timeout)
    }

    /// The account pool: reservations must leave Lambda's unreserved minimum, per Region.
    static func validateAccount(_ f: ScenarioFile, services: [ServiceConfig], doc: DocumentReader) -> LambdaAccountConfig {
        let account = LambdaAccountConfig(
            concurrencyLimit: f.lambdaAccount?.concurrencyLimit ?? 1_000,
            unreservedMinimum: f.lambdaAccount?.unreservedMinimum ?? 100)
        if account.unreservedMinimum > account.concurrencyLimit, let node = f.lambdaAccount?.node {
            doc.error(
                path: node.path, location: node.location,
                "unreservedMinimum (\(account.unreservedMinimum)) exceeds concurrencyLimit (\(account.concurrencyLimit)).")
        }
        var reserved: [Int32: (total: Int, names: [String])] = [:]
        var regionName: [Int32: String] = [:]
        for s in services {
            guard let fn = s.kind.function, let r = fn.reservedConcurrency else { continue }
            let region = s.azs[0].index
            reserved[region, default: (0, [])].total += r
            reserved[region, default: (0, [])].names.append(s.name)
            regionName[region] = s.name
        }
        for key in reserved.keys.sorted() {
            let (total, names) = reserved[key]!
            let left = account.concurrencyLimit - total
            if left < account.unreservedMinimum {
                let at = f.functions.first { $0.name.value == names[0] }!.name
                doc.error(
                    path: at.path, location: at.location,
                    "the functions \(names.joined(separator: ", ")) reserve \(total) concurrency, leaving \(left) of the account's \(account.concurrencyLimit) unreserved; Lambda always keeps at least \(account.unreservedMinimum) unreserved.",
                    fix: "lower reservedConcurrency, or raise lambdaAccount.concurrencyLimit (a Service Quotas increase)")
            }
        }
        return account
    }

    /// Faults scheduled in the scenario, checked the way FIS checks action parameters.
    static func validateFaults(
        _ faults: [ScenarioFile.FaultFile], services: [ServiceConfig], topology: Topology, prefixLists: [PrefixList] = [],
        resolveService: (Located<String>) -> ServiceID?, doc: DocumentReader
    ) -> [FaultConfig] {
        var out: [FaultConfig] = []
        var names: Set<String> = []
        for fault in faults {
            func err<T>(_ l: Located<T>, _ message: String, fix: String? = nil) { doc.error(path: l.path, location: l.location, message, fix: fix) }
            if !names.insert(fault.name.value).inserted {
                err(fault.name, "the fault '\(fault.name.value)' is defined twice.", fix: "give every fault a unique name")
            }
            guard let spec = FaultParameters.actions[fault.action.value] else {
                let hint = Suggestion.closest(to: fault.action.value, in: FaultParameters.supported).map { "did you mean '\($0)'? " } ?? ""
                err(
                    fault.action, "the action '\(fault.action.value)' is not supported in scenario faults.",
                    fix: "\(hint)supported: \(FaultParameters.supported.joined(separator: ", "))")
                continue
            }
            if fault.action.value.hasPrefix("aws:rds:") {
                if let action = spec.build(fault, doc), let fc = databaseFault(fault, action: action, services: services, doc: doc) { out.append(fc) }
                continue
            }
            // Instance, task and pod lifecycle, stress and kill actions (and send-command with a
            // compute document) act on hosts of `hosts:` services.
            if FaultParameters.computeActions[fault.action.value] != nil || FaultParameters.isComputeCommand(fault) {
                if let fc = validateComputeFault(fault, spec: spec, services: services, azNames: topology.azs.map(\.name), doc: doc) { out.append(fc) }
                continue
            }
            if FaultParameters.networkActions[fault.action.value] != nil {
                if fault.duration > .hours(12) {
                    err(fault.name, "the fault lasts \(fault.duration); FIS actions last at most 12 hours.", fix: "shorten duration to PT12H or less")
                }
                guard let action = spec.build(fault, doc),
                    let config = validateNetworkFault(
                        fault, action: action, services: services, topology: topology, prefixLists: prefixLists,
                        resolveService: resolveService, doc: doc)
                else { continue }
                out.append(config)
                continue
            }
            if fault.azs != nil {
                err(fault.name, "'azs' narrows the hosts of a host network action; \(fault.action.value) acts on whole resources.", fix: "remove azs")
            }
            var targets: [ServiceID] = []
            let lambdaAction = fault.action.value.hasPrefix("aws:lambda:")
            for t in fault.targets {
                guard let id = resolveService(t) else { continue }
                let service = services[Int(id.index)]
                if !lambdaAction {
                    if service.name.hasPrefix("client/") {
                        err(t, "'\(t.value)' is a workload's client; API faults act on the services it calls.", fix: "target the called service")
                        continue
                    }
                    targets.append(id)
                    continue
                }
                guard let fn = service.kind.function else {
                    err(t, "'\(t.value)' is not a Lambda function; \(fault.action.value) targets aws:lambda:function resources.", fix: "target functions only")
                    continue
                }
                if fn.fisExtension == nil {
                    err(
                        t,
                        "the function '\(t.value)' has no FIS extension layer, so \(fault.action.value) would have no effect on it (FIS writes the fault configuration, nothing reads it, and the experiment still completes).",
                        fix: "add 'fisExtension: true' (or its settings) to the function")
                    continue
                }
                targets.append(id)
            }
            var resolvedCount = fault.targets.count
            if fault.targets.isEmpty, fault.action.value.hasPrefix("localstack:") {
                // LocalStack's actions have no targets: they act on every call to `service` (all when absent).
                let filter = fault.parameters.first { $0.key.value == "service" }?.value ?? "all"
                targets = services.indices.filter { i in
                    let kind = services[i].kind.awsService
                    guard kind != "generic", kind != "apigateway" else { return false }
                    return filter == "all" || filter == kind
                }.map { ServiceID($0) }
                resolvedCount = 0
                if targets.isEmpty {
                    err(
                        fault.action, "no resource in the scenario matches service '\(filter)' of \(fault.action.value).",
                        fix: "use dynamodb, sqs, sns, lambda or all, matching the scenario's tables, queues, topics and functions")
                }
            } else if fault.targets.isEmpty {
                err(fault.name, "the fault '\(fault.name.value)' has no targets.", fix: "list what it acts on under targets")
            }
            if fault.duration > .hours(12) {
                err(fault.name, "the fault lasts \(fault.duration); FIS actions last at most 12 hours.", fix: "shorten duration to PT12H or less")
            }
            guard let action = spec.build(fault, doc) else { continue }
            guard targets.count == resolvedCount || resolvedCount == 0, !targets.isEmpty else { continue }
            out.append(
                FaultConfig(
                    name: fault.name.value, action: action, targets: targets,
                    start: .zero + fault.start, end: .zero + fault.start + fault.duration))
        }
        if out.filter({ $0.action.isLambda }).count > 64 {
            doc.error(path: "faults", location: nil, "more than 64 Lambda faults in one run.", fix: "split the scenario")
        }
        return out
    }
}
