import ArgumentParser
import FaultlineDocument
import FaultlineScenario

/// `faultline validate FILE...`: check scenario files and report every problem at once.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files and report every problem with file, key path, line and fix.",
        discussion: """
            Exits 0 when every file is valid, 1 otherwise.

            Examples:
              faultline validate scenarios/*.yaml
            """
    )

    @Argument(help: "Scenario files (YAML or JSON).")
    var files: [String]

    func run() throws {
        var failed = 0
        for file in files {
            do {
                let spec = try loadScenario(file)
                print("\(file): ok (scenario '\(spec.name)', \(spec.model.services.count) services, \(spec.model.workloads.count) workloads)")
            } catch let error as DocumentError {
                failed += 1
                print("\(file): \(error.diagnostics.count == 1 ? "1 error" : "\(error.diagnostics.count) errors")")
                for d in error.diagnostics { print("  \(d)") }
            } catch {
                failed += 1
                print("\(file): \(error)")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
