import FaultlineAnalysis
import FaultlineScenario
import FaultlineServe
import Foundation

/// `faultline serve`'s files: `state.json` under `--state-dir` (written atomically: a temporary
/// file renamed over the old one), experiment logs and run outputs under `--out-dir`. Nothing
/// is written outside those two folders, and nothing the server did not write is deleted.
struct ServeFiles: ServeStorage {
    var stateDir: String?
    var outDir: String?

    static let stateFile = "state.json"

    func loadState() throws -> [UInt8]? {
        guard let stateDir else { return nil }
        let path = (stateDir as NSString).appendingPathComponent(Self.stateFile)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read the file") }
        return Array(data)
    }

    func saveState(_ bytes: [UInt8]) throws {
        guard let stateDir else { return }
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: stateDir).appendingPathComponent(Self.stateFile), options: .atomic)
    }

    func writeLog(_ path: [String], _ text: String) throws {
        guard let outDir, !path.isEmpty, path.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("/") }) else { return }
        var url = URL(fileURLWithPath: outDir)
        for p in path { url.appendPathComponent(p) }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }

    func runDirectory(_ id: String) -> String? {
        guard let outDir, !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return "\(outDir)/experiments/\(id)"
    }

    func readOutput(experimentID: String, file: String) -> [UInt8]? {
        guard let dir = runDirectory(experimentID), ["report.html", "summary.json", "timeline.csv"].contains(file) else { return nil }
        return FileManager.default.contents(atPath: "\(dir)/\(file)").map(Array.init)
    }
}

/// Runs a served experiment and writes its run folder `<out-dir>/experiments/<id>/` with the
/// same writer as `faultline run` (``RunOutputs``), so its files are those of `faultline run`.
struct ServeRunner: ExperimentRunner {
    var files: ServeFiles

    func run(_ spec: ScenarioSpec, options: RunOptions, experimentID: String) throws -> (analyzed: AnalyzedRun, report: String?) {
        guard let dir = files.runDirectory(experimentID) else { return (try AnalyzedRun.run(spec, options: options), nil) }
        let analyzed = try RunOutputs.write(spec, options: options, to: dir)
        return (analyzed, URL(fileURLWithPath: dir).standardizedFileURL.appendingPathComponent("report.html").absoluteString)
    }
}
