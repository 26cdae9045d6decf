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
    /// Network faults (NACL, routes, host `tc`) and what they do per hop.
    var network: NetworkImpairments
    public internal(set) var metrics: MetricsRecorder
    /// Set when a limit other than the event count is hit; the engine stops at once.
    public internal(set) var haltReason: String?
    var sink: TimelineSink?
    /// Per deployment of a workload target: the request ledger's counters (docs/ledger.md), or nil.
    var ledgerCounters: [LedgerCounters?] = []
    /// The request ledger's running totals and failures by status.
    var ledger = RequestLedgerTotals()
    var ledgerFailedByStatus: [UInt16: Int64] = [:]
    /// The time of the event being handled.
    var clock: SimInstant = .zero
    var lastPeriodEnd: SimInstant = .zero

    // Lambda functions, their execution environments and the faults their extensions apply.
    var functions = RawArray<FunctionRuntime>()
    var environments = RawArray<Environment>(capacity: 64)
    var freeEnvironments = RawArray<Int32>()
    var environmentSerial: Int32 = 0
    var faultRecords = RawArray<FaultRecord>()
    // Managed services.
    var tables: [TableRuntime] = []
    var queues: [QueueRuntime] = []
    var queueStreams: [RandomStream] = []
    var queueHandles: [StreamHandle] = []
    var expiredSeen: [Int64] = []
    var batches: [Batch] = []
    var freeBatches: [Int32] = []
    var topicSubscriptions: [[Int32]] = []
    var topicDelivered: [CounterID] = []
    /// Per topic, whether each subscription is a function (an asynchronous invocation).
    var topicToFunction: [[Bool]] = []
    var apis: [APIRuntime] = []
    var routeAPI: [Int32] = []
    /// Responses per HTTP status of each API route (whole run), for ``RunResult/routeStatuses``.
    var routeStatusCounts: [[UInt16: Int64]] = []
    /// API faults (indices into `config.faults`) per service, and which are active.
    var apiFaultsByService: [[Int]] = []
    var apiFaultActive: [Bool] = []
    let apiFaultStream: RandomStream
    let apiFaultHandle: StreamHandle
    /// SDK client state per (deployment, step).
    var clients = RawArray<ClientState>()
    /// API operation names; index 0 is "no operation".
    let operations: [String]
    /// The account's invocation-rate cap per Region: 10 × the concurrency limit per second.
    var accountRate: [TokenBucket]
    /// Unreserved concurrency in use and available, per Region.
    var unreservedInUse: [Int32]
    let unreservedLimit: [Int32]
    let functionStreams: [RandomStream]
    /// Lambda faults by bit (in start order): the index in `config.faults`, action and window.
    let lambdaFaults: [Int]
    let lambdaFaultActions: [FaultAction]
    var faultStart: [Int64]
    var faultEnd: [Int64]
    let faultInjections: [CounterID]
    let lambdaFaultCount: Int
    /// Per Lambda fault, invocations of its targets per second from its start (see
    /// ``InvocationCurve``): counts at `3 × bucket`, `+1` aware, `+2` injected.
    var faultCurves: [[Int64]]
    // Alarms and experiment stop conditions.
    var alarmRuntimes: [AlarmRuntime] = []
    public internal(set) var alarmHistories: [AlarmHistory] = []
    public internal(set) var guardOutcomes: [GuardOutcome] = []
    var guardStarted: [Bool] = []
    var apiFaultKilled: [Bool] = []
    /// Alarms that do not fit the run's metrics (``Simulation`` refuses to run).
    public internal(set) var alarmProblems: [String] = []
    /// Hosts behind load balancers, their streams and log (Compute/ComputeState).
    var compute = ComputeState()
    /// Compute faults ended by a stop condition, applied once the event queue is at hand.
    var deferredComputeEnds: [Int32] = []
    /// Aurora / RDS clusters, their instances and client pools.
    var db = DatabaseState()

    /// Builds the world for one run. Streams are named `service/<name>`, `workload/<name>` and
    /// `network`, so adding a component never shifts another's draws.
    public init(config: ModelConfig, seed: UInt64, replication: UInt32 = 0, sink: TimelineSink?) {
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
        // Lambda faults get bits in start order, so "the earliest start applies" is "the lowest bit".
        let lambdaFaults = config.faults.indices.filter { config.faults[$0].action.isLambda }
            .sorted { (config.faults[$0].start, $0) < (config.faults[$1].start, $1) }
        self.lambdaFaults = lambdaFaults
        self.lambdaFaultCount = lambdaFaults.count
        self.lambdaFaultActions = lambdaFaults.map { config.faults[$0].action }
        self.faultStart = lambdaFaults.map { config.faults[$0].start.nanoseconds }
        self.faultEnd = lambdaFaults.map { config.faults[$0].end.nanoseconds }
        self.faultInjections = lambdaFaults.map { recorder.counter("fault/\(config.faults[$0].name)", "FaultInjected") }
        self.faultCurves = lambdaFaults.map { InvocationCurve.storage(start: config.faults[$0].start, end: config.faults[$0].end, horizon: config.horizon) }
        var functions = RawArray<FunctionRuntime>()
        var functionStreams: [RandomStream] = []
        let regionCount = config.topology.regions.count
        var reservedByRegion = [Int](repeating: 0, count: regionCount)
        for (si, s) in config.services.enumerated() {
            guard let fc = s.kind.function else { continue }
            let region = config.topology.azs[Int(s.azs[0].index)].region.index
            if let r = fc.reservedConcurrency { reservedByRegion[Int(region)] += r }
            let envStream = RandomStream(master: seed, component: "function/\(s.name)/environments", replication: replication, generator: config.generator)
            let faultStream = RandomStream(master: seed, component: "function/\(s.name)/faults", replication: replication, generator: config.generator)
            functionStreams += [envStream, faultStream]
            let fm = FunctionMetrics(
                initDuration: recorder.distribution(s.name, "InitDuration"),
                coldStarts: recorder.counter(s.name, "ColdStarts"),
                environments: recorder.gauge(s.name, "Environments"),
                faultAwareEnvironments: recorder.gauge(s.name, "FaultAwareEnvironments", emitted: fc.fisExtension != nil),
                faultInjected: recorder.counter(s.name, "FaultInjected", emitted: fc.fisExtension != nil),
                extensionPolls: recorder.counter(s.name, "ExtensionPolls", emitted: fc.fisExtension != nil),
                extensionPollsCompleted: recorder.counter(s.name, "ExtensionPollsCompleted", emitted: fc.fisExtension != nil),
                asyncEventsReceived: recorder.counter(s.name, "AsyncEventsReceived"),
                asyncEventAge: recorder.distribution(s.name, "AsyncEventAge"),
                asyncEventsDropped: recorder.counter(s.name, "AsyncEventsDropped"))
            var runtime = FunctionRuntime(service: Int32(si), region: region, config: fc, onFailure: fc.async.onFailure.map { Int32($0.index) } ?? -1,
                                          metrics: fm, environmentStream: envStream.handle, faultStream: faultStream.handle)
            for (bit, fi) in lambdaFaults.enumerated() where config.faults[fi].targets.contains(where: { Int($0.index) == si }) {
                runtime.faultMask |= 1 << UInt64(bit)
            }
            for d in services[si].deployments { deployments[Int(d)].function = Int32(functions.count) }
            functions.append(runtime)
        }
        self.functions = functions
        self.functionStreams = functionStreams
        self.unreservedLimit = reservedByRegion.map { Int32(config.lambdaAccount.concurrencyLimit - $0) }
        self.unreservedInUse = [Int32](repeating: 0, count: regionCount)
        let rps = 10 * config.lambdaAccount.concurrencyLimit
        self.accountRate = [TokenBucket](repeating: TokenBucket(ratePerSecond: rps, burst: rps, at: .zero), count: regionCount)
        // Tables, queues, topics and API routes.
        self.apiFaultStream = RandomStream(master: seed, component: "faults/api", replication: replication, generator: config.generator)
        self.apiFaultHandle = apiFaultStream.handle
        var apiIndex: [Int: Int] = [:]
        for (si, s) in config.services.enumerated() {
            var kind = DeploymentKind.generic
            var index: Int32 = -1
            switch s.kind {
            case .generic: break
            case .function: kind = DeploymentKind.function
            case let .table(t):
                kind = DeploymentKind.table
                index = Int32(tables.count)
                var latency = [SamplerCore?](repeating: nil, count: operations.count)
                for (op, sampler) in t.operationLatency {
                    if let i = operations.firstIndex(of: op) { latency[i] = sampler.core }
                }
                var read: TokenBucket?, write: TokenBucket?
                if case let .provisioned(r, w) = t.capacity {
                    read = TokenBucket(ratePerSecond: r, burst: r * TableConfig.burstSeconds, at: .zero)
                    write = TokenBucket(ratePerSecond: w, burst: w * TableConfig.burstSeconds, at: .zero)
                }
                tables.append(TableRuntime(read: read, write: write, latency: latency, writes: operations.map { TableConfig.writeOperations.contains($0) }))
            case let .queue(qc):
                kind = DeploymentKind.queue
                index = Int32(queues.count)
                let stream = RandomStream(master: seed, component: "queue/\(s.name)", replication: replication, generator: config.generator)
                queueStreams.append(stream)
                queueHandles.append(stream.handle)
                expiredSeen.append(0)
                let qm = QueueMetrics(
                    received: recorder.counter(s.name, "NumberOfMessagesReceived"),
                    deleted: recorder.counter(s.name, "NumberOfMessagesDeleted"),
                    visible: recorder.gauge(s.name, "ApproximateNumberOfMessagesVisible"),
                    notVisible: recorder.gauge(s.name, "ApproximateNumberOfMessagesNotVisible"),
                    ageOfOldest: recorder.distribution(s.name, "ApproximateAgeOfOldestMessage", unit: "Seconds"),
                    movedToDLQ: recorder.counter(s.name, "NumberOfMessagesMovedToDLQ", emitted: qc.deadLetterQueue != nil),
                    expired: recorder.counter(s.name, "NumberOfMessagesExpired"))
                let store = MessageQueue(MessageQueue.Configuration(
                    visibilityTimeout: qc.visibilityTimeout, retention: qc.retention, deliveryDelay: qc.deliveryDelay,
                    redrivePolicy: qc.deadLetterQueue != nil ? MessageQueue.RedrivePolicy(maxReceiveCount: qc.maxReceiveCount) : nil), at: .zero)
                let esm = qc.consumer
                queues.append(QueueRuntime(
                    store: store, service: Int32(si), visibilityTimeout: qc.visibilityTimeout,
                    deadLetterQueue: -1, consumer: esm.map { $0.function.index } ?? -1,
                    batchSize: esm?.batchSize ?? 10, batchingWindow: esm?.batchingWindow.nanoseconds ?? 0,
                    maximumConcurrency: esm?.maximumConcurrency ?? EventSourceMapping.defaultMaximum,
                    reportBatchItemFailures: esm?.reportBatchItemFailures ?? false, metrics: qm))
            case let .topic(tc):
                kind = DeploymentKind.topic
                index = Int32(topicSubscriptions.count)
                topicSubscriptions.append(tc.subscriptions.map { $0.index })
                topicToFunction.append(tc.subscriptions.map { config.services[Int($0.index)].kind.function != nil })
                topicDelivered.append(recorder.counter(s.name, "NumberOfNotificationsDelivered"))
            case let .apiRoute(rc):
                kind = DeploymentKind.apiRoute
                index = Int32(routeAPI.count)
                if apiIndex[rc.apiIndex] == nil {
                    apiIndex[rc.apiIndex] = apis.count
                    apis.append(APIRuntime(bucket: TokenBucket(ratePerSecond: rc.throttleRate, burst: rc.throttleBurst, at: .zero)))
                }
                routeAPI.append(Int32(apiIndex[rc.apiIndex]!))
                routeStatusCounts.append([:])
            case .database:
                kind = DeploymentKind.database // kindIndex: the instance, set by DatabaseState.build
            }
            for d in services[si].deployments {
                deployments[Int(d)].kind = kind
                deployments[Int(d)].kindIndex = index
            }
        }
        // Dead-letter queues by queue index.
        for q in queues.indices {
            guard case let .queue(qc) = config.services[Int(queues[q].service)].kind, let dlq = qc.deadLetterQueue else { continue }
            let dq = deployments[Int(services[Int(dlq.index)].deployments[0])].kindIndex
            queues[q] = QueueRuntime(store: queues[q].store, service: queues[q].service, visibilityTimeout: queues[q].visibilityTimeout,
                                     deadLetterQueue: dq, consumer: queues[q].consumer, batchSize: queues[q].batchSize,
                                     batchingWindow: queues[q].batchingWindow, maximumConcurrency: queues[q].maximumConcurrency,
                                     reportBatchItemFailures: queues[q].reportBatchItemFailures, metrics: queues[q].metrics)
        }
        apiFaultsByService = [[Int]](repeating: [], count: config.services.count)
        apiFaultActive = [Bool](repeating: false, count: config.faults.count)
        // API faults only: Lambda, compute, network and database faults act elsewhere.
        for (i, f) in config.faults.enumerated() where !f.action.isLambda && !f.action.isCompute && !f.action.isNetwork && !f.action.isDatabase {
            for t in f.targets { apiFaultsByService[Int(t.index)].append(i) }
        }
        // Hosts and their load balancers (streams `hosts/<service>`, `loadbalancer/<name>`).
        self.compute = ComputeState.build(config: config, services: &services, deployments: &deployments, recorder: &recorder,
                                          seed: seed, replication: replication)
        self.network = NetworkImpairments(config: config, deploymentsByService: services.map(\.deployments), deploymentCount: deployments.count,
                                          recorder: &recorder, seed: seed, replication: replication)
        let databaseState = DatabaseState.build(config: config, services: services, deployments: &deployments, clientCount: clients.count,
                                                operations: operations, recorder: &recorder, seed: seed, replication: replication)
        self.ledgerCounters = World.ledgerCounters(config, services: services, deploymentAZ: (0..<deployments.count).map { deployments[$0].az },
                                                  recorder: &recorder)
        self.services = services
        self.deployments = deployments
        self.clients = clients
        self.operations = operations
        self.db = databaseState
        self.workloads = config.workloads.map { WorkloadRuntime(config: $0) }
        self.metrics = recorder
        self.alarmProblems = World.alarmProblems(config, series: metrics.series)
        self.alarmRuntimes = config.alarms.map { a in
            AlarmRuntime(config: a, subPeriods: max(1, Int(a.period.nanoseconds / config.period.nanoseconds)))
        }
        self.alarmHistories = config.alarms.map { AlarmHistory(name: $0.name, changes: [.init(state: .insufficientData, at: .zero, value: nil)]) }
        self.guardOutcomes = config.stopGuards.map { _ in GuardOutcome() }
        self.guardStarted = config.stopGuards.map { _ in false }
        self.apiFaultKilled = config.faults.map { _ in false }
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
        startProvisioned(now: .zero, queue: &queue)
        if !compute.loadBalancers.isEmpty { startCompute(queue: &queue) }
        if !db.databases.isEmpty { startDatabases(now: .zero, queue: &queue) }
        for (i, f) in config.faults.enumerated() where !f.action.isLambda {
            queue.schedule(.faultEdge(fault: Int32(i), starting: true), at: f.start)
            queue.schedule(.faultEdge(fault: Int32(i), starting: false), at: f.end)
        }
        for (g, sg) in config.stopGuards.enumerated() {
            queue.schedule(.experimentStart(guard: Int32(g)), at: sg.start)
        }
        for w in workloads.indices {
            scheduleNextArrival(workload: w, after: .zero, queue: &queue)
        }
        queue.schedule(.periodEnd, at: .zero + config.period)
    }

    public func fingerprintWord(_ payload: WorldEvent) -> UInt64 { payload.fingerprintWord }

    public var isHalted: Bool { haltReason != nil }
}
