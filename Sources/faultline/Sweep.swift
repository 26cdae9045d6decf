import ArgumentParser
import FaultlineAnalysis
import FaultlineDocument
import FaultlineMetrics
import FaultlineRandom
import FaultlineScenario
import FaultlineSweep
import Foundation

/// `faultline sweep SCENARIO --set PATH=V1,V2 ... --replications N`: the cartesian product of
/// the values, N seeded replications per point, one `sweep.csv` row per point with each
/// quantity's mean, standard deviation and 95 % confidence interval.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario over the cartesian product of parameter values, with replications and confidence intervals.",
        discussion: """
            Each --set PATH=V1,V2,... sweeps one key of the scenario file (paths such as
            functions[get-item].reservedConcurrency, services.web.workersPerAZ, services[0].workersPerAZ,
            functions[*].fisExtension.slowPoll; values are YAML). Every point runs N replications:
            replication r seeds every random stream from the master seed and r, so results are
            identical for any --jobs. Finished points are kept in DIR/points/ (written atomically):
            running the same command again skips them, so a killed sweep continues.
            --shard I/N runs every N-th point from the I-th; combine shard folders with
            'faultline merge'. sweep.csv is written when every point is done.

            Reported quantities: every number in summary.json, named by key path with list items
            by name (services.web.error_rate, faults.add-delay.onset_delay_s.p95); --metric
            selects them with wildcards (* within a dot-separated part, ** across parts);
            without --metric the 'default' set is reported (README, "Sweeps").

            Examples:
              faultline sweep scenarios/retry-storm.yaml --set functions[search].reservedConcurrency=50,100,200 --replications 5
              faultline sweep scenarios/poll-interval-sweep.yaml --set 'functions[*].fisExtension.slowPoll=20s,60s,120s,300s' --replications 3 --jobs 2
              faultline sweep scenarios/multi-az-web.yaml --set services.web.workersPerAZ=8,12 --horizon 10m --shard 1/2 --out out/s1
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @OptionGroup var common: ScenarioRunOptions
    var seed: UInt64? { common.seed }
    var horizon: String? { common.horizon }
    var period: String? { common.period }
    var sets: [String] { common.sets }

    @Option(help: "Seeded replications per point (default 5).")
    var replications = 5

    @OptionGroup var parallel: JobsOption
    var jobs: Int { parallel.jobs }

    @Option(help: "Output folder (default: out/<scenario name>-sweep).")
    var out: String?

    @Flag(help: "Also keep every run's outputs in DIR/runs/pNNNNNN-rRRR/.")
    var keepRuns = false

    @Flag(
        help:
            "Write into the --out folder even if it is not a Faultline sweep folder, and replace kept runs that are not Faultline's (never the working directory, a folder above it, home or /)."
    )
    var force = false

    @OptionGroup var reads: ReadOptions

    @Option(name: .customLong("metric"), help: "Metric selector for sweep.csv (repeatable; 'default' = the default set).")
    var metrics: [String] = []

    @Option(help: "Run only shard I of N (1-based), e.g. 2/4.")
    var shard: String?

    @OptionGroup var verbosity: QuietOption
    var quiet: Bool { verbosity.quiet }

    @Option(
        help: "When every point is done: write JUnit XML verdicts (a test case per point and hypothesis; it fails unless every replication passed) to FILE.")
    var junit: String?

    @Flag(help: "When every point is done: print GitHub Actions annotations (::error file=...::) for hypotheses that did not always pass.")
    var github = false

    func validate() throws {
        if replications < 1 { throw ValidationError("--replications must be at least 1") }
        if replications > SweepDefinition.maxReplications { throw ValidationError("--replications must be at most \(SweepDefinition.maxReplications)") }
        if let shard { _ = try Self.parseShard(shard) }
    }

    static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard '\(text)' is not I/N with 1 <= I <= N (e.g. 1/4)")
        }
        return (i, n)
    }

    func run() throws {
        let doc = try ScenarioDocument(path: scenario, allowRead: reads.allowRead)
        let parameters = try sets.map { text throws(SweepError) in try SweepParameter(parsing: text) }
        let definition = SweepDefinition(
            scenarioName: doc.name, scenarioHash: doc.hash, seed: seed, replications: replications,
            horizon: horizon, period: period, parameters: parameters, metrics: metrics)
        try definition.checkSize()
        let outDir = try out ?? OutputFolder.defaultPath(name: doc.name, suffix: "-sweep")
        let lock = try OutputLock(OutputFolder.check(outDir, kind: .sweep, force: force), display: outDir)
        defer { lock.release() }
        let folder = SweepFolder(outDir)
        let (shardIndex, shardCount) = try shard.map(Self.parseShard) ?? (1, 1)
        let result = try SweepExecution.run(
            definition, document: doc, folder: folder, points: definition.points(shard: shardIndex, of: shardCount),
            jobs: jobs, keepRuns: keepRuns, force: force, quiet: quiet)
        if result.complete, junit != nil || github {
            let report = SweepVerdicts.ciReport(definition, points: Array(folder.finishedPoints(definition).points.values), file: scenario)
            if let junit { try JUnitFile.write(report.junitXML(), to: junit) }
            if github { print(report.githubAnnotations(), terminator: "") }
        }
        guard !quiet else { return }
        let shardText = shardCount > 1 ? " (shard \(shardIndex)/\(shardCount))" : ""
        print(
            "sweep: \(definition.pointCount) point\(definition.pointCount == 1 ? "" : "s") x \(replications) replication\(replications == 1 ? "" : "s")\(shardText): ran \(result.ran) point\(result.ran == 1 ? "" : "s"), \(result.skipped) already done, \(jobs) job\(jobs == 1 ? "" : "s")"
        )
        if result.complete {
            print("outputs: \(folder.table.path)")
        } else {
            print(
                "outputs: \(folder.points.path) (\(result.finished) of \(definition.pointCount) points; combine shards with: faultline merge DIR... --out DIR)")
        }
    }
}

/// A scenario file read and parsed once, for runs with overrides.
struct ScenarioDocument {
    let path: String
    let text: String
    let root: DocumentNode
    let hash: UInt64
    let name: String
    let access: ReadAccess

    /// `allowRead`: paths outside the scenario's folder it may read (``ReadAccess``).
    init(path: String, allowRead: [String] = []) throws {
        self.path = path
        access = try ReadAccess(scenario: path, allow: allowRead)
        text = try readText(path)
        try refuseTemplate(text: text, path: path)
        root = try DocumentParser.parse(text, file: path)
        hash = StreamSeed.fnv1a64(text)
        if let node = root["name"], case .scalar(let n, _) = node.value {
            // The name makes the default output folder: refused as `faultline validate` does.
            if let problem = ScenarioName.problem(n) {
                throw DocumentError([
                    Diagnostic(
                        file: path, path: node.path, location: node.location,
                        message: "'name' is not a valid scenario name: \(problem) (it names the output folder out/<name>).",
                        fix: ScenarioName.fix)
                ])
            }
            name = n
        } else {
            name = (path as NSString).lastPathComponent
        }
    }

    /// Reads files the scenario names, relative to its folder and confined to its tree.
    var loadFile: (String) throws -> String { access.loader }
}

/// Runs a sweep's unfinished points into its folder.
enum SweepExecution {
    struct Outcome {
        var ran: Int
        var skipped: Int
        var finished: Int
        var complete: Bool
    }

    static func run(
        _ definition: SweepDefinition, document doc: ScenarioDocument, folder: SweepFolder, points: [Int],
        jobs: Int, keepRuns: Bool, force: Bool = false, quiet: Bool
    ) throws -> Outcome {
        try folder.check(definition)
        let (finished, problems) = folder.finishedPoints(definition)
        if !quiet { for p in problems { FileHandleStderr.write("warning: \(p)\n") } }
        let todo = points.filter { finished[$0] == nil }
        // Every point is validated before the folder is written or anything runs.
        let prepared = try SweepRunner.prepare(definition, points: todo, root: doc.root, file: doc.path, loadFile: doc.loadFile)
        try folder.prepare(for: definition)
        if !quiet, let first = prepared.first { for w in first.spec.warnings { FileHandleStderr.write("warning: \(w)\n") } }
        let n = definition.replications
        var options: [RunOptions] = []
        for r in 0..<n { options.append(try SweepRunner.options(definition, replication: r)) }
        let collector = PointCollector(count: prepared.count, replications: n)
        let progress = Progress(total: prepared.count * n, label: "sweep", enabled: !quiet && isatty(2) == 1)
        let sweepID = definition.id
        let frozenOptions = options
        try ParallelRunner.run(count: prepared.count * n, jobs: jobs) { task in
            let k = task / n, r = task % n
            let point = prepared[k]
            let metrics: RunMetrics
            if keepRuns {
                metrics = try RunOutputs.keep(point, options: frozenOptions[r], to: folder.runFolder(point: point.index, replication: r), force: force)
            } else {
                metrics = try SweepRunner.measure(point, options: frozenOptions[r])
            }
            if let runs = collector.add(k, r, metrics) {
                try folder.write(PointResult(sweepID: sweepID, point: point.index, overrides: point.overrides, runs: runs))
            }
            progress.advance()
        }
        let complete = try folder.writeTableIfComplete(definition)
        let now = folder.finishedPoints(definition).points.count
        return Outcome(ran: prepared.count, skipped: points.count - todo.count, finished: now, complete: complete)
    }
}

/// Gathers the replications of each point; hands them over, in replication order, when the
/// point's last one arrives.
final class PointCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var runs: [[RunMetrics?]]

    init(count: Int, replications: Int) {
        runs = Array(repeating: Array(repeating: nil, count: replications), count: count)
    }

    func add(_ point: Int, _ replication: Int, _ m: RunMetrics) -> [RunMetrics]? {
        lock.lock()
        defer { lock.unlock() }
        runs[point][replication] = m
        guard runs[point].allSatisfy({ $0 != nil }) else { return nil }
        let out = runs[point].map { $0! }
        runs[point] = []
        return out
    }
}
