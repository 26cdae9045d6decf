/// The classic priority-queue "hold" model: every event schedules one more at a pseudo-random
/// delay (a 64-bit LCG, delays below 2^24 ns), so the pending set keeps its initial size. The
/// kernel's allocation tests, the benchmark gate (`benchmarks/Gate`, which gives the C reference
/// heap the same LCG and delays) and the kernel benchmarks all drive the engine with it.
public struct HoldModel: EventHandler, Sendable {
    public enum Event: Sendable { case tick(UInt32) }
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init() {}

    public mutating func handle(_ payload: Event, at now: SimInstant, queue: inout EventQueue<Event>) {
        x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        guard case .tick(let id) = payload else { return }
        queue.schedule(.tick(id), at: now + .nanoseconds(Int64(x >> 40)))
    }

    public func fingerprintWord(_ payload: Event) -> UInt64 {
        guard case .tick(let id) = payload else { return 0 }
        return UInt64(id)
    }

    public var isHalted: Bool { false }
}
