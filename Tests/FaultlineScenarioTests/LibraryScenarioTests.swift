import FaultlineCloud
import FaultlineFIS
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario
import Foundation
import Testing

/// The FIS scenario library end to end: each shipped library template is exactly what
/// `faultline scenario export` emits, and each shipped library scenario, run, shows the effect
/// the scenario is meant to show (during the experiment, and the recovery after it).
@Suite struct LibraryScenarioTests {
    /// Shipped template, library scenario and the `--param`s it was exported with.
    static let exports: [(template: String, scenario: String, params: [(key: String, value: String)])] = [
        ("az-power-interruption.json", "az-power-interruption", [("outage", "PT10M"), ("recovery", "PT10M"), ("network", "PT2M")]),
        ("az-application-slowdown.json", "az-application-slowdown", []),
        ("cross-az-traffic-slowdown.json", "cross-az-traffic-slowdown", []),
        ("cross-region-connectivity.json", "cross-region-connectivity", [("duration", "PT15M")])
    ]

    @Test(arguments: exports.indices)
    func shippedTemplateIsTheLibraryExport(i: Int) throws {
        let e = Self.exports[i]
        let shipped = try String(contentsOf: Fixtures.scenarios.appendingPathComponent("templates/\(e.template)"), encoding: .utf8)
        let exported = try ScenarioLibrary.scenario(named: e.scenario).export(e.params)
        let cli = "faultline scenario export \(e.scenario)" + e.params.map { " --param \($0.key)=\($0.value)" }.joined()
        #expect(
            shipped == exported, "scenarios/templates/\(e.template) differs from `\(cli)`; regenerate it with \(cli) --out scenarios/templates/\(e.template)")
    }

    // MARK: Running the library scenarios

    typealias Rows = [(t: Double, resource: String, metric: String, stat: String, value: Double)]

    /// Loads a shipped scenario; `edit` rewrites its text and `template` replaces its template
    /// (a library export with other parameters), so a test can run it shorter.
    static func run(
        _ file: String, edit: (String) -> String = { $0 }, template: (name: String, text: String)? = nil,
        horizon: SimDuration
    ) throws -> (run: ScenarioRun, rows: Rows) {
        let text = edit(try String(contentsOf: Fixtures.scenarios.appendingPathComponent(file), encoding: .utf8))
        let spec = try ScenarioSpec.load(text: text, file: "scenarios/\(file)") { rel in
            if let template, rel == template.name { return template.text }
            return try String(contentsOf: Fixtures.scenarios.appendingPathComponent(rel), encoding: .utf8)
        }
        var csv = ""
        let run = try ScenarioRun.run(spec, options: RunOptions(horizon: horizon), sink: CSVTimelineWriter { csv += $0 })
        let rows: Rows = csv.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let t = Double(f[0]), let v = Double(f[4]) else { return nil }
            return (t, f[1], f[2], f[3], v)
        }
        return (run, rows)
    }

    static func values(_ rows: Rows, _ resource: String, _ metric: String, _ stat: String, _ range: Range<Double>) -> [Double] {
        rows.filter { $0.resource == resource && $0.metric == metric && $0.stat == stat && range.contains($0.t) }.map(\.value)
    }

    static func sum(_ rows: Rows, _ resource: String, _ metric: String, _ range: Range<Double>) -> Double {
        values(rows, resource, metric, "Sum", range).reduce(0, +)
    }

    static func changes(_ run: ScenarioRun, _ host: String) -> [(event: String, at: Double)] {
        let i = run.result.hosts.firstIndex { $0.name == host }!
        return run.result.hostChanges.filter { $0.host == Int32(i) }.map { ($0.event, $0.at.seconds) }
    }

    /// AZ power interruption (the shipped file as it is, to 16 min): the experiment runs
    /// 132 s..732 s. The affected AZ's instances stop; the ASG's replacements are refused until the
    /// outage ends; the ALBs carry on with the other AZs; Aurora's writer leaves the AZ; the
    /// AZ's clients fail only while its subnet is cut off; everything serves again after.
    @Test func azPowerInterruption() throws {
        let (run, rows) = try Self.run("az-power-interruption.yaml", horizon: .minutes(16))
        let e = try #require(run.experiments.first)
        #expect(e.status == .completed)
        #expect(e.states.first { $0.status == .running }?.at.seconds == 132)
        #expect(e.states.last?.at.seconds == 732)
        let status = Dictionary(uniqueKeysWithValues: e.actions.map { ($0.name, $0.status) })
        #expect(status["Pause-ASG-Scaling"] == .completed)
        #expect(status["Pause-EBS-IO"] == .skipped && status["Pause-ElastiCache"] == .skipped && status["Pause-Instance-Launches"] == .skipped)
        #expect(e.actions.first { $0.name == "Stop-ASG-Instances" }?.resources == ["web/us-east-1a/0", "web/us-east-1a/1"])
        #expect(e.actions.first { $0.name == "Stop-Instances" }?.resources == ["catalog/us-east-1a/0"])
        let shift = try #require(e.actions.first { $0.name == "Start-ARC-Zonal-Autoshift" })
        #expect(shift.start?.seconds == 432 && shift.end?.seconds == 732)

        // The affected AZ's web instances: stopped, terminated by the ASG, no launch until the
        // capacity error ends at 732 s, then launched, running and healthy again.
        for k in 0..<2 {
            let c = Self.changes(run, "web/us-east-1a/\(k)")
            #expect(c.first?.event == "stopped" && c.first?.at == 132)
            #expect(c.contains { $0.event == "launch-failed" && $0.at == 142 })
            let replacing = try #require(c.first { $0.event == "replacing" }?.at)
            #expect(replacing >= 732 && replacing < 742, "replacement launched at \(replacing) s")
            let healthy = try #require(c.last { $0.event == "healthy" }?.at)
            #expect(healthy > replacing && healthy < 900)
        }
        // Hosts in the other AZs were never touched.
        for az in ["us-east-1b", "us-east-1c"] {
            #expect(Self.changes(run, "web/\(az)/0").isEmpty && Self.changes(run, "catalog/\(az)/0").isEmpty)
        }
        // The standalone catalog instance is started again at the end of the outage.
        let cat = Self.changes(run, "catalog/us-east-1a/0")
        #expect(cat.map(\.event) == ["stopped", "unhealthy", "pending", "running", "healthy"])
        #expect(cat.first { $0.event == "pending" }?.at == 732)

        // The ALB works on with the 4 instances of the other AZs, and is back to 6.
        #expect(Set(Self.values(rows, "web-alb", "HealthyHostCount", "Minimum", 150..<720)) == [4])
        #expect(Self.values(rows, "web-alb", "HealthyHostCount", "Minimum", 900..<960) == [6, 6])
        #expect(Self.values(rows, "catalog-alb", "HealthyHostCount", "Minimum", 930..<960) == [3])

        // Aurora: the writer leaves us-east-1a within a minute.
        let db = try #require(run.result.databases.first)
        #expect(db.writerAtStart == "orders-db-instance-1" && db.writerAtEnd == "orders-db-instance-2")
        let fo = try #require(db.events.first)
        #expect(fo.requested.seconds == 132)
        let promoted = try #require(fo.promoted?.seconds)
        #expect(promoted > 132 && promoted < 192)

        // Clients: nothing fails before or after the experiment. us-east-1a's clients fail while
        // their subnet is cut off (132..252 s) and are served from the other AZs afterwards; the
        // other AZs' clients lose only the failover's write outage.
        for w in ["a", "b", "c"] {
            let client = "client/shoppers-\(w)"
            #expect(Self.sum(rows, client, "Errors", 0..<120) == 0)
            #expect(Self.sum(rows, client, "Errors", 750..<960) == 0, "\(client) errors after the experiment")
            let during = Self.sum(rows, client, "Errors", 120..<750) / Self.sum(rows, client, "Invocations", 120..<750)
            if w == "a" {
                #expect(Self.sum(rows, client, "Errors", 150..<240) >= 0.99 * Self.sum(rows, client, "Invocations", 150..<240))
                #expect(Self.sum(rows, client, "Errors", 270..<720) == 0)
            } else {
                #expect(during > 0.01 && during < 0.1, "\(client) error rate \(during)")
                #expect(Self.sum(rows, client, "Errors", 210..<720) == 0)
            }
            let p99 = Self.values(rows, client, "Duration", "p99", 780..<960)
            #expect(p99.allSatisfy { $0 < 100 }, "\(client) p99 after recovery \(p99) ms")
        }
    }

    /// The experiment starts at 2 min instead of 5 (the baseline is steady long before).
    static func earlier(_ text: String) -> String { text.replacingOccurrences(of: "    start: 5m\n", with: "    start: 2m\n") }

    /// AZ application slowdown, exported for PT5M (from 2 min: 132 s..432 s): latency inside us-east-1a only.
    @Test func azApplicationSlowdown() throws {
        let text = try ScenarioLibrary.scenario(named: "az-application-slowdown").export([("duration", "PT5M")])
        let (run, rows) = try Self.run(
            "az-application-slowdown.yaml", edit: Self.earlier, template: ("templates/az-application-slowdown.json", text), horizon: .minutes(9))
        #expect(run.experiments.first?.actions.map(\.status) == [.completed, .completed, .skipped])
        func p50(_ w: String, _ r: Range<Double>) -> [Double] { Self.values(rows, "client/shoppers-\(w)", "Duration", "p50", r) }
        #expect(p50("a", 0..<120).allSatisfy { $0 < 30 })
        #expect(p50("a", 180..<420).allSatisfy { $0 > 400 }, "a during: \(p50("a", 180..<420))")
        #expect(p50("b", 180..<420).allSatisfy { $0 < 30 } && p50("c", 180..<420).allSatisfy { $0 < 30 })
        #expect(p50("a", 480..<540).allSatisfy { $0 < 30 }, "a after: \(p50("a", 480..<540))")
        #expect(Self.sum(rows, "web", "Retries", 180..<420) > 0)
        #expect(Self.sum(rows, "web", "Retries", 480..<540) == 0)
    }

    /// Cross-AZ traffic slowdown, exported for PT5M: packet loss on us-east-1a's flows to the
    /// other AZs; us-east-1a's own clients do not notice, the others' tail does.
    @Test func crossAZTrafficSlowdown() throws {
        let text = try ScenarioLibrary.scenario(named: "cross-az-traffic-slowdown").export([("duration", "PT5M")])
        let (run, rows) = try Self.run(
            "cross-az-traffic-slowdown.yaml", edit: Self.earlier, template: ("templates/cross-az-traffic-slowdown.json", text), horizon: .minutes(9))
        #expect(run.experiments.first?.actions.map(\.status) == [.completed, .completed, .skipped])
        func p99(_ w: String, _ r: Range<Double>) -> [Double] { Self.values(rows, "client/shoppers-\(w)", "Duration", "p99", r) }
        #expect(p99("b", 0..<120).allSatisfy { $0 < 100 })
        #expect(p99("b", 180..<420).allSatisfy { $0 > 500 } && p99("c", 180..<420).allSatisfy { $0 > 500 }, "b during: \(p99("b", 180..<420))")
        #expect(p99("a", 180..<420).allSatisfy { $0 < 100 }, "a during: \(p99("a", 180..<420))")
        #expect(Self.sum(rows, "db", "NetworkRetransmits", 180..<420) > 1000)
        #expect(Self.sum(rows, "db", "NetworkRetransmits", 480..<540) == 0)
        #expect(p99("b", 480..<540).allSatisfy { $0 < 100 } && p99("c", 480..<540).allSatisfy { $0 < 100 })
    }

    /// Cross-Region connectivity, exported for PT5M: nothing reaches us-west-2, the local
    /// fallback answers every request, traffic returns at the end; the sub-actions the model
    /// does not replay are skipped.
    @Test func crossRegionConnectivity() throws {
        let text = try ScenarioLibrary.scenario(named: "cross-region-connectivity").export([("duration", "PT5M")])
        let (run, rows) = try Self.run(
            "cross-region-connectivity.yaml", edit: Self.earlier, template: ("templates/cross-region-connectivity.json", text), horizon: .minutes(9))
        let e = try #require(run.experiments.first)
        #expect(e.actions.filter { $0.status == .completed }.map(\.name) == ["Disrupt-Subnet-Connectivity", "Disrupt-Transit-Gateway-Connectivity"])
        #expect(e.actions.filter { $0.status == .skipped }.count == 4)
        let before = Self.sum(rows, "pricing", "Invocations", 0..<120) / 2
        #expect(before > 2000)
        #expect(Self.sum(rows, "pricing", "Invocations", 180..<420) == 0)
        #expect(Self.sum(rows, "api", "Fallbacks", 180..<420) > 0.9 * 4 * before)
        #expect(Self.sum(rows, "pricing", "Invocations", 480..<540) > 0.9 * before)
        #expect(Self.sum(rows, "client/users", "Errors", 0..<540) == 0)
    }
}
