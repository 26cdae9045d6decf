import FaultlineAnalysis
import FaultlineScenario
import Foundation

/// Runs a served experiment's scenario. The command's runner writes the run folder
/// (`<out-dir>/experiments/<id>/`) through the same writer as `faultline run`; the core's
/// ``InMemoryRunner`` writes nothing (tests).
public protocol ExperimentRunner: Sendable {
    /// Runs `spec`; returns the analysed run and where its report.html is, if it wrote one.
    func run(_ spec: ScenarioSpec, options: RunOptions, experimentID: String) throws -> (analyzed: AnalyzedRun, report: String?)
}

public struct InMemoryRunner: ExperimentRunner {
    public init() {}
    public func run(_ spec: ScenarioSpec, options: RunOptions, experimentID: String) throws -> (analyzed: AnalyzedRun, report: String?) {
        (try AnalyzedRun.run(spec, options: options), nil)
    }
}

/// Where the service's files go; the command implements it over `--state-dir` and `--out-dir`
/// (the core touches no file system).
public protocol ServeStorage: Sendable {
    /// The persisted state, if any (nil: start empty).
    func loadState() throws -> [UInt8]?
    /// Replaces the persisted state (atomically).
    func saveState(_ bytes: [UInt8]) throws
    /// Writes an experiment log file; `path` components are already safe names.
    func writeLog(_ path: [String], _ text: String) throws
    /// A run output of an experiment (`report.html`, `summary.json`, `timeline.csv`), if written.
    func readOutput(experimentID: String, file: String) -> [UInt8]?
}

/// Keeps everything in memory (no `--state-dir`; tests read the logs back).
public final class InMemoryStorage: ServeStorage, @unchecked Sendable {
    private let lock = NSLock()
    private var state: [UInt8]?
    private var logs: [String: String] = [:]
    public init() {}
    public func loadState() throws -> [UInt8]? { lock.withLock { state } }
    public func saveState(_ bytes: [UInt8]) throws { lock.withLock { state = bytes } }
    public func writeLog(_ path: [String], _ text: String) throws { lock.withLock { logs[path.joined(separator: "/")] = text } }
    public func readOutput(experimentID: String, file: String) -> [UInt8]? { nil }
    public var logFiles: [String: String] { lock.withLock { logs } }
    public var savedState: [UInt8]? { lock.withLock { state } }
}

/// The server's settings (`faultline serve` flags).
public struct ServeConfiguration: Sendable {
    public var account = "123456789012"
    /// The Region of ARNs when a request is unsigned.
    public var region = "us-east-1"
    /// The master seed of every run and of the ID stream (default: the scenario's `seed:`).
    public var seed: UInt64
    public var pace: Pace = .instant
    /// FIS quota "active experiments" (per account and Region).
    public var maxActiveExperiments = 5
    /// FIS quota "experiment templates" (per account and Region).
    public var maxTemplates = 500
    /// Largest request body accepted.
    public var maxBodyBytes = 1 << 20

    public init(seed: UInt64) { self.seed = seed }
}
