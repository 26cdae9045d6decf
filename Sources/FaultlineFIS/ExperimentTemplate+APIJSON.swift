/// The typed template written back as `aws fis create-experiment-template --cli-input-json`
/// input (the `CreateExperimentTemplateRequest` shape, file order kept). A CloudFormation
/// resource comes out as the request CloudFormation would send once the stack is deployed, its
/// intrinsics still `${...}` text (`{"Ref": "X"}` -> `${X}`, `Fn::GetAtt [A, Arn]` ->
/// `${A.Arn}`, `Fn::Sub` -> its string): placeholders a scenario's `params` can fill.
extension ExperimentTemplate {
    public var apiJSON: TemplateJSON {
        func pairs(_ p: StringPairs) -> TemplateJSON { .object(p.pairs.map { ($0.key, .string($0.value)) }) }
        var m: [(String, TemplateJSON)] = [("description", .string(description))]
        m.append(
            (
                "targets",
                .object(
                    targets.map { t in
                        var o: [(String, TemplateJSON)] = [("resourceType", .string(t.resourceType))]
                        if !t.resourceArns.isEmpty { o.append(("resourceArns", .array(t.resourceArns.map(TemplateJSON.string)))) }
                        if !t.resourceTags.isEmpty { o.append(("resourceTags", pairs(t.resourceTags))) }
                        if !t.filters.isEmpty {
                            o.append(
                                (
                                    "filters",
                                    .array(t.filters.map { .object([("path", .string($0.path)), ("values", .array($0.values.map(TemplateJSON.string)))]) })
                                ))
                        }
                        o.append(("selectionMode", .string(t.selectionMode.description)))
                        if !t.parameters.isEmpty { o.append(("parameters", pairs(t.parameters))) }
                        return (t.name, .object(o))
                    })
            ))
        m.append(
            (
                "actions",
                .object(
                    actions.map { a in
                        var o: [(String, TemplateJSON)] = [("actionId", .string(a.actionId))]
                        if let d = a.description { o.append(("description", .string(d))) }
                        if !a.parameters.isEmpty { o.append(("parameters", pairs(a.parameters))) }
                        if !a.targets.isEmpty { o.append(("targets", pairs(a.targets))) }
                        if !a.startAfter.isEmpty { o.append(("startAfter", .array(a.startAfter.map(TemplateJSON.string)))) }
                        return (a.name, .object(o))
                    })
            ))
        m.append(
            (
                "stopConditions",
                .array(
                    stopConditions.map { c in
                        .object([("source", .string(c.source))] + (c.value.map { [("value", TemplateJSON.string($0))] } ?? []))
                    })
            ))
        m.append(("roleArn", .string(roleArn)))
        if !tags.isEmpty { m.append(("tags", pairs(tags))) }
        if let l = logConfiguration {
            var o: [(String, TemplateJSON)] = []
            if let g = l.cloudWatchLogGroupArn { o.append(("cloudWatchLogsConfiguration", .object([("logGroupArn", .string(g))]))) }
            if let b = l.s3BucketName {
                o.append(("s3Configuration", .object([("bucketName", .string(b))] + (l.s3Prefix.map { [("prefix", TemplateJSON.string($0))] } ?? []))))
            }
            if let v = l.logSchemaVersion { o.append(("logSchemaVersion", .integer(v))) }
            m.append(("logConfiguration", .object(o)))
        }
        m.append(
            (
                "experimentOptions",
                .object([
                    ("accountTargeting", .string(experimentOptions.accountTargeting.rawValue)),
                    ("emptyTargetResolutionMode", .string(experimentOptions.emptyTargetResolutionMode.rawValue))
                ])
            ))
        if let r = experimentReportConfiguration {
            var o: [(String, TemplateJSON)] = []
            if let b = r.s3BucketName {
                o.append(
                    (
                        "outputs",
                        .object([("s3Configuration", .object([("bucketName", .string(b))] + (r.s3Prefix.map { [("prefix", TemplateJSON.string($0))] } ?? [])))])
                    ))
            }
            if !r.cloudWatchDashboards.isEmpty {
                o.append(
                    ("dataSources", .object([("cloudWatchDashboards", .array(r.cloudWatchDashboards.map { .object([("dashboardIdentifier", .string($0))]) }))]))
                )
            }
            if let p = r.preExperimentDuration { o.append(("preExperimentDuration", .string(p))) }
            if let p = r.postExperimentDuration { o.append(("postExperimentDuration", .string(p))) }
            m.append(("experimentReportConfiguration", .object(o)))
        }
        return .object(m)
    }
}
