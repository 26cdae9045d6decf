import Benchmark
import FaultlineKernel
import HeapModule

typealias Hold = HoldModel

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .mega,
        maxDuration: .seconds(3),
        maxIterations: 20
    )

    // Raw engine dispatch: 1 M events per iteration with 1 000 pending; 0 mallocs expected.
    Benchmark("Engine dispatch (1000 pending)") { benchmark in
        var engine = Engine(model: Hold(), queue: EventQueue(reservingCapacity: 2_048))
        for i in 0..<1_000 { engine.queue.schedule(.tick(UInt32(i)), at: SimInstant(nanoseconds: Int64(i))) }
        _ = try? engine.run(until: .zero + .seconds(1), maxEvents: 1_000) // warm the buffers
        benchmark.startMeasurement()
        _ = try? engine.run(until: .distantFuture, maxEvents: 1_000 + benchmark.scaledIterations.count)
        benchmark.stopMeasurement()
        blackHole(engine.fingerprint.value)
    }

    // The pending-event set alone: FaultlineKernel's EventQueue (a 4-ary heap up to 512 pending
    // events, a radix heap above) against swift-collections' Heap, both holding (time, sequence,
    // payload) values, at four sizes.
    for pending in [100, 10_000, 100_000, 1_000_000] {
        Benchmark("EventQueue hold (\(pending) pending)") { benchmark in
            var q = EventQueue<UInt32>(reservingCapacity: pending)
            var x: UInt64 = 1
            for i in 0..<pending { q.schedule(UInt32(i), at: SimInstant(nanoseconds: Int64(i))) }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let e = q.popFirst()!
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                q.schedule(e.payload, at: e.time + .nanoseconds(Int64(x >> 40)))
            }
            benchmark.stopMeasurement()
            blackHole(q.count)
        }

        Benchmark("swift-collections Heap hold (\(pending) pending)") { benchmark in
            var h = Heap<ScheduledEvent<UInt32>>()
            var sequence: UInt64 = 0
            var x: UInt64 = 1
            for i in 0..<pending {
                h.insert(ScheduledEvent(time: SimInstant(nanoseconds: Int64(i)), sequence: sequence, payload: UInt32(i)))
                sequence += 1
            }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let e = h.removeMin()
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                h.insert(ScheduledEvent(time: e.time + .nanoseconds(Int64(x >> 40)), sequence: sequence, payload: e.payload))
                sequence += 1
            }
            benchmark.stopMeasurement()
            blackHole(h.count)
        }
    }
}
