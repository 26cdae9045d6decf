import FaultlineCloud
import FaultlineScenario
import Foundation
import Testing

@testable import FaultlineAnalysis

/// Scaling activities and the group's metrics agree everywhere they are shown: the run's
/// result, `summary.json`'s `scaling_activities`, report.html's "Scaling activities", and the
/// timeline's `GroupDesiredCapacity` (one computation: ``RunResult/scalingActivities``).
@Suite struct ScalingConsistencyTests {
    static let yaml = """
        name: scaling-consistency
        horizon: 420s
        period: 10s
        regions: [ { name: us-east-1, azs: [a1, a2] } ]
        services:
          - name: web
            hosts: { type: ec2-instance, perAZ: 1, workersEach: 10, bootTime: 20s }
            loadBalancer: { name: web-alb, healthCheck: { interval: 10s, timeout: 2s, healthyThreshold: 3, unhealthyThreshold: 3 } }
            autoScaling: { detectionDelay: 10s, launchTime: 30s }
            scaling:
              min: 2
              max: 8
              instanceWarmup: 60s
              policies: [ { name: cpu50, targetTracking: { metric: ASGAverageCPUUtilization, target: 50 } } ]
            queueCapacity: 0
            serviceTime: 1s
        workloads:
          - { name: users, service: web, arrivals: { poisson: { rate: 200 } } }
        """

    @Test func activitiesAgreeAcrossResultJSONReportAndTimeline() throws {
        let spec = try Fixtures.spec(Self.yaml)
        let (run, store, analysis, rows) = try Fixtures.analyze(spec)
        let acts = run.result.scalingActivities
        #expect(acts.count == 2, "\(acts)")

        // summary.json
        let summary = run.summaryJSON().rendered()
        let json = try #require(JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
        let listed = try #require(json["scaling_activities"] as? [[String: Any]])
        #expect(listed.map { $0["at_s"] as? Double } == acts.map { $0.at.seconds })
        #expect(listed.map { $0["to"] as? Int } == acts.map(\.to))
        #expect(listed.map { $0["cause"] as? String } == acts.map(\.cause))

        // report.html
        let html = Report(run: run, analysis: analysis, store: store).html()
        #expect(html.contains("<h2>Scaling activities</h2>"))
        for a in acts {
            #expect(html.contains("<td>\(Report.n(a.at.seconds))</td><td>web-asg</td><td>cpu50</td><td>\(a.from) → \(a.to)</td>"))
        }

        // The timeline's desired capacity changes exactly at the activities.
        let desired = rows.filter { $0.resource == "web-asg" && $0.metric == "GroupDesiredCapacity" && $0.statistic == "Maximum" }
        for a in acts {
            let period = desired.first { $0.time.seconds <= a.at.seconds && a.at.seconds < $0.time.seconds + 10 }
            #expect(period?.value == Double(a.to), "\(a)")
        }
    }
}
