/// One entry of a template's `actions`.
public struct TemplateAction: Sendable, Equatable {
    public var name: String
    /// `aws:<service>:<action>` or LocalStack's `localstack:generic:<action>`.
    public var actionId: String
    public var description: String?
    /// Parameter values are strings in the API, numbers and booleans included.
    public var parameters: StringPairs
    /// Action target key (`Instances`, `Roles`, ...) -> template target name.
    public var targets: StringPairs
    /// Names of the actions that must finish before this one starts.
    public var startAfter: [String]

    public init(
        name: String, actionId: String, description: String? = nil, parameters: StringPairs = StringPairs(),
        targets: StringPairs = StringPairs(), startAfter: [String] = []
    ) {
        self.name = name
        self.actionId = actionId
        self.description = description
        self.parameters = parameters
        self.targets = targets
        self.startAfter = startAfter
    }

    /// True for LocalStack's `localstack:generic:*` actions.
    public var isLocalStack: Bool { actionId.hasPrefix("localstack:generic:") }
}
