/// A point in simulated time: integer nanoseconds since the start of the run.
///
/// Distinct from ``SimDuration`` as swift-nio's `NIODeadline` is distinct from `TimeAmount`, so
/// that an instant can never be passed where a span is meant.
public struct SimInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The start of every run. Constants are computed, inlinable properties rather than
    /// `static let`s: a global read from another module checks its lazy initialiser on every
    /// access, and these are read on the hot path.
    @inlinable public static var zero: SimInstant { SimInstant(nanoseconds: 0) }
    /// An instant later than any run reaches.
    @inlinable public static var distantFuture: SimInstant { SimInstant(nanoseconds: Int64.max / 2) }

    /// Seconds since the start of the run, for output only.
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimInstant, b: SimInstant) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (a: SimInstant, d: SimDuration) -> SimInstant { SimInstant(nanoseconds: a.nanoseconds &+ d.nanoseconds) }
    @inlinable public static func - (a: SimInstant, d: SimDuration) -> SimInstant { SimInstant(nanoseconds: a.nanoseconds &- d.nanoseconds) }
    @inlinable public static func - (a: SimInstant, b: SimInstant) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds - b.nanoseconds) }

    public var description: String { "t+" + SimDuration(nanoseconds: nanoseconds).description }
}
