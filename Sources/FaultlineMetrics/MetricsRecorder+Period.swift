import FaultlineKernel

extension MetricsRecorder {
    /// A counter's count so far in the current (open) period.
    public func periodTotal(_ id: CounterID) -> Int64 { counters[Int(id.index)].period }
}

extension TimelineRow {
    /// A row computed from other series at a period's close (e.g. a share of two counters).
    public static func derived(time: SimInstant, resource: String, metric: String, statistic: String, value: Double) -> TimelineRow {
        TimelineRow(time: time, resource: resource, metric: metric, statistic: statistic, value: value)
    }
}
