import ArgumentParser
import FaultlineAnalysis
import Foundation

/// `faultline compare RUN_A RUN_B`: what changed between two runs' summaries.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show per-phase metric, request and hypothesis differences between two runs.",
        discussion: """
            RUN_A and RUN_B are output folders of 'faultline run' (or their summary.json files).
            Prints the hypotheses' verdicts side by side, request outcomes per phase, and every
            per-phase metric value, time to impact and time to recover that differs.

            Examples:
              faultline run scenarios/product-api.yaml --out out/buffered
              faultline run scenarios/product-api-unbuffered.yaml --out out/unbuffered
              faultline compare out/buffered out/unbuffered
              faultline compare out/buffered out/unbuffered --json > diff.json
            """
    )

    @Argument(help: "The first run's output folder (A).")
    var runA: String

    @Argument(help: "The second run's output folder (B).")
    var runB: String

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @Flag(help: "List every metric value, not only those that differ.")
    var all = false

    func run() throws {
        func summary(_ path: String) throws -> (String, String) {
            var isDir: ObjCBool = false
            let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
                ? (path as NSString).appendingPathComponent("summary.json") : path
            return (try readText(file), file)
        }
        let (a, fa) = try summary(runA), (b, fb) = try summary(runB)
        let c = try RunComparison.compare(summaryA: a, fileA: fa, summaryB: b, fileB: fb)
        print(json ? c.json().rendered() : c.text(all: all), terminator: json ? "" : "\n")
    }
}
