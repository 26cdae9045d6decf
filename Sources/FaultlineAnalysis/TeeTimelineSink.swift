import FaultlineMetrics

/// Hands every period's rows to two sinks (the CLI: the CSV file and a ``SeriesStore``).
public final class TeeTimelineSink: AnalysisTimelineSink {
    private let first: TimelineSink
    private let second: TimelineSink

    public init(_ first: TimelineSink, _ second: TimelineSink) {
        self.first = first
        self.second = second
    }

    public func consume(_ rows: [TimelineRow]) {
        first.consume(rows)
        second.consume(rows)
    }

    public func consumeAnalysis(_ rows: [TimelineRow]) {
        (first as? AnalysisTimelineSink)?.consumeAnalysis(rows)
        (second as? AnalysisTimelineSink)?.consumeAnalysis(rows)
    }
}
