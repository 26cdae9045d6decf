import Foundation

/// How simulated time is projected onto the wall clock (`--pace`): GetExperiment shows the
/// precomputed, deterministic timeline up to `(now - StartExperiment) × factor`.
public enum Pace: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The final state on the first GetExperiment (it waits for the simulation to finish).
    case instant
    /// One simulated second per wall second.
    case realtime
    /// `xK`: K simulated seconds per wall second (`x60`: a 10-minute action takes 10 s).
    case accelerated(Double)

    public init?(_ text: String) {
        switch text {
        case "instant": self = .instant
        case "realtime", "x1": self = .realtime
        default:
            guard text.hasPrefix("x"), let k = Double(text.dropFirst()), k.isFinite, k > 0, k <= 1_000_000 else { return nil }
            self = .accelerated(k)
        }
    }

    public var description: String {
        switch self {
        case .instant: return "instant"
        case .realtime: return "realtime"
        case .accelerated(let k): return k == k.rounded() ? "x\(Int(k))" : "x\(k)"
        }
    }

    /// Simulated nanoseconds visible `wallMillis` after StartExperiment; nil for `instant`.
    func visible(afterMillis wallMillis: Int64) -> Int64? {
        switch self {
        case .instant: return nil
        case .realtime: return max(0, wallMillis) * 1_000_000
        case .accelerated(let k):
            let ns = Double(max(0, wallMillis)) * 1e6 * k
            return ns >= 9e18 ? Int64.max / 4 : Int64(ns)
        }
    }
}

/// The wall clock the service reads, in epoch milliseconds: injectable, so tests fix the epoch
/// and advance time by hand. Simulations never read it (runs stay deterministic).
public protocol ServeClock: Sendable {
    func nowMillis() -> Int64
}

/// The system clock.
public struct SystemClock: ServeClock {
    public init() {}
    public func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

/// A clock that moves only when told to (tests, golden transcripts).
public final class ManualClock: ServeClock, @unchecked Sendable {
    private let lock = NSLock()
    private var millis: Int64
    public init(epochMillis: Int64) { millis = epochMillis }
    public func nowMillis() -> Int64 { lock.withLock { millis } }
    public func advance(millis d: Int64) { lock.withLock { millis += d } }
}
