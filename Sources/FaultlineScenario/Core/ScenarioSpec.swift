import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

/// A validated scenario with every default explicit: the second parsing step (house rule 9).
public struct ScenarioSpec: Sendable {
    public var name: String
    public var description: String
    /// The seed used when the command line gives none.
    public var defaultSeed: UInt64
    public var model: ModelConfig
    /// FNV-1a 64 of the scenario file's bytes, for the manifest.
    public var sourceHash: UInt64
    /// Names for the end-of-run ledger, if the scenario asks for one.
    public var ledger: (accepted: String, stored: String, buffers: [String])?
    /// FIS templates replayed as faults (planned per run, see ``ExperimentPlanner``).
    public var experiments: [ExperimentSpec] = []
    /// Every resource templates can target, with its ARN and tags.
    public var inventory: [InventoryResource] = []
    /// The scenario's `automationDocuments:` (`faultline plan --scenario` uses them too).
    public var automationDocuments: [AutomationDocument] = []
    /// Steady-state hypotheses checked after each run (evaluated by `FaultlineAnalysis`).
    public var hypotheses: [HypothesisSpec] = []
    /// CloudWatch dashboards whose metric widgets report.html renders from the run's series.
    public var dashboards: [DashboardSpec] = []
    /// Things the scenario allows but that probably do not do what the author expects; the CLI
    /// prints them (`validate`, `run`) without failing.
    public var warnings: [String] = []

    /// The largest values `limits:` accepts (docs/limits.md): past them a run could not finish
    /// in reasonable time (events) or would exhaust memory before the guard fires (requests).
    public enum Ceilings {
        /// About 3 days of dispatching at 4 M events/s.
        public static let maxEvents = 1_000_000_000_000
        /// Requests in flight at once; each holds its state (a few hundred bytes with its events).
        public static let maxInFlight = 20_000_000
    }

    /// Defaults, stated once (docs/scenario-format.md lists them).
    public enum Defaults {
        public static let seed: UInt64 = 1
        public static let horizon = SimDuration.hours(1)
        public static let period = SimDuration.seconds(60)
        public static let warmup = SimDuration.zero
        public static let maxEvents = 2_000_000_000
        public static let maxInFlight = 5_000_000
        /// Same-AZ round trips in a region are a few hundred microseconds.
        public static let intraAZ = Distribution.lognormal(mu: -8.517, sigma: 0.4) // median 200 µs
        /// Cross-AZ hops add about a millisecond.
        public static let crossAZ = Distribution.lognormal(mu: -6.908, sigma: 0.4) // median 1 ms
        /// Cross-region hops are tens of milliseconds.
        public static let crossRegion = Distribution.lognormal(mu: -3.507, sigma: 0.2) // median 30 ms
    }
}

extension ScenarioSpec {
    /// Parses and validates scenario text. Every problem is reported at once in the thrown
    /// ``DocumentError``; `loadFile` reads files the scenario refers to (arrival traces).
    /// `unsupported` overrides every experiment's `unsupported:` (`faultline run --unsupported`).
    public static func load(
        text: String, file: String, unsupported: UnsupportedActions? = nil,
        loadFile: (String) throws -> String = { _ in throw ScenarioError.noFileAccess }
    ) throws(DocumentError) -> ScenarioSpec {
        let root = try DocumentParser.parse(text, file: file)
        let doc = DocumentReader(file: file)
        let mirror = ScenarioFile.read(root, doc: doc, loadFile: loadFile)
        let spec = validate(mirror, doc: doc, hash: StreamSeed.fnv1a64(text), unsupported: unsupported)
        try doc.throwIfErrors()
        return spec!
    }

    static func validate(_ f: ScenarioFile, doc: DocumentReader, hash: UInt64, unsupported: UnsupportedActions? = nil) -> ScenarioSpec? {
        func err<T>(_ l: Located<T>, _ message: String, fix: String? = nil) {
            doc.error(path: l.path, location: l.location, message, fix: fix)
        }
        // Regions and AZs.
        var regions: [Topology.Region] = []
        var azs: [Topology.AvailabilityZone] = []
        var azIndex: [String: Int] = [:]
        for r in f.regions {
            if regions.contains(where: { $0.name == r.name.value }) { err(r.name, "the region '\(r.name.value)' is defined twice.") }
            var ids: [AZID] = []
            if r.azs.isEmpty { err(r.name, "the region '\(r.name.value)' has no AZs.", fix: "list at least one AZ") }
            for az in r.azs {
                if azIndex[az.value] != nil {
                    err(az, "the AZ '\(az.value)' is listed twice.", fix: "give every AZ a unique name")
                    continue
                }
                azIndex[az.value] = azs.count
                ids.append(AZID(azs.count))
                azs.append(.init(name: az.value, region: RegionID(regions.count)))
            }
            regions.append(.init(name: r.name.value, azs: ids))
        }
        if f.regions.isEmpty, let node = f.regionsNode { err(node, "no regions are defined.", fix: "add a region with its AZs") }
        let allAZNames = azs.map(\.name)
        func resolveAZ(_ l: Located<String>) -> AZID? {
            if let i = azIndex[l.value] { return AZID(i) }
            let hint = Suggestion.closest(to: l.value, in: allAZNames).map { "did you mean '\($0)'? " } ?? ""
            err(l, "unknown AZ '\(l.value)'.", fix: "\(hint)AZs defined under regions: \(allAZNames.joined(separator: ", "))")
            return nil
        }
        // Services, then functions: one namespace, so calls and workloads can name either.
        let clientFiles = f.workloads.compactMap { w -> ScenarioFile.ServiceFile? in
            guard let c = w.client else { return nil }
            var s = ScenarioFile.ServiceFile(name: Located(value: "client/\(w.name.value)", path: w.name.path, location: w.name.location))
            s.workersPerAZ = 10_000_000
            s.queueCapacity = .some(0)
            s.serviceTime = try? Sampler(.constant(0))
            s.calls = [c]
            s.azs = w.azWeights?.map(\.az)
            return s
        }
        let all = f.services + f.functions + f.managed + clientFiles
        var serviceIndex: [String: Int] = [:]
        for (i, s) in all.enumerated() {
            if serviceIndex[s.name.value] != nil {
                err(s.name, "the service '\(s.name.value)' is defined twice.", fix: "give every service a unique name")
            } else {
                serviceIndex[s.name.value] = i
            }
        }
        let serviceNames = all.map(\.name.value)
        func resolveService(_ l: Located<String>) -> ServiceID? {
            if let i = serviceIndex[l.value] { return ServiceID(i) }
            let hint = Suggestion.closest(to: l.value, in: serviceNames).map { "did you mean '\($0)'? " } ?? ""
            err(l, "unknown service '\(l.value)'.", fix: "\(hint)services defined: \(serviceNames.joined(separator: ", "))")
            return nil
        }
        let firstRegionAZs = regions.first?.azs ?? []
        var services: [ServiceConfig] = []
        for s in all {
            let placed = s.azs.map { $0.compactMap(resolveAZ) } ?? firstRegionAZs
            if let given = s.azs, given.isEmpty { err(s.name, "the service '\(s.name.value)' is placed in no AZ.", fix: "list at least one AZ under azs") }
            if s.function != nil, Set(placed.map { azs[Int($0.index)].region }).count > 1 {
                err(
                    s.name, "the function '\(s.name.value)' is placed in AZs of more than one region.",
                    fix: "a Lambda function lives in one Region; define one function per Region")
            }
            let calls = s.calls.compactMap { resolveCall($0, all: all, resolveService: resolveService, doc: doc) }
            guard let serviceTime = s.serviceTime else { continue }
            if let managed = s.managed {
                guard let kind = resolveManaged(s, managed, all: all, resolveService: resolveService, doc: doc) else { continue }
                var routeCalls = calls
                if case .apiRoute(_, _, _, _, _, let timeout, let fn, _) = managed, let target = resolveService(fn) {
                    routeCalls = [CallConfig(target: target, routing: .sameAZ, onError: .fail, timeout: timeout)]
                }
                services.append(
                    ServiceConfig(
                        name: s.name.value, azs: placed, workersPerAZ: s.workersPerAZ ?? 10_000_000, queueCapacity: s.queueCapacity ?? 0,
                        serviceTime: serviceTime, timeout: nil, errorProbability: 0, calls: routeCalls, kind: kind))
                continue
            }
            if let fn = s.function {
                guard let function = validateFunction(s, fn, allFiles: all, resolveService: resolveService, period: f.period ?? Defaults.period, doc: doc)
                else { continue }
                services.append(
                    ServiceConfig(
                        name: s.name.value, azs: placed, workersPerAZ: 0, queueCapacity: 0, serviceTime: serviceTime,
                        timeout: function.timeout, errorProbability: s.errorRate ?? 0, calls: calls,
                        kind: .function(function.config)))
                continue
            }
            guard let workers = s.workersPerAZ else { continue }
            var config = ServiceConfig(
                name: s.name.value, azs: placed, workersPerAZ: workers,
                queueCapacity: s.queueCapacity ?? nil, serviceTime: serviceTime,
                timeout: s.timeout ?? nil, errorProbability: s.errorRate ?? 0, calls: calls)
            if let c = s.compute {
                guard let built = validateCompute(c, service: s, azCount: placed.count, period: f.period ?? Defaults.period, doc: doc) else { continue }
                (config.hosts, config.loadBalancer, config.autoScaling) = (built.hosts, built.lb, built.asg)
            }
            services.append(config)
        }
        let lambdaAccount = validateAccount(f, services: services, doc: doc)
        if services.count == all.count { checkLoadBalancerNames(all, services: services, doc: doc) }
        let prefixLists = validatePrefixLists(
            f.prefixLists, serviceNames: serviceNames, topology: Topology(regions: regions, azs: azs),
            account: f.account?.value ?? defaultAccount, doc: doc)
        let faults =
            services.count == all.count
            ? validateFaults(
                f.faults, services: services, topology: Topology(regions: regions, azs: azs), prefixLists: prefixLists, resolveService: resolveService, doc: doc
            ) : []
        // Calls must not loop: a request waiting on itself would deadlock its worker.
        if services.count == all.count, let cycle = callCycle(services) {
            let at = all[cycle[0]].name
            err(
                at, "services call each other in a cycle: \(cycle.map { services[$0].name }.joined(separator: " -> ")) -> \(services[cycle[0]].name).",
                fix: "remove one of these calls; a synchronous call cycle would hold workers forever")
        }
        if services.count == all.count {
            checkDatabases(all, services: services, workloads: f.workloads, topology: Topology(regions: regions, azs: azs), doc: doc)
        }
        // Workloads.
        var workloads: [WorkloadConfig] = []
        var workloadNames: Set<String> = []
        for w in f.workloads {
            if !workloadNames.insert(w.name.value).inserted { err(w.name, "the workload '\(w.name.value)' is defined twice.") }
            guard var target = resolveService(w.service) else { continue }
            if w.client != nil, let client = serviceIndex["client/\(w.name.value)"] { target = ServiceID(client) }
            var weights: [(az: AZID, weight: Double)] = []
            if let given = w.azWeights {
                for (az, weight) in given { if let id = resolveAZ(az) { weights.append((id, weight)) } }
                if !given.isEmpty, weights.count == given.count, weights.allSatisfy({ $0.weight == 0 }) {
                    err(w.name, "every AZ weight of workload '\(w.name.value)' is zero.", fix: "give at least one AZ a positive weight")
                    continue
                }
            } else if Int(target.index) < services.count {
                weights = services[Int(target.index)].azs.map { ($0, 1.0) }
            }
            guard !weights.isEmpty, let arrivals = w.arrivals else { continue }
            let process: ArrivalProcess
            switch arrivals {
            case .poisson(let rate): process = .poisson(rate: rate)
            case .trace(let times): process = .trace(times.map { .zero + $0 })
            case .schedule(let points, let node):
                guard !points.isEmpty else {
                    err(node, "the schedule has no points.", fix: "add points such as - { at: 0s, rate: 10 }")
                    continue
                }
                if zip(points, points.dropFirst()).contains(where: { $0.at > $1.at }) {
                    err(node, "schedule points must be in time order.", fix: "sort the points by 'at'")
                    continue
                }
                process = .schedule(RateSchedule(points: points.map { .init(time: .zero + $0.at, rate: $0.rate) }))
            }
            workloads.append(WorkloadConfig(name: w.name.value, target: target, azWeights: weights, arrivals: process))
        }
        let horizon = f.horizon ?? Defaults.horizon
        let warmup = f.warmup ?? Defaults.warmup
        if warmup >= horizon {
            err(f.root, "the warm-up (\(warmup)) is not shorter than the horizon (\(horizon)).", fix: "shorten warmup or lengthen horizon")
        }
        let period = f.period ?? Defaults.period
        if let problem = ScenarioSpec.periodProblem(horizon: horizon, period: period) {
            err(f.root, problem.message, fix: problem.fix)
        }
        func sampler(_ given: Sampler?, _ fallback: Distribution) -> Sampler {
            given ?? (try! Sampler(fallback))
        }
        var model = ModelConfig(
            topology: Topology(regions: regions, azs: azs),
            network: NetworkConfig(
                intraAZ: sampler(f.network.intraAZ, Defaults.intraAZ),
                crossAZ: sampler(f.network.crossAZ, Defaults.crossAZ),
                crossRegion: sampler(f.network.crossRegion, Defaults.crossRegion)),
            services: services, workloads: workloads,
            period: period, warmup: warmup, horizon: horizon,
            limits: RunLimits(maxEvents: f.maxEvents ?? Defaults.maxEvents, maxInFlight: f.maxInFlight ?? Defaults.maxInFlight),
            generator: f.generator ?? .mt19937, lambdaAccount: lambdaAccount, faults: faults)
        guard let name = f.name else { return nil }
        var ledger: (accepted: String, stored: String, buffers: [String])?
        if let l = f.ledger {
            let ok = resolveService(l.accepted) != nil
            let stored = resolveService(l.stored)
            if let stored,
                !services.indices.contains(Int(stored.index)) || !{ if case .table = services[Int(stored.index)].kind { return true } else { return false } }()
            {
                err(l.stored, "'\(l.stored.value)' is not a DynamoDB table.", fix: "name a table under tables:")
            }
            for b in l.buffers {
                // An unknown name already has its diagnostic from resolveService.
                guard let id = resolveService(b) else { continue }
                if services.indices.contains(Int(id.index)), case .queue = services[Int(id.index)].kind {
                } else {
                    err(b, "'\(b.value)' is not an SQS queue.", fix: "list queues under ledger.buffers")
                }
            }
            if ok, stored != nil { ledger = (l.accepted.value, l.stored.value, l.buffers.map(\.value)) }
        }
        let account = f.account?.value ?? defaultAccount
        markComputeMetrics(&model.services, named: Set(f.alarms.map(\.config.resource) + f.hypotheses.map(\.resource.value)))
        let (alarms, alarmARNs) = validateAlarms(f.alarms, model: model, account: account, doc: doc)
        model.alarms = alarms
        let (experiments, skipWarnings) = validateExperiments(
            f.experiments, alarmARNs: alarmARNs, topology: model.topology, prefixLists: prefixLists, unsupported: unsupported,
            automationDocuments: f.automationDocuments, doc: doc)
        let inventory =
            inventory(all, services: services, topology: model.topology, account: account)
            + networkInventory(f, all: all, services: services, topology: model.topology, account: account, doc: doc)
        var spec = ScenarioSpec(
            name: name, description: f.description ?? "", defaultSeed: f.seed ?? Defaults.seed, model: model, sourceHash: hash, ledger: ledger,
            experiments: experiments, inventory: inventory)
        // Load balancers record their own metrics (HTTPCode_ELB_5XX_Count, HealthyHostCount).
        spec.automationDocuments = f.automationDocuments
        spec.hypotheses = validateHypotheses(
            f.hypotheses, serviceNames: serviceNames + computeResourceNames(model),
            hasExperiment: !faults.isEmpty || !f.faults.isEmpty || !f.experiments.isEmpty,
            experimentNames: experiments.map(\.name), doc: doc)
        spec.dashboards = validateDashboards(f.dashboards, serviceNames: serviceNames, doc: doc)
        spec.warnings = preventExecutionWarnings(spec) + lingeringFaultWarnings(spec) + skipWarnings + effectWarnings(spec)
        // Only a model without errors can be built to list what it records.
        if doc.diagnostics.isEmpty { metricChecks(spec, alarms: f.alarms, hypotheses: f.hypotheses, doc: doc) }
        return spec
    }

    /// The most metric periods one run may write (a limit on the timeline's size).
    public static let maxPeriods: Int64 = 1_000_000

    /// Why `period` cannot be used with `horizon`, if it cannot.
    static func periodProblem(horizon: SimDuration, period: SimDuration) -> (message: String, fix: String)? {
        guard period > .zero else { return ("the metrics period must be longer than zero.", "use a period such as 60s") }
        let periods = (horizon.nanoseconds + period.nanoseconds - 1) / period.nanoseconds
        guard periods <= maxPeriods else {
            return (
                "a horizon of \(horizon) in periods of \(period) makes \(periods) metric periods, more than the limit of \(maxPeriods).",
                "use a longer period (at least \(SimDuration(nanoseconds: horizon.nanoseconds / maxPeriods + 1))) or a shorter horizon"
            )
        }
        return nil
    }

    /// A cycle in the call graph as service indices, if any (depth-first search).
    static func callCycle(_ services: [ServiceConfig]) -> [Int]? {
        var state = [UInt8](repeating: 0, count: services.count) // 0 new, 1 on stack, 2 done
        var stack: [Int] = []
        func visit(_ s: Int) -> [Int]? {
            state[s] = 1
            stack.append(s)
            for c in services[s].calls where c.invocation == .sync {
                let t = Int(c.target.index)
                if state[t] == 1 { return Array(stack[stack.firstIndex(of: t)!...]) }
                if state[t] == 0, let found = visit(t) { return found }
            }
            stack.removeLast()
            state[s] = 2
            return nil
        }
        for s in services.indices where state[s] == 0 {
            if let found = visit(s) { return found }
        }
        return nil
    }
}

/// Errors of the scenario layer that are not about a document's content.
public enum ScenarioError: Error, CustomStringConvertible, Equatable {
    case noFileAccess
    /// A run option (from the command line) does not fit the scenario.
    case invalidOption(String, fix: String)

    public var description: String {
        switch self {
        case .noFileAccess: return "this scenario refers to another file, but it was loaded without file access"
        case .invalidOption(let message, let fix): return "\(message) Fix: \(fix)"
        }
    }
}
