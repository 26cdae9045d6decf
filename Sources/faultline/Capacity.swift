import ArgumentParser
import FaultlineAnalysis
import FaultlineMetrics
import FaultlineScenario
import FaultlineSweep
import Foundation

/// `faultline capacity SCENARIO --vary PATH --range LO..HI --hypothesis EXPR`: the smallest
/// value that meets the hypotheses in at least a share of replications.
struct Capacity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the smallest value of a scenario key that meets hypotheses in a share of replications.",
        discussion: """
            Varies one key (--vary, a --set path such as functions[get-item].reservedConcurrency,
            services.web.workersPerAZ or queues[orders].consumer.maximumConcurrency) over the whole
            numbers in --range. Each candidate runs --replications seeded replications; it meets when
            at least --share of them satisfy every hypothesis. Assumes meeting is monotone in the
            value: checks both ends, then bisects; every evaluated value is printed and written to
            DIR/capacity.csv (with --out), and contradictions of the assumption are reported.

            Hypotheses: by default (no --hypothesis, or --hypothesis scenario) the scenario's own
            hypotheses: (docs/scenario-format.md), evaluated as 'faultline run --check' does: a
            replication meets them when every one is PASS. --hypothesis NAME selects one of them by
            name. Or an expression over the summary metrics (named as in sweep.csv): METRIC OP
            NUMBER joined by &&, e.g.
              'services.get-item.throttle_rate < 0.001'
              'services.web.error_rate < 1% && services.web.latency_ms.p99 <= 250'
            Several --hypothesis options must all hold.

            Exit status: 0 when a value is found, 1 when even the top of the range fails.

            Examples:
              faultline capacity scenarios/capacity-reserved-concurrency.yaml --vary functions[get-item].reservedConcurrency \\
                --range 20..300 --replications 5                       # the scenario's hypotheses
              faultline capacity scenarios/capacity-reserved-concurrency.yaml --vary functions[get-item].reservedConcurrency \\
                --range 20..300 --hypothesis 'services.get-item.throttle_rate < 0.001' --replications 5
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @Option(help: "The key to vary (a --set path).")
    var vary: String

    @Option(help: "LO..HI: the whole numbers to search.")
    var range: String

    @Option(
        name: .customLong("hypothesis"),
        help: "'scenario' (the default: the scenario's hypotheses:), one of them by name, or METRIC OP NUMBER [&& ...] (repeatable: all must hold).")
    var hypotheses: [String] = []

    @Option(help: "Seeded replications per candidate (default 10).")
    var replications = 10

    @Option(help: "Share of replications that must meet the hypotheses (default 0.95).")
    var share = 0.95

    @OptionGroup var common: ScenarioRunOptions
    var seed: UInt64? { common.seed }
    var horizon: String? { common.horizon }
    var period: String? { common.period }
    /// Fixed overrides, applied before the varied key.
    var sets: [String] { common.sets }

    @OptionGroup var parallel: JobsOption
    var jobs: Int { parallel.jobs }

    @Option(help: "Write capacity.csv (every evaluated value) into this folder (new, empty or a previous capacity folder).")
    var out: String?

    @Flag(help: "Write into the --out folder even if it is not a Faultline capacity folder (never the working directory, a folder above it, home or /).")
    var force = false

    @OptionGroup var reads: ReadOptions

    func validate() throws {
        if replications < 1 { throw ValidationError("--replications must be at least 1") }
        if replications > SweepDefinition.maxReplications { throw ValidationError("--replications must be at most \(SweepDefinition.maxReplications)") }
        if !(share > 0 && share <= 1) { throw ValidationError("--share must be in (0, 1], e.g. 0.95") }
    }

    func run() throws {
        let doc = try ScenarioDocument(path: scenario, allowRead: reads.allowRead)
        // The output folder is checked and locked before the search runs.
        let lock = try out.map { try OutputLock(OutputFolder.check($0, kind: .capacity, force: force), display: $0) }
        defer { lock?.release() }
        let path = try OverridePath(parsing: vary)
        let range = try CapacitySearch.parseRange(range)
        var fixed: [ScenarioOverride] = []
        for s in sets { fixed.append(try ScenarioOverride(parsingSingle: s, command: "capacity")) }
        func prepare(_ value: Int) throws -> PreparedPoint {
            try SweepRunner.prepare(
                fixed + [ScenarioOverride(path: path, value: String(value))], root: doc.root, file: doc.path,
                scenarioHash: doc.hash, loadFile: doc.loadFile)
        }
        // The top of the range is evaluated first; its scenario names the hypotheses.
        let top = try prepare(range.upperBound)
        let goal = try CapacityGoal.resolve(hypotheses, scenarioHypotheses: top.spec.hypotheses)
        let definition = SweepDefinition(
            scenarioName: doc.name, scenarioHash: doc.hash, seed: seed, replications: replications,
            horizon: horizon, period: period, parameters: [], metrics: [])
        var options: [RunOptions] = []
        for r in 0..<replications { options.append(try SweepRunner.options(definition, replication: r)) }
        let frozen = options
        print(
            "capacity: \(vary) in \(range.lowerBound)..\(range.upperBound), \(replications) replication\(replications == 1 ? "" : "s") per value, share >= \(NumberFormat.decimal(share))"
        )
        for c in goal.criteria { print("hypothesis: \(c)") }
        var checked = false
        let outcome = try CapacitySearch.search(range: range, share: share) { value in
            let point = value == range.upperBound ? top : try prepare(value)
            let runs = Locked([(metrics: RunMetrics, meets: Bool)?](repeating: nil, count: replications))
            try ParallelRunner.run(count: replications, jobs: jobs) { r in
                let metrics: RunMetrics, verdicts: [HypothesisResult]
                if goal.needsAnalysis {
                    let analyzed = try SweepRunner.analyze(point, options: frozen[r])
                    metrics = RunMetrics(analyzed, replication: UInt32(r))
                    verdicts = analyzed.analysis.hypotheses
                } else {
                    metrics = try SweepRunner.measure(point, options: frozen[r])
                    verdicts = []
                }
                runs.set(r, (metrics, goal.holds(metrics: metrics, verdicts: verdicts)))
            }
            let results = runs.value.map { $0! }
            if !checked {
                try goal.checkMetrics(in: results[0].metrics)
                checked = true
            }
            let passed = results.filter(\.meets).count
            print("  \(vary)=\(value): \(passed)/\(replications) replications meet the hypotheses")
            return (passed, replications)
        }
        var csv = "value,replications,passed,share,meets\n"
        for c in outcome.evaluated {
            csv += "\(c.value),\(c.replications),\(c.passed),\(NumberFormat.decimal(c.share)),\(c.meets ? "true" : "false")\n"
        }
        if let out {
            try OutputError.wrap(out, "creating the folder") { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
            try AtomicFile.write(csv, to: URL(fileURLWithPath: out).appendingPathComponent("capacity.csv"))
        }
        for v in outcome.violations {
            FileHandleStderr.write(
                "warning: \(vary)=\(v.meets) meets the hypotheses but \(v.fails) does not: the result is not monotone in the value here, so the answer may not be the smallest. Fix: more --replications, or sweep the range with 'faultline sweep'.\n"
            )
        }
        if let answer = outcome.answer {
            print(
                "answer: \(vary)=\(answer) (smallest value in \(range.lowerBound)..\(range.upperBound) meeting the hypotheses in >= \(NumberFormat.decimal(share * 100))% of replications)"
            )
        } else {
            print("answer: none: even \(vary)=\(range.upperBound) meets the hypotheses in fewer than \(NumberFormat.decimal(share * 100))% of replications")
            throw ExitCode(1)
        }
    }
}
