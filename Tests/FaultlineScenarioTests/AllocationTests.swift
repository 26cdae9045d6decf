import CMallocCounter
import FaultlineKernel
import FaultlineScenario
import Testing

/// The allocation gate of whole runs: a model allocates per metrics period and per run, never
/// per event. Each case runs a shipped scenario to two horizons with the same number of periods
/// and divides the extra mallocs by the extra events, so set-up and per-period costs cancel out. Counts come from the test binary's counting
/// malloc (Tests/CMallocCounter, Linux), per thread: exact and stable, unlike times.
@Suite(.enabled(if: faultline_malloc_counting_active() == 1, "counting malloc not in effect (Linux test binaries only)"))
struct AllocationTests {
    static func mallocs(_ spec: ScenarioSpec, horizon: Int, period: Int) throws -> (mallocs: UInt64, events: Int) {
        let options = RunOptions(horizon: .minutes(Int64(horizon)), period: .seconds(Int64(period)))
        let before = faultline_thread_mallocs()
        let run = try ScenarioRun.run(spec, options: options)
        return (faultline_thread_mallocs() - before, run.result.eventsDispatched)
    }

    /// (scenario, shorter horizon, longer horizon, most mallocs allowed per 1 000 extra events).
    /// Only the queueing models: in the debug builds the test suite runs, the service models
    /// (Lambda, calls between services) allocate closure contexts per event that release builds
    /// keep on the stack (-Onone does no stack promotion), so their gate is the release build:
    /// ScenarioBenchmarks' malloc counts and the memcheck command in docs/performance.md.
    @Test(arguments: [
        ("mmc-erlang-c.yaml", 20, 40, 0.1),
        ("loss-erlang-b.yaml", 10, 20, 0.1)
    ])
    func mallocsDoNotGrowWithEvents(file: String, short: Int, long: Int, perThousand: Double) throws {
        let spec = try Fixtures.load(file)
        // The same number of metrics periods in both runs (allocations per period are allowed:
        // percentile arrays), twice the events in the second; a first run warms one-time
        // allocations of the runtime.
        let period = 60
        _ = try Self.mallocs(spec, horizon: short, period: period)
        let a = try Self.mallocs(spec, horizon: short, period: period)
        let b = try Self.mallocs(spec, horizon: long, period: period * long / short)
        let extraEvents = b.events - a.events
        let extraMallocs = Int64(b.mallocs) - Int64(a.mallocs)
        #expect(extraEvents > 10_000)
        let rate = Double(extraMallocs) / Double(extraEvents) * 1_000
        print("allocations: \(file): \(a.mallocs) mallocs for \(a.events) events, \(b.mallocs) for \(b.events): \(rate) per 1 000 extra events")
        #expect(rate <= perThousand, "\(file): \(extraMallocs) mallocs for \(extraEvents) extra events")
    }
}
