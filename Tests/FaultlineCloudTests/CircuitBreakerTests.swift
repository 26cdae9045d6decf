import FaultlineCloud
import FaultlineKernel
import Testing

@Suite struct CircuitBreakerTests {
    private let config = CircuitBreaker.Configuration(
        windowSize: 10, minimumCalls: 4, failureRateThreshold: 0.5, openDuration: .seconds(30), halfOpenProbes: 2
    )
    private func at(_ s: Int64) -> SimInstant { .zero + .seconds(s) }

    @Test func opensOnlyOnceMinimumCallsAndThresholdAreMet() {
        var b = CircuitBreaker(config)
        for _ in 0..<3 {
            expectTrue(b.allow(at: at(0)))
            b.record(success: false, at: at(0))
        }
        #expect(b.state == .closed, "3 failures < minimumCalls 4")
        expectTrue(b.allow(at: at(1)))
        b.record(success: false, at: at(1))
        #expect(b.state == .open)
        #expect(b.openedAt == at(1))
        expectTrue(!b.allow(at: at(2)))
        expectTrue(!b.allow(at: at(30)))
        #expect(b.rejectedCount == 2)
        #expect(b.state(at: at(31)) == .halfOpen)
    }

    @Test func slidingWindowForgetsOldOutcomes() {
        var b = CircuitBreaker(config)
        // 3 failures among 10 (never 50 % once 4 calls are in), then successes push them out.
        for i in 0..<10 { b.record(success: !(i == 4 || i == 6 || i == 8), at: at(0)) }
        #expect(b.state == .closed)
        #expect(b.windowCalls == 10 && b.windowFailures == 3)
        for _ in 0..<5 { b.record(success: true, at: at(0)) }
        #expect(b.windowFailures == 2, "failures 4 is out of the window, 6 and 8 are still in")
        for _ in 0..<5 { b.record(success: true, at: at(0)) }
        #expect(b.windowFailures == 0 && b.windowCalls == 10)
        // Now 5 failures in the last 10 opens it exactly at the threshold.
        for i in 0..<5 {
            b.record(success: false, at: at(0))
            #expect(b.state == (i < 4 ? .closed : .open))
        }
    }

    @Test func halfOpenAdmitsProbesThenClosesOrReopens() {
        var b = CircuitBreaker(config)
        for _ in 0..<4 { b.record(success: false, at: at(0)) }
        #expect(b.state == .open)
        // Half-open after 30 s: two probes, the third call rejected.
        expectTrue(b.allow(at: at(30)))
        #expect(b.state == .halfOpen)
        expectTrue(b.allow(at: at(30)))
        expectTrue(!b.allow(at: at(30)))
        b.record(success: true, at: at(31))
        #expect(b.state == .halfOpen)
        b.record(success: false, at: at(32))
        #expect(b.state == .open && b.openedAt == at(32) && b.openedCount == 2)
        expectTrue(!b.allow(at: at(61)))
        // Next time both probes succeed: closed with an empty window.
        expectTrue(b.allow(at: at(62)) && b.allow(at: at(62)))
        b.record(success: true, at: at(63))
        b.record(success: true, at: at(63))
        #expect(b.state == .closed)
        #expect(b.windowCalls == 0)
        for _ in 0..<3 { b.record(success: false, at: at(64)) }
        #expect(b.state == .closed, "the old failures were forgotten")
    }
}
