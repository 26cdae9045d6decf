import ArgumentParser
import FaultlineFIS
import FaultlineKernel
import Foundation

/// The options `run`, `sweep` and `capacity` share, declared once (issue 12): the master seed,
/// run-length overrides and `--set` overrides. Durations are kept as written (a sweep records
/// them in sweep.json) and checked when the command line is parsed.
struct ScenarioRunOptions: ParsableArguments {
    @Option(help: "Master seed (default: the scenario's 'seed', else 1; in a sweep, each point's).")
    var seed: UInt64?

    @Option(help: "Override the scenario's horizon, e.g. 2h, 10m or PT30M.")
    var horizon: String?

    @Option(help: "Override the metrics period, e.g. 10s or 1m.")
    var period: String?

    @Option(
        name: .customLong("set"),
        help: "PATH=VALUE: override one key of the scenario (repeatable, applied in order; 'sweep' takes PATH=V1,V2,... and runs the product).")
    var sets: [String] = []

    func validate() throws {
        if let horizon { _ = try parseDuration(horizon) }
        if let period { _ = try parseDuration(period) }
    }

    var horizonDuration: SimDuration? { horizon.flatMap { try? parseDuration($0) } }
    var periodDuration: SimDuration? { period.flatMap { try? parseDuration($0) } }
}

/// `--quiet`, for the commands that print progress and summaries.
struct QuietOption: ParsableArguments {
    @Flag(help: "Print nothing but errors: no seed, summary, warnings or progress.")
    var quiet = false
}

/// Refuses an FIS experiment template given where a scenario is expected, saying what it is and
/// what to run instead (a template has no `regions`/`services`, so reading it as a scenario would
/// only list missing keys).
func refuseTemplate(text: String, path: String) throws {
    guard TemplateValidator.isTemplate(text: text, file: path) else { return }
    throw CLIError(
        "\(path): is an FIS experiment template, not a Faultline scenario. Fix: 'faultline plan \(path) --synthesize' "
            + "shows its targets and schedule, 'faultline validate \(path)' checks it as FIS would; to replay it, reference it "
            + "from a scenario: experiments: [{ name: my-experiment, template: \(path), start: 5m }]")
}

/// `--jobs`, for the commands that run scenarios in parallel (results do not depend on it).
struct JobsOption: ParsableArguments {
    /// More parallel runs than this only adds memory (each run holds its model).
    static let maxJobs = 1_024

    @Option(help: "Runs in parallel (default: the number of cores; at most 1024).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if jobs > Self.maxJobs { throw ValidationError("--jobs must be at most \(Self.maxJobs)") }
    }
}
