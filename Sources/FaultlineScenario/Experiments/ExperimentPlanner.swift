import FaultlineCloud
import FaultlineFIS
import FaultlineKernel
import FaultlineRandom

/// What one experiment did in a run: FIS's state history, resolved targets and action windows.
public struct ExperimentOutcome: Sendable, Equatable {
    public struct StateChange: Sendable, Equatable {
        public var status: ExperimentStatus
        public var at: SimInstant
        public var reason: String?
        /// The stop-condition alarm that ended the experiment.
        public var alarm: String? = nil
    }

    /// One template target as ListExperimentResolvedTargets shows it.
    public struct ResolvedTarget: Sendable, Equatable {
        public var name: String
        public var resourceType: String
        public var selectionMode: String
        /// Resources that matched type, ARNs and tags, before the selection mode.
        public var candidates: Int
        public var resources: [InventoryResource]
    }

    public struct Action: Sendable, Equatable {
        public var name: String
        public var actionId: String
        /// completed, skipped, stopped (by a stop condition while running) or cancelled.
        public var status: ExperimentActionStatus
        public var start: SimInstant?
        public var end: SimInstant?
        public var target: String?
        /// The resources the fault acts on (Lambda actions: those with the FIS extension).
        public var resources: [String]
        /// The model fault's name (`<experiment>/<action>`), when the action injects one.
        public var fault: String?
        public var note: String?
        /// When FIS rolled the action back: a running action stopped by a stop condition or
        /// StopExperiment is rolled back at the stop (its fault window ends there).
        public var rollback: SimInstant? = nil
    }

    public var name: String
    public var templateFile: String
    public var status: ExperimentStatus
    public var states: [StateChange]
    public var targets: [ResolvedTarget]
    public var actions: [Action]
}

/// Resolves an experiment's targets and schedules its actions: a pure function of the
/// experiment, the scenario's inventory and the run's seed.
public enum ExperimentPlanner {
    /// The random stream COUNT/PERCENT selection draws from.
    public static func streamName(_ experiment: String) -> String { "experiment/\(experiment)" }

    /// Picks the targeted resources: type, ARNs (exact), tags (all must match), filters (the
    /// value at each path is one of the listed ones), then the
    /// selection mode (COUNT/PERCENT draw without replacement from `stream`).
    public static func resolve(_ t: TemplateTarget, inventory: [InventoryResource], stream: RandomStream) -> ExperimentOutcome.ResolvedTarget {
        var candidates = inventory.filter { ExperimentSpec.matches(t.resourceType, $0.resourceType) }
        if !t.resourceArns.isEmpty { candidates = candidates.filter { t.resourceArns.contains($0.arn) } }
        if !t.resourceTags.isEmpty {
            candidates = candidates.filter { r in t.resourceTags.allSatisfy { tag in r.tags.contains { $0.key == tag.key && $0.value == tag.value } } }
        }
        for f in t.filters {
            candidates = candidates.filter { $0.matches(f) }
        }
        candidates = databaseTargetParameters(t, candidates)
        candidates = applyTargetParameters(t, to: candidates)
        let n: Int
        switch t.selectionMode {
        case .all, .unresolved: n = candidates.count
        case .count(let k): n = min(k, candidates.count)
        case .percent(let p): n = candidates.count * p / 100
        }
        var chosen = Array(candidates.indices)
        if n < candidates.count {
            // Partial Fisher–Yates, then back to inventory order.
            for i in 0..<n { chosen.swapAt(i, i + stream.uniformInt(chosen.count - i)) }
            chosen = Array(chosen.prefix(n)).sorted()
        }
        return .init(
            name: t.name, resourceType: t.resourceType, selectionMode: t.selectionMode.description,
            candidates: candidates.count, resources: chosen.map { candidates[$0] })
    }

    /// Plans every experiment; returns the faults to add to the model and the outcomes.
    public static func plan(
        _ experiments: [ExperimentSpec], inventory: [InventoryResource], services: [ServiceConfig],
        topology: Topology = Topology(regions: [], azs: []), seed: UInt64, replication: UInt32 = 0, generator: RandomGenerator = .mt19937
    ) -> (faults: [FaultConfig], outcomes: [ExperimentOutcome]) {
        var faults: [FaultConfig] = []
        var outcomes: [ExperimentOutcome] = []
        for e in experiments {
            let stream = RandomStream(master: seed, component: streamName(e.name), replication: replication, generator: generator)
            let t0 = SimInstant.zero + e.start
            let running = t0 + e.initiationDelay
            let targets = e.template.targets.map { resolve($0, inventory: inventory, stream: stream) }
            var states = [ExperimentOutcome.StateChange(status: .pending, at: t0), .init(status: .initiating, at: t0)]
            let skip = e.template.experimentOptions.emptyTargetResolutionMode == .skip
            // Targets that only skipped actions use are not resolved against the model (unsupported: skip).
            let used = Set(e.actions.filter { $0.skipped == nil }.compactMap(\.target))
            let onlySkipped = Set(e.actions.filter { $0.skipped != nil }.compactMap(\.target)).subtracting(used)
            if !skip, let empty = targets.first(where: { $0.resources.isEmpty && !onlySkipped.contains($0.name) }) {
                states.append(
                    .init(
                        status: .failed, at: running,
                        reason:
                            "InvalidTarget: target '\(empty.name)' (\(empty.resourceType), \(empty.selectionMode)) resolved to no resources (\(empty.candidates) matched)"
                    ))
                outcomes.append(
                    ExperimentOutcome(
                        name: e.name, templateFile: e.templateFile, status: .failed, states: states, targets: targets,
                        actions: e.actions.map { .init(name: $0.name, actionId: $0.actionId, status: .cancelled, target: $0.target, resources: []) }))
                continue
            }
            states.append(.init(status: .running, at: running))
            var actions: [ExperimentOutcome.Action?] = Array(repeating: nil, count: e.actions.count)
            // startAfter is acyclic (the validator checks): schedule until every action has a window.
            while actions.contains(where: { $0 == nil }) {
                for (i, a) in e.actions.enumerated() where actions[i] == nil && a.startAfter.allSatisfy({ actions[$0] != nil }) {
                    let start = a.startAfter.map { actions[$0]!.end! }.max() ?? running
                    var out = ExperimentOutcome.Action(
                        name: a.name, actionId: a.actionId, status: .completed, start: start,
                        end: start + a.duration, target: a.target, resources: [])
                    var ids: [ServiceID] = []
                    var hostRefs: [HostRef] = []
                    if let reason = a.skipped {
                        // FIS: a skipped action ends at once and the actions after it start.
                        out.status = .skipped
                        out.end = start
                        out.note = reason
                    } else if let tn = a.target, let t = targets.first(where: { $0.name == tn }) {
                        var rs = t.resources
                        if t.resources.isEmpty {
                            out.status = .skipped
                            out.end = start
                            out.note = "target '\(tn)' resolved to no resources (emptyTargetResolutionMode skip)"
                        } else if a.fault?.isLambda == true {
                            rs = rs.filter(\.hasFISExtension)
                            if rs.count < t.resources.count {
                                out.note =
                                    "no effect on \(t.resources.filter { !$0.hasFISExtension }.map(\.name).joined(separator: ", ")): no FIS extension layer"
                            }
                        } else if a.fault?.isCompute == true {
                            // A service's implicit host (`platform:` without `hosts:`) has no
                            // instance lifecycle or load balancer: compute actions pass it by.
                            let implicit = rs.filter {
                                $0.host != nil && services.indices.contains(Int($0.service.index)) && services[Int($0.service.index)].hosts == nil
                            }
                            if !implicit.isEmpty {
                                rs = rs.filter { r in !implicit.contains { $0.arn == r.arn } }
                                out.note =
                                    "no effect on \(implicit.map(\.name).joined(separator: ", ")): implicit hosts of a service without hosts: (give it hosts: to model instances, tasks or pods)"
                            }
                        }
                        if out.status == .completed {
                            // Hosts of one service resolve to that service once, plus the hosts.
                            for r in rs where !ids.contains(r.service) { ids.append(r.service) }
                            hostRefs = rs.compactMap(\.host)
                        }
                        out.resources = out.status == .completed ? rs.map(\.name) : []
                    } else if let filter = a.serviceFilter {
                        ids = services.indices.filter { i in
                            let kind = services[i].kind.awsService
                            return kind != "generic" && kind != "apigateway" && (filter == "all" || filter == kind)
                        }.map { ServiceID($0) }
                        out.resources = ids.map { services[Int($0.index)].name }
                    }
                    if let fault = a.fault, fault.isNetwork, out.status == .completed,
                        let tn = a.target, let t = targets.first(where: { $0.name == tn })
                    {
                        // Subnets, transit gateways (their Region's subnets) or hosts.
                        var config = FaultConfig(
                            name: "\(e.name)/\(a.name)", action: fault, targets: [], start: start, end: start + min(a.duration, a.effectDuration ?? a.duration))
                        for r in t.resources {
                            if let s = r.subnet, !config.subnets.contains(s) { config.subnets.append(s) }
                            if let g = r.transitGatewayRegion, Int(g.index) < topology.regions.count {
                                for s in topology.regions[Int(g.index)].azs where !config.subnets.contains(s) { config.subnets.append(s) }
                            }
                            if let h = r.host {
                                config.hosts.append(h)
                                if !config.targets.contains(h.service) { config.targets.append(h.service) }
                            }
                        }
                        faults.append(config)
                        out.fault = config.name
                    } else if let fault = a.fault, !ids.isEmpty, out.status == .completed {
                        let name = "\(e.name)/\(a.name)"
                        var fc = FaultConfig(
                            name: name, action: fault, targets: ids, start: start, end: start + min(a.duration, a.effectDuration ?? a.duration))
                        fc.hosts = hostRefs
                        faults.append(fc)
                        out.fault = name
                    }
                    actions[i] = out
                }
            }
            let done = actions.compactMap { $0?.end }.max() ?? running
            states.append(.init(status: .completed, at: done, reason: "Experiment completed"))
            outcomes.append(
                ExperimentOutcome(
                    name: e.name, templateFile: e.templateFile, status: .completed, states: states,
                    targets: targets, actions: actions.map { $0! }))
        }
        return (faults, outcomes)
    }
}
