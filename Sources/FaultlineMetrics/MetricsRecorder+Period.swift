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

/// Writes a period's rows over the previous period's (``MetricsRecorder/closePeriod(at:sink:)``):
/// a row with the same key at the same place keeps its strings.
struct RowWriter {
    private var rows: [TimelineRow]
    private var count = 0
    private let time: SimInstant

    init(rows: [TimelineRow], time: SimInstant) {
        self.rows = rows
        self.time = time
    }

    /// Row `place` of series `s`, whose first key is `base` (-1: the row goes unkeyed).
    mutating func emit(_ s: MetricSeries, _ base: Int32, _ place: Int32, _ statistic: String, _ value: Double) {
        let key = base < 0 ? -1 : base + place
        if key >= 0, count < rows.count, rows[count].key == key {
            rows[count].time = time
            rows[count].value = value
        } else {
            var row = TimelineRow(time: time, resource: s.resource, metric: s.metric, statistic: statistic, value: value)
            row.key = key
            if count < rows.count { rows[count] = row } else { rows.append(row) }
        }
        count += 1
    }

    /// The period's rows (any left from a longer previous period dropped).
    mutating func finish() -> [TimelineRow] {
        if count < rows.count { rows.removeLast(rows.count - count) }
        return rows
    }
}
