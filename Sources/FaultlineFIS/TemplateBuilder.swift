import FaultlineDocument

/// Builds the typed ``ExperimentTemplate`` from a shape-checked tree (API member names). Lenient:
/// whatever was wrong has been reported already; wrong-typed values become empty.
struct TemplateBuilder {
    let checker: ShapeChecker

    func build(_ root: DocumentNode, logicalID: String?) -> ExperimentTemplate {
        var t = ExperimentTemplate(logicalID: logicalID, description: text(root["description"]) ?? "", roleArn: text(root["roleArn"]) ?? "")
        for e in root["targets"]?.entries ?? [] {
            let n = e.value
            t.targets.append(
                TemplateTarget(
                    name: e.key,
                    resourceType: text(n["resourceType"]) ?? "",
                    resourceArns: strings(n["resourceArns"]),
                    resourceTags: pairs(n["resourceTags"]),
                    filters: items(n["filters"]).map { TargetFilter(path: text($0["path"]) ?? "", values: strings($0["values"])) },
                    selectionMode: SelectionMode(parsing: text(n["selectionMode"]) ?? "ALL"),
                    parameters: pairs(n["parameters"])))
        }
        for e in root["actions"]?.entries ?? [] {
            let n = e.value
            t.actions.append(
                TemplateAction(
                    name: e.key, actionId: text(n["actionId"]) ?? "", description: text(n["description"]),
                    parameters: pairs(n["parameters"]), targets: pairs(n["targets"]), startAfter: strings(n["startAfter"])))
        }
        t.stopConditions = items(root["stopConditions"]).map { StopCondition(source: text($0["source"]) ?? "", value: text($0["value"])) }
        t.tags = pairs(root["tags"])
        if let log = root["logConfiguration"], log.entries != nil {
            t.logConfiguration = LogConfiguration(
                logSchemaVersion: text(log["logSchemaVersion"]).flatMap { Int($0) },
                cloudWatchLogGroupArn: text(log["cloudWatchLogsConfiguration"]?["logGroupArn"]),
                s3BucketName: text(log["s3Configuration"]?["bucketName"]),
                s3Prefix: text(log["s3Configuration"]?["prefix"]))
        }
        if let o = root["experimentOptions"] {
            if let a = text(o["accountTargeting"]).flatMap(ExperimentOptions.AccountTargeting.init(rawValue:)) { t.experimentOptions.accountTargeting = a }
            if let m = text(o["emptyTargetResolutionMode"]).flatMap(ExperimentOptions.EmptyTargetResolutionMode.init(rawValue:)) {
                t.experimentOptions.emptyTargetResolutionMode = m
            }
        }
        if let r = root["experimentReportConfiguration"], r.entries != nil {
            t.experimentReportConfiguration = ReportConfiguration(
                s3BucketName: text(r["outputs"]?["s3Configuration"]?["bucketName"]),
                s3Prefix: text(r["outputs"]?["s3Configuration"]?["prefix"]),
                cloudWatchDashboards: items(r["dataSources"]?["cloudWatchDashboards"]).compactMap { text($0["dashboardIdentifier"]) },
                preExperimentDuration: text(r["preExperimentDuration"]),
                postExperimentDuration: text(r["postExperimentDuration"]))
        }
        return t
    }

    private func items(_ node: DocumentNode?) -> [DocumentNode] {
        if let node, case .sequence(let items) = node.value { return items }
        return []
    }

    private func strings(_ node: DocumentNode?) -> [String] { items(node).compactMap(text) }

    private func pairs(_ node: DocumentNode?) -> StringPairs {
        StringPairs((node?.entries ?? []).compactMap { e in text(e.value).map { StringPairs.Pair(key: e.key, value: $0) } })
    }

    /// A scalar's text, or a CloudFormation intrinsic rendered as `${...}` text.
    func text(_ node: DocumentNode?) -> String? {
        guard let node else { return nil }
        if let fn = Placeholder.intrinsic(node) { return Self.render(fn, argument: Placeholder.intrinsicArgument(node)) }
        if case .scalar(let s, _) = node.value { return s }
        return nil
    }

    /// `{"Ref": "X"}` -> `${X}`, `Fn::GetAtt [A, Arn]` -> `${A.Arn}`, `Fn::Sub` -> its string,
    /// `Fn::Join [d, [parts]]` -> the parts joined, anything else -> `${Fn::Name}`.
    static func render(_ fn: String, argument: DocumentNode) -> String {
        func plain(_ n: DocumentNode) -> String {
            if let inner = Placeholder.intrinsic(n) { return render(inner, argument: Placeholder.intrinsicArgument(n)) }
            if case .scalar(let s, _) = n.value { return s }
            return ""
        }
        let list: [DocumentNode] = {
            if case .sequence(let items) = argument.value { return items }
            return []
        }()
        switch fn {
        case "Ref":
            return "${\(plain(argument))}"
        case "Fn::GetAtt":
            return list.isEmpty ? "${\(plain(argument))}" : "${\(list.map(plain).joined(separator: "."))}"
        case "Fn::Sub":
            return list.first.map(plain) ?? plain(argument)
        case "Fn::Join":
            guard list.count == 2, case .sequence(let parts) = list[1].value else { return "${Fn::Join}" }
            return parts.map(plain).joined(separator: plain(list[0]))
        default:
            return "${\(fn)}"
        }
    }
}
