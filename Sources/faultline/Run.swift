import ArgumentParser
import FaultlineAnalysis
import FaultlineDocument
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
            An existing --out folder is replaced only when it is empty or a previous
            run's output; files the scenario names must be in its own folder tree
            unless --allow-read allows them (docs/safety.md).

            Examples:
              faultline run scenarios/multi-az-web.yaml
              faultline run scenarios/mmc-erlang-c.yaml --seed 7 --out out/mmc
              faultline run scenarios/loss-erlang-b.yaml --horizon 30m --period 10s
              faultline run scenarios/product-api.yaml --check   # exit 3 when a hypothesis fails
              faultline run scenarios/az-power-interruption.yaml --unsupported skip
              faultline run examples/import/orders/template.yaml --overlay examples/import/orders/overlay.yaml   # import a stack and run it
              faultline run scenarios/retry-storm.yaml --set functions[search].reservedConcurrency=100
              faultline run scenarios/multi-az-web.yaml --set services.web.workersPerAZ=12 --replication 2   # run p..-r002 of a sweep

            --set PATH=VALUE overrides one key of the scenario file, as one point of
            'faultline sweep' (the same paths and YAML values; repeatable, applied in order): the
            outputs are those of the scenario file with the value written in, except the
            manifest's scenario_hash, which covers the overrides. --replication R draws every
            random stream as replication R of a sweep does, so a sweep's kept run
            DIR/runs/pNNNNNN-rRRR can be reproduced byte for byte.

            The summary leads with each experiment's final state and reason (completed, stopped by
            an alarm at a time, failed with FIS's reason, running at the horizon, not started),
            its actions and when their faults took effect; then the request ledger (requests that
            entered at the entry points and their outcomes, docs/ledger.md) per phase, the blast
            radius and the hypotheses. --details adds the per-service table (a request counts at
            every service it passes through), shown anyway when no experiment or fault ran.

            Exit status: 0 on success; 1 on an error (bad scenario, failed run); with --check,
            3 when the run succeeded but a hypothesis is FAIL or NO_DATA; 4 when an experiment
            ended failed or did not start before the horizon (or, with 'expect:' on the
            experiment, in any state but the expected one). Outputs are written in every case.
            """
    )

    @Argument(help: "The scenario file (YAML or JSON), or a stack to import (CloudFormation/SAM template, cdk.out, Terraform plan JSON).")
    var scenario: String

    @Option(help: "Run a stack directly: the overlay for 'faultline import' (docs/import.md).")
    var overlay: String?

    @OptionGroup var common: ScenarioRunOptions
    var seed: UInt64? { common.seed }
    var horizon: SimDuration? { common.horizonDuration }
    var period: SimDuration? { common.periodDuration }
    var sets: [String] { common.sets }

    @Option(help: "Output directory (default: out/<scenario name>). It must be new, empty or a previous run's output (docs/safety.md).")
    var out: String?

    @Flag(help: "Replace the --out folder even if it is not a Faultline run (never the working directory, a folder above it, home or /).")
    var force = false

    @OptionGroup var reads: ReadOptions

    @Option(help: "Replication number (default 0): the random streams of a sweep's replication R.")
    var replication: UInt32 = 0

    @OptionGroup var verbosity: QuietOption
    var quiet: Bool { verbosity.quiet }

    @Flag(help: "Also print the per-service table, fault reach and database lines.")
    var details = false

    @Flag(help: "Exit with status 3 when any of the scenario's hypotheses is FAIL or NO_DATA (outputs are still written).")
    var check = false

    @Option(help: "With --check: write JUnit XML verdicts (a test case per hypothesis) to FILE.")
    var junit: String?

    @Flag(help: "With --check: print GitHub Actions annotations (::error file=...::) for hypotheses that do not pass.")
    var github = false

    /// The exit status of `--check` when a hypothesis does not pass.
    static let hypothesisFailedStatus: Int32 = 3

    @Option(
        help:
            "Template actions Faultline cannot replay: 'fail' (default) or 'skip' (marked skipped, with a warning; overrides each experiment's 'unsupported:').",
        transform: { text in
            guard let u = UnsupportedActions(rawValue: text) else { throw ValidationError("--unsupported must be 'skip' or 'fail', got '\(text)'") }
            return u
        })
    var unsupported: UnsupportedActions?

    func run() throws {
        let spec: ScenarioSpec
        if overlay != nil || ImportedScenario.looksLikeStack(scenario) {
            guard sets.isEmpty else {
                throw CLIError(
                    "--set edits a scenario file; '\(scenario)' is a stack. Fix: run 'faultline import \(scenario) --out S.yaml' and then 'faultline run S.yaml --set ...', or put the values in the overlay"
                )
            }
            spec = try ImportedScenario.build(stacks: [scenario], overlay: overlay, name: nil, out: nil).spec
        } else if sets.isEmpty {
            spec = try loadScenario(scenario, unsupported: unsupported, allowRead: reads.allowRead)
        } else {
            let doc = try ScenarioDocument(path: scenario, allowRead: reads.allowRead)
            let overrides = try sets.map { text throws(SweepError) in try ScenarioOverride(parsingSingle: text, command: "run") }
            spec = try SweepRunner.prepare(
                overrides, root: doc.root, file: doc.path, scenarioHash: doc.hash, unsupported: unsupported,
                loadFile: doc.loadFile
            ).spec
        }
        let seed = self.seed ?? spec.defaultSeed
        if !quiet {
            print("seed: \(seed)")
            for w in spec.warnings { FileHandleStderr.write("warning: \(w)\n") }
        }
        let outDir = try out ?? OutputFolder.defaultPath(name: spec.name)
        // Refused before anything runs; held against a second run writing the same folder.
        let lock = try OutputLock(OutputFolder.check(outDir, kind: .run, force: force), display: outDir)
        defer { lock.release() }
        let analyzed = try RunOutputs.write(
            spec, options: RunOptions(seed: seed, horizon: horizon, period: period, replication: replication),
            to: outDir, force: force)
        let result = analyzed.run, analysis = analyzed.analysis
        if !quiet {
            print(
                "scenario: \(spec.name)  horizon: \(result.result.horizon)  events: \(result.result.eventsDispatched)  fingerprint: \(result.result.fingerprint)"
            )
            print(analysis.textSummary())
            if details || !analysis.window.hasExperiment {
                print("per service (a request counts at every service it passes through):")
                print(result.textSummary())
            }
            print("report: \(outDir)/report.html")
            print("outputs: " + analyzed.outputFiles.map { "\(outDir)/\($0)" }.joined(separator: ", "))
        }
        if check {
            let report = analysis.ciReport(scenario: spec.name, file: scenario)
            if let junit { try JUnitFile.write(report.junitXML(), to: junit) }
            if github { print(report.githubAnnotations(), terminator: "") }
        }
        if !quiet { for e in analysis.experiments { for p in e.problems { FileHandleStderr.write("warning: \(p)\n") } } }
        let unexpected = analysis.unexpectedExperiments
        if !unexpected.isEmpty {
            FileHandleStderr.write(
                "experiment: "
                    + unexpected.map { "\($0.name) ended \($0.state.rawValue)" + ($0.expected.map { " (expected \($0.rawValue))" } ?? "") + ": \($0.reason)" }
                    .joined(separator: "; ")
                    + " (exit \(ExperimentOutcome.FinalState.unexpectedExitStatus); add 'expect: \(unexpected[0].state.rawValue)' to the experiment if this is what the scenario shows)\n"
            )
            throw ExitCode(ExperimentOutcome.FinalState.unexpectedExitStatus)
        }
        if check, !analysis.failedHypotheses.isEmpty {
            FileHandleStderr.write(
                "check: \(analysis.failedHypotheses.count) of \(analysis.hypotheses.count) hypotheses did not pass: "
                    + analysis.failedHypotheses.map { "\($0.spec.name) (\($0.verdict.rawValue))" }.joined(separator: ", ") + "\n")
            throw ExitCode(Self.hypothesisFailedStatus)
        }
    }
}

func parseDuration(_ text: String) throws -> SimDuration {
    do { return try SimDuration.parse(text) } catch { throw ValidationError("\(error)") }
}

/// Reads and validates a scenario; the files it names resolve against the scenario's folder
/// and must stay in its tree unless allowed (``ReadAccess``).
func loadScenario(_ path: String, unsupported: UnsupportedActions? = nil, allowRead: [String] = []) throws -> ScenarioSpec {
    let text = try readText(path)
    try refuseTemplate(text: text, path: path)
    let access = try ReadAccess(scenario: path, allow: allowRead)
    return try ScenarioSpec.load(text: text, file: path, unsupported: unsupported, loadFile: access.loader)
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

/// Writes to standard error (warnings must not mix with the summary on stdout), with control
/// characters escaped and huge values cut (``SafeText/message(_:)``).
enum FileHandleStderr {
    static func write(_ text: String) {
        fflush(nil) // stdout first, so the lines keep their order
        FileHandle.standardError.write(Data(SafeText.message(text).utf8))
    }
}
