import ArgumentParser
import FaultlineKernel
import FaultlineScenario
import Foundation

/// `faultline plan TEMPLATE`: the resolved targets and action schedule of an FIS template,
/// against a scenario's inventory or one synthesized from the template.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show an FIS template's resolved targets and action schedule without running it.",
        discussion: """
            Prints every target's resources (as ListExperimentResolvedTargets would) and each
            action's start/end offset from StartExperiment (initiation delay included), its
            startAfter predecessors and targets. Actions the model cannot replay are listed as
            "not simulated"; unresolved placeholders are listed by name.

            Examples:
              faultline plan scenarios/templates/lambda-add-delay.json --scenario scenarios/lambda-fis-template.yaml
              faultline plan scenarios/templates/az-power-interruption.json --synthesize --per-type 4 --seed 7
              faultline plan scenarios/templates/ec2-stop-workers.json --synthesize --param ACCOUNT_ID=123456789012
              faultline plan scenarios/templates/aurora-failover.json --synthesize --scenario-out scenarios/synth-aurora.yaml

            --scenario-out FILE (with --synthesize) also writes a runnable scenario around the
            template: the resources its targets resolve to, a little traffic through them,
            stand-in alarms for its stop conditions and an experiment replaying the template
            unchanged (its placeholders filled to name those resources); 'faultline run FILE'
            replays it. What keeps the template from replaying is printed as warnings. FILE is
            replaced only when Faultline synthesized it (docs/safety.md).

            Exit status: 0 when the plan is printed; 1 when the file holds no template, or when FIS
            would refuse the template at CreateExperimentTemplate (the plan is still printed, the
            errors go to standard error; placeholders alone do not count). Over the FIS quota of
            20 actions nothing is planned.
            """
    )

    @Argument(help: "The FIS experiment template (API input, get-experiment-template output or CloudFormation).")
    var template: String

    @Option(help: "Resolve targets against this scenario's inventory.")
    var scenario: String?

    @OptionGroup var reads: ReadOptions

    @Flag(help: "Resolve targets against an inventory generated from the template.")
    var synthesize = false

    @Option(name: .customLong("per-type"), help: "Synthesized resources per target (default 6).")
    var perType = 6

    @Option(help: "Seed for COUNT/PERCENT selection (default: the scenario's, else 1).")
    var seed: UInt64?

    @Option(name: .customLong("param"), help: "KEY=VALUE substituted for ${KEY} and <KEY> (repeatable).")
    var params: [String] = []

    @Flag(help: "Action IDs and resource types Faultline's catalog does not know are warnings, not errors (for actions newer than the catalog).")
    var allowUnknownActions = false

    @Option(
        name: .customLong("scenario-out"),
        help: "With --synthesize: also write a runnable scenario replaying the template to this file (docs/fis-templates.md).")
    var scenarioOut: String?

    func validate() throws {
        if (scenario == nil) == !synthesize { throw ValidationError("give exactly one of --scenario S or --synthesize") }
        if perType < 1 { throw ValidationError("--per-type must be at least 1") }
        if scenarioOut != nil, !synthesize { throw ValidationError("--scenario-out needs --synthesize (with --scenario the scenario exists already)") }
        for p in params where !p.contains("=") { throw ValidationError("--param '\(p)' is not KEY=VALUE") }
    }

    func run() throws {
        let text = try readText(template)
        let pairs = params.map { p in
            let i = p.firstIndex(of: "=")!
            return (key: String(p[..<i]), value: String(p[p.index(after: i)...]))
        }
        let plans: [TemplatePlan]
        do {
            if let scenario {
                // Unsupported actions never stop a plan: it lists them as not simulated.
                let spec = try loadScenario(scenario, unsupported: .skip, allowRead: reads.allowRead)
                // The scenario's own experiment on this template gives its name, start and delay.
                let base = (scenario as NSString).deletingLastPathComponent
                let want = URL(fileURLWithPath: template).standardizedFileURL.path
                let e = spec.experiments.first { e in
                    let p = e.templateFile.hasPrefix("/") || base.isEmpty ? e.templateFile : base + "/" + e.templateFile
                    return URL(fileURLWithPath: p).standardizedFileURL.path == want
                }
                // The experiment's params fill the template's placeholders; --param wins.
                let merged = (e?.params ?? []).filter { p in !pairs.contains { $0.key == p.key } } + pairs
                plans = try TemplatePlanner.plan(
                    text: text, file: template, params: merged, inventory: .scenario(spec.inventory),
                    seed: seed ?? spec.defaultSeed, experimentName: e?.name, startExperiment: e?.start ?? .zero,
                    initiationDelay: e?.initiationDelay ?? ExperimentSpec.defaultInitiationDelay,
                    allowUnknownActions: allowUnknownActions, automationDocuments: spec.automationDocuments)
            } else {
                plans = try TemplatePlanner.plan(
                    text: text, file: template, params: pairs, inventory: .synthesize(perType: perType), seed: seed ?? 1,
                    allowUnknownActions: allowUnknownActions)
            }
        } catch let error as PlanError {
            throw CLIError(error.description)
        }
        print(plans.map(\.text).joined(separator: "\n"), terminator: "")
        // FIS would refuse the template: the plan is shown, but the command fails.
        let refusals = plans.flatMap(\.refusals)
        if !refusals.isEmpty {
            FileHandleStderr.write(
                "error: FIS would refuse \(template) at CreateExperimentTemplate (\(refusals.count) error\(refusals.count == 1 ? "" : "s"); see 'faultline validate'):\n"
                    + refusals.map { "  \($0)\n" }.joined())
            if scenarioOut != nil { FileHandleStderr.write("error: no scenario written: a template FIS refuses cannot replay\n") }
            throw ExitCode(1)
        }
        if let scenarioOut { try writeScenario(text: text, params: pairs, to: scenarioOut) }
    }
}
