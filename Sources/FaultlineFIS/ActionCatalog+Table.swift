import FaultlineKernel

/// The table itself: one ``ActionCatalog/Action`` per FIS action, with the shared parameter
/// declarations it is built from (FIS User Guide, action reference).
extension ActionCatalog {
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
