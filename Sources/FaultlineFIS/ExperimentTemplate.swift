/// An FIS experiment template as read from a file, in the API's terms.
///
/// Built by ``TemplateValidator`` from any accepted shape (``TemplateForm``); member order is the
/// file's order, so everything derived from it is deterministic. CloudFormation intrinsics are
/// rendered as `${...}` text (`{"Ref": "X"}` -> `${X}`, `Fn::GetAtt [A, Arn]` -> `${A.Arn}`,
/// `Fn::Sub` -> its string) so that later substitution treats every placeholder alike.
public struct ExperimentTemplate: Sendable, Equatable {
    /// The CloudFormation logical ID when the template came from a `Resources` section.
    public var logicalID: String?
    public var description: String
    public var targets: [TemplateTarget]
    public var actions: [TemplateAction]
    public var stopConditions: [StopCondition]
    public var roleArn: String
    public var tags: StringPairs
    public var logConfiguration: LogConfiguration?
    public var experimentOptions: ExperimentOptions
    public var experimentReportConfiguration: ReportConfiguration?

    public init(
        logicalID: String? = nil, description: String, targets: [TemplateTarget] = [], actions: [TemplateAction] = [],
        stopConditions: [StopCondition] = [], roleArn: String, tags: StringPairs = StringPairs(),
        logConfiguration: LogConfiguration? = nil, experimentOptions: ExperimentOptions = ExperimentOptions(),
        experimentReportConfiguration: ReportConfiguration? = nil
    ) {
        self.logicalID = logicalID
        self.description = description
        self.targets = targets
        self.actions = actions
        self.stopConditions = stopConditions
        self.roleArn = roleArn
        self.tags = tags
        self.logConfiguration = logConfiguration
        self.experimentOptions = experimentOptions
        self.experimentReportConfiguration = experimentReportConfiguration
    }

    /// The target called `name`, if any.
    public func target(named name: String) -> TemplateTarget? { targets.first { $0.name == name } }

    /// The action called `name`, if any.
    public func action(named name: String) -> TemplateAction? { actions.first { $0.name == name } }
}
