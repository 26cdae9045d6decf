import FaultlineAnalysis
import FaultlineMetrics
import FaultlineScenario
import FaultlineSweep

/// One run's output folder, written the same way by every command that keeps runs:
/// `faultline run` and `faultline sweep --keep-runs` both call ``write(_:options:to:)``, so a kept
/// run is byte-identical to `faultline run` of the same point, seed and replication
/// (`timeline.csv`, `summary.json` with `phases`/`blast_radius`/`hypotheses`, `faults.json`,
/// `experiment.json`, `alarms.json`, `report.html`, `manifest.json`).
enum RunOutputs {
    /// Runs `spec` with `options` and writes its files into `dir` atomically: a failed run
    /// leaves nothing behind (and an existing `dir` untouched). Returns the analysed run.
    /// `dir` must be new, empty or a Faultline run folder unless `force` (``OutputFolder``).
    static func write(_ spec: ScenarioSpec, options: RunOptions, to dir: String, force: Bool = false) throws -> AnalyzedRun {
        let writer = try AtomicDirectory(finalPath: dir, force: force)
        do {
            let timeline = try writer.streamingFile("timeline.csv")
            let analyzed = try AnalyzedRun.run(spec, options: options, timeline: CSVTimelineWriter(writeBytes: timeline.write(bytes:)))
            try timeline.close()
            let result = analyzed.run
            try writer.write("summary.json", analyzed.summaryJSON().rendered())
            if result.writesFaultsFile { try writer.write("faults.json", result.faultsJSON().rendered()) }
            if !result.experiments.isEmpty { try writer.write("experiment.json", result.experimentJSON().rendered()) }
            if !result.spec.model.alarms.isEmpty { try writer.write("alarms.json", result.alarmsJSON().rendered()) }
            try writer.write("report.html", analyzed.reportHTML())
            try writer.write("manifest.json", analyzed.manifestJSON().rendered())
            try writer.commit()
            return analyzed
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// A sweep's kept run (`--keep-runs`): ``write(_:options:to:)`` for one replication of a
    /// point, with a failure named by the point and replication. Its metrics are those of the
    /// same replication without `--keep-runs` (the analysis is the same; ``SweepRunner/measure(_:options:)``).
    static func keep(_ point: PreparedPoint, options: RunOptions, to dir: String, force: Bool = false) throws -> RunMetrics {
        let analyzed: AnalyzedRun
        do {
            analyzed = try write(point.spec, options: options, to: dir, force: force)
        } catch let e as OutputError {
            throw e
        } catch let e as SweepError {
            throw e
        } catch {
            throw SweepError.run(point: point.label, replication: options.replication, message: "\(error)")
        }
        return RunMetrics(analyzed, replication: options.replication)
    }
}
