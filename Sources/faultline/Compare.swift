import ArgumentParser
import FaultlineAnalysis
import FaultlineScenario
import FaultlineSweep
import Foundation

/// `faultline compare A B`: what changed between two runs, or (with replications) between two
/// sweeps, as a regression gate for CI.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two runs or two sweeps; exit 3 when B regressed (a CI gate).",
        discussion: """
            A and B are output folders of 'faultline run' (or their summary.json files), output
            folders of 'faultline sweep' (with replications), or, with --replications N, two
            scenario files that compare runs N times each with the same seeds.

            Two runs: the hypotheses' verdicts and the experiments' final states side by side,
            request outcomes per phase, and every per-phase metric value, time to impact and
            time to recover that differs. B regressed when a hypothesis that passed in A does
            not, or an experiment ended in another state (e.g. stopped by its alarm).

            Two sweeps: per quantity (the sweep's default set, or --metric) the difference of
            the means with a confidence interval; only differences whose interval excludes zero
            are reported. Replications with the same seeds on both sides (same --seed and
            --replications: common random numbers) are paired, so shared noise cancels. The
            intervals are simultaneous (Bonferroni over the quantities compared). B regressed
            when a hypothesis passes less often, an experiment completes less often, or
            errors, throttles, time-outs, latency or lost work grow significantly.

            Exit status: 0 no regression, 3 regression(s), 1 unreadable input.
            --junit FILE writes JUnit XML (a test case per hypothesis, experiment and gated
            quantity); --github prints GitHub Actions annotations (::error file=...::).

            Examples:
              faultline run scenarios/product-api.yaml --out out/buffered
              faultline run scenarios/product-api-unbuffered.yaml --out out/unbuffered
              faultline compare out/buffered out/unbuffered
              faultline compare out/buffered out/unbuffered --json > diff.json
              faultline sweep scenarios/product-api.yaml --replications 5 --seed 1 --out out/s-buffered
              faultline sweep scenarios/product-api-unbuffered.yaml --replications 5 --seed 1 --out out/s-unbuffered
              faultline compare out/s-buffered out/s-unbuffered --junit compare.xml --github
              faultline compare scenarios/product-api.yaml scenarios/product-api-unbuffered.yaml --replications 5 --horizon 12m
            """
    )

    /// The exit status when B regressed.
    static let regressionStatus: Int32 = 3

    @Argument(help: "The first (baseline) run or sweep folder (A).")
    var runA: String

    @Argument(help: "The second (candidate) run or sweep folder (B).")
    var runB: String

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @Flag(help: "List every metric value, not only those that differ (two runs).")
    var all = false

    @Option(name: .customLong("metric"), help: "Quantities to compare for sweeps (repeatable, wildcards; default: the sweep's default set).")
    var metrics: [String] = []

    @Option(help: "Write JUnit XML verdicts to FILE (a test case per hypothesis, experiment and gated quantity).")
    var junit: String?

    @Flag(help: "Print GitHub Actions annotations (::error file=...::) for regressions.")
    var github = false

    @Option(help: "With two scenario files: run each N times with the same seeds (common random numbers) and compare the replications.")
    var replications: Int?

    @Option(help: "With --replications: the master seed of both sides (default: A's scenario 'seed').")
    var seed: UInt64?

    @Option(help: "With --replications: override both scenarios' horizon, e.g. 10m.")
    var horizon: String?

    @Option(help: "With --replications: runs in parallel (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if let replications, !(2...10_000).contains(replications) { throw ValidationError("--replications must be 2..10000 (intervals need two)") }
        if replications == nil, seed != nil || horizon != nil { throw ValidationError("--seed and --horizon go with --replications (two scenario files)") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let horizon { _ = try parseDuration(horizon) }
    }

    func run() throws {
        let sweepA = FileManager.default.fileExists(atPath: (runA as NSString).appendingPathComponent("sweep.json"))
        let sweepB = FileManager.default.fileExists(atPath: (runB as NSString).appendingPathComponent("sweep.json"))
        guard sweepA == sweepB else {
            throw CLIError("\(sweepA ? runA : runB) is a sweep folder and \(sweepA ? runB : runA) is not. Fix: compare two run folders, or two sweep folders")
        }
        let report: CIReport
        let regressed: Bool
        if let n = replications {
            let docA = try ScenarioDocument(path: runA), docB = try ScenarioDocument(path: runB)
            let master = try seed ?? loadScenario(runA).defaultSeed
            let ma = try Self.replicate(docA, replications: n, seed: master, horizon: horizon, jobs: jobs)
            let mb = try Self.replicate(docB, replications: n, seed: master, horizon: horizon, jobs: jobs)
            let keys = (0..<n).map { "\(master)/\($0)" }
            let c = ReplicatedComparison.compare(ma, mb, seedsA: keys, seedsB: keys, selectors: MetricSelector.expand(metrics))
            print(json ? c.json(labelA: runA, labelB: runB).rendered() : c.text(labelA: runA, labelB: runB), terminator: json ? "" : "\n")
            report = c.ciReport(labelA: runA, labelB: runB, file: runB)
            regressed = !c.regressions.isEmpty
        } else if sweepA {
            let (ma, la) = try Self.sweepRuns(runA), (mb, _) = try Self.sweepRuns(runB)
            let c = ReplicatedComparison.compare(
                ma.runs, mb.runs, seedsA: ma.keys, seedsB: mb.keys,
                selectors: MetricSelector.expand(metrics.isEmpty ? la.metrics : metrics))
            print(json ? c.json(labelA: runA, labelB: runB).rendered() : c.text(labelA: runA, labelB: runB), terminator: json ? "" : "\n")
            report = c.ciReport(labelA: runA, labelB: runB, file: nil)
            regressed = !c.regressions.isEmpty
        } else {
            func summary(_ path: String) throws -> (String, String, String?) {
                var isDir: ObjCBool = false
                let dir = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
                let file = dir ? (path as NSString).appendingPathComponent("summary.json") : path
                let folder = dir ? path : (path as NSString).deletingLastPathComponent
                let experiment = (folder as NSString).appendingPathComponent("experiment.json")
                return (try readText(file), file, FileManager.default.fileExists(atPath: experiment) ? try readText(experiment) : nil)
            }
            let (a, fa, ea) = try summary(runA), (b, fb, eb) = try summary(runB)
            var c = try RunComparison.compare(summaryA: a, fileA: fa, summaryB: b, fileB: fb)
            c.experiments = try RunComparison.experimentDeltas(ea, fileA: fa, eb, fileB: fb)
            print(json ? c.json().rendered() : c.text(all: all), terminator: json ? "" : "\n")
            report = c.ciReport(file: fb)
            regressed = c.hasRegressions
        }
        if let junit { try JUnitFile.write(report.junitXML(), to: junit) }
        if github { print(report.githubAnnotations(), terminator: "") }
        if regressed { throw ExitCode(Self.regressionStatus) }
    }

    /// Runs replications 0..<n of a scenario at master seed `seed` in memory (nothing is written).
    static func replicate(_ doc: ScenarioDocument, replications n: Int, seed: UInt64, horizon: String?, jobs: Int) throws -> [RunMetrics] {
        let definition = SweepDefinition(
            scenarioName: doc.name, scenarioHash: doc.hash, seed: seed, replications: n, horizon: horizon,
            period: nil, parameters: [], metrics: [])
        let point = try SweepRunner.prepare(definition, points: [0], root: doc.root, file: doc.path, loadFile: doc.loadFile)[0]
        var options: [RunOptions] = []
        for r in 0..<n { options.append(try SweepRunner.options(definition, replication: r)) }
        let frozen = options
        let runs = Locked<[RunMetrics?]>(Array(repeating: nil, count: n))
        try ParallelRunner.run(count: n, jobs: jobs) { r in runs.set(r, try SweepRunner.measure(point, options: frozen[r])) }
        return runs.value.compactMap { $0 }
    }

    /// The runs of a sweep folder, one ``RunMetrics`` per replication (quantities of every point,
    /// prefixed with the point's parameters when there are several), and each replication's
    /// seed and number for pairing.
    static func sweepRuns(_ path: String) throws -> ((runs: [RunMetrics], keys: [String]), SweepDefinition) {
        let folder = SweepFolder(path)
        guard let definition = try folder.readDefinition() else { throw CLIError("\(path)/sweep.json: cannot read the sweep definition") }
        let (found, problems) = folder.finishedPoints(definition)
        guard found.count == definition.pointCount else {
            throw CLIError(
                "\(path): \(found.count) of \(definition.pointCount) points are finished\(problems.isEmpty ? "" : " (\(problems.joined(separator: "; ")))"). Fix: run the sweep to the end (or merge its shards) first"
            )
        }
        var runs: [RunMetrics] = []
        var keys: [String] = []
        for r in 0..<definition.replications {
            var values: [(name: String, value: Double)] = []
            for p in found.keys.sorted() {
                let run = found[p]!.runs[r]
                let prefix = definition.pointCount > 1 ? "[\(definition.label(ofPoint: p))] " : ""
                values += run.values.map { (prefix + $0.name, $0.value) }
            }
            let first = found[found.keys.min()!]!.runs[r]
            keys.append("\(first.value("seed").map { String($0) } ?? "-")/\(first.replication)")
            runs.append(RunMetrics(replication: UInt32(r), fingerprint: first.fingerprint, values: values))
        }
        return ((runs, keys), definition)
    }
}
