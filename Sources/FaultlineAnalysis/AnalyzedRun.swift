import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario

/// One run together with its analysis: the run, the ``SeriesStore`` that watched its timeline
/// and the ``RunAnalysis`` (phases, blast radius, hypothesis verdicts) read from both.
///
/// The one place that runs a scenario for analysis: `faultline run`, the kept runs of
/// `faultline sweep --keep-runs`, sweep replications of scenarios with `hypotheses:` and
/// `faultline capacity` with the scenario's hypotheses all go through ``run(_:options:timeline:)``,
/// so their `summary.json` and verdicts are the same bytes and the same decisions.
public struct AnalyzedRun {
    public var run: ScenarioRun
    public var store: SeriesStore
    public var analysis: RunAnalysis

    /// Runs `spec` with `options`; the timeline streams into a ``SeriesStore`` and, when given,
    /// into `timeline` too (the CLI's `timeline.csv` writer). Throws what ``ScenarioRun/run(_:options:sink:)``
    /// throws.
    public static func run(_ spec: ScenarioSpec, options: RunOptions, timeline: TimelineSink? = nil) throws -> AnalyzedRun {
        // A period the run refuses (e.g. 0s) makes ScenarioRun.run throw; the store just needs a valid one.
        let storePeriod = options.period ?? spec.model.period
        let store = SeriesStore(period: storePeriod > .zero ? storePeriod : .seconds(1), horizon: options.horizon ?? spec.model.horizon)
        let sink: TimelineSink = timeline.map { TeeTimelineSink($0, store) } ?? store
        let result = try ScenarioRun.run(spec, options: options, sink: sink)
        return AnalyzedRun(run: result, store: store, analysis: RunAnalysis.analyze(result, store: store))
    }

    /// `summary.json`: the run's summary with `phases`, `blast_radius` and `hypotheses`.
    public func summaryJSON() -> JSONValue { analysis.extend(summary: run.summaryJSON()) }

    /// `manifest.json`, listing `report.html` among the files.
    public func manifestJSON() -> JSONValue { RunAnalysis.manifest(run.manifestJSON()) }

    /// `report.html`.
    public func reportHTML() -> String { Report(run: run, analysis: analysis, store: store).html() }

    /// Every file `faultline run` writes for this run, in the order it writes them.
    public var outputFiles: [String] {
        Array(run.outputFiles.dropLast()) + RunAnalysis.reportFiles + ["manifest.json"]
    }
}
