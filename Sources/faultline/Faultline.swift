import ArgumentParser
import FaultlineDocument

/// The `faultline` command: the only code that touches the file system (docs/architecture.md).
@main
struct Faultline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faultline",
        abstract: "A deterministic discrete-event resilience simulator for AWS Fault Injection Service experiments.",
        discussion: """
            Same scenario + seed + version => byte-identical outputs.

            Examples:
              faultline run scenarios/multi-az-web.yaml
              faultline run scenarios/mmc-erlang-c.yaml --seed 7 --out out/mmc --horizon 2h
              faultline validate scenarios/*.yaml
              faultline plan scenarios/templates/ec2-stop-workers.json --synthesize
              faultline run scenarios/mmc-erlang-c.yaml --seed 8 --out out/mmc-8 --horizon 2h
              faultline compare out/mmc out/mmc-8
              faultline scenario export az-power-interruption --param az=us-east-1b
              faultline serve --scenario scenarios/lambda-fis-stop-condition.yaml --port 4599
              faultline import examples/import/orders/template.yaml --out out/orders.yaml
              faultline tune-poll scenarios/poll-interval-sweep.yaml --onset-p90 30s
            """,
        version: "faultline 0.1.0",
        subcommands: [
            Run.self, Validate.self, Plan.self, Compare.self, Scenario.self, Sweep.self, Merge.self, Capacity.self, TunePoll.self, Import.self, Serve.self
        ]
    )

    /// Runs the command; every error message goes through ``SafeText/message(_:)`` (control
    /// characters escaped, huge values cut), whichever module built it.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: SafeText.sanitized(error))
        }
    }
}
