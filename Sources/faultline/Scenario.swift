import ArgumentParser
import FaultlineFIS
import Foundation

/// `faultline scenario list|export`: the FIS console's scenario library as template generators.
struct Scenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List or export the FIS scenario library's experiment templates.",
        discussion: """
            The four scenarios of the FIS console's library that Faultline generates, as the
            console's "Create template with scenario" would write them: tag-targeted actions with
            AZ filters and target parameters, no stop condition, emptyTargetResolutionMode skip.

            Examples:
              faultline scenario list
              faultline scenario export az-power-interruption --param az=us-west-2b --param region=us-west-2
              faultline scenario export cross-region-connectivity --param destination-region=eu-west-1 --out xr.json
            """,
        subcommands: [List.self, Export.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the library scenarios, their parameters and the shipped scenario that runs each.")

        /// The shipped example scenario that replays each library scenario's export, and the
        /// `--param`s its template was exported with (LibraryScenarioTests keeps them equal).
        static let examples: [String: (scenario: String, params: String)] = [
            "az-power-interruption": ("az-power-interruption.yaml", " --param outage=PT10M --param recovery=PT10M --param network=PT2M"),
            "az-application-slowdown": ("az-application-slowdown.yaml", ""),
            "cross-az-traffic-slowdown": ("cross-az-traffic-slowdown.yaml", ""),
            "cross-region-connectivity": ("cross-region-connectivity.yaml", " --param duration=PT15M")
        ]

        func run() throws {
            var lines: [String] = []
            for s in ScenarioLibrary.all {
                lines.append("\(s.name)  —  \(s.title)")
                lines.append("  \(s.summary)")
                if let example = Self.examples[s.name] {
                    let template = "scenarios/templates/" + example.scenario.replacingOccurrences(of: ".yaml", with: ".json")
                    lines.append(
                        "  example: faultline run scenarios/\(example.scenario)  (its \(template) is: faultline scenario export \(s.name)\(example.params))")
                }
                for p in s.parameters {
                    lines.append("    --param \(p.key)=\(p.defaultValue.isEmpty ? "<derived>" : p.defaultValue)  \(p.help)")
                }
            }
            print(lines.joined(separator: "\n"))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print (or write) one library scenario's experiment template as JSON.")

        @Argument(help: "The scenario name (see `faultline scenario list`).")
        var name: String

        @Option(name: .customLong("param"), help: "KEY=VALUE for a shared parameter (repeatable).")
        var params: [String] = []

        @Option(help: "Write the template to this new file instead of standard output (an existing file is not overwritten without --force).")
        var out: String?

        @Flag(help: "Overwrite the --out file if it exists.")
        var force = false

        func validate() throws {
            for p in params where !p.contains("=") { throw ValidationError("--param '\(p)' is not KEY=VALUE") }
        }

        func run() throws {
            let pairs = params.map { p in
                let i = p.firstIndex(of: "=")!
                return (key: String(p[..<i]), value: String(p[p.index(after: i)...]))
            }
            let text: String
            do {
                text = try ScenarioLibrary.scenario(named: name).export(pairs)
            } catch {
                throw CLIError(error.description)
            }
            if let out {
                // Faultline cannot tell its own export from the user's file: it never overwrites one unasked.
                var st = stat()
                if lstat(out, &st) == 0 {
                    let isFile = st.st_mode & S_IFMT == S_IFREG
                    guard isFile, force else {
                        throw OutputError(
                            path: out, problem: isFile ? "the file exists" : "exists and is not a regular file",
                            fix: isFile ? "give --out a new file name, or pass --force to overwrite it" : "give --out a new file name")
                    }
                }
                try AtomicFile.write(text, to: URL(fileURLWithPath: out))
            } else {
                print(text, terminator: "")
            }
        }
    }
}
