import FaultlineAnalysis
import FaultlineKernel
import FaultlineScenario
import Testing

/// Phases of real runs: the window, request outcomes that add up, the blast radius.
@Suite struct PhaseTests {
    @Test func productAPIPhasesAddUpToTheRun() throws {
        let r = try Fixtures.analyze(Fixtures.load("product-api-unbuffered.yaml"), options: RunOptions(horizon: .minutes(15)))
        let a = r.analysis
        #expect(a.window.source == .faults)
        #expect(a.window.phases.map(\.phase) == [.pre, .experiment, .post])
        let byPhase = Dictionary(uniqueKeysWithValues: a.requests.map { ($0.phase.rawValue, $0.counts) })
        let route = r.run.result.services.first { $0.name == "products-api POST /productApi" }!
        #expect(byPhase["run"]!.requests == Double(route.requests))
        #expect(byPhase["pre"]!.requests + byPhase["experiment"]!.requests + byPhase["post"]!.requests == Double(route.requests))
        // Every failure is in the outage, and every request in it failed.
        #expect(byPhase["experiment"]!.failed == Double(route.errors))
        #expect(byPhase["experiment"]!.failed == byPhase["experiment"]!.requests)
        #expect(byPhase["pre"]!.failed == 0 && byPhase["post"]!.failed == 0)
        // The route's error rate: impacted in the first outage period, recovered right after.
        let rate = a.metrics.first { $0.resource == route.name && $0.metric == "ErrorRate" }!
        #expect(rate.values.pre == 0 && rate.values.experiment == 1 && rate.values.post == 0)
        #expect(rate.impacted && rate.timeToImpact == 0)
        #expect(rate.recovered && rate.timeToRecover == 0)
        // Blast radius: the table is targeted in both AZs; the route takes all traffic and errors.
        let b = a.blastRadius
        #expect(b.targets.map(\.resource) == ["Products"])
        #expect(b.groups.map(\.az) == ["use1-az1", "use1-az2"])
        #expect(b.entryPoints.map(\.resource) == [route.name])
        #expect(b.entryPoints[0].shareOfTraffic == 1 && b.entryPoints[0].shareOfErrors == 1)
        #expect(b.callers.map(\.resource) == ["add-product"])
        // By entry AZ: the model's analysis-only counters, which stay out of the timeline.
        #expect(b.azs.map(\.resource) == ["use1-az1", "use1-az2"])
        #expect(b.azs.reduce(0) { $0 + $1.requests } == byPhase["experiment"]!.requests)
        #expect(b.azs.allSatisfy { $0.errorRate == 1 && $0.errorRateBaseline == 0 })
        #expect(abs(b.azs[0].shareOfTraffic - 0.5) < 0.05, "clients spread evenly over two AZs")
        #expect(!r.rows.contains { $0.metric.hasPrefix("Ledger.") })
        // The request ledger's six counters per AZ of the entry point.
        #expect(r.store.analysis.keys.count == 12)
    }

    @Test func experimentWindowFollowsTheStopCondition() throws {
        let r = try Fixtures.analyze(Fixtures.load("lambda-fis-stop-condition.yaml"), options: RunOptions(horizon: .minutes(15)))
        let e = r.run.experiments[0]
        #expect(r.analysis.window.source == .experiments)
        #expect(r.analysis.window.start == e.states.first { $0.status == "running" }!.at.seconds)
        #expect(r.analysis.window.end == e.states.last!.at.seconds)
    }
}
