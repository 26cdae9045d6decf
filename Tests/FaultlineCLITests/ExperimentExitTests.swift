import Foundation
import Testing

/// `faultline run` says what the experiment did and exits 4 when it did not run as the scenario
/// expects (issue 11: a failed experiment used to print "no experiment; the whole run is steady
/// state" and exit 0; one starting after the horizon was recorded `completed`).
@Suite struct ExperimentExitTests {
    let cli = CLITests()

    @Test func notStartedExitsFourUnlessExpected() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let base = ["run", "scenarios/lambda-fis-stop-condition.yaml", "--horizon", "6m", "--set", "experiments[error-guarded].start=7m"]
        let r = try cli.faultline(base + ["--out", tmp.appendingPathComponent("a").path])
        #expect(r.status == 4, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("experiment error-guarded (templates/lambda-error-stop-condition.json): not started: StartExperiment at 420"), "\(r.stdout)")
        #expect(r.stderr.contains("experiment: error-guarded ended not started"), "\(r.stderr)")
        #expect(r.stderr.contains("add 'expect: not started'"))
        // The outputs are written all the same, with the state in summary.json.
        let summary = try String(contentsOf: tmp.appendingPathComponent("a/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"state\": \"not started\""))

        let ok = try cli.faultline(base + ["--set", "experiments[error-guarded].expect=not started", "--out", tmp.appendingPathComponent("b").path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("(as expected)"))
    }

    @Test func stoppedRunLeadsWithTheOutcomeInAboutFifteenLines() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = try cli.faultline(["run", "scenarios/lambda-fis-stop-condition.yaml", "--out", tmp.path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count <= 18, "\(r.stdout)")
        #expect(lines.dropFirst(2).first?.hasPrefix("experiment error-guarded") == true, "the outcome leads: \(r.stdout)")
        #expect(r.stdout.contains("stopped at 480 s: Experiment halted by stop condition (alarm checkout-errors)"))
        #expect(r.stdout.contains("report: \(tmp.path)/report.html"))
        #expect(!r.stdout.contains("p99 ms"), "the per-service table waits for --details")
        let d = try cli.faultline(["run", "scenarios/lambda-fis-stop-condition.yaml", "--details", "--out", tmp.path + "-d"])
        defer { try? FileManager.default.removeItem(atPath: tmp.path + "-d") }
        #expect(d.stdout.contains("per service (a request counts at every service it passes through):") && d.stdout.contains("p99 ms"))
    }
}
