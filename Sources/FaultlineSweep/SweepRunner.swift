import FaultlineAnalysis
import FaultlineDocument
import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom
import FaultlineScenario

/// A sweep point ready to run: its scenario with the overrides applied and validated.
public struct PreparedPoint: Sendable {
    public var index: Int
    public var overrides: [ScenarioOverride]
    public var spec: ScenarioSpec
    public var label: String { overrides.map(\.text).joined(separator: ", ") }
}

/// Builds each point's scenario from the parsed document and runs replications of it.
public enum SweepRunner {
    /// Applies each point's overrides to `root` and validates the result. Every point is
    /// checked before any run starts; all problems are thrown together (the first point's
    /// diagnostics in full, then one line per other failing point).
    public static func prepare(
        _ definition: SweepDefinition, points: [Int], root: DocumentNode, file: String,
        loadFile: (String) throws -> String
    ) throws(SweepError) -> [PreparedPoint] {
        var out: [PreparedPoint] = []
        var failures: [SweepError] = []
        for i in points {
            let overrides = definition.overrides(ofPoint: i)
            do {
                out.append(try prepare(overrides, index: i, root: root, file: file, scenarioHash: definition.scenarioHash, loadFile: loadFile))
            } catch {
                if !failures.contains(error) { failures.append(error) }
            }
        }
        if let first = failures.first {
            guard failures.count > 1 else { throw first }
            throw .argument(failures.map(\.description).joined(separator: "\n"), fix: "see each point's problem above")
        }
        return out
    }

    /// One scenario with `overrides` applied. The manifest's scenario hash covers the overrides
    /// (with none it is `scenarioHash` itself, the file's as `faultline run` records it).
    /// `unsupported` is `faultline run --unsupported`.
    public static func prepare(
        _ overrides: [ScenarioOverride], index: Int = 0, root: DocumentNode, file: String, scenarioHash: UInt64,
        unsupported: UnsupportedActions? = nil, loadFile: (String) throws -> String
    ) throws(SweepError) -> PreparedPoint {
        let edited = try ScenarioOverride.apply(overrides, to: root)
        var hash = scenarioHash
        for o in overrides { hash = StreamSeed.splitMix64(hash ^ StreamSeed.fnv1a64(o.text)) }
        do {
            let spec = try ScenarioSpec.load(root: edited, file: file, sourceHash: hash, unsupported: unsupported, loadFile: loadFile)
            return PreparedPoint(index: index, overrides: overrides, spec: spec)
        } catch {
            throw .invalidPoint(point: overrides.map(\.text).joined(separator: ", "), error)
        }
    }

    /// Run options for replication `r`: the definition's seed if given, else the point's.
    public static func options(_ definition: SweepDefinition, replication r: Int) throws(SweepError) -> RunOptions {
        func duration(_ text: String?, _ name: String) throws(SweepError) -> SimDuration? {
            guard let text else { return nil }
            do { return try SimDuration.parse(text) } catch {
                throw .argument("--\(name) '\(text)': \(error)", fix: "give a duration such as 10m or PT30M")
            }
        }
        return RunOptions(
            seed: definition.seed, horizon: try duration(definition.horizon, "horizon"),
            period: try duration(definition.period, "period"), replication: UInt32(r))
    }

    /// Runs replication `options.replication` of `point`. Replication r draws every component's
    /// stream from `StreamSeed.derive(master:component:replication: r)`; replication 0 is the
    /// same run as `faultline run` with the same seed.
    public static func run(_ point: PreparedPoint, options: RunOptions, sink: TimelineSink? = nil) throws(SweepError) -> ScenarioRun {
        do {
            return try ScenarioRun.run(point.spec, options: options, sink: sink)
        } catch {
            throw .run(point: point.label, replication: options.replication, message: "\(error)")
        }
    }

    /// Runs replication `options.replication` of `point` with its analysis
    /// (``AnalyzedRun/run(_:options:timeline:)``, as `faultline run` does): phases, blast radius
    /// and the verdicts of the scenario's `hypotheses:`.
    public static func analyze(_ point: PreparedPoint, options: RunOptions, timeline: TimelineSink? = nil) throws(SweepError) -> AnalyzedRun {
        do {
            return try AnalyzedRun.run(point.spec, options: options, timeline: timeline)
        } catch {
            throw .run(point: point.label, replication: options.replication, message: "\(error)")
        }
    }

    /// The reported metrics of one replication of `point`. A scenario with `hypotheses:` is
    /// analysed (its verdicts are metrics, ``SummaryMetrics/hypotheses(_:)``); one without runs
    /// without a ``SeriesStore`` (the analysis adds nothing to the metrics there).
    public static func measure(_ point: PreparedPoint, options: RunOptions) throws(SweepError) -> RunMetrics {
        if point.spec.hypotheses.isEmpty {
            return RunMetrics(try run(point, options: options), replication: options.replication)
        }
        return RunMetrics(try analyze(point, options: options), replication: options.replication)
    }
}
