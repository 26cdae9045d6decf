import FaultlineKernel
import FaultlineMetrics

/// One Lambda function over the measured window, beside its ``ServiceSummary``.
public struct FunctionSummary: Sendable, Equatable {
    public var name: String
    public var memoryMB: Int
    public var reservedConcurrency: Int?
    public var provisionedConcurrency: Int
    public var coldStarts: Int64
    /// Cold starts over invocations.
    public var coldStartRate: Double
    public var initDuration: DistributionSummary
    public var environmentsCreated: Int64
    public var environmentsMax: Int64
    public var environmentsAtEnd: Int64
    /// S3 GETs the FIS extension made: one per poll started, including polls abandoned or
    /// timed out while the environment was frozen, and each environment's Init check.
    public var extensionPolls: Int64
    /// Polls that completed (the extension learned the configuration's state).
    public var extensionPollsCompleted: Int64
    public var faultInjected: Int64
    public var asyncEventsReceived: Int64
    public var asyncRetries: Int64
    public var asyncEventsDropped: Int64
    public var asyncToDestination: Int64
    public var asyncEventAge: DistributionSummary
}

/// How one fault reached its targets through the FIS extension.
public struct FaultReport: Sendable, Equatable {
    /// One execution environment's view of the fault.
    public struct EnvironmentRecord: Sendable, Equatable {
        public var environment: Int
        public var function: String
        public var az: String
        public var createdAt: Double
        /// When its extension first saw the configuration (a completed poll), seconds.
        public var sawAt: Double?
        public var firstInjected: Double?
        public var lastInjected: Double?
        /// When a poll last found the configuration gone.
        public var clearedAt: Double?
        public var injections: Int64
    }

    public var name: String
    public var action: String
    public var targets: [String]
    public var start: Double
    public var end: Double
    public var environments: [EnvironmentRecord]
    /// Invocations of the targets per second from the start: how many carried the fault.
    public var curve: InvocationCurve

    /// The fleet-wide reach, over every target.
    public var reach: FaultReach { FaultReach(environments, start: start, end: end) }
    /// The reach over one target function's environments.
    public func reach(of function: String) -> FaultReach { FaultReach(records(of: function), start: start, end: end) }

    /// Environments that existed at the start and saw the configuration (those created later
    /// see it at Init), and the delays from start until they did, sorted.
    public var environmentsAware: Int { reach.onsetDelays.count }
    public var onsetDelays: [Double] { reach.onsetDelays }
    public var firstInjected: Double? { reach.firstInjected }
    public var lastInjected: Double? { reach.lastInjected }
    public var injections: Int64 { reach.injections }

    /// Seconds from the nominal end to the last injection (the extension's tail), if any.
    public var tailAfterEnd: Double? { lastInjected.map { max(0, $0 - end) } }

    /// The records of the environments of one target function.
    public func records(of function: String) -> [EnvironmentRecord] { environments.filter { $0.function == function } }
}

/// How a fault reached some environments, derived from their records: onset after the start
/// (first completed poll that saw it, for environments that existed then), environments that
/// learned of it at Init, and the tail after the nominal end (per environment that injected
/// after it).
public struct FaultReach: Sendable, Equatable {
    public var environmentsAtStart: Int
    public var onsetDelays: [Double]
    public var newEnvironmentsAwareFromInit: Int
    public var firstInjected: Double?
    public var lastInjected: Double?
    public var tailsAfterEnd: [Double]
    public var injections: Int64

    public var onset: DelayStatistics? { DelayStatistics(onsetDelays) }
    public var tail: DelayStatistics? { DelayStatistics(tailsAfterEnd) }

    public init(_ records: [FaultReport.EnvironmentRecord], start: Double, end: Double) {
        let existing = records.filter { $0.createdAt <= start }
        environmentsAtStart = existing.count
        onsetDelays = existing.compactMap { $0.sawAt.map { $0 - start } }.sorted()
        newEnvironmentsAwareFromInit = records.filter { $0.createdAt > start && $0.sawAt != nil }.count
        firstInjected = records.compactMap(\.firstInjected).min()
        lastInjected = records.compactMap(\.lastInjected).max()
        tailsAfterEnd = records.compactMap { r in r.lastInjected.flatMap { $0 > end ? $0 - end : nil } }
        injections = records.reduce(0) { $0 + $1.injections }
    }
}

/// Order statistics of a list of seconds, for reports.
public struct DelayStatistics: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var p50: Double
    public var p95: Double
    public var max: Double

    /// Nearest-rank percentiles; nil for an empty list.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let v = values.sorted()
        func rank(_ q: Double) -> Double { v[Swift.max(0, Swift.min(v.count - 1, Int((q * Double(v.count)).rounded(.up)) - 1))] }
        count = v.count
        mean = v.reduce(0, +) / Double(v.count)
        p50 = rank(0.5)
        p95 = rank(0.95)
        max = v[v.count - 1]
    }
}

extension World {
    func functionSummaries() -> [FunctionSummary] {
        (0..<lambda.functions.count).map { f in
            let fr = lambda.functions[f]
            let s = core.services[Int(fr.service)]
            let fc = s.config.kind.function!
            let invocations = core.metrics.total(s.metrics.invocations)
            let cold = core.metrics.total(fr.metrics.coldStarts)
            return FunctionSummary(
                name: s.config.name, memoryMB: fc.memoryMB, reservedConcurrency: fc.reservedConcurrency,
                provisionedConcurrency: fc.provisionedConcurrency, coldStarts: cold,
                coldStartRate: invocations > 0 ? Double(cold) / Double(invocations) : 0,
                initDuration: core.metrics.summary(fr.metrics.initDuration),
                environmentsCreated: fr.environmentsCreated, environmentsMax: core.metrics.maximum(fr.metrics.environments),
                environmentsAtEnd: core.metrics.level(fr.metrics.environments), extensionPolls: core.metrics.total(fr.metrics.extensionPolls),
                extensionPollsCompleted: core.metrics.total(fr.metrics.extensionPollsCompleted),
                faultInjected: core.metrics.total(fr.metrics.faultInjected),
                asyncEventsReceived: core.metrics.total(fr.metrics.asyncEventsReceived), asyncRetries: fr.asyncRetries,
                asyncEventsDropped: core.metrics.total(fr.metrics.asyncEventsDropped), asyncToDestination: fr.asyncToDestination,
                asyncEventAge: core.metrics.summary(fr.metrics.asyncEventAge))
        }
    }

    func faultReports() -> [FaultReport] {
        func sec(_ ns: Int64) -> Double? { ns < 0 ? nil : Double(ns) / 1e9 }
        var reports: [FaultReport] = []
        for (bit, fi) in lambda.lambdaFaults.enumerated() {
            let fc = core.config.faults[fi]
            var envs: [FaultReport.EnvironmentRecord] = []
            var i = bit
            while i < lambda.faultRecords.count {
                let r = lambda.faultRecords[i]
                i += lambda.lambdaFaultCount
                guard r.sawAt >= 0 || r.injections > 0 else { continue }
                envs.append(
                    .init(
                        environment: Int(r.environment), function: core.services[Int(lambda.functions[Int(r.function)].service)].config.name,
                        az: core.config.topology.name(of: AZID(Int(r.az))), createdAt: Double(r.createdAt) / 1e9, sawAt: sec(r.sawAt),
                        firstInjected: sec(r.firstInjected),
                        lastInjected: sec(r.lastInjected), clearedAt: sec(r.clearedAt), injections: r.injections))
            }
            envs.sort { ($0.sawAt ?? .infinity, $0.environment) < ($1.sawAt ?? .infinity, $1.environment) }
            reports.append(
                FaultReport(
                    name: fc.name, action: fc.action.actionID, targets: fc.targets.map { core.services[Int($0.index)].config.name },
                    start: Double(lambda.faultStart[bit]) / 1e9, end: Double(lambda.faultEnd[bit]) / 1e9, environments: envs,
                    curve: InvocationCurve(
                        storage: lambda.faultCurves[bit], start: lambda.faultStart[bit], end: lambda.faultEnd[bit],
                        intendedShare: fc.action.invocationPercentage / 100)))
        }
        return reports
    }
}
