import FaultlineFIS
import FaultlineKernel
import FaultlineScenario
import Testing

/// Library scenario templates plan with `faultline plan --synthesize`.
@Suite struct LibraryPlanTests {
    @Test func everyLibraryScenarioPlans() throws {
        for s in ScenarioLibrary.all {
            let text = try s.export()
            let plans = try TemplatePlanner.plan(text: text, file: "\(s.name).json", inventory: .synthesize(perType: 3), seed: 1)
            let p = try #require(plans.first)
            #expect(p.failure == nil, "\(s.name)")
            #expect(p.notes.isEmpty, "\(s.name): \(p.notes)")
            for a in p.actions { #expect(a.start != nil && a.status == "scheduled", "\(s.name): \(a.name)") }
        }
    }

    /// The schedule follows the console's sequencing: EBS I/O pauses when the stopped instances
    /// restart (outage), the autoshift starts after its wait; the experiment lasts outage + recovery.
    @Test func powerInterruptionSchedule() throws {
        let text = try ScenarioLibrary.scenario(named: "az-power-interruption").export()
        let p = try #require(try TemplatePlanner.plan(text: text, file: "p.json", inventory: .synthesize(perType: 2), seed: 1).first)
        func window(_ n: String) -> (SimDuration?, SimDuration?) {
            let a = p.actions.first { $0.name == n }
            return (a?.start, a?.end)
        }
        let d = ExperimentSpec.defaultInitiationDelay
        #expect(window("Stop-Instances") == (d, d + .minutes(30)))
        #expect(window("Pause-EBS-IO") == (d + .minutes(30), d + .minutes(60)))
        #expect(window("Start-ARC-Zonal-Autoshift") == (d + .minutes(5), d + .minutes(30)))
        #expect(window("Failover-RDS") == (d, d + .seconds(1))) // FIS ends it once FailoverDBCluster is accepted (1 s)
        #expect(p.targets.first { $0.name == "EBS-Volumes" }?.resources.count == 1)
    }
}
