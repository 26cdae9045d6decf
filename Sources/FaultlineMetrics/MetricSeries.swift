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
    private let write: (String) -> Void
    /// The period's rows as UTF-8, built with byte appends (String appends and interpolation were
    /// about 7 % of an M/M/c run's instructions) and handed to `write` as one String.
    private var chunk: [UInt8] = []

    public init(write: @escaping (String) -> Void) {
        self.write = write
        write(Self.header)
    }

    /// Quoted resource names, computed once per name.
    private var fields: [String: [UInt8]] = [:]

    public func consume(_ rows: [TimelineRow]) {
        chunk.removeAll(keepingCapacity: true)
        var lastTime: SimInstant?
        var time: [UInt8] = []
        var lastResource = ""
        var resource: [UInt8] = []
        for r in rows {
            if r.time != lastTime {
                time.removeAll(keepingCapacity: true)
                NumberFormat.appendDecimal(r.time.seconds, to: &time)
                lastTime = r.time
            }
            chunk.append(contentsOf: time)
            chunk.append(UInt8(ascii: ","))
            if r.resource != lastResource {
                if let f = fields[r.resource] {
                    resource = f
                } else {
                    resource = Array(NumberFormat.csvField(r.resource).utf8)
                    fields[r.resource] = resource
                }
                lastResource = r.resource
            }
            chunk.append(contentsOf: resource)
            chunk.append(UInt8(ascii: ","))
            chunk.append(contentsOf: r.metric.utf8)
            chunk.append(UInt8(ascii: ","))
            chunk.append(contentsOf: r.statistic.utf8)
            chunk.append(UInt8(ascii: ","))
            NumberFormat.appendDecimal(r.value, to: &chunk)
            chunk.append(UInt8(ascii: "\n"))
        }
        write(String(decoding: chunk, as: UTF8.self))
    }
}
