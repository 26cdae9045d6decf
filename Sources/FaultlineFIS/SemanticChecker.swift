import FaultlineDocument
import FaultlineKernel

/// The checks FIS makes beyond the API model, run on a shape-checked tree (API member names).
///
/// Errors are what `CreateExperimentTemplate` rejects: selectionMode grammar, resourceArns with
/// resourceTags or filters, more than 20 actions or 5 stop conditions, action targets and
/// startAfter names that do not exist, startAfter cycles, durations over 12 hours, unknown
/// stop-condition sources, alarms without an ARN, and action IDs and resource types FIS does not
/// know (warnings with ``allowUnknownActions``). Warnings are for what FIS accepts but is
/// probably a mistake. A value that is a placeholder makes its error placeholder-caused.
struct SemanticChecker {
    let checker: ShapeChecker
    /// Unknown action IDs and resource types are warnings instead of errors
    /// (`--allow-unknown-actions`, for actions newer than the catalog).
    var allowUnknownActions = false
    var findings: FindingCollector { checker.findings }

    /// Reports what FIS refuses at CreateExperimentTemplate because the catalog does not know it:
    /// an error, or a warning with `--allow-unknown-actions`.
    func unknown(_ node: DocumentNode, _ message: String, fix: String) {
        if allowUnknownActions {
            findings.warning(node, message + " (allowed by --allow-unknown-actions)", fix: fix)
        } else {
            findings.error(node, message, fix: fix + "; if the ID is newer than Faultline's catalog, pass --allow-unknown-actions")
        }
    }

    /// FIS quotas (not adjustable): docs "Quotas and limitations" (`fis-reference.md` §1.8).
    static let maxActions = ActionCatalog.maxActionsPerTemplate
    static let maxStopConditions = 5
    static let maxDuration = SimDuration.hours(12)

    func check(_ root: DocumentNode) {
        let targets = root["targets"]?.entries ?? []
        let actions = root["actions"]?.entries ?? []
        let targetNames = targets.map(\.key)
        let actionNames = actions.map(\.key)
        var usedTargets: Set<String> = []

        for t in targets where t.value.entries != nil {
            checkTarget(t)
            checkTargetAgainstCatalog(t)
        }

        // Quotas first: a template over them is refused without the per-action and graph checks,
        // whose work grows with the square of the action count (issue 10).
        let overQuota = actions.count > Self.maxActions
        if overQuota, let node = root["actions"] {
            findings.error(
                node,
                "has \(actions.count) actions; FIS allows at most \(Self.maxActions) per template (quota 'Actions per experiment template', not adjustable); the actions were not checked further.",
                fix: "split the experiment into several templates of at most \(Self.maxActions) actions")
        }
        for a in actions where a.value.entries != nil && !overQuota {
            let action = a.value
            if let map = action["targets"]?.entries {
                for e in map {
                    guard let name = checker.stringValue(e.value) else { continue }
                    usedTargets.insert(name)
                    if !targetNames.contains(name) {
                        let hint = Suggestion.closest(to: name, in: targetNames).map { "did you mean '\($0)'? " } ?? ""
                        findings.error(
                            e.value, "names the target '\(name)', which is not defined in \(checker.display("targets")).",
                            fix: targetNames.isEmpty
                                ? "add a target called '\(name)' to \(checker.display("targets"))"
                                : "\(hint)use one of: \(targetNames.joined(separator: ", "))",
                            cause: Placeholder.isPlaceholder(name) ? .placeholder : .genuine)
                    }
                }
            }
            if let list = action["startAfter"], case .sequence(let items) = list.value {
                for item in items {
                    guard let name = checker.stringValue(item) else { continue }
                    if !actionNames.contains(name) {
                        let hint = Suggestion.closest(to: name, in: actionNames).map { "did you mean '\($0)'? " } ?? ""
                        findings.error(
                            item, "names the action '\(name)', which is not defined in \(checker.display("actions")).",
                            fix: "\(hint)startAfter lists action names (the keys of \(checker.display("actions"))): \(actionNames.joined(separator: ", "))",
                            cause: Placeholder.isPlaceholder(name) ? .placeholder : .genuine)
                    }
                }
            }
            if let id = action["actionId"].flatMap(checker.stringValue), !Placeholder.isPlaceholder(id) {
                let parts = id.split(separator: ":", omittingEmptySubsequences: false)
                if parts.count != 3 || parts.contains(where: \.isEmpty) || !(parts[0] == "aws" || id.hasPrefix("localstack:generic:")) {
                    unknown(
                        action["actionId"]!,
                        "'\(id)' is not of the form aws:<service>:<action> (or localstack:generic:<action>); FIS refuses it as an unknown action.",
                        fix: "use an action ID from the FIS action reference, e.g. aws:ec2:stop-instances")
                }
            }
            if let params = action["parameters"]?.entries {
                for p in params { checkDurationParameter(p) }
            }
            checkAction(a, targets: targets)
        }
        if !overQuota {
            checkStartAfterCycles(actions)
            checkSchedule(root, actions)
        }

        for t in targets where !usedTargets.contains(t.key) && !actions.isEmpty && !overQuota {
            findings.warning(
                path: t.value.path, location: t.keyLocation, "the target '\(t.key)' is not used by any action.",
                fix: "reference it from an action's \(checker.display("targets")), or remove it")
        }

        if let sc = root["stopConditions"], case .sequence(let items) = sc.value {
            if items.count > Self.maxStopConditions {
                findings.error(
                    sc, "has \(items.count) stop conditions; FIS allows at most \(Self.maxStopConditions).",
                    fix: "combine alarms into a CloudWatch composite alarm and use that one")
            }
            if items.isEmpty {
                findings.warning(
                    sc, "is empty: the experiment has no stop condition at all.",
                    fix: "write [{\"\(checker.display("source"))\": \"none\"}] to say so explicitly, or add a CloudWatch alarm")
            }
            for item in items where item.entries != nil { checkStopCondition(item) }
        }

        if let role = root["roleArn"], let arn = checker.stringValue(role),
            Placeholder.tokens(in: arn).allSatisfy(Placeholder.dummyAccounts.contains), !Self.isRoleArn(arn)
        {
            findings.warning(
                role, "'\(arn)' is not a well-formed IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>).",
                fix: "check the '::' after iam and the 12-digit account number")
        }
        if let log = root["logConfiguration"], log.entries != nil, log["cloudWatchLogsConfiguration"] == nil, log["s3Configuration"] == nil {
            findings.warning(
                log, "names no log destination, so no experiment log is written.",
                fix: "add cloudWatchLogsConfiguration or s3Configuration")
        }
    }

    private func checkTarget(_ t: DocumentNode.Entry) {
        let target = t.value
        if let modeNode = target["selectionMode"], let mode = checker.stringValue(modeNode),
            case .unresolved = SelectionMode(parsing: mode)
        {
            let placeholder = Placeholder.isPlaceholder(mode)
            var fix = "write ALL, COUNT(n) or PERCENT(n), n a positive whole number (PERCENT at most 100), in capitals with no spaces"
            if placeholder { fix = "replace the placeholder \(Placeholder.tokens(in: mode).joined(separator: ", ")) with ALL, COUNT(n) or PERCENT(n)" }
            findings.error(
                modeNode, "'\(mode)' is not a selection mode: expected ALL, COUNT(n) or PERCENT(n).", fix: fix,
                cause: placeholder ? .placeholder : .genuine)
        }
        let arns = target["resourceArns"].flatMap { node -> [DocumentNode]? in
            if case .sequence(let items) = node.value { return items }
            return nil
        }
        let hasTags = !(target["resourceTags"]?.entries?.isEmpty ?? true)
        let hasFilters: Bool = {
            if let f = target["filters"], case .sequence(let items) = f.value { return !items.isEmpty }
            return false
        }()
        let hasParameters = !(target["parameters"]?.entries?.isEmpty ?? true)
        if let arns, !arns.isEmpty, hasTags {
            findings.error(
                target["resourceArns"]!, "cannot be combined with \(checker.display("resourceTags")): FIS identifies a target either by ARNs or by tags.",
                fix: "keep \(checker.display("resourceArns")) and remove \(checker.display("resourceTags")), or the other way round")
        } else if let arns, !arns.isEmpty, hasFilters {
            // FIS and Terraform accept ARNs with filters (e.g. Young-ook/terraform-aws-fis applies
            // resourceArns + State.Name filters); the filters then narrow the listed resources.
            findings.warning(
                target["resourceArns"]!, "is combined with \(checker.display("filters")): only the listed resources that also match the filters are targeted.",
                fix: "remove the filters if every listed resource should be targeted")
        }
        if let arns, arns.isEmpty {
            findings.warning(
                target["resourceArns"]!, "is an empty list and selects nothing.", fix: "list the ARNs, or remove the member and select by resourceTags/filters")
        }
        if arns?.isEmpty ?? true, !hasTags, !hasFilters, !hasParameters {
            findings.warning(
                path: target.path, location: t.keyLocation,
                "the target '\(t.key)' names no resourceArns, resourceTags, filters or parameters; FIS may refuse it (\"You must specify resource ARNs, resource tags, or resource parameters\") or resolve nothing.",
                fix: "add resourceArns, or resourceTags/filters that identify the resources")
        }
    }

    private func checkDurationParameter(_ p: DocumentNode.Entry) {
        guard p.key.lowercased().hasSuffix("duration"), let text = checker.stringValue(p.value), !Placeholder.isPlaceholder(text) else { return }
        let d: SimDuration
        do {
            guard text.first == "P" || text.first == "p" else { throw KernelError.invalidDuration(text, reason: "it does not start with P") }
            d = try SimDuration.parse(text)
        } catch {
            findings.error(
                p.value, "'\(text)' is not an ISO-8601 duration (\(error)).",
                fix: "write it like PT30S, PT5M or PT1H30M")
            return
        }
        if d > Self.maxDuration {
            findings.error(p.value, "'\(text)' is \(d); FIS limits an action to 12 hours.", fix: "use PT12H or less, or split the action")
        }
    }

    private func checkStopCondition(_ item: DocumentNode) {
        guard let sourceNode = item["source"], let source = checker.stringValue(sourceNode) else { return }
        let value = item["value"].flatMap(checker.stringValue)
        switch source {
        case StopCondition.noneSource:
            if let v = item["value"], value != nil {
                findings.warning(
                    v, "is ignored: a stop condition with source 'none' takes no value.", fix: "remove the value, or use source aws:cloudwatch:alarm")
            }
        case StopCondition.alarmSource:
            if item["value"] == nil {
                findings.error(
                    path: DocumentNode.child(item.path, key: checker.display("value")), location: item.location,
                    "a stop condition with source aws:cloudwatch:alarm needs the alarm's ARN as its value.",
                    fix: "add \(checker.display("value")): \"arn:aws:cloudwatch:<region>:<account>:alarm:<name>\"")
            } else if let v = value, !Placeholder.isPlaceholder(v), !(v.hasPrefix("arn:") && v.contains(":cloudwatch:") && v.contains(":alarm:")) {
                findings.warning(
                    item["value"]!, "'\(ShapeChecker.clip(v))' does not look like a CloudWatch alarm ARN.",
                    fix: "write arn:aws:cloudwatch:<region>:<account>:alarm:<name>")
            }
        default:
            let placeholder = Placeholder.isPlaceholder(source)
            let hint = Suggestion.closest(to: source, in: [StopCondition.noneSource, StopCondition.alarmSource]).map { "did you mean '\($0)'? " } ?? ""
            findings.error(
                sourceNode, "'\(source)' is not a stop-condition source: FIS accepts 'none' and 'aws:cloudwatch:alarm'.",
                fix: placeholder ? "replace the placeholder with none or aws:cloudwatch:alarm" : "\(hint)use none or aws:cloudwatch:alarm",
                cause: placeholder ? .placeholder : .genuine)
        }
    }

    /// Reports each `startAfter` cycle once, at the first action (in file order) that is on it.
    func checkStartAfterCycles(_ actions: [DocumentNode.Entry]) {
        let names = actions.map(\.key)
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        var edges: [[Int]] = actions.map { a in
            guard let list = a.value["startAfter"], case .sequence(let items) = list.value else { return [] }
            return items.compactMap { checker.stringValue($0).flatMap { index[$0] } }
        }
        // 0 = unvisited, 1 = on the stack, 2 = done. Depth-first with an explicit stack (no
        // recursion whose depth the template controls).
        var state = [Int](repeating: 0, count: actions.count)
        var stack: [Int] = []
        var nextEdge: [Int] = []
        var reported: Set<Set<Int>> = []
        for root in actions.indices where state[root] == 0 {
            state[root] = 1
            stack = [root]
            nextEdge = [0]
            while let v = stack.last {
                let k = nextEdge[nextEdge.count - 1]
                guard k < edges[v].count else {
                    state[v] = 2
                    stack.removeLast()
                    nextEdge.removeLast()
                    continue
                }
                nextEdge[nextEdge.count - 1] = k + 1
                let w = edges[v][k]
                if state[w] == 1 {
                    let cycle = Array(stack[stack.lastIndex(of: w)!...])
                    let members = Set(cycle)
                    guard !reported.contains(members) else { continue }
                    reported.insert(members)
                    let first = cycle.min()!
                    let rotated = Array(cycle[cycle.firstIndex(of: first)!...] + cycle[..<cycle.firstIndex(of: first)!])
                    // startAfter edges point to predecessors; print the cycle in run order.
                    let chain = ([first] + rotated.dropFirst().reversed() + [first]).map { names[$0] }
                    let node = actions[first].value["startAfter"]!
                    findings.error(
                        node,
                        cycle.count == 1
                            ? "the action '\(names[first])' waits for itself in startAfter, so it can never start."
                            : "startAfter forms a cycle (\(chain.joined(separator: " -> "))), so none of these actions can ever start.",
                        fix: "remove one of the startAfter entries on the cycle")
                } else if state[w] == 0 {
                    state[w] = 1
                    stack.append(w)
                    nextEdge.append(0)
                }
            }
        }
        edges.removeAll()
    }

    static func isRoleArn(_ s: String) -> Bool {
        let parts = s.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "iam", parts[3].isEmpty,
            parts[4].count == 12, parts[4].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return parts[5].hasPrefix("role/") && parts[5].count > 5
    }
}
