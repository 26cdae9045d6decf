import FaultlineKernel
import Testing

/// A toy model: each tick schedules the next `step` later; `cancel` events bump a generation so
/// the pending tick is dropped (cancel by generation).
struct Ticker: EventHandler {
    enum Event: Sendable {
        case tick(generation: Int)
        case cancel
    }
    var step: SimDuration
    var generation = 0
    var handled: [SimInstant] = []
    var halted = false
    var haltAfter = Int.max

    mutating func handle(_ payload: Event, at now: SimInstant, queue: inout EventQueue<Event>) {
        switch payload {
        case .tick(let g):
            guard g == generation else { return }
            handled.append(now)
            if handled.count >= haltAfter { halted = true }
            queue.schedule(.tick(generation: g), at: now + step)
        case .cancel:
            generation += 1
        }
    }

    func fingerprintWord(_ payload: Event) -> UInt64 {
        switch payload {
        case .tick(let g): return UInt64(g)
        case .cancel: return 1 << 63
        }
    }

    var isHalted: Bool { halted }
}

@Suite struct EngineTests {
    @Test func stopsAtHorizonAndSetsClock() throws {
        var engine = Engine(model: Ticker(step: .seconds(1)))
        engine.queue.schedule(.tick(generation: 0), at: .zero)
        let reason = try engine.run(until: .zero + .seconds(10), maxEvents: 1_000)
        #expect(reason == .horizon)
        #expect(engine.model.handled.count == 11) // 0...10 inclusive
        #expect(engine.now == .zero + .seconds(10))
    }

    @Test func cancelByGenerationDropsStaleEvents() throws {
        var engine = Engine(model: Ticker(step: .seconds(1)))
        engine.queue.schedule(.tick(generation: 0), at: .zero)
        engine.queue.schedule(.cancel, at: .zero + .milliseconds(4_500))
        let reason = try engine.run(until: .zero + .seconds(100), maxEvents: 1_000)
        #expect(reason == .exhausted)
        #expect(engine.model.handled.count == 5) // ticks at 0,1,2,3,4; the tick at 5 is stale
    }

    @Test func eventLimitIsAnError() {
        var engine = Engine(model: Ticker(step: .milliseconds(1)))
        engine.queue.schedule(.tick(generation: 0), at: .zero)
        #expect(throws: KernelError.eventLimitExceeded(limit: 100, at: .zero + .milliseconds(100))) {
            try engine.run(until: .zero + .seconds(10), maxEvents: 100)
        }
    }

    @Test func modelCanHalt() throws {
        var model = Ticker(step: .seconds(1))
        model.haltAfter = 3
        var engine = Engine(model: model)
        engine.queue.schedule(.tick(generation: 0), at: .zero)
        #expect(try engine.run(until: .zero + .seconds(100), maxEvents: 1_000) == .halted)
        #expect(engine.model.handled.count == 3)
    }

    @Test func fingerprintIsStableAndSensitive() throws {
        func fingerprint(step: SimDuration) throws -> String {
            var engine = Engine(model: Ticker(step: step))
            engine.queue.schedule(.tick(generation: 0), at: .zero)
            _ = try engine.run(until: .zero + .seconds(5), maxEvents: 1_000)
            return engine.fingerprint.description
        }
        #expect(try fingerprint(step: .seconds(1)) == fingerprint(step: .seconds(1)))
        #expect(try fingerprint(step: .seconds(1)) != fingerprint(step: .milliseconds(999)))
        #expect(try fingerprint(step: .seconds(1)).count == 16)
    }
}
