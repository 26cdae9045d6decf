import ArgumentParser
import FaultlineAnalysis
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario
import FaultlineSweep
import Foundation

/// `faultline run SCENARIO`: simulate and write timeline.csv, summary.json and manifest.json.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario and write its metric timeline, summary and manifest.",
        discussion: """
            Prints the seed first, then a per-service summary and where the outputs went
            (--quiet: nothing but errors).
            Outputs are written atomically: a failed run leaves no half-written files.

            Examples:
              faultline run scenarios/multi-az-web.yaml
              faultline run scenarios/mmc-erlang-c.yaml --seed 7 --out out/mmc
              faultline run scenarios/loss-erlang-b.yaml --horizon 30m --period 10s
              faultline run scenarios/product-api.yaml --check   # exit 3 when a hypothesis fails
              faultline run scenarios/az-power-interruption.yaml --unsupported skip
              faultline run scenarios/retry-storm.yaml --set functions[search].reservedConcurrency=100
              faultline run scenarios/multi-az-web.yaml --set services.web.workersPerAZ=12 --replication 2   # run p..-r002 of a sweep

            --set PATH=VALUE overrides one key of the scenario file, as one point of
            'faultline sweep' (the same paths and YAML values; repeatable, applied in order): the
            outputs are those of the scenario file with the value written in, except the
            manifest's scenario_hash, which covers the overrides. --replication R draws every
            random stream as replication R of a sweep does, so a sweep's kept run
            DIR/runs/pNNNNNN-rRRR can be reproduced byte for byte.

            Exit status: 0 on success; 1 on an error (bad scenario, failed run); with --check,
            3 when the run succeeded but a hypothesis is FAIL or NO_DATA.
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @OptionGroup var common: ScenarioRunOptions
    var seed: UInt64? { common.seed }
    var horizon: SimDuration? { common.horizonDuration }
    var period: SimDuration? { common.periodDuration }
    var sets: [String] { common.sets }

    @Option(help: "Output directory (default: out/<scenario name>).")
    var out: String?

    @Option(help: "Replication number (default 0): the random streams of a sweep's replication R.")
    var replication: UInt32 = 0

    @OptionGroup var verbosity: QuietOption
    var quiet: Bool { verbosity.quiet }

    @Flag(help: "Exit with status 3 when any of the scenario's hypotheses is FAIL or NO_DATA (outputs are still written).")
    var check = false

    /// The exit status of `--check` when a hypothesis does not pass.
    static let hypothesisFailedStatus: Int32 = 3

    @Option(help: "Template actions Faultline cannot replay: 'fail' (default) or 'skip' (marked skipped, with a warning; overrides each experiment's 'unsupported:').",
            transform: { text in
                guard let u = UnsupportedActions(rawValue: text) else { throw ValidationError("--unsupported must be 'skip' or 'fail', got '\(text)'") }
                return u
            })
    var unsupported: UnsupportedActions?

    func run() throws {
        let spec: ScenarioSpec
        if sets.isEmpty {
            spec = try loadScenario(scenario, unsupported: unsupported)
        } else {
            let doc = try ScenarioDocument(path: scenario)
            let overrides = try sets.map { text throws(SweepError) in try ScenarioOverride(parsingSingle: text, command: "run") }
            spec = try SweepRunner.prepare(overrides, root: doc.root, file: doc.path, scenarioHash: doc.hash, unsupported: unsupported,
                                           loadFile: doc.loadFile).spec
        }
        let seed = self.seed ?? spec.defaultSeed
        if !quiet {
            print("seed: \(seed)")
            for w in spec.warnings { FileHandleStderr.write("warning: \(w)\n") }
        }
        let outDir = out ?? "out/\(spec.name)"
        let analyzed = try RunOutputs.write(spec, options: RunOptions(seed: seed, horizon: horizon, period: period, replication: replication), to: outDir)
        let result = analyzed.run, analysis = analyzed.analysis
        if !quiet {
            print("scenario: \(spec.name)  horizon: \(result.result.horizon)  events: \(result.result.eventsDispatched)  fingerprint: \(result.result.fingerprint)")
            print(result.textSummary())
            print(analysis.textSummary())
            print("outputs: " + analyzed.outputFiles.map { "\(outDir)/\($0)" }.joined(separator: ", "))
        }
        if check, !analysis.failedHypotheses.isEmpty {
            FileHandleStderr.write("check: \(analysis.failedHypotheses.count) of \(analysis.hypotheses.count) hypotheses did not pass: "
                                   + analysis.failedHypotheses.map { "\($0.spec.name) (\($0.verdict.rawValue))" }.joined(separator: ", ") + "\n")
            throw ExitCode(Self.hypothesisFailedStatus)
        }
    }
}

func parseDuration(_ text: String) throws -> SimDuration {
    do { return try SimDuration.parse(text) } catch { throw ValidationError("\(error)") }
}

/// Reads and validates a scenario; trace files resolve against the scenario's folder.
func loadScenario(_ path: String, unsupported: UnsupportedActions? = nil) throws -> ScenarioSpec {
    let text = try readText(path)
    try refuseTemplate(text: text, path: path)
    let base = (path as NSString).deletingLastPathComponent
    return try ScenarioSpec.load(text: text, file: path, unsupported: unsupported) { relative in
        try readText(relative.hasPrefix("/") ? relative : (base.isEmpty ? relative : base + "/" + relative))
    }
}

func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CLIError("\(path): cannot read the file (does it exist, and is it readable?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CLIError("\(path): is not UTF-8 text")
    }
    return text
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Writes to standard error (warnings must not mix with the summary on stdout).
enum FileHandleStderr {
    static func write(_ text: String) {
        fflush(nil) // stdout first, so the lines keep their order
        FileHandle.standardError.write(text.data(using: .utf8) ?? Data())
    }
}
