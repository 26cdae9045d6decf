import FaultlineKernel

/// The FIS action catalog as a typed table: for every action, the target key and resource type
/// it takes, its parameters (name, required, type/range/enum, default) and what its length is.
///
/// The single source of truth for "which FIS actions exist": the validator checks templates
/// against it and other modules list known actions from it. Transcribed from the FIS User Guide
/// action reference (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html,
/// summarised in `shared/docs/fis-reference.md` §3), plus LocalStack's `localstack:generic:*`.
/// The catalog is a snapshot: FIS keeps adding actions, so an action ID that is not in it is
/// reported as a warning, never an error.
public enum ActionCatalog {
    /// What a parameter value must look like (all values are strings in the API).
    public enum Kind: Sendable, Equatable {
        /// ISO-8601 duration within `min`...`max`.
        case duration(min: SimDuration, max: SimDuration)
        /// A whole number within the range.
        case integer(ClosedRange<Int>)
        /// A decimal number within the range.
        case decimal(ClosedRange<Double>)
        /// `true` or `false` (any case).
        case boolean
        /// One of the listed values (exact).
        case choice([String])
        /// A comma-separated list whose items are each one of the listed values.
        case commaList([String])
        /// Free text.
        case text
        /// A JSON document written as a string.
        case json
        /// An SSM document ARN: `arn:<partition>:ssm:<region>:<account or empty>:document/<name>`.
        case ssmDocumentArn
        /// A Region name such as `us-west-2`.
        case region
    }

    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var required: Bool
        public var kind: Kind
        /// The default FIS uses when the parameter is omitted (as text), if documented.
        public var defaultValue: String?
        /// The unit of a number whose name does not say it (`seconds` for LocalStack's `latency`).
        public var unit: String?
        /// A value to suggest in a fix when the kind alone does not give one (free text).
        public var exampleValue: String?

        public init(_ name: String, required: Bool = false, _ kind: Kind, default d: String? = nil, unit: String? = nil, example: String? = nil) {
            self.name = name
            self.required = required
            self.kind = kind
            self.defaultValue = d
            self.unit = unit
            self.exampleValue = example
        }
    }

    /// A target key of the action and the resource types it accepts.
    public struct TargetKey: Sendable, Equatable {
        /// The key in the action's `targets` (`Instances`, `Subnets`, ...); nil when the docs
        /// do not name it (Kinesis streams): any key is accepted.
        public var key: String?
        public var resourceTypes: [String]
    }

    /// How long an action runs, which the 12-hour and parallel-action limits add up.
    public enum Length: Sendable, Equatable {
        /// Near-instant (terminate, reboot, failover): the action ends when the API call returns.
        case instant
        /// The value of this duration parameter (`duration`, `startInstancesAfterDuration`,
        /// `maxDuration`, `durationBeforeInterruption`); instant when it is optional and omitted.
        case parameter(String)
    }

    public struct Action: Sendable, Equatable {
        public var id: String
        /// The target keys it takes; empty when it takes no target.
        public var targets: [TargetKey]
        public var parameters: [Parameter]
        public var length: Length
        /// Accept any parameter name (LocalStack's generic actions).
        public var openParameters: Bool = false
        /// Older parameter names FIS still runs, old -> current (`duration` for `maxDuration` of
        /// SSM Automation, as the FIS workshop's own templates write it).
        public var legacyNames: [String: String] = [:]

        /// The parameter called `name` (or whose older name it is).
        public func parameter(_ name: String) -> Parameter? {
            let current = legacyNames[name] ?? name
            return parameters.first { $0.name == current }
        }
        /// The resource types accepted under `key`.
        public func resourceTypes(forKey key: String) -> [String]? {
            targets.first { $0.key == key || $0.key == nil }?.resourceTypes
        }
        /// True when the action takes a duration.
        public var takesDuration: Bool {
            if case .parameter = length { return true }
            return false
        }
    }

    /// Every action, sorted by ID.
    public static let actions: [Action] = entries.sorted { $0.id < $1.id }

    /// The action with this ID, if the catalog knows it.
    public static func action(_ id: String) -> Action? { actions.first { $0.id == id } }

    /// The parameter that gives an action's length (`duration`, `startInstancesAfterDuration`,
    /// `maxDuration`, ...): nil for instant actions, `duration` for actions the catalog does not know.
    public static func lengthParameter(of actionId: String) -> String? {
        switch action(actionId)?.length {
        case .instant?: return nil
        case .parameter(let p)?: return p
        case nil: return "duration"
        }
    }

    /// Every action ID, sorted.
    public static var ids: [String] { actions.map(\.id) }

    /// Every resource type an action of the catalog takes (and the supported types FIS lists), sorted.
    public static let resourceTypes: [String] = {
        var s = Set(entries.flatMap { $0.targets.flatMap(\.resourceTypes) })
        s.formUnion(["aws:ecs:cluster", "aws:eks:cluster", "aws:rds:cluster", "aws:rds:db", "aws:iam:role"])
        return s.sorted()
    }()

    /// Target parameters FIS defines per resource type (`fis-reference.md` §1.2): name -> required.
    public static let targetParameters: [String: [(name: String, required: Bool)]] = [
        "aws:ec2:ebs-volume": [("availabilityZoneIdentifier", false)],
        "aws:ec2:subnet": [("availabilityZoneIdentifier", false), ("vpc", false)],
        "aws:ecs:task": [("cluster", false), ("service", false)],
        "aws:eks:pod": [
            ("clusterIdentifier", true), ("namespace", true), ("selectorType", true), ("selectorValue", true),
            ("availabilityZoneIdentifier", false), ("targetContainerName", false)
        ],
        "aws:lambda:function": [("functionQualifier", false)],
        "aws:rds:cluster": [("writerAvailabilityZoneIdentifiers", false)],
        "aws:rds:db": [("availabilityZoneIdentifiers", false)],
        "aws:elasticache:replicationgroup": [("availabilityZoneIdentifier", true)],
        "aws:elasticache:redis-replicationgroup": [("availabilityZoneIdentifier", false)]
    ]

    /// `selectorType` values of an `aws:eks:pod` target.
    public static let podSelectorTypes = ["labelSelector", "deploymentName", "podName"]

    /// FIS quotas: an experiment and an action last at most 12 hours; at most 10 actions run at once.
    public static let maxExperimentDuration = SimDuration.hours(12)
    public static let maxParallelActions = 10
    /// FIS quota "Actions per experiment template" (not adjustable).
    public static let maxActionsPerTemplate = 20
}
