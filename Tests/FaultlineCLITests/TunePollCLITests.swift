import Foundation
import Testing

/// `faultline tune-poll` as a user runs it: a recommendation per invocation onset, the same
/// numbers as a run's summary.json, identical for any --jobs, and clear errors.
@Suite struct TunePollCLITests {
    static let scenario = "scenarios/poll-interval-sweep.yaml"
    static let quick = ["--replications", "2", "--horizon", "17m"]

    let cli = CLITests()
    func faultline(_ args: [String]) throws -> CLITests.Result { try cli.faultline(args) }

    static func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test func recommendsTheLargestIntervalMeetingTheBoundForAnyJobs() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b")
        let args = ["tune-poll", Self.scenario, "--onset-p90", "30s", "--grid", "120s,20s,60s"] + Self.quick
        let r1 = try faultline(args + ["--jobs", "1", "--out", a.path])
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r1.stdout.contains("recommendation: slowPoll 20s"), "\(r1.stdout)")
        let r2 = try faultline(args + ["--jobs", "2", "--out", b.path])
        let csv = try String(contentsOf: a.appendingPathComponent("tune-poll.csv"), encoding: .utf8)
        #expect(csv == (try String(contentsOf: b.appendingPathComponent("tune-poll.csv"), encoding: .utf8)), "\(r2.stderr)")
        let rows = Self.rows(csv)
        #expect(rows.map { $0["slow_poll_s"] } == ["20", "60", "120"], "sorted grid")
        let p90 = rows.compactMap { $0["onset_p90_s"].flatMap(Double.init) }
        #expect(p90.count == 3 && p90[0] <= 30 && p90[1] > 30 && p90[0] < p90[1] && p90[1] < p90[2], "p90 onsets \(p90)")
        let gets = rows.compactMap { $0["s3_gets_per_hour"].flatMap(Double.init) }
        #expect(gets[0] > gets[1] && gets[1] > gets[2], "fewer S3 GETs with longer intervals: \(gets)")
        let delivered = rows.compactMap { $0["delivered_share"].flatMap(Double.init) }
        #expect(delivered[0] > delivered[2] && delivered.allSatisfy { $0 > 0 && $0 <= 1 }, "\(delivered)")
        #expect(rows.map { $0["meets"] } == ["true", "false", "false"])
        let json = try String(contentsOf: a.appendingPathComponent("tune-poll.json"), encoding: .utf8)
        #expect(json.contains("\"recommended_slow_poll_s\": 20"), "\(json)")
    }

    /// One number, one computation: tune-poll's onset for one replication is the run's own
    /// summary.json `faults[].invocations.onset_p90_s` at that interval.
    @Test func agreesWithTheRunSummary() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let t = try faultline([
            "tune-poll", Self.scenario, "--onset-p90", "5m", "--grid", "60s", "--replications", "1", "--horizon", "17m",
            "--out", tmp.appendingPathComponent("t").path
        ])
        #expect(t.status == 0, "\(t.stderr)")
        let row = try #require(Self.rows(try String(contentsOf: tmp.appendingPathComponent("t/tune-poll.csv"), encoding: .utf8)).first)
        let run = tmp.appendingPathComponent("run")
        let r = try faultline(["run", Self.scenario, "--set", "functions[probe].fisExtension.slowPoll=60s", "--horizon", "17m", "--out", run.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("summary.json"))) as? [String: Any]
        let fault = try #require((summary?["faults"] as? [[String: Any]])?.first)
        let inv = try #require(fault["invocations"] as? [String: Any])
        #expect((inv["onset_p90_s"] as? Double).map { String(Int($0)) } == row["onset_p90_s"], "\(inv) vs \(row)")
        #expect((inv["invocations_in_window"] as? Int).map(String.init) == row["invocations"])
    }

    @Test func noIntervalMeetingTheBoundExitsOne() throws {
        let r = try faultline(["tune-poll", Self.scenario, "--onset-p90", "1s", "--grid", "20s", "--replications", "1", "--horizon", "17m"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("recommendation: none"), "\(r.stdout)")
    }

    @Test func badArgumentsAreExplained() throws {
        let low = try faultline(["tune-poll", Self.scenario, "--onset-p90", "30s", "--grid", "10s,60s"])
        #expect(low.status != 0 && low.stderr.contains("below the extension's 20 s minimum"), "\(low.stderr)")
        let bound = try faultline(["tune-poll", Self.scenario, "--onset-p90", "soon"])
        #expect(bound.status != 0 && bound.stderr.contains("--onset-p90 'soon'"), "\(bound.stderr)")
        let noFault = try faultline(["tune-poll", "scenarios/mmc-erlang-c.yaml", "--onset-p90", "30s"])
        #expect(noFault.status != 0 && noFault.stderr.contains("has no Lambda fault"), "\(noFault.stderr)")
    }
}
