/// One key metric of one resource over the phases, with time to impact and time to recover.
///
/// The rule (docs/architecture.md, "Reading one run"): the **baseline** is the mean of the
/// metric's per-period values in the pre-experiment phase and σ their standard deviation; the
/// **tolerance** (the half-width of the baseline's noise band) is `max(10 % of |baseline|, 3σ,
/// the largest distance of a pre-experiment value from the baseline)`, so no value the metric
/// took in steady state leaves the band. A period **deviates** when its value differs from the
/// baseline by more than the tolerance (any change when both are 0). A metric is **impacted**
/// when a deviating period overlaps an experiment window, or when two consecutive periods
/// after the start deviate (a delayed effect); a single stray period outside the windows is
/// noise. **Time to impact**: from the experiment's start to the start of the first period of
/// that impact (0 when it began earlier). **Time to recover** (only when impacted): from the
/// end of the experiment window (when the effects of its faults ended, ``PhaseWindow``) to the
/// start of the first period at or after both the
/// experiment's end and the impact that begins `recoveryPeriods` (3) consecutive periods within
/// tolerance (or that runs within tolerance to the end of the run); 0 when the metric is back
/// within tolerance when the experiment ends; nil (not recovered) when no such period exists.
/// Times have the resolution of one metric period (of one bucket in downsampled runs).
public struct MetricPhases: Sendable, Equatable {
    public var resource: String
    public var metric: String
    /// The statistic, or `ratio` for derived ratios (`ErrorRate`).
    public var statistic: String
    public var values: PhaseValues
    public var baseline: Double?
    public var tolerance: Double?
    public var timeToImpact: Double?
    public var timeToRecover: Double?
    public var impacted: Bool
    public var recovered: Bool

    public static let relativeTolerance = 0.1
    public static let sigmas = 3.0
    public static let recoveryPeriods = 3

    /// Computes baseline, tolerance and the impact times from per-bucket values.
    public static func impact(values: [Double?], spans: [(start: Double, end: Double)], window: PhaseWindow)
        -> (baseline: Double?, tolerance: Double?, impact: Double?, recover: Double?, impacted: Bool, recovered: Bool)
    {
        guard let start = window.start, let end = window.end else { return (nil, nil, nil, nil, false, false) }
        var pre: [Double] = []
        for (i, v) in values.enumerated() {
            guard let v, window.phase(from: spans[i].start, to: spans[i].end) == .pre else { continue }
            pre.append(v)
        }
        guard !pre.isEmpty else { return (nil, nil, nil, nil, false, false) }
        let mean = pre.reduce(0, +) / Double(pre.count)
        let variance = pre.count > 1 ? pre.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pre.count - 1) : 0
        let spread = pre.reduce(0) { max($0, abs($1 - mean)) }
        let tol = max(relativeTolerance * abs(mean), sigmas * variance.squareRoot(), spread)
        func deviates(_ v: Double?) -> Bool {
            guard let v else { return false }
            return abs(v - mean) > tol
        }
        func impactAt(_ i: Int) -> Bool {
            guard spans[i].end > start, deviates(values[i]) else { return false }
            if window.phase(from: spans[i].start, to: spans[i].end) == .experiment { return true }
            return i + 1 < values.count && deviates(values[i + 1])
        }
        guard let first = values.indices.first(where: impactAt) else {
            return (mean, tol, nil, nil, false, false)
        }
        let impact = max(0, spans[first].start - start)
        var recoverAt: Double?
        var i = first
        while i < values.count {
            if i > first, spans[i].end > end, !deviates(values[i]) {
                let upTo = min(values.count, i + recoveryPeriods)
                if (i..<upTo).allSatisfy({ !deviates(values[$0]) }) {
                    recoverAt = spans[i].start
                    break
                }
            }
            i += 1
        }
        return (mean, tol, impact, recoverAt.map { max(0, $0 - end) }, true, recoverAt != nil)
    }
}
