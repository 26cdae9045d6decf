import FaultlineKernel

/// How one Lambda fault reached invocations, second by second from its start: invocations of its
/// target functions, those whose environment's extension knew the fault ("carry" it), and those
/// that got it (drawn against `invocationPercentage`).
///
/// Per invocation, not per environment: a fleet's mean onset over environments says little about
/// when a route's requests are hit, because busy environments serve most invocations. Curves of
/// several replications add up (``adding(_:)``) before the statistics are read.
public struct InvocationCurve: Sendable, Equatable {
    /// Width of one bucket: 1 s.
    public static let bucketNanoseconds: Int64 = 1_000_000_000
    /// How long after the fault's nominal end the curve keeps counting (the tail): 15 min, the
    /// longest commonly observed idle lifetime of an environment.
    public static let tailHorizon = SimDuration.minutes(15)

    /// The fault's window, seconds (its end as the run saw it: a stop condition may end it early).
    public var start: Double
    public var end: Double
    /// The share of invocations the action intends to hit (`invocationPercentage` / 100).
    public var intendedShare: Double
    public var invocations: [Int64]
    public var aware: [Int64]
    public var injected: [Int64]

    public init(start: Double, end: Double, intendedShare: Double, invocations: [Int64], aware: [Int64], injected: [Int64]) {
        self.start = start
        self.end = end
        self.intendedShare = intendedShare
        self.invocations = invocations
        self.aware = aware
        self.injected = injected
    }

    /// Zeroed storage for a fault over `start..<end` in a run of `horizon`: 3 counters per second.
    static func storage(start: SimInstant, end: SimInstant, horizon: SimDuration) -> [Int64] {
        let last = min((end + tailHorizon).nanoseconds, max(start.nanoseconds, horizon.nanoseconds))
        let buckets = max(0, (last - start.nanoseconds + bucketNanoseconds - 1) / bucketNanoseconds)
        return [Int64](repeating: 0, count: 3 * Int(buckets))
    }

    init(storage: [Int64], start: Int64, end: Int64, intendedShare: Double) {
        let n = storage.count / 3
        self.init(
            start: Double(start) / 1e9, end: Double(end) / 1e9, intendedShare: intendedShare,
            invocations: (0..<n).map { storage[3 * $0] }, aware: (0..<n).map { storage[3 * $0 + 1] },
            injected: (0..<n).map { storage[3 * $0 + 2] })
    }

    /// The sum of two curves of the same fault (replications of one scenario).
    public func adding(_ other: InvocationCurve) -> InvocationCurve {
        func add(_ a: [Int64], _ b: [Int64]) -> [Int64] {
            (0..<max(a.count, b.count)).map { ($0 < a.count ? a[$0] : 0) + ($0 < b.count ? b[$0] : 0) }
        }
        return InvocationCurve(
            start: start, end: max(end, other.end), intendedShare: intendedShare,
            invocations: add(invocations, other.invocations), aware: add(aware, other.aware),
            injected: add(injected, other.injected))
    }

    /// Buckets that lie inside the fault's window.
    public var windowBuckets: Int { min(invocations.count, max(0, Int(((end - start) * 1e9).rounded(.up)) / Int(Self.bucketNanoseconds))) }

    /// Seconds after the start until `share` of invocations carry the fault: the first second at
    /// which the carried share, fitted non-decreasing over the window (pool-adjacent-violators,
    /// weighted by invocations: while a fault is active environments only gain it), reaches
    /// `share`. `nil` when it never does within the window.
    public func timeToShare(_ share: Double) -> Double? {
        let fit = Self.isotonic(Array(aware[0..<windowBuckets]), Array(invocations[0..<windowBuckets]))
        guard let k = fit.firstIndex(where: { $0 >= share - 1e-12 }) else { return nil }
        return Double(k)
    }

    /// Injected over intended during the window: 1 when every invocation from the start got the
    /// fault at the intended rate.
    public var deliveredShare: Double? {
        let n = invocations[0..<windowBuckets].reduce(0, +)
        guard n > 0, intendedShare > 0 else { return nil }
        return Double(injected[0..<windowBuckets].reduce(0, +)) / (Double(n) * intendedShare)
    }

    /// Invocations that carried the fault after its end, and seconds from the end to the last
    /// of them (nil when none did; measured up to ``tailHorizon``).
    public var carriedAfterEnd: Int64 { aware[min(windowBuckets, aware.count)...].reduce(0, +) }
    public var tailAfterEnd: Double? {
        guard let k = aware.lastIndex(where: { $0 > 0 }), k >= windowBuckets else { return nil }
        return Double(k + 1) - (end - start)
    }

    /// Weighted pool-adjacent-violators: the non-decreasing fit of `hits[i] / counts[i]` over
    /// the buckets with invocations; an empty bucket takes the fit of the last one before it.
    public static func isotonic(_ hits: [Int64], _ counts: [Int64]) -> [Double] {
        var blocks: [(hits: Double, count: Double, first: Int)] = []
        for i in hits.indices where counts[i] > 0 {
            blocks.append((Double(hits[i]), Double(counts[i]), i))
            while blocks.count > 1 {
                let b = blocks[blocks.count - 1], a = blocks[blocks.count - 2]
                guard a.hits / a.count > b.hits / b.count else { break }
                blocks.removeLast(2)
                blocks.append((a.hits + b.hits, a.count + b.count, a.first))
            }
        }
        var out = [Double](repeating: 0, count: hits.count)
        for (j, b) in blocks.enumerated() {
            let last = j + 1 < blocks.count ? blocks[j + 1].first : hits.count
            for i in b.first..<last { out[i] = b.hits / b.count }
        }
        return out
    }
}
