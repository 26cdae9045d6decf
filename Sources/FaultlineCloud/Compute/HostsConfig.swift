import FaultlineKernel
import FaultlineRandom

/// A service's compute hosts: EC2 instances, ECS tasks or EKS pods, each its own M/G/c station
/// (a ``Deployment`` of `workersEach` workers) in one AZ.
///
/// A service with hosts is always reached through its ``LoadBalancerConfig``.
public struct HostsConfig: Sendable {
    public enum HostType: String, Sendable, CaseIterable {
        case ec2Instance = "ec2-instance"
        case ecsTask = "ecs-task"
        case eksPod = "eks-pod"

        /// The FIS target resource type.
        public var resourceType: String {
            switch self {
            case .ec2Instance: return "aws:ec2:instance"
            case .ecsTask: return "aws:ecs:task"
            case .eksPod: return "aws:eks:pod"
            }
        }
    }

    public var type: HostType
    /// Hosts per AZ of the service.
    public var perAZ: Int
    /// Workers (concurrent requests) of one host.
    public var workersEach: Int
    /// Resource tags (EC2 tags, ECS task tags, pod labels) every host carries.
    public var tags: [(key: String, value: String)]
    /// From start (or launch) to the application serving: the OS boot / container start.
    public var bootTime: Sampler
    /// How long an instance is down during `aws:ec2:reboot-instances`.
    public var rebootTime: Sampler
    /// How long a killed application process stays down before its supervisor restarts it.
    public var restartDelay: SimDuration
    /// ECS tasks and EKS pods: from a task stopped / pod deleted to its replacement being
    /// scheduled (the ECS service scheduler, the ReplicaSet controller).
    public var replacementDelay: SimDuration
    /// `AWSFIS-Run-Memory-Stress` at or above this percentage gets the application OOM-killed.
    public var oomPercent: Double
    /// vCPUs of one host (CPU stress on fewer than all of them takes a share).
    public var vcpus: Int
    /// ECS cluster / EKS cluster name in ARNs.
    public var cluster: String
    /// EKS namespace.
    public var namespace: String
    /// Hosts per AZ running at the start (`perAZ` is the slots per AZ: more with scaling).
    public var initialPerAZ: Int
    /// Capacity limits and scaling policies (EC2 Auto Scaling, Application Auto Scaling for
    /// ECS), or nil: the count stays `initialPerAZ` per AZ (replacements aside).
    public var scaling: ScalingConfig?
    /// Bytes of one request and one response on the wire (headers included): `NetworkIn`,
    /// `NetworkOut` and `NetworkPacketsIn` (docs/compute-model.md).
    public var requestBytes: Int
    public var responseBytes: Int
    /// ECS `MemoryUtilization` of an idle task, percent (memory stress adds to it).
    public var memoryPercent: Double
    /// Whether the per-instance `AWS/EC2` series and the group's series (`<service>-asg`, or
    /// the ECS service's CPU, memory and task counts) are written to the timeline. The scenario
    /// turns them on when `hosts.metrics`, `scaling:`, an alarm or a hypothesis uses them, so a
    /// scenario that uses none writes the timeline it wrote before they existed.
    public var emitInstanceMetrics = false
    public var emitGroupMetrics = false

    public init(
        type: HostType, perAZ: Int, workersEach: Int, tags: [(key: String, value: String)] = [], bootTime: Sampler,
        rebootTime: Sampler, restartDelay: SimDuration, replacementDelay: SimDuration, oomPercent: Double = 90,
        vcpus: Int = 2, cluster: String, namespace: String = "default", initialPerAZ: Int? = nil, scaling: ScalingConfig? = nil,
        requestBytes: Int = HostsConfig.defaultRequestBytes, responseBytes: Int = HostsConfig.defaultResponseBytes, memoryPercent: Double = 30
    ) {
        self.vcpus = vcpus
        self.initialPerAZ = initialPerAZ ?? perAZ
        self.scaling = scaling
        self.requestBytes = requestBytes
        self.responseBytes = responseBytes
        self.memoryPercent = memoryPercent
        self.type = type
        self.perAZ = perAZ
        self.workersEach = workersEach
        self.tags = tags
        self.bootTime = bootTime
        self.rebootTime = rebootTime
        self.restartDelay = restartDelay
        self.replacementDelay = replacementDelay
        self.oomPercent = oomPercent
        self.cluster = cluster
        self.namespace = namespace
    }
}

extension HostsConfig {
    public static let defaultRequestBytes = 1_024
    public static let defaultResponseBytes = 4_096
    /// TCP payload per packet on a 1500-byte MTU (1460 minus 12 bytes of timestamp option).
    public static let segmentBytes = 1_448
}

/// An Elastic Load Balancing load balancer with one target group in front of a service's hosts.
///
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
public struct LoadBalancerConfig: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case alb, nlb }
    public enum Algorithm: String, Sendable, CaseIterable {
        case roundRobin = "round-robin"
        case leastOutstanding = "least-outstanding"
    }

    /// The load balancer's name (its resource name in the timeline and in alarms).
    public var name: String
    public var kind: Kind
    /// Whether each load balancer node routes to targets in every AZ (ALB default: on; NLB: off).
    public var crossZone: Bool
    public var algorithm: Algorithm
    /// `HealthCheckIntervalSeconds` (ALB default 30 s).
    public var interval: SimDuration
    /// `HealthCheckTimeoutSeconds` (ALB default 5 s): no answer within it fails the check.
    public var timeout: SimDuration
    /// `HealthyThresholdCount` (ALB default 5).
    public var healthyThreshold: Int
    /// `UnhealthyThresholdCount` (ALB default 2).
    public var unhealthyThreshold: Int
    /// `deregistration_delay.timeout_seconds` (default 300 s): how long a deregistered target drains.
    public var deregistrationDelay: SimDuration
    /// How long the load balancer waits for a TCP connection to a target before it answers 504
    /// (ALB: 10 s, not configurable).
    public var connectTimeout: SimDuration

    public init(
        name: String, kind: Kind = .alb, crossZone: Bool = true, algorithm: Algorithm = .roundRobin,
        interval: SimDuration = .seconds(30), timeout: SimDuration = .seconds(5), healthyThreshold: Int = 5,
        unhealthyThreshold: Int = 2, deregistrationDelay: SimDuration = .seconds(300), connectTimeout: SimDuration = .seconds(10)
    ) {
        self.name = name
        self.kind = kind
        self.crossZone = crossZone
        self.algorithm = algorithm
        self.interval = interval
        self.timeout = timeout
        self.healthyThreshold = healthyThreshold
        self.unhealthyThreshold = unhealthyThreshold
        self.deregistrationDelay = deregistrationDelay
        self.connectTimeout = connectTimeout
    }
}

/// An EC2 Auto Scaling group holding a service's instances: it replaces unhealthy ones in the
/// same AZ.
///
/// https://docs.aws.amazon.com/autoscaling/ec2/userguide/healthcheck.html
public struct AutoScalingConfig: Sendable {
    public enum HealthCheckType: String, Sendable, CaseIterable {
        /// EC2 status: an instance in any state other than running (stopped, terminated) is unhealthy.
        case ec2 = "EC2"
        /// EC2 status, and also the load balancer's health checks.
        case elb = "ELB"
    }

    /// Whether the `ReplaceUnhealthy` process runs (false: suspended).
    public var replaceUnhealthy: Bool
    public var healthCheckType: HealthCheckType
    /// A new instance is not replaced for ELB unhealthiness within this time of its launch.
    public var healthCheckGracePeriod: SimDuration
    /// From an instance turning unhealthy to the group noticing it and terminating it.
    public var detectionDelay: SimDuration
    /// From the group's decision to the replacement instance starting to boot.
    public var launchTime: Sampler

    public init(
        replaceUnhealthy: Bool = true, healthCheckType: HealthCheckType = .ec2, healthCheckGracePeriod: SimDuration = .seconds(300),
        detectionDelay: SimDuration = .seconds(10), launchTime: Sampler
    ) {
        self.replaceUnhealthy = replaceUnhealthy
        self.healthCheckType = healthCheckType
        self.healthCheckGracePeriod = healthCheckGracePeriod
        self.detectionDelay = detectionDelay
        self.launchTime = launchTime
    }
}

/// What a compute fault does to its hosts (``FaultConfig/hosts``) or load balancers.
public enum ComputeEffect: Sendable, Equatable {
    /// `aws:ec2:stop-instances`: stopped at the start (in-flight and queued requests fail);
    /// started again at the window's end when `restart` (startInstancesAfterDuration), then boot.
    case stop(restart: Bool)
    /// `aws:ec2:terminate-instances`, `aws:ecs:stop-task`, `aws:eks:pod-delete`: gone; the Auto
    /// Scaling group, ECS service scheduler or ReplicaSet replaces it.
    case terminate
    /// `aws:ec2:reboot-instances`: down for a sampled reboot time, then back.
    case reboot
    /// `AWSFIS-Run-CPU-Stress`, `aws:ecs:task-cpu-stress`, `aws:eks:pod-cpu-stress`: during the
    /// window service times on the host are stretched by `factor`.
    /// `cpus` is the number of stressed vCPUs (0: all of the host's).
    case cpuStress(loadPercent: Double, cpus: Int)
    /// `AWSFIS-Run-Memory-Stress`, `aws:eks:pod-memory-stress`: at or above the host's
    /// `oomPercent` the application is OOM-killed at the start (then restarts); below, no effect.
    case memoryStress(percent: Double)
    /// `AWSFIS-Run-Kill-Process`, `aws:ecs:task-kill-process`: the application is down until its
    /// supervisor restarts it (`restartDelay`).
    case killProcess
    /// `aws:arc:start-zonal-autoshift`: the load balancers of the targets stop routing to the AZ
    /// named `az` (`availabilityZoneIdentifier`) for the window.
    case zonalShift(az: String)
    /// `aws:ec2:asg-insufficient-instance-capacity-error`: the targeted Auto Scaling groups'
    /// launches in the AZs named `azs` (`availabilityZoneIdentifiers`) fail with
    /// InsufficientInstanceCapacity for the window, `percent` of them (`percentage`), so an
    /// instance the group replaces there stays terminated until a launch succeeds.
    /// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#asg-actions-reference
    case insufficientCapacity(azs: [String], percent: Int)

    /// The CPU share the application keeps while `AWSFIS-Run-CPU-Stress` runs `loadPercent` on
    /// `cpuShare` of the cores: the stressors and the application share each stressed core
    /// fairly (Linux CFS, equal weights), so the application keeps `1 - L·s` but never less
    /// than `1 - s/2` (half of each stressed core). Service time is divided by it.
    public static func cpuStretch(loadPercent: Double, cpuShare: Double) -> Double {
        let l = min(max(loadPercent, 0), 100) / 100, s = min(max(cpuShare, 0), 1)
        return 1 / max(1 - l * s, 1 - s / 2)
    }
}
