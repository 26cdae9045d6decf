import FaultlineTestSupport
import Foundation
import Testing

/// The `faultline` command as a user runs it: a real process, real files.
@Suite struct CLITests {
    static let root = Fixtures.root

    /// The built `faultline` next to the test bundle.
    static var binary: URL {
        var dir = Bundle.main.bundleURL
        if dir.pathExtension == "xctest" { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("faultline")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func faultline(_ args: [String]) throws -> Result {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        p.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    @Test func runWritesOutputsAndPrintsSeedFirst() throws {
        let tmp = try tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("mmc")
        let r = try faultline(["run", "scenarios/mmc-erlang-c.yaml", "--seed", "3", "--horizon", "20m", "--period", "30s", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("seed: 3\n"))
        #expect(r.stdout.contains("station"))
        for f in ["timeline.csv", "summary.json", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(f).path), "\(f) missing")
        }
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"seed\": 3"))
        #expect(manifest.contains("\"period_s\": 30"))
        let timeline = try String(contentsOf: out.appendingPathComponent("timeline.csv"), encoding: .utf8)
        #expect(timeline.contains("\n30,station,Invocations,Sum,"), "periods of 30 s")
        #expect(!timeline.contains("\n1200,"), "nothing past the 20 minute horizon")

        // Same scenario + seed + version: byte-identical files.
        let again = tmp.appendingPathComponent("mmc2")
        _ = try faultline(["run", "scenarios/mmc-erlang-c.yaml", "--seed", "3", "--horizon", "20m", "--period", "30s", "--out", again.path, "--quiet"])
        for f in ["timeline.csv", "summary.json", "manifest.json"] {
            #expect(try Data(contentsOf: out.appendingPathComponent(f)) == Data(contentsOf: again.appendingPathComponent(f)), "\(f) differs")
        }
    }

    @Test func invalidScenarioFailsWithLocationAndWritesNothing() throws {
        let tmp = try tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let bad = tmp.appendingPathComponent("bad.yaml")
        try """
        name: bad
        regions: [{ name: r, azs: [a] }]
        services:
          - { name: s, workersPerAZ: 2, serviceTime: { lognormal: { p50: 9ms, p99: 3ms } } }
        workloads:
          - { name: w, service: t, arrivals: { poisson: { rate: 1 } } }
        """.write(to: bad, atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("out")
        let r = try faultline(["run", bad.path, "--out", out.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.yaml:4:"), "\(r.stderr)")
        #expect(r.stderr.contains("services[0].serviceTime.lognormal.p99"), "\(r.stderr)")
        #expect(r.stderr.contains("unknown service 't'"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let v = try faultline(["validate", "scenarios/mmc-erlang-c.yaml", bad.path])
        #expect(v.status == 1)
        #expect(v.stdout.contains("scenarios/mmc-erlang-c.yaml: ok"))
        #expect(v.stdout.contains("2 errors"))
    }

    @Test func failedRunLeavesNoHalfWrittenFiles() throws {
        let tmp = try tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let scenario = tmp.appendingPathComponent("limited.yaml")
        try """
        name: limited
        limits: { maxEvents: 1000 }
        regions: [{ name: r, azs: [a] }]
        services: [{ name: s, workersPerAZ: 2, serviceTime: 10ms }]
        workloads: [{ name: w, service: s, arrivals: { poisson: { rate: 100 } } }]
        """.write(to: scenario, atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("out")
        let r = try faultline(["run", scenario.path, "--out", out.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("maxEvents"), "\(r.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp.path)
        #expect(left == ["limited.yaml"], "left behind: \(left)")
    }

    @Test func rerunReplacesPreviousOutputs() throws {
        let tmp = try tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("o")
        _ = try faultline(["run", "scenarios/loss-erlang-b.yaml", "--horizon", "6m", "--out", out.path, "--seed", "1", "--quiet"])
        try "stale".write(to: out.appendingPathComponent("stale.txt"), atomically: true, encoding: .utf8)
        // A file Faultline did not write makes the folder the user's: refused (issue 10), unless --force.
        let refused = try faultline(["run", "scenarios/loss-erlang-b.yaml", "--horizon", "6m", "--out", out.path, "--seed", "2", "--quiet"])
        #expect(refused.status != 0 && refused.stderr.contains("stale.txt"), "\(refused.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("stale.txt").path))
        let r = try faultline(["run", "scenarios/loss-erlang-b.yaml", "--horizon", "6m", "--out", out.path, "--seed", "2", "--quiet", "--force"])
        #expect(r.status == 0)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("stale.txt").path))
        #expect(try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8).contains("\"seed\": 2"))
    }

    @Test func helpShowsExamplesAndBadDurationIsExplained() throws {
        let h = try faultline(["run", "--help"])
        #expect(h.stdout.contains("Examples:"))
        #expect(h.stdout.contains("--horizon"))
        let d = try faultline(["run", "scenarios/mmc-erlang-c.yaml", "--horizon", "soon"])
        #expect(d.status != 0)
        #expect(d.stderr.contains("'soon' is not a duration"), "\(d.stderr)")
    }

    @Test func overridesThatDoNotFitAreRefused() throws {
        let w = try faultline(["run", "scenarios/mmc-erlang-c.yaml", "--horizon", "5m", "--out", "/tmp/faultline-never"])
        #expect(w.status != 0)
        #expect(w.stderr.contains("warm-up (10m)"), "\(w.stderr)")
        let p = try faultline(["run", "scenarios/mmc-erlang-c.yaml", "--period", "1ms", "--out", "/tmp/faultline-never"])
        #expect(p.status != 0)
        #expect(p.stderr.contains("more than the limit of 1000000"), "\(p.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/faultline-never"))
    }

    @Test func missingFileIsAClearError() throws {
        let r = try faultline(["run", "scenarios/does-not-exist.yaml"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("scenarios/does-not-exist.yaml: cannot read the file"), "\(r.stderr)")
    }

    @Test func validateReportsTemplateVerdictsAndPlaceholders() throws {
        let tmp = try tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let good = tmp.appendingPathComponent("stop.json")
        try #"""
        {"description": "stop web", "roleArn": "${role}",
         "targets": {"web": {"resourceType": "aws:ec2:instance", "resourceTags": {"app": "web"}, "selectionMode": "PERCENT(50)"}},
         "actions": {"stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}}},
         "stopConditions": [{"source": "none"}]}
        """#.write(to: good, atomically: true, encoding: .utf8)
        let ok = try faultline(["validate", good.path, "scenarios/mmc-erlang-c.yaml"])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(
            ok.stdout.contains("stop.json: valid-modulo-placeholders (create-experiment-template input; 1 target; 1 action; 1 error caused by placeholders)"),
            "\(ok.stdout)")
        #expect(ok.stdout.contains("note: unresolved placeholders (1): ${role}"))
        #expect(ok.stdout.contains("scenarios/mmc-erlang-c.yaml: ok"))

        let bad = tmp.appendingPathComponent("bad.json")
        try #"""
        {"description": "d", "roleArn": "arn:aws:iam::210987654321:role/fis",
         "actions": {"a": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["a"], "startAfterDelay": "PT1M"}}}
        """#.write(to: bad, atomically: true, encoding: .utf8)
        let broken = tmp.appendingPathComponent("broken.json")
        try "{\n  \"actions\": {},\n}\n".write(to: broken, atomically: true, encoding: .utf8)
        let r = try faultline(["validate", good.path, bad.path, broken.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("bad.json: invalid (create-experiment-template input; 0 targets; 1 action; 3 errors)"), "\(r.stdout)")
        #expect(r.stdout.contains("bad.json:2:105: actions.a.startAfterDelay: unknown member 'startAfterDelay'"), "\(r.stdout)")
        #expect(r.stdout.contains("stopConditions: the required member 'stopConditions' is missing"))
        #expect(r.stdout.contains("actions.a.startAfter: the action 'a' waits for itself"))
        #expect(r.stdout.contains("broken.json: not-json (1 error)"))
        #expect(r.stdout.contains("broken.json:3:1: is not valid JSON: Expecting property name enclosed in double quotes"), "\(r.stdout)")
    }

    @Test func planResolvesAgainstAScenarioAndASynthesizedInventory() throws {
        let r = try faultline(["plan", "scenarios/templates/lambda-add-delay.json", "--scenario", "scenarios/lambda-fis-template.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("StartExperiment at t=600s; initiation delay 12s"), "\(r.stdout)")
        #expect(r.stdout.contains("FisReadyFunctions  aws:lambda:function  ALL  2 of 2 candidate(s)"))
        #expect(r.stdout.contains("get-item-poll120  arn:aws:lambda:us-east-1:123456789012:function:get-item-poll120"))
        #expect(r.stdout.contains("get-item-poll30  arn:aws:lambda:us-east-1:123456789012:function:get-item-poll30"))
        #expect(r.stdout.contains("add-delay  aws:lambda:invocation-add-delay  start +12s (t=612s)  end +312s (t=912s)  duration 300s"))
        // The scenario's params for this experiment fill <ACCOUNT_ID> (with a documentation account).
        #expect(!r.stdout.contains("<ACCOUNT_ID>"))
        #expect(r.stdout.contains("az=use1-az1,use1-az2,use1-az3"))

        let tmp = try tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let t = tmp.appendingPathComponent("count.json")
        try """
        { "description": "two of the tagged tasks",
          "targets": { "Tasks": { "resourceType": "aws:ecs:task", "resourceTags": { "app": "web" }, "selectionMode": "COUNT(2)" } },
          "actions": { "cpu": { "actionId": "aws:ecs:task-cpu-stress", "parameters": { "duration": "PT3M" }, "targets": { "Tasks": "Tasks" } } },
          "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::<ACCOUNT_ID>:role/fis" }
        """.write(to: t, atomically: true, encoding: .utf8)
        let s = try faultline(["plan", t.path, "--synthesize", "--seed", "9", "--param", "ACCOUNT_ID=210987654321"])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("Tasks  aws:ecs:task  COUNT(2)  2 of 6 candidate(s)"), "\(s.stdout)")
        #expect(s.stdout.components(separatedBy: "arn:aws:ecs:us-east-1:210987654321:task/tasks-").count == 3)
        #expect(s.stdout.contains("cpu  aws:ecs:task-cpu-stress  start +12s (t=12s)  end +192s (t=192s)"))
        #expect(!s.stdout.contains("not simulated"))
        #expect(!s.stdout.contains("unresolved placeholders"))
        let again = try faultline(["plan", t.path, "--synthesize", "--seed", "9", "--param", "ACCOUNT_ID=210987654321"])
        #expect(again.stdout == s.stdout)

        let both = try faultline(["plan", t.path])
        #expect(both.status != 0)
        #expect(both.stderr.contains("give exactly one of --scenario S or --synthesize"))
    }
}
