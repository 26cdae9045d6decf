import FaultlineKernel
import FaultlineMetrics

/// What one run produced, as a value: per-service summaries, the fingerprint, run facts.
public struct RunResult: Sendable {
    public var seed: UInt64
    public var replication: UInt32
    public var horizon: SimDuration
    public var warmup: SimDuration
    public var period: SimDuration
    public var stop: StopReason
    public var eventsDispatched: Int
    public var fingerprint: Fingerprint
    public var services: [ServiceSummary]
    public var functions: [FunctionSummary]
    public var queues: [QueueSummary]
    public var tables: [TableSummary]
    /// Scheduled faults and how each reached its targets.
    public var faults: [FaultReport]
    /// Per ``ModelConfig/faults`` entry: messages that crossed a hop the network fault impaired
    /// while it was active (nil: not a network fault).
    public var networkCrossings: [Int64?]
    /// Alarm state histories, in ``ModelConfig/alarms`` order.
    public var alarms: [AlarmHistory]
    /// What each ``ModelConfig/stopGuards`` entry did.
    public var guards: [GuardOutcome]
    /// Responses of each API route by HTTP status over the whole run (including the warm-up),
    /// in route order: 200, the stage's 429s, and API Gateway's mapping of integration failures.
    public var routeStatuses: [RouteStatuses]
    /// Hosts behind load balancers (empty without `hosts:`), in service, AZ, index order.
    public var hosts: [HostSummary]
    public var loadBalancers: [LoadBalancerSummary]
    /// Host state and target-health changes, in time order; `host` indexes ``hosts``.
    public var hostChanges: [HostChange]
    /// Scaling activities of Auto Scaling groups, ECS services and Lambda provisioned concurrency, in time order.
    public var scalingActivities: [ScalingActivity] = []
    /// Aurora / RDS clusters: instances, connections, failovers and reboots.
    public var databases: [DatabaseSummary] = []
    /// The request ledger over the measured window (docs/ledger.md).
    public var ledger: RequestLedgerTotals

    init(world: borrowing World, stop: StopReason, dispatched: Int, fingerprint: Fingerprint, seed: UInt64, replication: UInt32) {
        self.seed = seed
        self.replication = replication
        self.horizon = world.config.horizon
        self.warmup = world.config.warmup
        self.period = world.config.period
        self.stop = stop
        self.eventsDispatched = dispatched
        self.fingerprint = fingerprint
        self.services = world.serviceSummaries()
        self.functions = world.functionSummaries()
        self.queues = world.queueSummaries()
        self.tables = world.tableSummaries()
        self.faults = world.faultReports()
        self.networkCrossings = world.network.crossingsByFault(count: world.config.faults.count)
        self.alarms = world.alarmHistories
        self.guards = world.guardOutcomes
        self.routeStatuses = world.routeStatusSummaries()
        self.hosts = world.hostSummaries(at: SimInstant.zero + world.config.horizon)
        self.loadBalancers = world.loadBalancerSummaries()
        self.hostChanges = world.hostLog
        self.scalingActivities = world.compute.activities
        self.databases = world.databaseSummaries()
        self.ledger = world.core.ledgerTotals()
    }
}

/// One service over the measured window (after the warm-up).
///
/// `littleL` is the time-average number of requests in the service and `littleLambdaW` the
/// admission rate times the mean time in the service; Little's law says they agree in steady
/// state, and every run reports both so the check can be made.
public struct ServiceSummary: Sendable, Equatable {
    public var name: String
    public var azs: [String]
    public var workers: Int
    /// Admitted plus throttled.
    public var requests: Int64
    /// Admitted (Lambda's Invocations).
    public var admitted: Int64
    /// Answered without error.
    public var completed: Int64
    public var errors: Int64
    public var throttled: Int64
    public var timedOut: Int64
    /// Admitted but unanswered at the horizon.
    public var inFlightAtEnd: Int64
    public var latency: DistributionSummary
    public var queueWait: DistributionSummary
    /// Admitted requests that waited in the queue (found every worker busy).
    public var waited: Int64
    /// Mean busy workers over total workers.
    public var utilisation: Double
    public var meanConcurrency: Double
    public var maxConcurrency: Int64
    public var meanQueueDepth: Double
    public var maxQueueDepth: Int64
    public var littleL: Double
    public var littleLambdaW: Double
    /// Throttled over requests.
    public var throttleRate: Double { requests > 0 ? Double(throttled) / Double(requests) : 0 }
    public var errorRate: Double { admitted > 0 ? Double(errors) / Double(admitted) : 0 }
    /// P(wait > 0): the share of admitted requests that waited (Erlang C's C(c, a) for M/M/c).
    public var waitedShare: Double { admitted > 0 ? Double(waited) / Double(admitted) : 0 }
}

extension World {
    /// Closes the last (possibly partial) period and brings every gauge to the horizon.
    mutating func finalize(at horizon: SimInstant) {
        if core.lastPeriodEnd < horizon { core.closePeriod(at: horizon) }
        core.metrics.advanceGauges(to: horizon)
    }

    func serviceSummaries() -> [ServiceSummary] {
        let end = SimInstant.zero + core.config.horizon
        let measured = (core.config.horizon - core.config.warmup).seconds
        return core.services.map { s in
            let m = s.metrics
            let admitted = core.metrics.total(m.invocations)
            let throttled = core.metrics.total(m.throttles)
            let errors = core.metrics.total(m.errors)
            let latency = core.metrics.summary(m.duration)
            var workers = s.config.workersPerAZ * s.config.azs.count
            var initSeconds = 0.0
            if let fc = s.config.kind.function {
                // A function's capacity is its concurrency limit; time in it includes Init.
                workers = fc.reservedConcurrency ?? core.config.lambdaAccount.concurrencyLimit
                let f = Int(core.deployments[Int(s.deployments[0])].function)
                initSeconds = core.metrics.sumNanoseconds(lambda.functions[f].metrics.initDuration) / 1e9
            }
            let meanConcurrency = core.metrics.timeAverage(m.concurrency, until: end)
            let meanQueueDepth = core.metrics.timeAverage(m.queueDepth, until: end)
            let l = meanQueueDepth + meanConcurrency
            let lambda = measured > 0 ? Double(latency.count) / measured : 0
            return ServiceSummary(
                name: s.config.name,
                azs: s.config.azs.map { core.config.topology.name(of: $0) },
                workers: workers,
                requests: admitted + throttled,
                admitted: admitted,
                completed: latency.count - errors,
                errors: errors,
                throttled: throttled,
                timedOut: core.metrics.total(m.timeouts),
                inFlightAtEnd: core.metrics.level(m.queueDepth) + core.metrics.level(m.concurrency),
                latency: latency,
                queueWait: core.metrics.summary(m.queueWait),
                waited: core.metrics.total(m.waited),
                utilisation: workers > 0 ? meanConcurrency / Double(workers) : 0,
                meanConcurrency: meanConcurrency,
                maxConcurrency: core.metrics.maximum(m.concurrency),
                meanQueueDepth: meanQueueDepth,
                maxQueueDepth: core.metrics.maximum(m.queueDepth),
                littleL: l,
                littleLambdaW: measured > 0 ? lambda * latency.meanMs / 1e3 + initSeconds / measured : 0)
        }
    }
}

/// How many responses of each HTTP status one API route gave.
public struct RouteStatuses: Sendable, Equatable {
    public var name: String
    /// (status, count) in ascending status order.
    public var counts: [(status: UInt16, count: Int64)]
    /// Responses with `status` (0 when there were none).
    public func count(_ status: UInt16) -> Int64 { counts.first { $0.status == status }?.count ?? 0 }
    public static func == (a: RouteStatuses, b: RouteStatuses) -> Bool {
        a.name == b.name && a.counts.elementsEqual(b.counts) { $0.status == $1.status && $0.count == $1.count }
    }
}

extension World {
    func routeStatusSummaries() -> [RouteStatuses] {
        core.services.indices.compactMap { s in
            let d = Int(core.services[s].deployments[0])
            guard core.deployments[d].kind == .apiRoute else { return nil }
            let counts = gateway.routeStatusCounts[Int(core.deployments[d].kindIndex)].sorted { $0.key < $1.key }.map { (status: $0.key, count: $0.value) }
            return RouteStatuses(name: core.services[s].config.name, counts: counts)
        }
    }
}
