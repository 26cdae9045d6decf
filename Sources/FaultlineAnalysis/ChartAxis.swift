import FaultlineMetrics

/// A linear chart axis with "nice" ticks (1, 2, 2.5 or 5 × 10ⁿ apart, as plotting libraries
/// choose them) covering `[lo, hi]`, and the labels of its ticks in a ``ChartUnit``.
struct ChartAxis: Equatable {
    var lo: Double
    var hi: Double
    var step: Double
    var ticks: [Double]

    /// An axis from `min(lo, 0)`-style data bounds to at most about `target` intervals.
    /// `minStep`: the smallest interval between ticks (1 for counts: no "0.25 requests").
    static func nice(lo: Double, hi: Double, target: Int = 5, minStep: Double = 0) -> ChartAxis {
        var lo = lo, hi = hi
        if !(lo.isFinite && hi.isFinite) {
            lo = 0
            hi = 1
        }
        if hi < lo { swap(&lo, &hi) }
        if hi == lo { hi = lo == 0 ? 1 : lo + abs(lo) * 0.1 }
        let raw = (hi - lo) / Double(max(1, target))
        let step = max(niceStep(raw), minStep)
        let first = (lo / step).rounded(.down) * step, last = (hi / step).rounded(.up) * step
        var ticks: [Double] = []
        var i = 0
        while true {
            let t = first + Double(i) * step
            if t > last + step * 1e-9 || i > 1000 { break }
            // Snap values such as 0.30000000000000004 to the tick they name.
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            i += 1
        }
        return ChartAxis(lo: first, hi: max(last, first + step), step: step, ticks: ticks)
    }

    /// The smallest of 1, 2, 2.5, 5 and 10 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var p = 1.0
        while p > raw { p /= 10 }
        while p * 10 <= raw { p *= 10 }
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * p >= raw * (1 - 1e-12) { return m * p }
        return 10 * p
    }

    /// Decimal places that tell ticks `step` apart.
    static func places(_ step: Double) -> Int {
        var places = 0
        var s = step
        while places < 6 && abs(s - s.rounded()) > 1e-9 * max(1, abs(s)) {
            s *= 10
            places += 1
        }
        return places
    }
}

/// What a chart's values measure, for its tick labels and legend.
enum ChartUnit: Equatable {
    /// A counter per metric period (of `periodSeconds`).
    case countPerPeriod(periodSeconds: Double)
    /// A level (queue depth, concurrency, healthy hosts).
    case count
    /// Durations recorded in milliseconds.
    case milliseconds
    /// Durations recorded in seconds (`TargetResponseTime`, `ApproximateAgeOfOldestMessage`).
    case seconds
    /// A ratio shown as a percentage.
    case percent

    /// Metrics the recorder reports in seconds, as CloudWatch does; other distributions are in ms.
    static let secondsMetrics: Set<String> = ["TargetResponseTime", "ApproximateAgeOfOldestMessage", "ReadLatency", "WriteLatency"]

    /// The unit of a series given its metric and the statistic charted.
    static func of(metric: String, statistic: String, isDistribution: Bool, periodSeconds: Double) -> ChartUnit {
        if statistic == "ratio" { return .percent }
        if statistic == "Sum" || statistic == "SampleCount" { return .countPerPeriod(periodSeconds: periodSeconds) }
        if isDistribution { return secondsMetrics.contains(metric) ? .seconds : .milliseconds }
        return .count
    }

    /// Whether values are whole counts.
    var isCount: Bool {
        switch self {
        case .count, .countPerPeriod: return true
        case .milliseconds, .seconds, .percent: return false
        }
    }

    /// The unit in which ticks are labelled for data up to `hi` (ms become s at 2,000 ms),
    /// with the factor that converts data to it.
    func display(hi: Double) -> (unit: String, factor: Double) {
        switch self {
        case .milliseconds: return abs(hi) >= 2000 ? ("s", 1e-3) : ("ms", 1)
        case .seconds: return abs(hi) < 1 && hi != 0 ? ("ms", 1e3) : ("s", 1)
        case .percent: return ("%", 100)
        case .count, .countPerPeriod: return ("", 1)
        }
    }

    /// The caption naming the unit: "ms", "per 60 s period", "%".
    func caption(hi: Double) -> String {
        switch self {
        case .countPerPeriod(let p): return "count per \(NumberFormat.decimal(p, places: 3)) s period"
        case .count: return "count"
        case .milliseconds, .seconds, .percent: return display(hi: hi).unit
        }
    }

    /// A tick label: grouped digits, `k`/`M` above 10,000 for counts, and the unit for durations
    /// and percentages ("250 ms", "1.5 s", "20 %", "12k").
    static func label(_ v: Double, step: Double, unit: String) -> String {
        var value = v, step = step, suffix = ""
        if unit.isEmpty {
            let big = max(abs(v), step)
            if big >= 1e7 {
                value /= 1e6
                step /= 1e6
                suffix = "M"
            } else if big >= 1e4 {
                value /= 1e3
                step /= 1e3
                suffix = "k"
            }
        }
        let text = grouped(value, places: ChartAxis.places(step)) + suffix
        return unit.isEmpty ? text : text + " " + unit
    }

    /// `1234567.5` as `1,234,567.5` with `places` decimals (fixed, so ticks line up).
    static func grouped(_ v: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        let negative = v < 0 && scaled != 0
        let whole = Int64((scaled / scale).rounded(.down))
        var frac = Int64(scaled - Double(whole) * scale)
        var digits = String(whole)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        if places > 0 {
            frac = max(0, frac)
            digits = String(frac)
            out += "." + String(repeating: "0", count: max(0, places - digits.count)) + digits
        }
        return (negative ? "-" : "") + out
    }
}
