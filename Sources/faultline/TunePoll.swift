import ArgumentParser
import FaultlineCloud
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario
import FaultlineSweep
import Foundation

/// `faultline tune-poll SCENARIO --onset-p90 30s`: the largest slow-poll interval of the FIS
/// Lambda extension whose fault reaches 90 % of invocations within the bound.
struct TunePoll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune-poll",
        abstract: "Choose the FIS Lambda extension's slow-poll interval: the largest that meets an onset bound, per invocation.",
        discussion: """
            Runs the scenario at each slow-poll interval of --grid (AWS_FIS_SLOW_POLL_INTERVAL_SECONDS,
            set on every function the fault targets), with --replications seeded replications each,
            and reports per interval, measured per invocation (not averaged per environment):
              onset p50/p90/p99  seconds after the fault's start until 50/90/99 % of the targets'
                                 invocations carry it (their environment's extension knows it)
              delivered          injections during the fault over invocationPercentage x invocations
              tail               seconds from the fault's end to the last invocation carrying it
                                 (worst and mean replication), and how many did after the end
              S3 GETs/h, $/month polls started by the target functions per measured hour, and
                                 their cost over a 730-hour month at --price-per-1000-gets
            then recommends the largest interval whose p90 onset is at most --onset-p90.
            The fault is --fault NAME, else the scenario's earliest Lambda fault. Onset is measured
            from the fault's start (the FIS action start). docs/lambda-model.md explains the model.

            Exit status: 0 when an interval meets the bound, 1 when none does.

            Examples:
              faultline tune-poll scenarios/poll-interval-sweep.yaml --onset-p90 30s
              faultline tune-poll scenarios/poll-interval-sweep.yaml --onset-p90 45s --grid 20s,30s,60s,120s \\
                --replications 3 --horizon 17m --out out/tune-poll
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @Option(name: .customLong("onset-p90"), help: "The bound: 90 % of invocations must carry the fault within this long of its start, e.g. 30s.")
    var onsetP90: String

    @Option(help: "Comma-separated slow-poll intervals to try (default 20s,30s,60s,90s,120s,180s,240s,300s; each >= 20s).")
    var grid: String = PollTuning.defaultGrid.joined(separator: ",")

    @Option(help: "Seeded replications per interval (default 5).")
    var replications = 5

    @Option(
        name: .customLong("price-per-1000-gets"), help: "S3 price per 1,000 polls in dollars (default 0.005: every poll lists, at the LIST tier in us-east-1).")
    var pricePer1000 = PollTuning.defaultPricePer1000

    @Option(help: "The Lambda fault to tune for (default: the earliest).")
    var fault: String?

    @Option(name: .customLong("set"), help: "PATH=VALUE: a fixed override applied first (repeatable).")
    var sets: [String] = []

    @Option(help: "Master seed (default: the scenario's 'seed', else 1).")
    var seed: UInt64?

    @Option(help: "Override the scenario's horizon, e.g. 20m.")
    var horizon: String?

    @Option(help: "Runs in parallel (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Write tune-poll.csv and tune-poll.json into this folder.")
    var out: String?

    func validate() throws {
        if replications < 1 { throw ValidationError("--replications must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !(pricePer1000 >= 0 && pricePer1000.isFinite) { throw ValidationError("--price-per-1000-gets must be a number >= 0, e.g. 0.005") }
    }

    func run() throws {
        let bound: SimDuration
        do { bound = try SimDuration.parse(onsetP90) } catch {
            throw ValidationError("--onset-p90 '\(onsetP90)': \(error); give a duration such as 30s or PT45S")
        }
        var intervals: [(text: String, value: SimDuration)] = []
        for text in grid.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let v = try? SimDuration.parse(text) else { throw ValidationError("--grid: '\(text)' is not a duration; give e.g. 20s,30s,60s") }
            guard v >= FISExtensionConfig.minimumSlowPoll else {
                throw ValidationError("--grid: \(text) is below the extension's 20 s minimum (it would fall back to 60 s on AWS)")
            }
            if !intervals.contains(where: { $0.value == v }) { intervals.append((text, v)) }
        }
        guard !intervals.isEmpty else { throw ValidationError("--grid is empty; give e.g. 20s,30s,60s") }
        if intervals.count > 50 { throw ValidationError("--grid has \(intervals.count) intervals; at most 50") }
        intervals.sort { $0.value < $1.value }

        let doc = try ScenarioDocument(path: scenario)
        var fixed: [ScenarioOverride] = []
        for s in sets { fixed.append(try ScenarioOverride(parsingSingle: s, command: "tune-poll")) }
        let base = try SweepRunner.prepare(fixed, root: doc.root, file: doc.path, scenarioHash: doc.hash, loadFile: doc.loadFile)
        let (faultName, functions) = try PollTuning.target(base.spec, fault: fault)
        let definition = SweepDefinition(
            scenarioName: doc.name, scenarioHash: doc.hash, seed: seed, replications: replications,
            horizon: horizon, period: nil, parameters: [], metrics: [])
        var options: [RunOptions] = []
        for r in 0..<replications { options.append(try SweepRunner.options(definition, replication: r)) }
        let frozen = options
        print(
            "tune-poll: fault '\(faultName)' on \(functions.joined(separator: ", ")); \(intervals.count) interval\(intervals.count == 1 ? "" : "s") x \(replications) replication\(replications == 1 ? "" : "s"); bound: 90 % of invocations within \(bound)"
        )
        var rows: [PollTuningRow] = []
        for (i, interval) in intervals.enumerated() {
            let point = try SweepRunner.prepare(
                fixed + PollTuning.overrides(functions: functions, interval: interval.text, root: doc.root), index: i,
                root: doc.root, file: doc.path, scenarioHash: doc.hash, loadFile: doc.loadFile)
            let results = Locked([RunResult?](repeating: nil, count: replications))
            try ParallelRunner.run(count: replications, jobs: jobs) { r in
                results.set(r, try SweepRunner.run(point, options: frozen[r]).result)
            }
            rows.append(
                PollTuning.row(
                    interval: interval.value, results: results.value.map { $0! }, fault: faultName, functions: functions,
                    pricePer1000: pricePer1000, onsetBound: bound))
        }
        print(Self.table(rows))
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let folder = URL(fileURLWithPath: out)
            try SweepFolder.writeAtomically(Self.csv(rows), to: folder.appendingPathComponent("tune-poll.csv"))
            try SweepFolder.writeAtomically(
                Self.json(rows, fault: faultName, functions: functions, bound: bound, price: pricePer1000).rendered(),
                to: folder.appendingPathComponent("tune-poll.json"))
            print("wrote \(out)/tune-poll.csv and tune-poll.json")
        }
        if let best = PollTuning.recommend(rows) {
            print(
                "recommendation: slowPoll \(best.interval) (AWS_FIS_SLOW_POLL_INTERVAL_SECONDS=\(Int(best.interval.seconds))): the largest interval in the grid with p90 onset \(Self.seconds(best.onsetP90)) <= \(bound); \(NumberFormat.decimal((best.s3GetsPerHour * 10).rounded() / 10)) S3 GETs/h, $\(String(format: "%.2f", best.monthlyCost))/month"
            )
        } else {
            print(
                "recommendation: none: no interval in the grid reaches 90 % of invocations within \(bound) (the smallest, \(intervals[0].value), gives \(Self.seconds(rows[0].onsetP90))). Fix: a looser bound, pollMaxWait, or provisioned/pre-warmed environments; the onset also depends on how often each environment is invoked."
            )
            throw ExitCode(1)
        }
    }

    static func seconds(_ v: Double?) -> String { v.map { String(format: "%.0fs", $0) } ?? "never" }

    static func table(_ rows: [PollTuningRow]) -> String {
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
        let widths = [11, 11, 8, 8, 11, 15, 15, 11, 10]
        let head = ["slow poll", "onset p50", "p90", "p99", "delivered", "tail max/mean", "carried after", "S3 GETs/h", "$/month"]
        var lines = [zip(head, widths).map { pad($0, $1) }.joined() + "meets"]
        for r in rows {
            let tail = r.tailMax.map { String(format: "%.0fs/%.0fs", $0, r.tailMean ?? 0) } ?? "-"
            let cells = [
                "\(r.interval)", seconds(r.onsetP50), seconds(r.onsetP90), seconds(r.onsetP99),
                r.deliveredShare.map { String(format: "%.3f", $0) } ?? "-", tail, String(r.carriedAfterEnd),
                String(format: "%.1f", r.s3GetsPerHour), String(format: "%.2f", r.monthlyCost)
            ]
            lines.append(zip(cells, widths).map { pad($0, $1) }.joined() + (r.meets ? "yes" : "no"))
        }
        return lines.joined(separator: "\n")
    }

    static func csv(_ rows: [PollTuningRow]) -> String {
        func opt(_ v: Double?) -> String { v.map { NumberFormat.decimal($0) } ?? "" }
        var out =
            "slow_poll_s,replications,invocations,onset_p50_s,onset_p90_s,onset_p99_s,delivered_share,tail_max_s,tail_mean_s,carried_after_end,s3_gets_per_hour,monthly_cost,meets\n"
        for r in rows {
            out +=
                [
                    NumberFormat.decimal(r.interval.seconds), String(r.replications), String(r.invocations), opt(r.onsetP50), opt(r.onsetP90),
                    opt(r.onsetP99), opt(r.deliveredShare), opt(r.tailMax), opt(r.tailMean), String(r.carriedAfterEnd),
                    NumberFormat.decimal(r.s3GetsPerHour), NumberFormat.decimal(r.monthlyCost), r.meets ? "true" : "false"
                ].joined(separator: ",") + "\n"
        }
        return out
    }

    static func json(_ rows: [PollTuningRow], fault: String, functions: [String], bound: SimDuration, price: Double) -> JSONValue {
        func opt(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
        let best = PollTuning.recommend(rows)
        return .object([
            ("fault", .string(fault)),
            ("functions", .array(functions.map(JSONValue.string))),
            ("onset_p90_bound_s", .number(bound.seconds)),
            ("price_per_1000_gets", .number(price)),
            ("recommended_slow_poll_s", best.map { .number($0.interval.seconds) } ?? .null),
            (
                "intervals",
                .array(
                    rows.map { r in
                        .object([
                            ("slow_poll_s", .number(r.interval.seconds)), ("replications", .integer(Int64(r.replications))),
                            ("invocations", .integer(r.invocations)), ("onset_p50_s", opt(r.onsetP50)), ("onset_p90_s", opt(r.onsetP90)),
                            ("onset_p99_s", opt(r.onsetP99)), ("delivered_share", opt(r.deliveredShare)), ("tail_max_s", opt(r.tailMax)),
                            ("tail_mean_s", opt(r.tailMean)), ("carried_after_end", .integer(r.carriedAfterEnd)),
                            ("s3_gets_per_hour", .number(r.s3GetsPerHour)), ("monthly_cost", .number(r.monthlyCost)), ("meets", .bool(r.meets))
                        ])
                    })
            )
        ])
    }
}
