import FaultlineKernel
import FaultlineMetrics

/// A host's lifecycle state, as EC2 reports `State.Name` (tasks and pods map onto it).
public enum HostState: UInt8, Sendable {
    case running, stopped, pending, terminated, rebooting

    /// `State.Name` as DescribeInstances shows it (a rebooting instance stays `running`).
    public var stateName: String {
        switch self {
        case .running, .rebooting: return "running"
        case .stopped: return "stopped"
        case .pending: return "pending"
        case .terminated: return "terminated"
        }
    }
}

/// One host at run time: its state, its target health in the load balancer, and tallies.
struct HostRuntime: Sendable {
    let service: Int32
    let az: Int32
    /// Index among the service's hosts in this AZ.
    let index: Int32
    let deployment: Int32
    /// Index into `World.loadBalancers`, or -1.
    let lb: Int32
    var state: HostState = .running
    /// The application process is alive (false after kill-process / OOM until restarted).
    var appUp = true
    /// Bumped on every state change; boot, restart and reboot timers carry it.
    var generation: UInt32 = 0
    /// Registered in the target group (a replacement registers when it is running).
    var registered = true
    var healthy = true
    /// Newly registered: one passing check makes it healthy (ALB), not `healthyThreshold`.
    var initial = false
    var passes: Int32 = 0
    var fails: Int32 = 0
    /// When the current instance was launched (the Auto Scaling grace period counts from it).
    var launchedAt: Int64 = 0
    /// A replacement is pending (the Auto Scaling group or scheduler has noticed).
    var replacing = false
    /// The group's last launch for this slot failed (insufficient capacity): logged once per stretch.
    var launchBlocked = false
    /// Service-time multiplier from CPU stress, and how many stresses are active.
    var stretch: Double = 1
    var stresses: Int32 = 0
    /// The last fault that acted on the host (`config.faults` index), or -1.
    var lastFault: Int32 = -1
    // Tallies.
    var routed: Int64 = 0
    var served: Int64 = 0
    var failed: Int64 = 0
    var loadBalancerErrors: Int64 = 0
    var replacements: Int32 = 0
    var downSince: Int64 = -1
    var downTotal: Int64 = 0
    var unhealthySince: Int64 = -1
    var unhealthyTotal: Int64 = 0
    // Capacity and metrics (World+HostMetrics, World+Scaling).
    /// Counted in its group's capacity (false: an empty slot, or draining after a scale-in).
    var active = true
    /// Its scaling group (index into `ComputeState.groups`), or -1.
    var group: Int32 = -1
    /// Workers doing local work now (not waiting on a call): the application's CPU.
    var computing: Int32 = 0
    /// CPU taken by running stress, and the host's CPU now, in parts per million.
    var stressPPM: Int64 = 0
    var cpuPPM: Int64 = 0
    /// Memory stress running now, percent.
    var memoryStress: Double = 0
    /// Its CPU counts in the group's aggregate (InService and warmed up).
    var contributing = false
    /// EC2 per-instance series, or nil (tasks and pods have none).
    var metrics: HostMetrics?

    var serving: Bool { state == .running && appUp }
}

/// A load balancer (one target group) at run time.
struct LoadBalancerRuntime: Sendable {
    let service: Int32
    let config: LoadBalancerConfig
    /// Host indices, in AZ then host order.
    let targets: [Int32]
    /// The AZs with a load balancer node (the service's AZs), as AZ indices.
    let nodes: [Int32]
    /// Round-robin position per node AZ (indexed by AZ index).
    var next: [Int]
    /// Active zonal shifts away from each AZ (indexed by AZ index).
    var shifted: [Int32]
    /// Rotates DNS failover between nodes.
    var failover = 0
    let metrics: LoadBalancerMetrics
    var requests: Int64 = 0
    var target2xx: Int64 = 0
    var target5xx: Int64 = 0
    var elb5xx: Int64 = 0
}

/// The CloudWatch `AWS/ApplicationELB` series of one load balancer.
struct LoadBalancerMetrics: Sendable {
    let requestCount: CounterID
    let target2xx: CounterID
    let target5xx: CounterID
    let elb5xx: CounterID
    let elb502: CounterID
    let elb503: CounterID
    let elb504: CounterID
    let responseTime: DistributionID
    let healthy: GaugeID
    let unhealthy: GaugeID
}

/// The `AWS/EC2` series of one instance.
struct HostMetrics: Sendable {
    let cpu: GaugeID
    let networkIn: CounterID
    let networkOut: CounterID
    let packetsIn: CounterID
    let statusCheckFailed: GaugeID
}

/// Kinds of ``WorldEvent/hostTimer(host:kind:generation:)`` (one byte; raw values are hashed
/// into the run fingerprint and must not change).
public enum HostTimer: UInt8, Sendable {
    /// The load balancer's periodic health check of the target (every interval, forever).
    case healthCheck = 0
    /// A health check got no answer within the timeout: it fails now.
    case checkTimedOut = 1
    /// Boot (start, reboot or replacement) finished: the application serves.
    case booted = 2
    /// The killed application process is restarted by its supervisor.
    case appRestart = 3
    /// The Auto Scaling group (or ECS/EKS scheduler) replaces the host.
    case replace = 4
    /// The instance's warm-up ended: its metrics join the group's aggregate.
    case warmedUp = 5
    /// A host removed by scale-in finished draining (deregistration delay): it terminates.
    case drained = 6
    /// The group (of this host's slot) tries again to reach its desired capacity.
    case reconcile = 7
}

/// One change of a host's state or target health, for faults.json and experiment.json.
public struct HostChange: Sendable, Equatable {
    public var host: Int32
    public var at: SimInstant
    /// stopped, pending, running, terminated, rebooting, app-down, app-up, oom-killed,
    /// cpu-stress-start, cpu-stress-end, unhealthy, healthy, replacing, launch-failed,
    /// launching (scale-out), draining (scale-in), terminated
    public var event: String
    /// The `config.faults` index that caused it (directly or by consequence), or -1.
    public var fault: Int32
}

/// A host over the whole run.
public struct HostSummary: Sendable, Equatable {
    public var name: String
    public var service: String
    public var az: String
    public var index: Int
    public var type: String
    public var stateAtEnd: String
    public var healthyAtEnd: Bool
    /// Requests the load balancer sent to it.
    public var routed: Int64
    /// Requests it answered without error.
    public var served: Int64
    /// Requests that ended in an error on it (including those cut off by a stop or kill).
    public var failed: Int64
    /// 502/504s the load balancer generated because the host did not answer.
    public var loadBalancerErrors: Int64
    public var replacements: Int
    /// Seconds it could not serve (stopped, booting, rebooting, application down).
    public var downSeconds: Double
    /// Seconds its target was registered but unhealthy.
    public var unhealthySeconds: Double
}

/// A load balancer over the whole run.
public struct LoadBalancerSummary: Sendable, Equatable {
    public var name: String
    public var service: String
    public var requests: Int64
    public var target2xx: Int64
    public var target5xx: Int64
    public var elb5xx: Int64
}
