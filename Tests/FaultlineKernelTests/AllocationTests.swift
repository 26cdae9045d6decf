import CMallocCounter
import FaultlineKernel
import Testing

struct AllocationTests {
    typealias Hold = HoldModel

    /// At 100 pending the queue is a 4-ary heap, at 10 000 and 100 000 a radix heap (above
    /// `EventQueue.radixAbove`). The radix heap's 65 buffers double up to their high-water marks,
    /// a logarithmic number of times in a run, never per event: after a warm-up of five spans
    /// (about a million events) a further span allocates nothing.
    @Test(arguments: [100, 10_000, 100_000])
    func engineDispatchAllocatesNothingPerEvent(pending: Int) throws {
        var engine = Engine(model: Hold(), queue: EventQueue(reservingCapacity: pending))
        for i in 0..<pending { engine.queue.schedule(.tick(UInt32(i)), at: SimInstant(nanoseconds: Int64(i))) }
        // Delays average 8.4 ms, so `pending` events take about 8.4 ms of simulated time: this
        // span dispatches about 200 000 events whatever the size.
        let span = Int64(1_700_000_000_000 / pending)
        _ = try engine.run(until: SimInstant(nanoseconds: 5 * span), maxEvents: .max) // warm up
        let warm = engine.dispatched
        let before = faultline_thread_mallocs()
        _ = try engine.run(until: SimInstant(nanoseconds: 6 * span), maxEvents: .max)
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
        // The heap's buffer doubles from 4 slots until the queue becomes a radix heap (above
        // `radixAbove` = 512 events: 8 doublings); then each of its 65 runs (one per bit and the
        // current instant's) doubles from 16 slots, at most to 131 072: 13 doublings each.
        let bound = 8 + 65 * 13
        #expect(mallocs <= bound, "\(mallocs) mallocs for 100 000 events (buffers double: at most \(bound))")
    }
}
