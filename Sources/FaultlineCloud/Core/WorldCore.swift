import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// What every component of ``World`` works on: the configuration, services and their
/// deployments, the request slab, SDK client state, metrics, the request ledger, the clock and
/// the shared streams. Components receive it `inout` next to their own state (disjoint stored
/// properties of `World`, so no copy and no runtime exclusivity check).
struct WorldCore: ~Copyable {
    let config: ModelConfig
    var services: [ServiceRuntime]
    var deployments: RawArray<Deployment>
    var workloads: [WorkloadRuntime]
    var requests = RawArray<Request>(capacity: 1_024)
    var freeRequests = RawArray<Int32>(capacity: 1_024)
    var liveRequests: Int = 0
    /// SDK client state per (deployment, step).
    var clients: RawArray<ClientState>
    /// API operation names; index 0 is "no operation".
    let operations: [String]
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
    let azRegion: [Int32]
    var metrics: MetricsRecorder
    /// Set when a limit other than the event count is hit; the engine stops at once.
    var haltReason: String?
    var sink: TimelineSink?
    /// Per deployment of a workload target: the request ledger's counters (docs/ledger.md), or nil.
    var ledgerCounters: [LedgerCounters?] = []
    /// The request ledger's running totals and failures by status.
    var ledger = RequestLedgerTotals()
    var ledgerFailedByStatus: [UInt16: Int64] = [:]
    /// The time of the event being handled.
    var clock: SimInstant = .zero
    var lastPeriodEnd: SimInstant = .zero

    /// Services, their deployments (one per AZ, or one per host), SDK client state per step,
    /// API operation names and the common series of every service. Streams are named
    /// `service/<name>`, `workload/<name>` and `network`, so adding a component never shifts
    /// another's draws. Family components build on this (``World/init(config:seed:replication:sink:)``).
    init(config: ModelConfig, seed: UInt64, replication: UInt32, sink: TimelineSink?) {
        self.config = config
        self.sink = sink
        var recorder = MetricsRecorder(period: config.period, summaryStart: .zero + config.warmup)
        var deployments = RawArray<Deployment>()
        var services: [ServiceRuntime] = []
        var clients = RawArray<ClientState>()
        var operations = [""]
        let serviceStreams = config.services.map {
            RandomStream(master: seed, component: "service/\($0.name)", replication: replication, generator: config.generator)
        }
        for (si, s) in config.services.enumerated() {
            let names = ServiceMetrics.names(for: s.kind)
            let m = ServiceMetrics(
                invocations: recorder.counter(s.name, names.invocations),
                errors: recorder.counter(s.name, names.errors),
                throttles: recorder.counter(s.name, names.throttles, emitted: names.hasThrottles),
                timeouts: recorder.counter(s.name, "Timeouts", emitted: names.hasTimeouts),
                duration: recorder.distribution(s.name, names.duration, emitted: names.hasDuration),
                queueWait: recorder.distribution(s.name, "QueueWait", emitted: names.queued),
                waited: recorder.counter(s.name, "WaitedRequests", emitted: names.queued),
                concurrency: recorder.gauge(s.name, "ConcurrentExecutions", emitted: names.hasConcurrency),
                queueDepth: recorder.gauge(s.name, "QueueDepth", emitted: names.queued))
            let (steps, stepCalls) = CallStep.flatten(s.calls)
            let usesClient = steps.contains { $0.usesClientState }
            let hasFallback = steps.contains { $0.fallback >= 0 }
            let cm = ClientMetrics(
                retries: recorder.counter(s.name, "Retries", emitted: usesClient),
                quotaExhausted: recorder.counter(s.name, "RetryQuotaExhausted", emitted: stepCalls.contains { $0.retry.usesRetryQuota }),
                breakerRejections: recorder.counter(s.name, "CircuitBreakerRejections", emitted: stepCalls.contains { $0.circuitBreaker != nil }),
                fallbacks: recorder.counter(s.name, "Fallbacks", emitted: hasFallback))
            var byAZ = [Int32](repeating: -1, count: config.topology.azs.count)
            var own: [Int32] = []
            for az in s.azs {
                byAZ[Int(az.index)] = Int32(deployments.count)
                // A service with hosts has one deployment per host; otherwise one per AZ.
                for _ in 0..<(s.hosts?.perAZ ?? 1) {
                    own.append(Int32(deployments.count))
                    var dep = Deployment(service: Int32(si), az: az.index, config: s, stepCount: steps.count, metrics: m, stream: serviceStreams[si].handle)
                    dep.clientBase = Int32(clients.count)
                    for call in stepCalls { clients.append(ClientState(call: call)) }
                    deployments.append(dep)
                }
            }
            var runtime = ServiceRuntime(config: s, deploymentByAZ: byAZ, deployments: own, metrics: m, clientMetrics: cm)
            runtime.stepOperations = stepCalls.map { call in
                guard let op = call.operation else { return 0 }
                if let i = operations.firstIndex(of: op) { return UInt16(i) }
                operations.append(op)
                return UInt16(operations.count - 1)
            }
            services.append(runtime)
        }
        self.services = services
        self.deployments = deployments
        self.clients = clients
        self.operations = operations
        self.metrics = recorder
        self.workloads = config.workloads.map { WorkloadRuntime(config: $0) }
        self.serviceStreams = serviceStreams
        let workloadStreams = config.workloads.map {
            RandomStream(master: seed, component: "workload/\($0.name)", replication: replication, generator: config.generator)
        }
        self.workloadStreams = workloadStreams
        self.networkStream = RandomStream(master: seed, component: "network", replication: replication, generator: config.generator)
        self.azRegion = config.topology.azs.map { $0.region.index }
        self.workloadHandles = workloadStreams.map(\.handle)
        self.networkHandle = networkStream.handle
        self.networkCores = (config.network.intraAZ.core, config.network.crossAZ.core, config.network.crossRegion.core)
    }

    /// Marks every deployment of service `s` as `kind`, at `index` in its family's runtimes.
    mutating func assign(service s: Int, kind: DeploymentKind, index: Int32) {
        for d in services[s].deployments {
            deployments[Int(d)].kind = kind
            deployments[Int(d)].kindIndex = index
        }
    }
}
