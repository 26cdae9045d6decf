import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// What `faultline plan` prints for one template: the resolved targets (as
/// ListExperimentResolvedTargets would) and the action schedule, from ``ExperimentPlanner``.
public struct TemplatePlan: Sendable {
    public struct Action: Sendable {
        public var name: String
        public var actionId: String
        /// Offsets from StartExperiment (the initiation delay included).
        public var start: SimDuration?
        public var end: SimDuration?
        public var duration: SimDuration
        public var startAfter: [String]
        /// Action target key -> template target name, in file order.
        public var targets: StringPairs
        public var status: String
        /// False when the model has no fault for the action (planned, never replayed).
        public var simulated: Bool
        public var note: String?
    }

    public var name: String
    public var file: String
    /// When StartExperiment is called (scenario time; zero without a scenario).
    public var startExperiment: SimDuration
    public var initiationDelay: SimDuration
    public var seed: UInt64
    public var status: String
    public var failure: String?
    public var targets: [ExperimentOutcome.ResolvedTarget]
    public var actions: [Action]
    /// Unresolved placeholders, by name, in order of first appearance.
    public var placeholders: [String]
    /// Things the planner refused or worked around.
    public var notes: [String]
    /// The template's genuine validation errors: what FIS refuses at CreateExperimentTemplate
    /// (`faultline plan` prints the plan anyway and exits 1).
    public var refusals: [String] = []
}

public struct PlanError: Error, CustomStringConvertible {
    public var description: String
}

/// Plans templates without running them, against a scenario's inventory or one synthesized from
/// the template itself.
public enum TemplatePlanner {
    public enum Inventory: Sendable {
        case scenario([InventoryResource])
        /// `perType` resources for every target.
        case synthesize(perType: Int)
    }

    /// Substitutes `params`, reads the file (every template it holds) and plans each one.
    /// Throws only when the file holds no readable template.
    public static func plan(
        text raw: String, file: String, params: [(key: String, value: String)] = [], inventory: Inventory,
        seed: UInt64, experimentName: String? = nil, startExperiment: SimDuration = .zero,
        initiationDelay: SimDuration = ExperimentSpec.defaultInitiationDelay,
        allowUnknownActions: Bool = false, automationDocuments: [AutomationDocument] = []
    ) throws -> [TemplatePlan] {
        let text = ExperimentSpec.substitute(raw, params)
        let report = TemplateValidator.validate(text: text, file: file, allowUnknownActions: allowUnknownActions)
        guard !report.templates.isEmpty else {
            let why = report.errors.first.map { "\($0)" } ?? "no experiment template found"
            throw PlanError(description: "\(file): cannot plan: \(why)")
        }
        // Over the FIS quota the schedule is not computed at all (its work grows with the actions).
        if let big = report.templates.first(where: { $0.actions.count > ActionCatalog.maxActionsPerTemplate }) {
            throw PlanError(
                description:
                    "\(file): cannot plan: the template has \(big.actions.count) actions; FIS allows at most \(ActionCatalog.maxActionsPerTemplate) per template. Fix: split the experiment into several templates"
            )
        }
        return report.templates.enumerated().map { i, template in
            var notes: [String] = []
            let genuine = report.genuineErrors.count
            if genuine > 0 { notes.append("the template has \(genuine) validation error(s) FIS would refuse (see `faultline validate`); planned anyway") }
            let base = NSStringLike(path: file).baseName
            let name = experimentName ?? template.logicalID ?? (report.templates.count > 1 ? "\(base)-\(i + 1)" : base)
            let resources: [InventoryResource]
            switch inventory {
            case .scenario(let r): resources = r
            case .synthesize(let n):
                // Declared automation documents' targets are synthesized too.
                var expanded = template
                _ = ScenarioSpec.expandAutomation(&expanded, declared: automationDocuments, doc: DocumentReader(file: file), node: { ($0, nil) })
                resources = synthesize(expanded, perType: n)
            }
            var out = plan(
                template, name: name, file: file, inventory: resources, seed: seed, startExperiment: startExperiment,
                initiationDelay: initiationDelay, placeholders: report.placeholders, notes: notes, automationDocuments: automationDocuments)
            out.refusals = report.genuineErrors.map(\.diagnostic.description)
            return out
        }
    }

    /// Plans one template through ``ExperimentPlanner`` (same random stream as a scenario run).
    public static func plan(
        _ template: ExperimentTemplate, name: String, file: String, inventory: [InventoryResource], seed: UInt64,
        startExperiment: SimDuration = .zero, initiationDelay: SimDuration = ExperimentSpec.defaultInitiationDelay,
        placeholders: [String] = [], notes: [String] = [], automationDocuments: [AutomationDocument] = []
    ) -> TemplatePlan {
        var notes = notes
        var specs: [ExperimentSpec.ActionSpec] = []
        // aws:ssm:start-automation-execution: the declared documents' effects (their targets join
        // the template's); undeclared documents are named.
        var template = template
        let adoc = DocumentReader(file: file)
        let automation = ScenarioSpec.expandAutomation(&template, declared: automationDocuments, doc: adoc, node: { ($0, nil) })
        for d in adoc.diagnostics { notes.append("automation: \(d.message)\(d.fix.map { " Fix: \($0)" } ?? "")") }
        for a in template.actions {
            if a.actionId == AutomationDocument.actionID {
                let after = a.startAfter.compactMap { n in template.actions.firstIndex { $0.name == n } }
                if let x = automation.expanded[a.name] {
                    specs.append(
                        .init(
                            name: a.name, actionId: a.actionId, fault: x.fault, duration: x.duration, target: x.target.name,
                            serviceFilter: nil, startAfter: after))
                    continue
                }
                if let d = automation.undeclared[a.name] {
                    notes.append("\(AutomationDocument.undeclaredMessage(action: a.name, document: d)) Fix: \(AutomationDocument.undeclaredFix)")
                }
            }
            var duration = FaultParameters.instantActions[a.actionId] ?? SimDuration.zero
            // The action's length as the catalog defines it (stop-instances: startInstancesAfterDuration).
            let lengthKey = ActionCatalog.lengthParameter(of: a.actionId)
            let legacy = ActionCatalog.action(a.actionId)?.legacyNames.first { $0.value == lengthKey }?.key
            if let key = lengthKey, let d = a.parameters[key] ?? legacy.flatMap({ a.parameters[$0] }) {
                if let p = try? SimDuration.parse(d), p > .zero {
                    duration = p
                } else {
                    notes.append("action '\(a.name)': \(key) '\(d)' is not an ISO-8601 duration; it ends at once")
                }
            }
            let target = a.targets.pairs.first?.value
            specs.append(
                .init(
                    name: a.name, actionId: a.actionId, fault: nil, duration: duration, target: target,
                    serviceFilter: nil, startAfter: a.startAfter.compactMap { n in template.actions.firstIndex { $0.name == n } }))
        }
        // The planner schedules until every action has a window: break startAfter cycles first.
        var placed = Set<Int>()
        while placed.count < specs.count {
            let ready = specs.indices.filter { !placed.contains($0) && specs[$0].startAfter.allSatisfy(placed.contains) }
            if ready.isEmpty {
                for i in specs.indices where !placed.contains(i) {
                    notes.append("action '\(specs[i].name)': startAfter cycle; scheduled as if it had no predecessors")
                    specs[i].startAfter = []
                }
            } else {
                placed.formUnion(ready)
            }
        }
        for t in template.targets {
            if case .unresolved(let m) = t.selectionMode {
                notes.append("target '\(t.name)': selection mode '\(m)' is not ALL/COUNT(n)/PERCENT(n); planned as ALL")
            }
        }
        let spec = ExperimentSpec(
            name: name, templateFile: file, template: template, start: startExperiment,
            initiationDelay: initiationDelay, actions: specs)
        let outcome = ExperimentPlanner.plan([spec], inventory: inventory, services: [], seed: seed).outcomes[0]
        let t0 = SimInstant.zero + startExperiment
        let actions = outcome.actions.enumerated().map { i, o in
            let a = template.actions[i]
            let simulated = a.actionId == "aws:fis:wait" || FaultParameters.actions[a.actionId] != nil || automation.expanded[a.name] != nil
            return TemplatePlan.Action(
                name: a.name, actionId: a.actionId, start: o.start.map { $0 - t0 }, end: o.end.map { $0 - t0 },
                duration: specs[i].duration, startAfter: a.startAfter,
                targets: automation.expanded[a.name].map { StringPairs([.init(key: "Automation", value: $0.target.name)]) } ?? a.targets,
                status: o.status == .completed ? "scheduled" : o.status.rawValue, simulated: simulated, note: o.note)
        }
        let failure = outcome.states.last { $0.status == .failed }?.reason
        return TemplatePlan(
            name: name, file: file, startExperiment: startExperiment, initiationDelay: initiationDelay, seed: seed,
            status: outcome.status == .completed ? "planned" : outcome.status.rawValue, failure: failure,
            targets: outcome.targets, actions: actions, placeholders: placeholders, notes: notes)
    }

    /// The region and account of the template's first concrete ARN (`us-east-1`, the default account otherwise).
    static func regionAndAccount(_ t: ExperimentTemplate) -> (region: String, account: String) {
        // Then the SSM documents' ARNs: an automation-only template names its Region there.
        let arns =
            t.targets.flatMap(\.resourceArns) + [t.roleArn] + t.stopConditions.compactMap(\.value) + t.actions.compactMap { $0.parameters["documentArn"] }
        var region: String?, account: String?
        for arn in arns {
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 5, parts[0] == "arn" else { continue }
            // A Region name, not a piece of a placeholder (`${AWS::Region}` splits at its colons).
            if region == nil, !Placeholder.isPlaceholder(parts[3]), ScenarioSynthesizer.isRegionName(parts[3]) { region = parts[3] }
            if account == nil, parts[4].count == 12, parts[4].allSatisfy(\.isNumber) { account = parts[4] }
        }
        return (region ?? "us-east-1", account ?? ScenarioSpec.defaultAccount)
    }

    /// `perType` resources of each target's type, spread round-robin over three AZs (or the AZs its
    /// filters list), with its tags and filter values; a target listing ARNs gets exactly those
    /// (placeholders kept verbatim, so they match by position).
    public static func synthesize(_ template: ExperimentTemplate, perType: Int = 6) -> [InventoryResource] {
        let (region, account) = regionAndAccount(template)
        var out: [InventoryResource] = []
        var seen = Set<String>()
        for t in template.targets {
            let azFilter = t.filters.first { $0.path == "Placement.AvailabilityZone" || $0.path == "AvailabilityZone" }
            // Target parameters that name AZs place the resources there too (the filter wins).
            let azParameter = ["availabilityZoneIdentifier", "availabilityZoneIdentifiers", "writerAvailabilityZoneIdentifiers"]
                .compactMap { t.parameters[$0] }.first
                .map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { $0 != "all" && !$0.isEmpty } }
            let azs =
                azFilter.map(\.values).flatMap { $0.isEmpty ? nil : $0 } ?? azParameter.flatMap { $0.isEmpty ? nil : $0 }
                ?? ["\(region)a", "\(region)b", "\(region)c"]
            var attributes = StringPairs(t.filters.filter { $0.path != azFilter?.path && !$0.values.isEmpty }.map { .init(key: $0.path, value: $0.values[0]) })
            var tags = t.resourceTags
            // EKS pods and ECS tasks: the target parameters describe them (labels are tags here).
            for key in ["clusterIdentifier", "namespace", "cluster", "service", "vpc", "deploymentName"] {
                if let v = t.parameters[key] { attributes.pairs.append(.init(key: key, value: v)) }
            }
            if let v = t.parameters["selectorValue"] {
                switch t.parameters["selectorType"] ?? "labelSelector" {
                case "deploymentName": attributes.pairs.append(.init(key: "deploymentName", value: v))
                case "labelSelector":
                    for pair in v.split(separator: ",") {
                        let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: " ") }
                        tags.pairs.append(.init(key: kv.first ?? "", value: kv.count > 1 ? kv[1] : ""))
                    }
                default: break
                }
            }
            let podName = t.parameters["selectorType"] == "podName" ? t.parameters["selectorValue"] : nil
            let parts = t.resourceType.split(separator: ":").map(String.init)
            let service = parts.count > 1 ? parts[1] : "unknown"
            let kind = parts.count > 2 ? parts[2] : "resource"
            let count = t.resourceArns.isEmpty ? (podName == nil ? perType : 1) : t.resourceArns.count
            for i in 0..<count {
                let name = podName ?? "\(t.name.lowercased())-\(i + 1)"
                let arn = t.resourceArns.isEmpty ? "arn:aws:\(service):\(service == "iam" ? "" : region):\(account):\(kind)/\(name)" : t.resourceArns[i]
                guard seen.insert("\(t.resourceType) \(arn)").inserted else { continue }
                out.append(
                    InventoryResource(
                        name: t.resourceArns.isEmpty || Placeholder.isPlaceholder(arn) ? name : (arn.split(separator: "/").last.map(String.init) ?? arn),
                        resourceType: t.resourceType, arn: arn, tags: tags, service: ServiceID(0),
                        hasFISExtension: true, az: azs[i % azs.count], attributes: attributes))
            }
        }
        return out
    }
}

extension TemplatePlan {
    /// Deterministic text: file order for targets and actions, inventory order for resources.
    public var text: String {
        func s(_ d: SimDuration) -> String {
            d.nanoseconds % 1_000_000_000 == 0 ? "\(d.nanoseconds / 1_000_000_000)s" : "\(d.seconds)s"
        }
        var l: [String] = []
        l.append("experiment: \(name)  (\(file))  seed: \(seed)")
        l.append("StartExperiment at t=\(s(startExperiment)); initiation delay \(s(initiationDelay)); status: \(status)")
        if let failure { l.append("  refused: \(failure)") }
        if !placeholders.isEmpty { l.append("unresolved placeholders: \(placeholders.joined(separator: ", "))") }
        l.append("resolved targets:")
        for t in targets {
            l.append("  \(t.name)  \(t.resourceType)  \(t.selectionMode)  \(t.resources.count) of \(t.candidates) candidate(s)")
            for r in t.resources {
                let tags = r.tags.isEmpty ? "-" : r.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                l.append("    \(r.name)  \(r.arn)  az=\(r.az ?? "-")  tags=\(tags)")
            }
        }
        l.append("actions (offsets from StartExperiment; t = scenario time):")
        for a in actions {
            let window =
                a.start.map { st in
                    "start +\(s(st)) (t=\(s(st + startExperiment)))  end +\(s(a.end ?? st)) (t=\(s((a.end ?? st) + startExperiment)))"
                } ?? "not started"
            let targets = a.targets.isEmpty ? "-" : a.targets.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            l.append(
                "  \(a.name)  \(a.actionId)  \(window)  duration \(s(a.duration))  after: \(a.startAfter.isEmpty ? "-" : a.startAfter.joined(separator: ","))  targets: \(targets)  \(a.status)\(a.simulated ? "" : "  [not simulated]")"
            )
            if let n = a.note { l.append("    note: \(n)") }
        }
        let unsupported = actions.filter { !$0.simulated }.map(\.actionId)
        if !unsupported.isEmpty {
            var seen = Set<String>()
            l.append("not simulated (planned only): \(unsupported.filter { seen.insert($0).inserted }.joined(separator: ", "))")
        }
        for n in notes { l.append("note: \(n)") }
        return l.joined(separator: "\n") + "\n"
    }
}

/// The file name without folders or extension (no Foundation in this module).
private struct NSStringLike {
    var path: String
    var baseName: String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}
