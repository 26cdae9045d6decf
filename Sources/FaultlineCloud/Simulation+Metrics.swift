import FaultlineMetrics

/// A metric a run writes to its timeline: the statistics alarms and hypotheses can ask of it.
public struct RecordedMetric: Sendable, Equatable {
    public var resource: String
    public var metric: String
    public var statistics: [String]
}

extension Simulation {
    /// Every metric a run of `config` writes to the timeline, with its statistics, in
    /// registration (timeline) order — without running anything: the model is built and its
    /// recorder read, so `faultline validate` can check alarms and hypotheses against it.
    public static func recordedMetrics(_ config: ModelConfig) -> [RecordedMetric] {
        let world = World(config: config, seed: 0, sink: nil)
        return world.metrics.series.compactMap { s in
            let statistics = World.alarmStatistics(s)
            return statistics.isEmpty ? nil : RecordedMetric(resource: s.resource, metric: s.metric, statistics: statistics)
        }
    }
}
