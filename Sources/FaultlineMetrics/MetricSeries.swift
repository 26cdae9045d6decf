import FaultlineKernel

/// What a series measures, which decides the statistics it reports per period.
///
/// Mirrors CloudWatch: counts report `Sum`; levels (queue depth, concurrency) report
/// `Maximum` and `Average` over time; distributions (durations) report `SampleCount`,
/// `Average`, `p50`, `p90`, `p99` and `Maximum`.
public enum MetricKind: String, Sendable {
    case counter
    case gauge
    case distribution
}

/// A registered series: a resource, a CloudWatch-style metric name and a unit.
public struct MetricSeries: Sendable, Hashable {
    public var resource: String
    public var metric: String
    public var kind: MetricKind
    /// Unit of reported values: `Count`, `Milliseconds`, `None`.
    public var unit: String
    /// Whether the series is written to the timeline. A model may keep a series it needs for
    /// its summaries but that has no CloudWatch counterpart for the resource (e.g. `QueueDepth`
    /// of a Lambda function) out of the timeline.
    public var emitted: Bool = true
    /// A counter kept out of the timeline but handed, per period, to an
    /// ``AnalysisTimelineSink`` (e.g. responses per entry AZ for the blast radius).
    public var analysis: Bool = false
    /// A gauge's reported values are its integer level times this (e.g. a CPU level kept in
    /// parts per million of capacity, reported in percent: 1e-4).
    public var scale: Double = 1
}

/// Typed handles into the recorder, held by models (house rule 4).
public struct CounterID: Hashable, Sendable { public let index: Int32 }
public struct GaugeID: Hashable, Sendable { public let index: Int32 }
public struct DistributionID: Hashable, Sendable { public let index: Int32 }

/// One row of the long-format timeline: `t_s,resource,metric,statistic,value`.
public struct TimelineRow: Sendable, Equatable {
    /// Start of the period.
    public var time: SimInstant
    public var resource: String
    public var metric: String
    public var statistic: String
    public var value: Double
}

/// Receives the timeline one period at a time, so memory does not grow with simulated time.
public protocol TimelineSink: AnyObject {
    func consume(_ rows: [TimelineRow])
}

/// A sink that also wants the analysis-only counters (``MetricSeries/analysis``), which are not
/// part of the timeline; they come after the period's timeline rows, in registration order.
public protocol AnalysisTimelineSink: TimelineSink {
    func consumeAnalysis(_ rows: [TimelineRow])
}

/// Keeps every row in memory (tests, small runs).
public final class InMemoryTimeline: TimelineSink {
    public private(set) var rows: [TimelineRow] = []
    public init() {}
    public func consume(_ rows: [TimelineRow]) { self.rows.append(contentsOf: rows) }
}

/// Renders rows as CSV text and hands each period's chunk to `write` (a file in the CLI).
public final class CSVTimelineWriter: TimelineSink {
    public static let header = "t_s,resource,metric,statistic,value\n"
    private let write: ([UInt8]) -> Void
    /// The period's rows as UTF-8, built with byte appends (String appends and interpolation were
    /// about 7 % of an M/M/c run's instructions) and handed to `write` as one chunk.
    private var chunk: [UInt8] = []

    /// Hands each period's UTF-8 bytes to `writeBytes` (the CLI's file: no String in between).
    public init(writeBytes: @escaping ([UInt8]) -> Void) {
        self.write = writeBytes
        writeBytes(Array(Self.header.utf8))
    }

    /// Hands each period's text to `write` as one String.
    public convenience init(write: @escaping (String) -> Void) {
        self.init(writeBytes: { write(String(decoding: $0, as: UTF8.self)) })
    }

    /// Per row position, the row's series and its `resource,metric,statistic,` bytes. A period's
    /// rows come in the previous period's order (the recorder's registration order), so a row
    /// reuses its position's bytes after three string comparisons.
    private var prefixes: [(resource: String, metric: String, statistic: String, bytes: [UInt8])] = []

    public func consume(_ rows: [TimelineRow]) {
        // Locals, not the stored properties, in the loop: every access to a class's stored
        // property is checked for exclusivity at run time.
        var chunk = [UInt8]()
        swap(&chunk, &self.chunk)
        var prefixes: [(resource: String, metric: String, statistic: String, bytes: [UInt8])] = []
        swap(&prefixes, &self.prefixes)
        defer {
            swap(&chunk, &self.chunk)
            swap(&prefixes, &self.prefixes)
        }
        chunk.removeAll(keepingCapacity: true)
        var lastTime: SimInstant?
        var time: [UInt8] = []
        for i in rows.indices {
            if rows[i].time != lastTime {
                time.removeAll(keepingCapacity: true)
                NumberFormat.appendDecimal(rows[i].time.seconds, to: &time)
                time.append(UInt8(ascii: ","))
                lastTime = rows[i].time
            }
            chunk.append(contentsOf: time)
            if i >= prefixes.count || prefixes[i].resource != rows[i].resource || prefixes[i].metric != rows[i].metric
                || prefixes[i].statistic != rows[i].statistic
            {
                let r = rows[i]
                var bytes = Array(NumberFormat.csvField(r.resource).utf8)
                bytes.append(UInt8(ascii: ","))
                bytes.append(contentsOf: r.metric.utf8)
                bytes.append(UInt8(ascii: ","))
                bytes.append(contentsOf: r.statistic.utf8)
                bytes.append(UInt8(ascii: ","))
                let entry = (r.resource, r.metric, r.statistic, bytes)
                if i < prefixes.count { prefixes[i] = entry } else { prefixes.append(entry) }
            }
            chunk.append(contentsOf: prefixes[i].bytes)
            NumberFormat.appendDecimal(rows[i].value, to: &chunk)
            chunk.append(UInt8(ascii: "\n"))
        }
        write(chunk)
    }
}
