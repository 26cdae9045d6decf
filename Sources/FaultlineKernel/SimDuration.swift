/// A span of simulated time in integer nanoseconds.
///
/// Simulated time never uses floating point internally (house rule 1, after swift-nio's
/// `TimeAmount`); `Double` seconds appear only when formatting output.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds. May be negative only as the result of subtracting instants.
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// No time (computed and inlinable, like ``SimInstant/zero``: no lazy global on the hot path).
    @inlinable public static var zero: SimDuration { SimDuration(nanoseconds: 0) }
    @inlinable public static func nanoseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n) }
    @inlinable public static func microseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000) }
    @inlinable public static func milliseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000_000) }
    @inlinable public static func seconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n * 1_000_000_000) }
    @inlinable public static func minutes(_ n: Int64) -> SimDuration { .seconds(n * 60) }
    @inlinable public static func hours(_ n: Int64) -> SimDuration { .seconds(n * 3_600) }

    /// Converts fractional seconds (e.g. a sampled service time) to the nearest nanosecond,
    /// clamped to `[0, SimDuration.max]`.
    @inlinable public static func fromSeconds(_ s: Double) -> SimDuration {
        // Half-up rounding by truncation (one instruction, no libm call); NaN fails `s > 0`.
        guard s > 0 else { return .zero }
        let ns = s * 1e9 + 0.5
        return ns < 2_305_843_009_213_693_951.0 ? SimDuration(nanoseconds: Int64(ns)) : SimDuration(nanoseconds: Int64.max / 4)
    }

    /// The largest duration Faultline schedules: about 73 years, far beyond any horizon, and small
    /// enough that `instant + max` never overflows.
    @inlinable public static var max: SimDuration { SimDuration(nanoseconds: Int64.max / 4) }

    /// Seconds as a `Double`, for output only.
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }
    /// Milliseconds as a `Double`, for output only.
    @inlinable public var milliseconds: Double { Double(nanoseconds) / 1e6 }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds + b.nanoseconds) }
    @inlinable public static func - (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds - b.nanoseconds) }
    @inlinable public static func * (a: SimDuration, k: Int64) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds * k) }

    /// The shortest human form that round-trips through ``parse(_:)``: `250ms`, `2s`, `1h30m`.
    public var description: String { formatHuman() }
}
