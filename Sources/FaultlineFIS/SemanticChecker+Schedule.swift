import FaultlineDocument
import FaultlineKernel

/// The limits FIS puts on a whole experiment, computed from `startAfter` and each action's
/// length (``ActionCatalog/Length``): an experiment lasts at most 12 hours (the longest
/// `startAfter` chain of durations), and at most 10 actions run at the same time
/// (docs "Quotas and limitations", `fis-reference.md` §1.8).
extension SemanticChecker {
    /// An action's start and length when every action starts as soon as its predecessors end.
    struct Slot {
        var name: String
        var start: SimDuration
        var length: SimDuration
        /// The predecessor that ends last (the previous link of this action's chain).
        var previous: Int?
        var end: SimDuration { start + length }
    }

    /// Start times over `startAfter` (nil when the graph has a cycle, which is reported elsewhere).
    func schedule(_ actions: [DocumentNode.Entry]) -> [Slot]? {
        let names = actions.map(\.key)
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        let lengths = actions.map { length(of: $0.value) }
        let preds: [[Int]] = actions.map { a in
            guard let list = a.value["startAfter"], case .sequence(let items) = list.value else { return [] }
            return items.compactMap { checker.stringValue($0).flatMap { index[$0] } }
        }
        // Kahn's algorithm over startAfter, each action placed once its predecessors are: linear
        // in the edges, no recursion, and the chain kept as a link to its predecessor.
        var slots: [Slot?] = Array(repeating: nil, count: actions.count)
        var waiting = preds.map(\.count)
        var successors = [[Int]](repeating: [], count: actions.count)
        for (i, ps) in preds.enumerated() { for p in ps { successors[p].append(i) } }
        var ready = actions.indices.filter { waiting[$0] == 0 }
        var next = 0
        while next < ready.count {
            let i = ready[next]
            next += 1
            let before = preds[i].max { slots[$0]!.end < slots[$1]!.end }
            slots[i] = Slot(name: names[i], start: before.map { slots[$0]!.end } ?? .zero, length: lengths[i], previous: before)
            for s in successors[i] {
                waiting[s] -= 1
                if waiting[s] == 0 { ready.append(s) }
            }
        }
        return slots.contains { $0 == nil } ? nil : slots.map { $0! }
    }

    /// The chain of actions that ends with `last`, first to last.
    func chain(endingAt last: Int, in slots: [Slot]) -> [Int] {
        var chain: [Int] = [], at: Int? = last
        while let k = at {
            chain.append(k)
            at = slots[k].previous
        }
        return chain.reversed()
    }

    /// The action's length: its catalog length parameter, else its `duration` (zero if unreadable).
    func length(of action: DocumentNode) -> SimDuration {
        let id = action["actionId"].flatMap(checker.stringValue) ?? ""
        let name: String
        switch ActionCatalog.action(id)?.length {
        case .instant?: return .zero
        case .parameter(let p)?: name = p
        case nil: name = "duration"
        }
        let legacy = ActionCatalog.action(id)?.legacyNames.first { $0.value == name }?.key
        guard let node = action["parameters"]?[name] ?? legacy.flatMap({ action["parameters"]?[$0] }), let text = checker.stringValue(node),
            let d = Self.isoDuration(text), d > .zero
        else { return .zero }
        // Capped far above the 12-hour quota so that a sum over a chain cannot overflow, and below
        // any length a template writes by mistake (PT99H is reported as 99h).
        return min(d, SimDuration.hours(24 * 366))
    }

    func checkSchedule(_ root: DocumentNode, _ actions: [DocumentNode.Entry]) {
        guard !actions.isEmpty, let slots = schedule(actions), let node = root["actions"] else { return }
        if let i = slots.indices.max(by: { slots[$0].end < slots[$1].end }), slots[i].end > ActionCatalog.maxExperimentDuration {
            let last = slots[i]
            let chain = chain(endingAt: i, in: slots).map { "\(slots[$0].name) (\(slots[$0].length))" }.joined(separator: " -> ")
            findings.error(
                node, "the longest startAfter chain lasts \(last.end): \(chain); FIS limits an experiment to 12 hours.",
                fix: "shorten the durations on this chain, or split the experiment into several templates")
        }
        // Actions running at each start time; an instant action counts at the moment it starts.
        var worst = 0, worstAt = SimDuration.zero, worstNames: [String] = []
        for s in Set(slots.map(\.start)).sorted() {
            let running = slots.filter { $0.start <= s && ($0.end > s || $0.start == s) }
            if running.count > worst {
                worst = running.count
                worstAt = s
                worstNames = running.map(\.name)
            }
        }
        if worst > ActionCatalog.maxParallelActions {
            findings.error(
                node,
                "\(worst) actions run at the same time (at +\(worstAt): \(worstNames.joined(separator: ", "))); FIS runs at most \(ActionCatalog.maxParallelActions) actions of an experiment in parallel.",
                fix: "chain some of them with startAfter, or split the experiment into several templates")
        }
    }

    /// Target checks against the catalog: resource types it does not know, target parameters.
    func checkTargetAgainstCatalog(_ t: DocumentNode.Entry) {
        let target = t.value
        guard let typeNode = target["resourceType"], let type = checker.stringValue(typeNode), !Placeholder.isPlaceholder(type) else { return }
        guard ActionCatalog.resourceTypes.contains(type) else {
            let hint = Suggestion.closest(to: type, in: ActionCatalog.resourceTypes).map { "did you mean '\($0)'? " } ?? ""
            unknown(
                typeNode, "'\(type)' is not a resource type of any FIS action Faultline knows; FIS refuses an unknown resource type.",
                fix: "\(hint)resource types: \(ActionCatalog.resourceTypes.joined(separator: ", "))")
            return
        }
        let known = ActionCatalog.targetParameters[type] ?? []
        let given = target["parameters"]?.entries ?? []
        for p in given where !known.contains(where: { $0.name == p.key }) && !Placeholder.isPlaceholder(p.key) {
            let keyNode = DocumentNode(value: .scalar(p.key, quoted: true), location: p.keyLocation, path: p.value.path)
            findings.warning(
                keyNode,
                "'\(p.key)' is not a documented target parameter of \(type)\(known.isEmpty ? " (it has none)" : "; its parameters: \(known.map(\.name).joined(separator: ", "))").",
                fix: "remove it, or check the target parameters in the FIS user guide (Targets)")
        }
        // Target parameters are read at target resolution, when the experiment starts.
        for p in known where p.required && !given.contains(where: { $0.key == p.name }) {
            findings.warning(
                path: DocumentNode.child(target.path, key: checker.display("parameters")), location: target["parameters"]?.location ?? target.location,
                "a target of type \(type) needs the target parameter '\(p.name)'; without it the experiment fails at target resolution (InvalidTarget).",
                fix: "add \"\(p.name)\": \"<value>\" to the target's \(checker.display("parameters"))")
        }
        if type == "aws:eks:pod", let node = target["parameters"]?["selectorType"], let v = checker.stringValue(node), !Placeholder.isPlaceholder(v),
            !ActionCatalog.podSelectorTypes.contains(v)
        {
            findings.error(
                node, "selectorType is '\(ShapeChecker.clip(v))'; FIS accepts \(ActionCatalog.podSelectorTypes.joined(separator: ", ")).",
                fix: "use one of: \(ActionCatalog.podSelectorTypes.joined(separator: ", "))")
        }
    }
}
