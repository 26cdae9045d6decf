/// One or more consecutive metric periods of one series, combined.
public struct SeriesBucket: Sendable, Equatable {
    /// Sum of values (`add`) or of value x weight (`weighted`).
    public var sum: Double = 0
    /// Total weight (`weighted`): samples, or seconds for gauges.
    public var weight: Double = 0
    public var maximum: Double = -.infinity
    public var minimum: Double = .infinity
    /// Periods with a value (0: no data, as CloudWatch omits missing datapoints).
    public var periods: Int32 = 0

    public init() {}

    public var isEmpty: Bool { periods == 0 }

    mutating func add(_ value: Double, weight w: Double) {
        sum += value * w
        weight += w
        if value > maximum { maximum = value }
        if value < minimum { minimum = value }
        periods += 1
    }

    mutating func merge(_ o: SeriesBucket) {
        sum += o.sum
        weight += o.weight
        if o.maximum > maximum { maximum = o.maximum }
        if o.minimum < minimum { minimum = o.minimum }
        periods += o.periods
    }

    /// The combined value over the bucket (`add`: the total).
    public func value(_ c: SeriesKey.Combine) -> Double? {
        guard periods > 0 else { return nil }
        switch c {
        case .add: return sum
        case .max: return maximum
        case .min: return minimum
        case .weighted: return weight > 0 ? sum / weight : nil
        }
    }

    /// The value per metric period (`add`: the mean per period, so downsampled charts keep
    /// their scale).
    public func perPeriod(_ c: SeriesKey.Combine) -> Double? {
        guard let v = value(c) else { return nil }
        return c == .add ? v / Double(periods) : v
    }
}
