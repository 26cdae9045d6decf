import FaultlineKernel
import FaultlineMetrics

/// A CloudWatch alarm's state.
public enum AlarmState: String, Sendable, Equatable {
    case ok = "OK"
    case alarm = "ALARM"
    case insufficientData = "INSUFFICIENT_DATA"
}

/// `ComparisonOperator`; the metric value is the left operand.
public enum AlarmComparison: String, Sendable, CaseIterable {
    case greaterThanThreshold = "GreaterThanThreshold"
    case greaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
    case lessThanThreshold = "LessThanThreshold"
    case lessThanOrEqualToThreshold = "LessThanOrEqualToThreshold"

    public func breaches(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .greaterThanThreshold: return value > threshold
        case .greaterThanOrEqualToThreshold: return value >= threshold
        case .lessThanThreshold: return value < threshold
        case .lessThanOrEqualToThreshold: return value <= threshold
        }
    }
}

/// `TreatMissingData`.
public enum TreatMissingData: String, Sendable, CaseIterable {
    case missing, notBreaching, breaching, ignore
}

/// A simulated CloudWatch metric alarm on one recorded series.
public struct AlarmConfig: Sendable {
    public var name: String
    /// The recorded series' resource and metric (timeline names).
    public var resource: String
    public var metric: String
    /// A statistic the series records: Sum, SampleCount, Average, Maximum, p50, p90, p99.
    public var statistic: String
    /// A multiple of the run's metrics period.
    public var period: SimDuration
    public var threshold: Double
    public var comparison: AlarmComparison
    public var evaluationPeriods: Int
    public var datapointsToAlarm: Int
    public var treatMissingData: TreatMissingData

    public init(
        name: String, resource: String, metric: String, statistic: String, period: SimDuration, threshold: Double,
        comparison: AlarmComparison, evaluationPeriods: Int = 1, datapointsToAlarm: Int? = nil, treatMissingData: TreatMissingData = .missing
    ) {
        self.name = name
        self.resource = resource
        self.metric = metric
        self.statistic = statistic
        self.period = period
        self.threshold = threshold
        self.comparison = comparison
        self.evaluationPeriods = evaluationPeriods
        self.datapointsToAlarm = datapointsToAlarm ?? evaluationPeriods
        self.treatMissingData = treatMissingData
    }
}

/// An experiment's stop conditions as the run enforces them: from `start` (StartExperiment)
/// to `end` (its last action's end) an alarm in ALARM stops it and ends `faults`.
public struct StopGuard: Sendable {
    public var experiment: String
    public var start: SimInstant
    public var end: SimInstant
    /// Indices into ``ModelConfig/alarms``.
    public var alarms: [Int]
    /// Indices into ``ModelConfig/faults``.
    public var faults: [Int]

    public init(experiment: String, start: SimInstant, end: SimInstant, alarms: [Int], faults: [Int]) {
        self.experiment = experiment
        self.start = start
        self.end = end
        self.alarms = alarms
        self.faults = faults
    }
}

/// An alarm's state history (starts INSUFFICIENT_DATA at time zero).
public struct AlarmHistory: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var state: AlarmState
        public var at: SimInstant
        /// The datapoint evaluated (nil: missing).
        public var value: Double?
    }
    public var name: String
    public var changes: [Change]
    /// When the alarm evaluated a datapoint (every alarm period, with or without a state
    /// change); the datapoint covers the alarm period that ends there.
    public var evaluations: [SimInstant] = []

    /// The state in effect at `t` (changes at `t` included).
    public func state(at t: SimInstant) -> AlarmState {
        changes.last { $0.at <= t }?.state ?? .insufficientData
    }
}

/// What a guard did: nothing, stopped the experiment, or failed it at start.
public struct GuardOutcome: Sendable, Equatable {
    public enum Kind: String, Sendable { case none, stopped, failed }
    public var kind: Kind = .none
    public var at: SimInstant?
    public var alarm: String?
}

/// CloudWatch's M-out-of-N rule with missing-data treatment (fis-reference §7.2).
public enum AlarmEvaluator {
    /// Datapoints an evaluation looks at: the newest N plus two older ones (the docs use 5 for N = 3).
    public static func rangeLength(evaluationPeriods n: Int) -> Int { n + 2 }

    /// Evaluates `points` (oldest → newest; true breaching, false not, nil missing; the
    /// evaluation range, at most ``rangeLength(evaluationPeriods:)`` long).
    public static func evaluate(_ points: [Bool?], n: Int, m: Int, treat: TreatMissingData, current: AlarmState) -> AlarmState {
        let real = points.compactMap { $0 }
        if real.count >= n {
            // Enough real datapoints: the newest N of them decide; the treatment is not used.
            return real.suffix(n).filter { $0 }.count >= m ? .alarm : .ok
        }
        let breaching = real.filter { $0 }.count
        switch treat {
        case .breaching:
            return breaching + (n - real.count) >= m ? .alarm : .ok
        case .notBreaching:
            return breaching >= m ? .alarm : .ok
        case .ignore:
            if breaching >= m { return .alarm }
            return real.contains(false) ? .ok : current
        case .missing:
            if real.isEmpty { return .insufficientData }
            if breaching >= m { return .alarm }
            // Premature-alarm guard: only breaching real data, the oldest breach within the last
            // N at least M periods old, everything newer breaching or missing → ALARM.
            if !real.contains(false) {
                let window = Array(points.suffix(n))
                if let oldest = window.firstIndex(where: { $0 == true }), window.count - oldest >= m { return .alarm }
            }
            return .ok
        }
    }
}

/// An alarm at run time.
struct AlarmRuntime: Sendable {
    var config: AlarmConfig
    /// Metric periods per alarm period.
    var subPeriods: Int
    var sum = 0.0
    var weight = 0.0
    var best: Double?
    var seen = 0
    var present = false
    var points: [Bool?] = []
    var state = AlarmState.insufficientData

    /// Folds one closed metric period's rows in; returns the datapoint when the alarm period is complete.
    mutating func fold(_ rows: [TimelineRow]) -> (complete: Bool, value: Double?) {
        var v: Double?, count: Double?
        for r in rows where r.resource == config.resource && r.metric == config.metric {
            if r.statistic == config.statistic { v = r.value }
            if r.statistic == "SampleCount" { count = r.value }
        }
        if let v {
            present = true
            switch config.statistic {
            case "Sum", "SampleCount": sum += v
            case "Average":
                let w = count ?? 1
                sum += v * w
                weight += w
            case "Maximum": best = max(best ?? v, v)
            case "Minimum": best = min(best ?? v, v)
            default: best = v // percentiles: one metric period per alarm period
            }
        }
        seen += 1
        guard seen == subPeriods else { return (false, nil) }
        defer {
            sum = 0
            weight = 0
            best = nil
            seen = 0
            present = false
        }
        guard present else { return (true, nil) }
        switch config.statistic {
        case "Sum", "SampleCount": return (true, sum)
        case "Average": return (true, weight > 0 ? sum / weight : nil)
        default: return (true, best)
        }
    }
}

extension World {
    /// Statistics a recorded series offers to alarms.
    static func alarmStatistics(_ s: MetricSeries) -> [String] {
        guard s.emitted else { return [] }
        switch s.kind {
        case .counter: return ["Sum"]
        case .gauge: return ["Maximum", "Minimum", "Average"]
        case .distribution: return ["SampleCount", "Average", "p50", "p90", "p99", "Maximum", "Minimum"]
        }
    }

    /// Checks every alarm against the recorded series and the metrics period.
    static func alarmProblems(_ config: ModelConfig, series: [MetricSeries]) -> [String] {
        var out: [String] = []
        for a in config.alarms {
            let matching = series.filter { $0.resource == a.resource && $0.metric == a.metric }
            let stats = matching.flatMap(alarmStatistics)
            if stats.isEmpty {
                out.append("alarm '\(a.name)': the run records no metric '\(a.metric)' for '\(a.resource)'")
            } else if !stats.contains(a.statistic) {
                out.append("alarm '\(a.name)': '\(a.resource)' \(a.metric) is recorded as \(stats.joined(separator: ", ")), not \(a.statistic)")
            }
            let p = config.period.nanoseconds
            if a.period.nanoseconds % p != 0 || a.period.nanoseconds < p {
                out.append("alarm '\(a.name)': its period \(a.period) is not a multiple of the metrics period \(config.period)")
            } else if a.statistic.hasPrefix("p"), a.period != config.period {
                out.append("alarm '\(a.name)': a percentile alarm needs period = the metrics period (\(config.period))")
            }
        }
        return out
    }

    /// At a metrics period boundary, after the recorder closed the period: alarms take their
    /// datapoints, then guards of running experiments act on alarms in ALARM.
    mutating func evaluateAlarms(now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        alarms.evaluate(core.metrics.lastClosedRows, now: now)
        for g in core.config.stopGuards.indices where alarms.stopsExperiment(guard: g, config: core.config, now: now) {
            endFaults(of: g, at: now, queue: &queue)
        }
    }

    /// StartExperiment: an alarm already in ALARM fails the experiment before any fault.
    mutating func experimentStart(guard g: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        if alarms.failsAtStart(guard: g, config: core.config, now: now) { endFaults(of: g, at: now, queue: &queue) }
    }

    /// Ends a guard's faults at `now` (FIS stops the experiment's actions): Lambda
    /// configurations disappear (extensions see it at their next poll); API and network faults
    /// turn off; compute faults end now (a stop-instances action with
    /// `startInstancesAfterDuration` starts its instances, zonal shifts end); all ignore their
    /// later edges.
    mutating func endFaults(of g: Int, at now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        for fi in core.config.stopGuards[g].faults {
            switch core.config.faults[fi].action.family {
            case .lambda:
                lambda.endFault(fi, at: now)
            case .compute:
                let live = faults.active[fi] && !faults.killed[fi]
                faults.killed[fi] = true
                if live { computeFaultEdge(fault: fi, starting: false, now: now, queue: &queue) }
            case .network:
                if faults.active[fi] { networkFaultEdge(fault: fi, starting: false) }
                faults.killed[fi] = true
            case .api:
                if faults.active[fi] { apiFaultEdge(fault: fi, starting: false) }
                faults.killed[fi] = true
            case .database:
                faults.killed[fi] = true // acted once at its start; a later start is not made
            }
        }
    }
}
