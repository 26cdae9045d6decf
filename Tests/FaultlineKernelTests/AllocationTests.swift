import CMallocCounter
import FaultlineKernel
import Testing

/// The allocation gate of the kernel: the event loop allocates nothing per event. Counts come
/// from the test binary's counting malloc (Tests/CMallocCounter, Linux), per thread, so they are
/// exact and stable on a noisy machine, unlike times (house rule: performance is shown by
/// benchmarks, never by timed assertions; allocation counts are not times).
@Suite(.enabled(if: faultline_malloc_counting_active() == 1, "counting malloc not in effect (Linux test binaries only)"))
struct AllocationTests {
    /// Every event schedules one more at a pseudo-random delay (the "hold" model), so the
    /// pending set keeps its size.
    struct Hold: EventHandler {
        enum Event: Sendable { case tick(UInt32) }
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15

        mutating func handle(_ payload: Event, at now: SimInstant, queue: inout EventQueue<Event>) {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            guard case let .tick(id) = payload else { return }
            queue.schedule(.tick(id), at: now + .nanoseconds(Int64(x >> 40)))
        }

        func fingerprintWord(_ payload: Event) -> UInt64 {
            guard case let .tick(id) = payload else { return 0 }
            return UInt64(id)
        }

        var isHalted: Bool { false }
    }

    @Test(arguments: [100, 10_000])
    func engineDispatchAllocatesNothingPerEvent(pending: Int) throws {
        var engine = Engine(model: Hold(), queue: EventQueue(reservingCapacity: pending))
        for i in 0..<pending { engine.queue.schedule(.tick(UInt32(i)), at: SimInstant(nanoseconds: Int64(i))) }
        // Delays average 8.4 ms, so `pending` events take about 8.4 ms of simulated time: this
        // span dispatches about 200 000 events whatever the size.
        let span = Int64(1_700_000_000_000 / pending)
        _ = try engine.run(until: SimInstant(nanoseconds: span / 10), maxEvents: .max) // warm up
        let warm = engine.dispatched
        let before = faultline_thread_mallocs()
        _ = try engine.run(until: SimInstant(nanoseconds: span / 10 + span), maxEvents: .max)
        let mallocs = faultline_thread_mallocs() - before
        let events = engine.dispatched - warm
        #expect(events > 100_000)
        #expect(mallocs == 0, "\(mallocs) mallocs in \(events) events")
    }

    @Test func eventQueueGrowsByDoubling() {
        do { // instantiate the generic metadata (the runtime allocates it on first use)
            var warm = EventQueue<UInt32>(reservingCapacity: 4)
            warm.schedule(0, at: .zero)
            _ = warm.popFirst()
        }
        var q = EventQueue<UInt32>(reservingCapacity: 4)
        let before = faultline_thread_mallocs()
        for i in 0..<100_000 { q.schedule(UInt32(i), at: SimInstant(nanoseconds: Int64(i % 977))) }
        while q.popFirst() != nil {}
        let mallocs = faultline_thread_mallocs() - before
        // One buffer, then one per doubling from 4 to 131 072 slots: 16.
        #expect(mallocs <= 16, "\(mallocs) mallocs for 100 000 events (the buffer doubles: 16)")
    }
}
