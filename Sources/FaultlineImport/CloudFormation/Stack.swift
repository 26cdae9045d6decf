/// One CloudFormation template as read: its sections, in file order.
public struct Stack: Sendable {
    public struct Resource: Sendable {
        public var logicalID: String
        public var type: String
        public var properties: CFValue
        public var condition: String?
        public var line: Int?
    }

    /// The file the template came from (as given, for messages).
    public var file: String
    /// The stack name used in derived names and `aws:cloudformation:stack-name` tags.
    public var name: String
    public var parameters: [(String, CFValue)] = []
    public var mappings: CFValue = .map([])
    public var conditions: [(String, CFValue)] = []
    public var resources: [Resource] = []
    /// SAM `Globals`, if any (merged into functions and APIs by ``SAMExpander``).
    public var globals: CFValue?
    /// True when `Transform` includes `AWS::Serverless-2016-10-31`.
    public var isSAM = false
    /// Values of this stack's parameters given by a parent stack (`AWS::CloudFormation::Stack` `Parameters`).
    public var givenParameters: [String: CFValue] = [:]
    /// Logical ID of the parent's `AWS::CloudFormation::Stack` resource, for nested stacks.
    public var parentLogicalID: String?

    public func resource(_ id: String) -> Resource? { resources.first { $0.logicalID == id } }

    /// Reads the sections of a template root. Errors name the file and section.
    public init(root: CFValue, file: String, name: String, lines: [String: Int] = [:]) throws(ImportError) {
        self.file = file
        self.name = name
        guard let top = root.entries else {
            throw .refused(
                file: file, message: "is not a CloudFormation template (expected a mapping with a Resources section).",
                fix: "pass a CloudFormation/SAM template (YAML or JSON), a cdk.out folder or `terraform show -json` output")
        }
        for (k, v) in top {
            switch k {
            case "Parameters": parameters = v.entries ?? []
            case "Mappings": mappings = v
            case "Conditions": conditions = v.entries ?? []
            case "Globals": globals = v
            case "Transform":
                let names = (v.list ?? [v]).compactMap(\.text)
                isSAM = names.contains("AWS::Serverless-2016-10-31")
            default: break
            }
        }
        guard let res = root["Resources"]?.entries else {
            throw .input(
                file: file, line: nil, logicalID: nil, path: "Resources", message: "the template has no Resources section.",
                fix: "a CloudFormation template needs at least one resource")
        }
        if res.count > ImportLimits.maxResources {
            throw .limit(file: file, what: "the number of resources (\(res.count))", limit: ImportLimits.maxResources, fix: "split the stack")
        }
        for (id, body) in res {
            guard let type = body["Type"]?.text else {
                throw .input(
                    file: file, line: lines[id], logicalID: id, path: "Type", message: "the resource has no Type.",
                    fix: "give it a Type such as AWS::Lambda::Function")
            }
            resources.append(
                Resource(
                    logicalID: id, type: type, properties: body["Properties"] ?? .map([]),
                    condition: body["Condition"]?.text, line: lines[id]))
        }
    }
}
