import ArgumentParser
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario
import Foundation

/// `faultline run SCENARIO`: simulate and write timeline.csv, summary.json and manifest.json.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario and write its metric timeline, summary and manifest.",
        discussion: """
            Prints the seed first, then a per-service summary and where the outputs went.
            Outputs are written atomically: a failed run leaves no half-written files.

            Examples:
              faultline run scenarios/multi-az-web.yaml
              faultline run scenarios/mmc-erlang-c.yaml --seed 7 --out out/mmc
              faultline run scenarios/loss-erlang-b.yaml --horizon 30m --period 10s
              faultline run my-scenario.yaml --unsupported skip
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @Option(help: "Master seed (default: the scenario's 'seed', else 1).")
    var seed: UInt64?

    @Option(help: "Output directory (default: out/<scenario name>).")
    var out: String?

    @Option(help: "Override the scenario's horizon, e.g. 2h or PT30M.", transform: parseDuration)
    var horizon: SimDuration?

    @Option(help: "Override the metrics period, e.g. 10s or 1m.", transform: parseDuration)
    var period: SimDuration?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Option(help: "Template actions Faultline cannot replay: 'fail' (default) or 'skip' (marked skipped, with a warning; overrides each experiment's 'unsupported:').",
            transform: { text in
                guard let u = UnsupportedActions(rawValue: text) else { throw ValidationError("--unsupported must be 'skip' or 'fail', got '\(text)'") }
                return u
            })
    var unsupported: UnsupportedActions?

    func run() throws {
        let spec = try loadScenario(scenario, unsupported: unsupported)
        let seed = self.seed ?? spec.defaultSeed
        print("seed: \(seed)")
        for w in spec.warnings { FileHandleStderr.write("warning: \(w)\n") }
        let outDir = out ?? "out/\(spec.name)"
        let writer = try AtomicDirectory(finalPath: outDir)
        do {
            let timeline = try writer.streamingFile("timeline.csv")
            let sink = CSVTimelineWriter(write: timeline.write)
            let result = try ScenarioRun.run(spec, options: RunOptions(seed: seed, horizon: horizon, period: period), sink: sink)
            try timeline.close()
            try writer.write("summary.json", result.summaryJSON().rendered())
            if !result.result.faults.isEmpty { try writer.write("faults.json", result.faultsJSON().rendered()) }
            if !result.experiments.isEmpty { try writer.write("experiment.json", result.experimentJSON().rendered()) }
            if !result.spec.model.alarms.isEmpty { try writer.write("alarms.json", result.alarmsJSON().rendered()) }
            try writer.write("manifest.json", result.manifestJSON().rendered())
            try writer.commit()
            if !quiet {
                print("scenario: \(spec.name)  horizon: \(result.result.horizon)  events: \(result.result.eventsDispatched)  fingerprint: \(result.result.fingerprint)")
                print(result.textSummary())
                print("outputs: " + result.outputFiles.map { "\(outDir)/\($0)" }.joined(separator: ", "))
            }
        } catch {
            writer.abandon()
            throw error
        }
    }
}

func parseDuration(_ text: String) throws -> SimDuration {
    do { return try SimDuration.parse(text) } catch { throw ValidationError("\(error)") }
}

/// Reads and validates a scenario; trace files resolve against the scenario's folder.
func loadScenario(_ path: String, unsupported: UnsupportedActions? = nil) throws -> ScenarioSpec {
    let text = try readText(path)
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
