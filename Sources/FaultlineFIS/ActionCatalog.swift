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

    // MARK: - The table

    static let minute = SimDuration.minutes(1)
    static let twelveHours = SimDuration.hours(12)
    /// Actions whose docs state no lower bound: any positive duration.
    static let anyPositive = SimDuration.milliseconds(1)

    static func duration(_ min: SimDuration = minute, _ max: SimDuration = twelveHours, required: Bool = true, name: String = "duration") -> Parameter {
        Parameter(name, required: required, .duration(min: min, max: max))
    }
    static let percentage = Parameter("percentage", required: true, .integer(1...100))
    static let invocationPercentage = Parameter("invocationPercentage", .integer(1...100), default: "100")
    static let installDependencies = Parameter("installDependencies", .boolean, default: "true")
    static let useEndpoints = Parameter("useEcsFaultInjectionEndpoints", .boolean, default: "false")
    static let flowsPercent = Parameter("flowsPercent", .integer(1...100), default: "100")
    static let sources = Parameter("sources", .text, default: "ALL")
    static let trafficType = Parameter("trafficType", .choice(["ingress", "egress"]), default: "ingress")
    static let protocolParameter = Parameter("protocol", .choice(["tcp", "udp"]), default: "tcp")
    static let port = Parameter("port", required: true, .integer(0...65_535))
    static let delay = Parameter("delayMilliseconds", .integer(0...60_000), default: "200")
    static let jitter = Parameter("jitterMilliseconds", .integer(0...60_000), default: "10")
    static let lossPercent = Parameter("lossPercent", .integer(0...100), default: "7")
    static let region = Parameter("region", required: true, .region)

    /// Which calls LocalStack's generic actions act on: `service`, `operation` (older docs:
    /// `apiCall`, `api`; `all` or absent for every operation), `region`.
    static let localStackFilter = [
        Parameter("region", .region), Parameter("service", .text), Parameter("operation", .text, default: "all"),
        Parameter("apiCall", .text), Parameter("api", .text)
    ]

    static func target(_ key: String?, _ types: String...) -> [TargetKey] { [TargetKey(key: key, resourceTypes: types)] }

    static let apiErrorParameters = [
        duration(), Parameter("service", required: true, .choice(["ec2", "kinesis"])),
        Parameter("operations", required: true, .text, example: "DescribeInstances"), percentage
    ]

    /// Parameters every EKS pod action takes (the FIS pod and its ephemeral container).
    static let podCommon = [
        Parameter("kubernetesServiceAccount", required: true, .text, example: "fis-service-account"),
        Parameter("fisPodContainerImage", .text),
        Parameter("maxErrorsPercent", .integer(0...100), default: "0"),
        Parameter("fisPodLabels", .text),
        Parameter("fisPodAnnotations", .text),
        Parameter("fisPodSecurityPolicy", .choice(["privileged", "baseline", "restricted"]))
    ]

    static func pod(_ id: String, _ params: [Parameter], length: Length = .parameter("duration")) -> Action {
        Action(id: id, targets: target("Pods", "aws:eks:pod"), parameters: params + podCommon, length: length)
    }

    static func task(_ id: String, _ params: [Parameter], length: Length = .parameter("duration")) -> Action {
        Action(id: id, targets: target("Tasks", "aws:ecs:task"), parameters: params + [installDependencies], length: length)
    }

    static let entries: [Action] = [
        // §3.1 FIS-native
        Action(id: "aws:fis:wait", targets: [], parameters: [duration()], length: .parameter("duration")),
        Action(
            id: "aws:fis:inject-api-internal-error", targets: target("Roles", "aws:iam:role"), parameters: apiErrorParameters, length: .parameter("duration")),
        Action(
            id: "aws:fis:inject-api-throttle-error", targets: target("Roles", "aws:iam:role"), parameters: apiErrorParameters, length: .parameter("duration")),
        Action(
            id: "aws:fis:inject-api-unavailable-error", targets: target("Roles", "aws:iam:role"), parameters: apiErrorParameters, length: .parameter("duration")
        ),
        Action(
            id: "aws:cloudwatch:assert-alarm-state", targets: [],
            parameters: [
                Parameter("alarmArns", required: true, .text),
                Parameter("alarmStates", required: true, .commaList(["OK", "ALARM", "INSUFFICIENT_DATA"]))
            ],
            length: .instant),
        Action(
            id: "aws:arc:start-zonal-autoshift", targets: target("ManagedResources", "aws:arc:zonal-shift-managed-resource"),
            parameters: [
                duration(), Parameter("availabilityZoneIdentifier", required: true, .text, example: "us-east-1a"),
                Parameter("managedResourceTypes", .commaList(["ASG", "ALB", "NLB", "EKS"])),
                Parameter("zonalAutoshiftStatus", .choice(["ENABLED", "DISABLED", "ANY"]), default: "ENABLED")
            ],
            length: .parameter("duration")),
        // §3.2 EC2 / ASG
        Action(
            id: "aws:ec2:stop-instances", targets: target("Instances", "aws:ec2:instance"),
            parameters: [
                duration(required: false, name: "startInstancesAfterDuration"),
                Parameter("completeIfInstancesTerminated", .boolean, default: "false")
            ],
            length: .parameter("startInstancesAfterDuration")),
        Action(id: "aws:ec2:terminate-instances", targets: target("Instances", "aws:ec2:instance"), parameters: [], length: .instant),
        Action(id: "aws:ec2:reboot-instances", targets: target("Instances", "aws:ec2:instance"), parameters: [], length: .instant),
        Action(
            id: "aws:ec2:send-spot-instance-interruptions", targets: target("SpotInstances", "aws:ec2:spot-instance"),
            parameters: [duration(.minutes(2), .minutes(15), name: "durationBeforeInterruption")],
            length: .parameter("durationBeforeInterruption")),
        Action(
            id: "aws:ec2:api-insufficient-instance-capacity-error", targets: target("Roles", "aws:iam:role"),
            parameters: [duration(anyPositive), Parameter("availabilityZoneIdentifiers", required: true, .text, example: "us-east-1a"), percentage],
            length: .parameter("duration")),
        Action(
            id: "aws:ec2:asg-insufficient-instance-capacity-error", targets: target("AutoScalingGroups", "aws:ec2:autoscaling-group"),
            parameters: [
                duration(anyPositive), Parameter("availabilityZoneIdentifiers", required: true, .text, example: "us-east-1a"),
                Parameter("percentage", .integer(1...100), default: "100")
            ],
            length: .parameter("duration")),
        // §3.3 EBS
        Action(
            id: "aws:ebs:pause-volume-io", targets: target("Volumes", "aws:ec2:ebs-volume"), parameters: [duration(.seconds(1))],
            length: .parameter("duration")),
        Action(
            id: "aws:ebs:volume-io-latency", targets: target("Volumes", "aws:ec2:ebs-volume"),
            parameters: [
                duration(.seconds(1)),
                Parameter("readIOPercentage", .decimal(0.1...100), default: "100"),
                Parameter("readIOLatencyMilliseconds", .integer(1...60_000), default: "100"),
                Parameter("writeIOPercentage", .decimal(0.1...100), default: "100"),
                Parameter("writeIOLatencyMilliseconds", .integer(1...60_000), default: "100")
            ],
            length: .parameter("duration")),
        // §3.4 Lambda
        Action(
            id: "aws:lambda:invocation-add-delay", targets: target("Functions", "aws:lambda:function"),
            parameters: [
                duration(anyPositive), invocationPercentage,
                Parameter("startupDelayMilliseconds", .integer(0...900_000), default: "1000")
            ],
            length: .parameter("duration")),
        Action(
            id: "aws:lambda:invocation-error", targets: target("Functions", "aws:lambda:function"),
            parameters: [duration(anyPositive), invocationPercentage, Parameter("preventExecution", required: true, .boolean)],
            length: .parameter("duration")),
        Action(
            id: "aws:lambda:invocation-http-integration-response", targets: target("Functions", "aws:lambda:function"),
            parameters: [
                duration(anyPositive), invocationPercentage, Parameter("preventExecution", required: true, .boolean),
                Parameter("statusCode", required: true, .integer(0...999)), Parameter("contentTypeHeader", required: true, .text, example: "application/json")
            ],
            length: .parameter("duration")),
        // §3.5 Network
        Action(
            id: "aws:network:disrupt-connectivity", targets: target("Subnets", "aws:ec2:subnet"),
            parameters: [
                duration(),
                Parameter("scope", .choice(["all", "availability-zone", "dynamodb", "prefix-list", "s3", "s3express", "vpc"]), default: "all"),
                Parameter("prefixListIdentifier", .text, example: "my-prefix-list")
            ],
            length: .parameter("duration")),
        Action(
            id: "aws:network:route-table-disrupt-cross-region-connectivity", targets: target("Subnets", "aws:ec2:subnet"),
            parameters: [duration(), region], length: .parameter("duration")),
        Action(
            id: "aws:network:transit-gateway-disrupt-cross-region-connectivity", targets: target("TransitGateways", "aws:ec2:transit-gateway"),
            parameters: [duration(), region], length: .parameter("duration")),
        Action(
            id: "aws:network:disrupt-vpc-endpoint", targets: target("VPCEndpoints", "aws:ec2:vpc-endpoint"),
            parameters: [duration()], length: .parameter("duration")),
        // §3.6 RDS / Aurora / DSQL / DynamoDB / ElastiCache / MemoryDB / S3 / Kinesis / Direct Connect
        Action(id: "aws:rds:failover-db-cluster", targets: target("Clusters", "aws:rds:cluster"), parameters: [], length: .instant),
        Action(
            id: "aws:rds:reboot-db-instances", targets: target("DBInstances", "aws:rds:db"),
            parameters: [Parameter("forceFailover", .boolean, default: "false")], length: .instant),
        Action(
            id: "aws:dsql:cluster-connection-failure", targets: target("Clusters", "aws:dsql:cluster"),
            parameters: [duration(), percentage], length: .parameter("duration")),
        Action(
            id: "aws:dynamodb:global-table-pause-replication", targets: target("Tables", "aws:dynamodb:global-table"),
            parameters: [duration(anyPositive)], length: .parameter("duration")),
        Action(
            id: "aws:elasticache:replicationgroup-interrupt-az-power", targets: target("ReplicationGroups", "aws:elasticache:replicationgroup"),
            parameters: [duration()], length: .parameter("duration")),
        // The retired name and type, still in older templates.
        Action(
            id: "aws:elasticache:interrupt-cluster-az-power",
            targets: target("ReplicationGroups", "aws:elasticache:redis-replicationgroup", "aws:elasticache:replicationgroup"),
            parameters: [duration()], length: .parameter("duration")),
        Action(
            id: "aws:memorydb:multi-region-cluster-pause-replication", targets: target("MultiRegionClusters", "aws:memorydb:multi-region-cluster"),
            parameters: [duration()], length: .parameter("duration")),
        Action(
            id: "aws:s3:bucket-pause-replication", targets: target("Buckets", "aws:s3:bucket"),
            parameters: [duration(anyPositive), region, Parameter("destinationBuckets", .text), Parameter("prefixes", .text)],
            length: .parameter("duration")),
        Action(
            id: "aws:kinesis:stream-provisioned-throughput-exception", targets: target(nil, "aws:kinesis:stream"),
            parameters: [duration(anyPositive), percentage], length: .parameter("duration")),
        Action(
            id: "aws:kinesis:stream-expired-iterator-exception", targets: target(nil, "aws:kinesis:stream"),
            parameters: [duration(anyPositive), percentage], length: .parameter("duration")),
        Action(
            id: "aws:directconnect:virtual-interface-disconnect", targets: target("VirtualInterfaces", "aws:directconnect:virtual-interface"),
            parameters: [duration(.minutes(10))], length: .parameter("duration")),
        // §3.7 ECS
        Action(
            id: "aws:ecs:drain-container-instances", targets: target("Clusters", "aws:ecs:cluster"),
            parameters: [duration(), Parameter("drainagePercentage", required: true, .integer(1...100))], length: .parameter("duration")),
        Action(id: "aws:ecs:stop-task", targets: target("Tasks", "aws:ecs:task"), parameters: [], length: .instant),
        task(
            "aws:ecs:task-cpu-stress",
            [
                duration(), Parameter("percent", .integer(0...100), default: "100"),
                Parameter("workers", .integer(0...1_024), default: "0")
            ]),
        task(
            "aws:ecs:task-io-stress",
            [
                duration(), Parameter("percent", .integer(1...100), default: "80"),
                Parameter("workers", .integer(1...1_024), default: "1")
            ]),
        task(
            "aws:ecs:task-kill-process",
            [
                Parameter("processName", required: true, .text, example: "java"),
                Parameter("signal", .choice(["SIGTERM", "SIGKILL"]), default: "SIGTERM")
            ], length: .instant),
        task(
            "aws:ecs:task-network-blackhole-port",
            [
                duration(), port, Parameter("trafficType", required: true, .choice(["ingress", "egress"])),
                protocolParameter, useEndpoints
            ]),
        task("aws:ecs:task-network-latency", [duration(), delay, jitter, flowsPercent, sources, useEndpoints]),
        task("aws:ecs:task-network-packet-loss", [duration(), lossPercent, flowsPercent, sources, useEndpoints]),
        // §3.8 EKS
        pod(
            "aws:eks:pod-cpu-stress",
            [
                duration(), Parameter("percent", .integer(1...100), default: "100"),
                Parameter("workers", .integer(0...1_024), default: "0")
            ]),
        pod(
            "aws:eks:pod-memory-stress",
            [
                duration(), Parameter("percent", .integer(1...100), default: "80"),
                Parameter("workers", .integer(1...1_024), default: "1")
            ]),
        pod(
            "aws:eks:pod-io-stress",
            [
                duration(), Parameter("percent", .integer(1...100), default: "80"),
                Parameter("workers", .integer(1...1_024), default: "1")
            ]),
        pod("aws:eks:pod-delete", [Parameter("gracePeriodSeconds", .integer(0...86_400))], length: .instant),
        pod(
            "aws:eks:pod-network-blackhole-port",
            [
                duration(), port, Parameter("trafficType", required: true, .choice(["ingress", "egress"])),
                Parameter("protocol", required: true, .choice(["tcp", "udp"]))
            ]),
        pod("aws:eks:pod-network-latency", [duration(), Parameter("interface", .text, default: "DEFAULT"), delay, jitter, flowsPercent, sources]),
        pod("aws:eks:pod-network-packet-loss", [duration(), Parameter("interface", .text, default: "DEFAULT"), lossPercent, flowsPercent, sources]),
        Action(
            id: "aws:eks:terminate-nodegroup-instances", targets: target("Nodegroups", "aws:eks:nodegroup"),
            parameters: [Parameter("instanceTerminationPercentage", required: true, .integer(1...100))], length: .instant),
        Action(
            id: "aws:eks:inject-kubernetes-custom-resource", targets: target("Cluster", "aws:eks:cluster"),
            parameters: [
                Parameter("kubernetesApiVersion", required: true, .choice(["chaos-mesh.org/v1alpha1", "litmuschaos.io/v1alpha1"])),
                Parameter("kubernetesKind", required: true, .text), Parameter("kubernetesNamespace", required: true, .text),
                Parameter("kubernetesSpec", required: true, .json), duration(name: "maxDuration")
            ],
            length: .parameter("maxDuration")),
        // §3.9 Systems Manager
        Action(
            id: "aws:ssm:send-command", targets: target("Instances", "aws:ec2:instance"),
            parameters: [
                Parameter("documentArn", required: true, .ssmDocumentArn), Parameter("documentVersion", .text),
                Parameter("documentParameters", .json), duration()
            ],
            length: .parameter("duration")),
        Action(
            id: "aws:ssm:start-automation-execution", targets: [],
            parameters: [
                Parameter("documentArn", required: true, .ssmDocumentArn), Parameter("documentVersion", .text),
                Parameter("documentParameters", .json), duration(name: "maxDuration")
            ],
            length: .parameter("maxDuration"), legacyNames: ["duration": "maxDuration"]),
        // LocalStack's emulation (fis-reference §6): parameters are LocalStack's own.
        Action(
            id: "localstack:generic:api-error", targets: [],
            parameters: [duration(anyPositive, required: false)] + localStackFilter
                + [
                    Parameter("percentage", .integer(1...100), default: "100"), Parameter("exception", .text),
                    Parameter("errorCode", .integer(400...599), default: "500"),
                    // The older form of the LocalStack tutorial: only `latency` delays every call.
                    Parameter("latency", .decimal(0...900), unit: "seconds")
                ],
            length: .parameter("duration"), openParameters: true),
        Action(
            id: "localstack:generic:latency", targets: [],
            parameters: [duration(anyPositive, required: false)] + localStackFilter
                + [Parameter("latencyMilliseconds", required: true, .integer(0...900_000))],
            length: .parameter("duration"), openParameters: true)
    ]
}
