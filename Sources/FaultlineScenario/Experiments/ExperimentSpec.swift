import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// A scenario resource as FIS target resolution sees it: type, ARN and tags.
public struct InventoryResource: Sendable, Equatable {
    public var name: String
    /// `aws:lambda:function`, `aws:dynamodb:table`, `aws:sqs:queue`, `aws:sns:topic`.
    public var resourceType: String
    public var arn: String
    public var tags: StringPairs
    public var service: ServiceID
    public var hasFISExtension: Bool
    /// The Availability Zone(s), comma-separated; nil when unknown.
    public var az: String? = nil
    /// Describe-call values target `filters` test (path -> value); `Placement.AvailabilityZone` is `az`.
    public var attributes: StringPairs = StringPairs()
    /// A subnet (`aws:ec2:subnet`): the AZ it belongs to (one subnet per AZ).
    public var subnet: AZID? = nil
    /// A transit gateway (`aws:ec2:transit-gateway`): its Region.
    public var transitGatewayRegion: RegionID? = nil
    /// The host a host-level target stands for (``FaultConfig/hosts``): an instance, task or
    /// pod (one of `hosts:`, or a service's implicit host per AZ), or a DB instance.
    public var host: HostRef? = nil

    public init(
        name: String, resourceType: String, arn: String, tags: StringPairs, service: ServiceID, hasFISExtension: Bool,
        az: String? = nil, attributes: StringPairs = StringPairs(), subnet: AZID? = nil, transitGatewayRegion: RegionID? = nil,
        host: HostRef? = nil
    ) {
        self.subnet = subnet
        self.transitGatewayRegion = transitGatewayRegion
        self.host = host
        self.name = name
        self.resourceType = resourceType
        self.arn = arn
        self.tags = tags
        self.service = service
        self.hasFISExtension = hasFISExtension
        self.az = az
        self.attributes = attributes
    }

    /// The value a target filter at `path` sees.
    public func attribute(_ path: String) -> String? {
        path == "Placement.AvailabilityZone" || path == "AvailabilityZone" ? az : attributes[path]
    }

    /// Whether a target filter matches: one of the values the path yields (several for a
    /// resource in several AZs) is one of the filter's values, as FIS ORs array elements.
    /// `State.Name` of a live scenario resource is `running` unless its attributes say otherwise.
    public func matches(_ f: TargetFilter) -> Bool {
        guard let value = attribute(f.path) ?? (f.path == "State.Name" ? "running" : nil) else { return false }
        return f.values.contains(value) || value.split(separator: ",").contains { f.values.contains(String($0)) }
    }
}

/// A validated `experiments:` entry: the template, with every supported action mapped to a
/// model fault. Targets are resolved and actions scheduled per run (``ExperimentPlanner``),
/// because COUNT/PERCENT selection draws from the run's seed.
public struct ExperimentSpec: Sendable {
    public var name: String
    /// The template path as written in the scenario.
    public var templateFile: String
    public var template: ExperimentTemplate
    /// When StartExperiment is called.
    public var start: SimDuration
    /// StartExperiment to the first actions running.
    public var initiationDelay: SimDuration
    public var actions: [ActionSpec]
    /// Indices into the scenario's alarms of the template's `aws:cloudwatch:alarm` stop conditions.
    public var stopAlarms: [Int] = []
    /// When the scenario calls StopExperiment, if it does.
    public var stopAt: SimDuration? = nil
    /// The scenario's `params:` for the template's placeholders (`faultline plan --scenario` uses them too).
    public var params: [(key: String, value: String)] = []
    /// The final state the scenario expects (`expect:`); nil: completed or stopped.
    public var expect: ExperimentOutcome.FinalState? = nil

    public struct ActionSpec: Sendable {
        public var name: String
        public var actionId: String
        /// nil for `aws:fis:wait`.
        public var fault: FaultAction?
        public var duration: SimDuration
        /// The template target the action acts on (nil: none, or LocalStack's `service` filter).
        public var target: String?
        /// LocalStack actions without targets: the AWS service they act on (`all` for every one).
        public var serviceFilter: String?
        /// Indices of the actions that must end first.
        public var startAfter: [Int]
        /// Why the action is skipped instead of replayed (`unsupported: skip`), if it is.
        public var skipped: String? = nil
        /// How long the fault acts when shorter than `duration` (an SSM document's own
        /// `DurationSeconds`); nil: the whole action.
        public var effectDuration: SimDuration? = nil
    }
}

extension ExperimentSpec {
    /// The default time from StartExperiment to the first action running (FIS: ~10–15 s).
    public static let defaultInitiationDelay = SimDuration.seconds(12)
    /// Template resource types the scenario's resources answer to.
    public static let mappedResourceTypes =
        [
            "aws:lambda:function", "aws:dynamodb:table", "aws:dynamodb:global-table", "aws:sqs:queue", "aws:sns:topic",
            "aws:rds:cluster", "aws:rds:db", "aws:arc:zonal-shift-managed-resource", "aws:elasticloadbalancing:loadbalancer",
            "aws:ec2:autoscaling-group"
        ]
        + networkResourceTypes
    /// Subnets, transit gateways and hosts (instances, tasks, pods); these take target `filters`.
    public static let networkResourceTypes = ["aws:ec2:subnet", "aws:ec2:transit-gateway", "aws:ec2:instance", "aws:ecs:task", "aws:eks:pod"]
    /// Actions a template may use.
    public static let supportedActions: [String] = (["aws:fis:wait"] + Array(FaultParameters.actions.keys)).sorted()

    /// `arn:aws:<service>:<region>:<account>:<resource>` for a scenario resource, with its type.
    static func identity(of kind: ServiceKind, name: String, region: String, account: String) -> (type: String, arn: String)? {
        switch kind {
        case .function: return ("aws:lambda:function", "arn:aws:lambda:\(region):\(account):function:\(name)")
        case .table: return ("aws:dynamodb:table", "arn:aws:dynamodb:\(region):\(account):table/\(name)")
        case .queue: return ("aws:sqs:queue", "arn:aws:sqs:\(region):\(account):\(name)")
        case .topic: return ("aws:sns:topic", "arn:aws:sns:\(region):\(account):\(name)")
        case .database: return ("aws:rds:cluster", "arn:aws:rds:\(region):\(account):cluster:\(name)")
        case .generic, .apiRoute: return nil
        }
    }

    /// Whether a resource of `resourceType` (as the inventory has it) answers a template target's type.
    static func matches(_ templateType: String, _ resourceType: String) -> Bool {
        templateType == resourceType || (templateType == "aws:dynamodb:global-table" && resourceType == "aws:dynamodb:table")
    }

    /// `${KEY}` and `<KEY>` replaced by the scenario's `params`.
    static func substitute(_ text: String, _ params: [(key: String, value: String)]) -> String {
        var out = text
        for (k, v) in params {
            out = out.replacingOccurrences(of: "${\(k)}", with: v).replacingOccurrences(of: "<\(k)>", with: v)
        }
        return out
    }

    /// Line and column of the first occurrence of `token` in `text`.
    static func location(of token: String, in text: String) -> SourceLocation? {
        var line = 1
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let r = l.firstRange(of: token) { return SourceLocation(line: line, column: l.distance(from: l.startIndex, to: r.lowerBound) + 1) }
            line += 1
        }
        return nil
    }

    /// The first scalar node whose text contains `token`.
    static func find(_ node: DocumentNode?, containing token: String) -> DocumentNode? {
        guard let node else { return nil }
        switch node.value {
        case .scalar(let text, _): return text.contains(token) ? node : nil
        case .mapping(let entries): for e in entries { if let f = find(e.value, containing: token) { return f } }
        case .sequence(let items): for i in items { if let f = find(i, containing: token) { return f } }
        case .null: break
        }
        return nil
    }

    /// The first node whose key path ends with `suffix` (case-insensitive), for error locations.
    static func find(_ node: DocumentNode?, suffix: String) -> DocumentNode? {
        guard let node else { return nil }
        if node.path.lowercased().hasSuffix(suffix.lowercased()) { return node }
        switch node.value {
        case .mapping(let entries): for e in entries { if let f = find(e.value, suffix: suffix) { return f } }
        case .sequence(let items): for i in items { if let f = find(i, suffix: suffix) { return f } }
        case .scalar, .null: break
        }
        return nil
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
