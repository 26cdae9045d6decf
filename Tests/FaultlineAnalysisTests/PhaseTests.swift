import FaultlineKernel
import FaultlineScenario
import Testing

@testable import FaultlineAnalysis

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
        #expect(r.analysis.window.start == e.states.first { $0.status == .running }!.at.seconds)
        // The window runs until the extension stopped injecting (its tail after the stop).
        let stop = e.states.last!.at.seconds
        let f = r.run.result.faults[0]
        let effects = max(f.lastInjected ?? 0, f.environments.compactMap(\.clearedAt).max() ?? 0)
        #expect(effects > stop)
        #expect(r.analysis.window.end == effects)
        #expect(r.analysis.window.experiments[0].nominalEnd == stop)
    }
}

/// Experiment windows that end when the effects of their faults end, one per experiment, and
/// the noise band of "impacted".
@Suite struct PhaseWindowTests {
    /// The RDS failover action completes within a second; the window stays open until every
    /// client reconnected to the new writer, so its errors are the experiment's, not "post".
    @Test func failoverWindowRunsUntilClientsReconnect() throws {
        let r = try Fixtures.analyze(Fixtures.load("aurora-failover.yaml"))
        let w = r.analysis.window
        #expect(w.experiments.count == 1)
        let x = w.experiments[0]
        #expect(x.nominalEnd - x.start < 5, "the FIS action lasts about a second")
        let db = r.run.result.databases.flatMap(\.events)
        #expect(x.end == db.compactMap(\.clientsReconnected).map(\.seconds).max())
        #expect(x.end - x.nominalEnd > 10)
        let post = r.analysis.requests.first { $0.phase == .post }!.counts
        let exp = r.analysis.requests.first { $0.phase == .experiment }!.counts
        #expect(exp.failed > 0)
        #expect(post.failed == 0, "no failover error is counted after the window")
    }

    /// Two experiments far apart: two windows, and the periods between them are not "experiment".
    @Test func eachExperimentHasItsOwnWindow() {
        let w = PhaseWindow(
            source: .experiments, start: 100, end: 500, warmup: 0, horizon: 900,
            experiments: [.init(name: "a", start: 100, end: 200, nominalEnd: 150), .init(name: "b", start: 400, end: 500, nominalEnd: 500)])
        #expect(w.phase(from: 60, to: 90) == .pre)
        #expect(w.phase(from: 120, to: 180) == .experiment)
        #expect(w.phase(from: 180, to: 240) == .experiment, "overlaps a")
        #expect(w.phase(from: 240, to: 300) == .post, "between the windows")
        #expect(w.phase(from: 420, to: 480) == .experiment)
        #expect(w.phase(from: 600, to: 660) == .post)
        #expect(
            PhaseWindow.merged([
                .init(name: "f", start: 0, end: 10, nominalEnd: 10), .init(name: "g", start: 5, end: 20, nominalEnd: 20),
                .init(name: "h", start: 30, end: 40, nominalEnd: 40)
            ]).map(\.name) == ["f, g", "h"])
    }

    /// A value as far from the baseline as the baseline's own noise is not an impact, and one
    /// stray period after the window is not either; a sustained change is.
    @Test func impactedOnlyOutsideTheNoiseBand() {
        let spans = (0..<20).map { (start: Double($0) * 10, end: Double($0 + 1) * 10) }
        let w = PhaseWindow(source: .experiments, start: 100, end: 120, warmup: 0, horizon: 200)
        // Baseline 100 ± a spike to 160 at t=50 (noise); 3σ alone would be about 57.
        var v: [Double?] = [100, 100, 100, 100, 100, 160, 100, 100, 100, 100]
        v += [150, 100, 100, 100, 100, 100, 100, 100, 100, 100]
        var i = MetricPhases.impact(values: v, spans: spans, window: w)
        #expect(!i.impacted, "150 is within the band the baseline itself spans (tolerance \(i.tolerance ?? 0))")
        v[10] = 100
        v[15] = 400
        i = MetricPhases.impact(values: v, spans: spans, window: w)
        #expect(!i.impacted, "a single stray period after the window is noise")
        v[16] = 400
        i = MetricPhases.impact(values: v, spans: spans, window: w)
        #expect(i.impacted && i.impact == 50, "two periods in a row after the window: a delayed impact")
        v[15] = 100
        v[16] = 100
        v[11] = 400
        i = MetricPhases.impact(values: v, spans: spans, window: w)
        #expect(i.impacted && i.impact == 10 && i.recovered && i.recover == 0)
    }

    /// Terminated instances: the window runs until the last replacement is healthy (the FIS
    /// action completes at once), and a hypothesis may name the load balancer.
    @Test func computeWindowRunsUntilTheReplacementsAreHealthy() throws {
        let r = try Fixtures.analyze(Fixtures.load("web-instance-loss.yaml"), options: RunOptions(horizon: .minutes(10)))
        let x = r.analysis.window.experiments
        #expect(x.count == 1 && x[0].nominalEnd == x[0].start, "the terminate action completes at once")
        let healthy = r.run.result.hostChanges.filter { $0.fault >= 0 && $0.event == "healthy" }.map(\.at.seconds)
        #expect(healthy.count == 3 && x[0].end == healthy.max())
        #expect(r.analysis.hypotheses.map(\.spec.resource).contains("storefront-alb"))
        #expect(r.analysis.hypotheses.first { $0.spec.name == "fleet-whole-again" }?.verdict == .pass)
    }
}
