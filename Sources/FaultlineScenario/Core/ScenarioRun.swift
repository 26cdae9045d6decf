import FaultlineCloud
import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Faultline's version, recorded in every manifest: outputs are a function of
/// (scenario, seed, version).
public let faultlineVersion = "0.1.0"

/// Options a run may override from the command line.
public struct RunOptions: Sendable {
    public var seed: UInt64?
    public var horizon: SimDuration?
    public var period: SimDuration?
    public var replication: UInt32
    public init(seed: UInt64? = nil, horizon: SimDuration? = nil, period: SimDuration? = nil, replication: UInt32 = 0) {
        self.seed = seed
        self.horizon = horizon
        self.period = period
        self.replication = replication
    }
}

/// A finished run: the model's result plus what it was run from.
public struct ScenarioRun: Sendable {
    public var spec: ScenarioSpec
    public var result: RunResult
    /// What each experiment did (empty without `experiments:`).
    public var experiments: [ExperimentOutcome] = []

    /// Runs `spec` with `options`; the timeline streams into `sink`.
    /// Overrides that do not fit the scenario (a horizon within the warm-up, too many periods)
    /// throw ``ScenarioError/invalidOption(_:fix:)``; a run that hits a limit throws ``CloudError``.
    public static func run(_ spec: ScenarioSpec, options: RunOptions = RunOptions(), sink: TimelineSink? = nil) throws -> ScenarioRun {
        var spec = spec
        if let h = options.horizon {
            guard h > .zero else { throw ScenarioError.invalidOption("the horizon must be longer than zero.", fix: "give e.g. --horizon 1h") }
            guard h > spec.model.warmup else {
                throw ScenarioError.invalidOption(
                    "the horizon \(h) is not longer than the scenario's warm-up (\(spec.model.warmup)), so nothing would be measured.",
                    fix: "give a horizon longer than \(spec.model.warmup)")
            }
            spec.model.horizon = h
        }
        if let p = options.period { spec.model.period = p }
        if let problem = ScenarioSpec.periodProblem(horizon: spec.model.horizon, period: spec.model.period) {
            throw ScenarioError.invalidOption(problem.message, fix: problem.fix)
        }
        let seed = options.seed ?? spec.defaultSeed
        let planned = ExperimentPlanner.plan(
            spec.experiments, inventory: spec.inventory, services: spec.model.services,
            topology: spec.model.topology, seed: seed, replication: options.replication, generator: spec.model.generator)
        spec.model.faults += planned.faults
        var outcomes = planned.outcomes
        Self.applyManualStops(&spec.model, experiments: spec.experiments, outcomes: &outcomes)
        let guardOf = Self.stopGuards(&spec.model, experiments: spec.experiments, outcomes: outcomes)
        if spec.model.faults.filter({ $0.action.isLambda }).count > 64 {
            throw ScenarioError.invalidOption("the scenario's faults and experiments add up to more than 64 Lambda faults.", fix: "split the scenario")
        }
        let result = try Simulation.run(spec.model, seed: seed, replication: options.replication, sink: sink)
        for (e, g) in guardOf.enumerated() {
            guard let g, let a = result.guards[g].alarm, let at = result.guards[g].at else { continue }
            outcomes[e].apply(result.guards[g].kind, at: at, alarm: a)
        }
        for e in outcomes.indices { outcomes[e].clip(at: SimInstant.zero + spec.model.horizon) }
        return ScenarioRun(spec: spec, result: result, experiments: outcomes)
    }

    /// `summary.json`: per service, what a user asks first.
    public func summaryJSON() -> JSONValue {
        .object(
            [
                ("scenario", .string(spec.name)),
                ("seed", .integer(Int64(bitPattern: result.seed))),
                ("horizon_s", .number(result.horizon.seconds)),
                ("warmup_s", .number(result.warmup.seconds)),
                ("services", .array(result.services.map(Self.serviceJSON)))
            ] + (result.functions.isEmpty ? [] : [("functions", .array(result.functions.map(Self.functionJSON)))])
                + (result.queues.isEmpty ? [] : [("queues", .array(result.queues.map(Self.queueJSON)))])
                + (result.faults.isEmpty ? [] : [("faults", .array(result.faults.map(Self.faultSummaryJSON)))])
                + (result.loadBalancers.isEmpty ? [] : [("load_balancers", .array(result.loadBalancers.map(Self.loadBalancerJSON)))])
                + (result.hosts.isEmpty ? [] : [("hosts", .array(result.hosts.map(Self.hostJSON)))])
                + (result.scalingActivities.isEmpty ? [] : [("scaling_activities", .array(result.scalingActivities.map(Self.scalingActivityJSON)))])
                + (result.databases.isEmpty ? [] : [("databases", databasesJSON())])
                + (ledgerJSON().map { [("ledger", $0)] } ?? []))
    }

    static func serviceJSON(_ s: ServiceSummary) -> JSONValue {
        .object([
            ("name", .string(s.name)),
            ("azs", .array(s.azs.map(JSONValue.string))),
            ("workers", .integer(Int64(s.workers))),
            ("requests", .integer(s.requests)),
            ("admitted", .integer(s.admitted)),
            ("completed", .integer(s.completed)),
            ("errors", .integer(s.errors)),
            ("throttled", .integer(s.throttled)),
            ("timed_out", .integer(s.timedOut)),
            ("in_flight_at_end", .integer(s.inFlightAtEnd)),
            ("error_rate", .number(s.errorRate)),
            ("throttle_rate", .number(s.throttleRate)),
            ("latency_ms", distributionJSON(s.latency)),
            ("queue_wait_ms", distributionJSON(s.queueWait)),
            // P(wait > 0): admitted requests that found every worker busy (Erlang C for M/M/c).
            ("waited_share", .number(s.waitedShare)),
            ("utilisation", .number(s.utilisation)),
            ("concurrency_mean", .number(s.meanConcurrency)),
            ("concurrency_max", .integer(s.maxConcurrency)),
            ("queue_depth_mean", .number(s.meanQueueDepth)),
            ("queue_depth_max", .integer(s.maxQueueDepth)),
            (
                "littles_law",
                .object([
                    ("L_mean_in_flight", .number(s.littleL)),
                    ("lambda_times_W", .number(s.littleLambdaW))
                ])
            )
        ])
    }

    static func distributionJSON(_ d: DistributionSummary) -> JSONValue {
        .object([
            ("count", .integer(d.count)),
            ("mean", .number(d.meanMs)),
            ("p50", .number(d.p50Ms)),
            ("p90", .number(d.p90Ms)),
            ("p99", .number(d.p99Ms)),
            ("max", .number(d.maxMs))
        ])
    }

    /// `manifest.json`: what this run is a function of. No wall-clock time (determinism).
    public func manifestJSON() -> JSONValue {
        .object([
            ("faultline_version", .string(faultlineVersion)),
            ("scenario", .string(spec.name)),
            ("scenario_hash", .string("fnv1a64:" + hex(spec.sourceHash))),
            ("seed", .integer(Int64(bitPattern: result.seed))),
            ("replication", .integer(Int64(result.replication))),
            ("random_generator", .string(spec.model.generator.rawValue)),
            ("horizon_s", .number(result.horizon.seconds)),
            ("period_s", .number(result.period.seconds)),
            ("warmup_s", .number(result.warmup.seconds)),
            ("stop_reason", .string(result.stop.rawValue)),
            ("events_dispatched", .integer(Int64(result.eventsDispatched))),
            ("fingerprint", .string(result.fingerprint.description)),
            ("files", .array(outputFiles.map(JSONValue.string)))
        ])
    }

    /// A short human summary for the terminal.
    public func textSummary() -> String {
        var lines: [String] = []
        let header = ["service", "requests", "errors", "throttled", "timeouts", "p50 ms", "p99 ms", "util"]
        var rows: [[String]] = [header]
        for s in result.services {
            rows.append([
                s.name, "\(s.requests)", "\(s.errors)", "\(s.throttled)", "\(s.timedOut)",
                NumberFormat.decimal(s.latency.p50Ms, places: 2), NumberFormat.decimal(s.latency.p99Ms, places: 2),
                NumberFormat.decimal(s.utilisation * 100, places: 1) + "%"
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            lines.append(
                r.enumerated().map { i, v in
                    i == 0 ? v + String(repeating: " ", count: widths[i] - v.count) : String(repeating: " ", count: widths[i] - v.count) + v
                }.joined(separator: "  "))
        }
        for r in result.faults {
            for t in r.targets {
                let reach = r.reach(of: t)
                let onset = reach.onset, tail = reach.tail
                var line = "fault \(r.name) on \(t): "
                line +=
                    onset.map { "onset mean \(NumberFormat.decimal($0.mean, places: 1)) s, p95 \(NumberFormat.decimal($0.p95, places: 1)) s" }
                    ?? "no warm environment saw it"
                line += tail.map { "; tail after end p95 \(NumberFormat.decimal($0.p95, places: 1)) s" } ?? ""
                line += "; \(reach.injections) injections"
                lines.append(line)
            }
        }
        lines += databaseLines()
        if case .object(let fields)? = ledgerJSON() {
            lines.append(
                "work ledger: "
                    + fields.map { k, v in
                        switch v {
                        case .integer(let i): return "\(k)=\(i)"
                        case .bool(let b): return "\(k)=\(b)"
                        case .object, .array, .string, .number, .null: return "\(k)=\(v.rendered().filter { $0 != "\n" })"
                        }
                    }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

func hex(_ v: UInt64) -> String {
    let h = String(v, radix: 16)
    return String(repeating: "0", count: 16 - h.count) + h
}
