import DequeModule
import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// The cloud model: every component as structs in arrays, driven by the engine one event at a
/// time. It knows nothing about files or AWS JSON; later layers act on it through faults.
public struct World: EventHandler, ~Copyable, @unchecked Sendable {
    public typealias Payload = WorldEvent

    public let config: ModelConfig
    var services: [ServiceRuntime]
    var deployments: RawArray<Deployment>
    var workloads: [WorkloadRuntime]
    var requests = RawArray<Request>(capacity: 1_024)
    var freeRequests = RawArray<Int32>(capacity: 1_024)
    var liveRequests: Int = 0
    /// One GSL stream per component, derived from the master seed and the component's name;
    /// these own the generators for the run.
    let serviceStreams: [RandomStream]
    let workloadStreams: [RandomStream]
    let networkStream: RandomStream
    /// Hot-path views of the streams and samplers (no reference counting per draw); a
    /// service's handle and sampler live in its deployments.
    let workloadHandles: [StreamHandle]
    let networkHandle: StreamHandle
    let networkCores: (intraAZ: SamplerCore, crossAZ: SamplerCore, crossRegion: SamplerCore)
    var azRegion: [Int32]
    public internal(set) var metrics: MetricsRecorder
    /// Set when a limit other than the event count is hit; the engine stops at once.
    public internal(set) var haltReason: String?
    var sink: TimelineSink?
    var lastPeriodEnd: SimInstant = .zero

    /// Builds the world for one run. Streams are named `service/<name>`, `workload/<name>` and
    /// `network`, so adding a component never shifts another's draws.
    public init(config: ModelConfig, seed: UInt64, replication: UInt32 = 0, sink: TimelineSink?) {
        self.config = config
        self.sink = sink
        var recorder = MetricsRecorder(period: config.period, summaryStart: .zero + config.warmup)
        var deployments = RawArray<Deployment>()
        var services: [ServiceRuntime] = []
        let serviceStreams = config.services.map {
            RandomStream(master: seed, component: "service/\($0.name)", replication: replication, generator: config.generator)
        }
        for (si, s) in config.services.enumerated() {
            let m = ServiceMetrics(
                invocations: recorder.counter(s.name, "Invocations"),
                errors: recorder.counter(s.name, "Errors"),
                throttles: recorder.counter(s.name, "Throttles"),
                timeouts: recorder.counter(s.name, "Timeouts"),
                duration: recorder.distribution(s.name, "Duration"),
                queueWait: recorder.distribution(s.name, "QueueWait"),
                concurrency: recorder.gauge(s.name, "ConcurrentExecutions"),
                queueDepth: recorder.gauge(s.name, "QueueDepth"))
            var byAZ = [Int32](repeating: -1, count: config.topology.azs.count)
            var own: [Int32] = []
            for az in s.azs {
                byAZ[Int(az.index)] = Int32(deployments.count)
                own.append(Int32(deployments.count))
                deployments.append(Deployment(service: Int32(si), az: az.index, config: s, metrics: m, stream: serviceStreams[si].handle))
            }
            services.append(ServiceRuntime(config: s, deploymentByAZ: byAZ, deployments: own, metrics: m))
        }
        self.services = services
        self.deployments = deployments
        self.workloads = config.workloads.map { WorkloadRuntime(config: $0) }
        self.metrics = recorder
        self.serviceStreams = serviceStreams
        self.workloadStreams = config.workloads.map {
            RandomStream(master: seed, component: "workload/\($0.name)", replication: replication, generator: config.generator)
        }
        self.networkStream = RandomStream(master: seed, component: "network", replication: replication, generator: config.generator)
        self.azRegion = config.topology.azs.map { $0.region.index }
        self.workloadHandles = workloadStreams.map(\.handle)
        self.networkHandle = networkStream.handle
        self.networkCores = (config.network.intraAZ.core, config.network.crossAZ.core, config.network.crossRegion.core)
    }

    /// Schedules the first event of every workload and the first period boundary.
    public mutating func start(queue: inout EventQueue<WorldEvent>) {
        for w in workloads.indices {
            scheduleNextArrival(workload: w, after: .zero, queue: &queue)
        }
        queue.schedule(.periodEnd, at: .zero + config.period)
    }

    public func fingerprintWord(_ payload: WorldEvent) -> UInt64 { payload.fingerprintWord }

    public var isHalted: Bool { haltReason != nil }
}
