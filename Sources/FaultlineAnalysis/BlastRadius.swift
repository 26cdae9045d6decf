import FaultlineCloud
import FaultlineScenario

/// Which resources an experiment targets and which requests it hits, like FIS's target preview
/// (https://docs.aws.amazon.com/fis/latest/userguide/experiment-target-preview.html) but with
/// the consequences measured in the run.
public struct BlastRadius: Sendable, Equatable {
    /// A resource some fault acted on.
    public struct Target: Sendable, Equatable {
        public var resource: String
        /// `lambda`, `dynamodb`, `sqs`, `sns`, `apigateway` or `generic` (the AWS service name).
        public var type: String
        public var azs: [String]
        public var faults: [String]
    }

    /// Targeted resources of one type in one AZ.
    public struct Group: Sendable, Equatable {
        public var type: String
        public var az: String
        public var resources: [String]
    }

    /// Requests of one entry point or caller in the experiment phase (the whole run without one).
    public struct Share: Sendable, Equatable {
        public var resource: String
        public var requests: Double
        public var errors: Double
        /// Its requests over all listed ones' requests.
        public var shareOfTraffic: Double
        /// Its errors over all listed ones' errors (0 when there were none).
        public var shareOfErrors: Double
        public var errorRateBaseline: Double?
        public var errorRate: Double?
    }

    public var phase: Phase
    public var targets: [Target]
    public var groups: [Group]
    /// Where the workloads' requests enter (API routes, `client/<workload>`, services).
    public var entryPoints: [Share]
    /// Resources that call a targeted resource.
    public var callers: [Share]
    /// Workload requests by the AZ they entered (`resource` is the AZ): answers and failed
    /// answers at the entry points, from the model's per-AZ entry counters.
    public var azs: [Share]

    public static func of(_ run: ScenarioRun, store: SeriesStore, window: PhaseWindow, ledger: RequestLedger) -> BlastRadius {
        let model = run.spec.model
        var targets: [Target] = []
        for f in model.faults {
            let hostAZs = f.hosts.map { model.topology.name(of: $0.az) }
            for t in f.targets {
                let s = model.services[Int(t.index)]
                let azs = hostAZs.isEmpty ? s.azs.map { model.topology.name(of: $0) } : hostAZs
                if let i = targets.firstIndex(where: { $0.resource == s.name }) {
                    if !targets[i].faults.contains(f.name) { targets[i].faults.append(f.name) }
                    for az in azs where !targets[i].azs.contains(az) { targets[i].azs.append(az) }
                } else {
                    // Hosts report their FIS resource type (EC2 instances, ECS tasks, EKS pods).
                    let type = s.hosts.map { $0.type.resourceType.replacingOccurrences(of: "aws:", with: "") } ?? s.kind.awsService
                    targets.append(Target(resource: s.name, type: type, azs: azs, faults: [f.name]))
                }
            }
        }
        var groups: [Group] = []
        for t in targets {
            for az in t.azs {
                if let i = groups.firstIndex(where: { $0.type == t.type && $0.az == az }) {
                    groups[i].resources.append(t.resource)
                } else {
                    groups.append(Group(type: t.type, az: az, resources: [t.resource]))
                }
            }
        }
        groups.sort { ($0.type, $0.az) < ($1.type, $1.az) }
        let phase: Phase = window.hasExperiment ? .experiment : .run

        let targeted = Set(targets.map(\.resource))
        let callers = model.services.filter { s in
            !targeted.contains(s.name)
                && s.calls.contains { c in
                    targeted.contains(model.services[Int(c.target.index)].name)
                        || c.fallback.contains { targeted.contains(model.services[Int($0.target.index)].name) }
                }
        }.map(\.name)
        return BlastRadius(
            phase: phase, targets: targets, groups: groups,
            entryPoints: ledgerShares(ledger.entryPoints, window: window, phase: phase),
            callers: shares(callers, store: store, window: window, phase: phase),
            azs: ledgerShares(ledger.azs, window: window, phase: phase))
    }

    /// Entry points and AZs: the request ledger's slices (requests entered, errors = every
    /// outcome but success; error rate = errors over outcomes).
    static func ledgerShares(_ slices: [RequestLedger.Slice], window: PhaseWindow, phase: Phase) -> [Share] {
        var out = slices.map { s in
            Share(
                resource: s.name, requests: s[phase].entered, errors: s[phase].errors, shareOfTraffic: 0, shareOfErrors: 0,
                errorRateBaseline: window.hasExperiment ? s[.pre].errorRate : nil, errorRate: s[phase].errorRate)
        }
        let requests = out.reduce(0) { $0 + $1.requests }, errors = out.reduce(0) { $0 + $1.errors }
        for i in out.indices {
            out[i].shareOfTraffic = requests > 0 ? out[i].requests / requests : 0
            out[i].shareOfErrors = errors > 0 ? out[i].errors / errors : 0
        }
        return out
    }

    static func shares(_ names: [String], store: SeriesStore, window: PhaseWindow, phase: Phase) -> [Share] {
        var out: [Share] = []
        for n in names {
            guard let pair = MetricNames.errorPair(of: n, in: store) else { continue }
            let r = store.phaseValues(pair.requests, window: window), e = store.phaseValues(pair.errors, window: window)
            let rate = store.phaseRatio(pair.errors, pair.requests, window: window)
            out.append(
                Share(
                    resource: n, requests: r[phase] ?? 0, errors: e[phase] ?? 0, shareOfTraffic: 0, shareOfErrors: 0,
                    errorRateBaseline: window.hasExperiment ? rate.pre : nil, errorRate: rate[phase]))
        }
        let requests = out.reduce(0) { $0 + $1.requests }, errors = out.reduce(0) { $0 + $1.errors }
        for i in out.indices {
            out[i].shareOfTraffic = requests > 0 ? out[i].requests / requests : 0
            out[i].shareOfErrors = errors > 0 ? out[i].errors / errors : 0
        }
        return out
    }
}
