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
    /// The row's series and statistic as a number, the same in every period of one recorder
    /// (``MetricsRecorder``), or -1 for rows built elsewhere. Sinks use it to reuse per-series
    /// work without comparing strings; a sink that does must be fed by one recorder (each run
    /// gets its own sinks). Not part of equality.
    public var key: Int32 = -1

    public static func == (a: TimelineRow, b: TimelineRow) -> Bool {
        a.time == b.time && a.resource == b.resource && a.metric == b.metric && a.statistic == b.statistic && a.value == b.value
    }
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

    /// Each keyed row's `resource,metric,statistic,` bytes (``TimelineRow/key``), rendered once:
    /// `prefixBytes[prefixRanges[key]]`.
    private var prefixBytes: [UInt8] = []
    private var prefixRanges: [Range<Int>] = []

    public func consume(_ rows: [TimelineRow]) {
        // Locals, not the stored properties, in the loop: every access to a class's stored
        // property is checked for exclusivity at run time.
        var chunk = [UInt8]()
        swap(&chunk, &self.chunk)
        var bytes = [UInt8]()
        swap(&bytes, &prefixBytes)
        var ranges = [Range<Int>]()
        swap(&ranges, &prefixRanges)
        defer {
            swap(&chunk, &self.chunk)
            swap(&bytes, &prefixBytes)
            swap(&ranges, &prefixRanges)
        }
        chunk.removeAll(keepingCapacity: true)
        // Render the prefixes of keys not seen before, so the loop below only copies.
        for i in rows.indices where rows[i].key >= 0 {
            let key = Int(rows[i].key)
            if key < ranges.count, !ranges[key].isEmpty { continue }
            if key >= ranges.count { ranges.append(contentsOf: repeatElement(0..<0, count: key + 1 - ranges.count)) }
            let start = bytes.count
            Self.appendPrefix(rows[i], to: &bytes)
            ranges[key] = start..<bytes.count
        }
        var lastTime: SimInstant?
        var time: [UInt8] = []
        bytes.withUnsafeBufferPointer { prefix in
            for i in rows.indices {
                if rows[i].time != lastTime {
                    time.removeAll(keepingCapacity: true)
                    NumberFormat.appendDecimal(rows[i].time.seconds, to: &time)
                    time.append(UInt8(ascii: ","))
                    lastTime = rows[i].time
                }
                chunk.append(contentsOf: time)
                if rows[i].key >= 0 {
                    chunk.append(contentsOf: UnsafeBufferPointer(rebasing: prefix[ranges[Int(rows[i].key)]]))
                } else {
                    Self.appendPrefix(rows[i], to: &chunk)
                }
                NumberFormat.appendDecimal(rows[i].value, to: &chunk)
                chunk.append(UInt8(ascii: "\n"))
            }
        }
        write(chunk)
    }

    /// `resource,metric,statistic,` (the resource quoted when it needs it).
    private static func appendPrefix(_ r: TimelineRow, to out: inout [UInt8]) {
        out.append(contentsOf: NumberFormat.csvField(r.resource).utf8)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: r.metric.utf8)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: r.statistic.utf8)
        out.append(UInt8(ascii: ","))
    }
}
