/// One timeline series: `resource`, `metric`, `statistic` as in `timeline.csv`.
public struct SeriesKey: Hashable, Sendable, Comparable {
    public var resource: String
    public var metric: String
    public var statistic: String

    public init(_ resource: String, _ metric: String, _ statistic: String) {
        self.resource = resource
        self.metric = metric
        self.statistic = statistic
    }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
        (a.resource, a.metric, a.statistic) < (b.resource, b.metric, b.statistic)
    }

    /// How values of a statistic combine over several periods.
    public enum Combine: Sendable {
        /// `Sum`, `SampleCount`: added.
        case add
        /// `Maximum`: the largest.
        case max
        /// `Minimum`: the smallest.
        case min
        /// `Average` and percentiles: a mean weighted by the period's `SampleCount` (durations)
        /// or by its length (gauges). For percentiles this is an approximation.
        case weighted
    }

    public var combine: Combine { Self.combine(statistic) }

    public static func combine(_ statistic: String) -> Combine {
        switch statistic {
        case "Sum", "SampleCount": return .add
        case "Maximum": return .max
        case "Minimum": return .min
        default: return .weighted
        }
    }
}
