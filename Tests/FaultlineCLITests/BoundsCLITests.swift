import Foundation
import Testing

/// Issue 10's smaller CLI findings: --quiet, plan's exit status, a template given to run,
/// --allow-unknown-actions, and hostile inputs refused quickly with the limit named.
@Suite struct BoundsCLITests {
    let cli = CLITests()

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let unknownAction = """
        {"description": "t", "targets": {"i": {"resourceType": "aws:ec2:instance", "resourceTags": {"a": "b"}, "selectionMode": "ALL"}},
         "actions": {"s": {"actionId": "aws:ec2:stop-instance", "targets": {"Instances": "i"}}},
         "stopConditions": [{"source": "none"}], "roleArn": "arn:aws:iam::210987654321:role/fis"}
        """

    @Test func quietPrintsNothingButErrors() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = try cli.faultline(["run", "scenarios/mmc-erlang-c.yaml", "--horizon", "11m", "--quiet", "--out", tmp.appendingPathComponent("o").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "quiet printed: \(r.stdout)")
        #expect(r.stderr.isEmpty)
        let help = try cli.faultline(["run", "--help"])
        #expect(help.stdout.contains("Print nothing but errors: no seed"))
    }

    @Test func planExitsNonZeroWhenFISWouldRefuseTheTemplate() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let t = try write(Self.unknownAction, "t.json", in: tmp)
        let r = try cli.faultline(["plan", t, "--synthesize"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("actions (offsets"), "the plan is still shown")
        #expect(r.stderr.contains("FIS would refuse"))
        #expect(r.stderr.contains("aws:ec2:stop-instance"))
        let allowed = try cli.faultline(["plan", t, "--synthesize", "--allow-unknown-actions"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let v = try cli.faultline(["validate", t])
        #expect(v.status == 1)
        #expect(v.stdout.contains("invalid"))
        #expect(try cli.faultline(["validate", t, "--allow-unknown-actions"]).status == 0)
        // Placeholders alone do not make plan fail.
        #expect(try cli.faultline(["plan", "scenarios/templates/ec2-stop-workers.json", "--synthesize"]).status == 0)
    }

    @Test func runOnATemplateSaysItIsATemplate() throws {
        let r = try cli.faultline(["run", "scenarios/templates/lambda-add-delay.json"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("is an FIS experiment template, not a Faultline scenario"), "\(r.stderr)")
        #expect(r.stderr.contains("faultline plan"))
        #expect(r.stderr.contains("experiments:"))
        let s = try cli.faultline(["sweep", "scenarios/templates/lambda-add-delay.json", "--set", "seed=1,2"])
        #expect(s.stderr.contains("is an FIS experiment template"), "\(s.stderr)")
    }

    @Test func hostileInputsFailFastWithTheLimitNamed() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        // A 10,000-action startAfter chain (a stack overflow in validate, plan and run before).
        let actions = (0..<10_000).map { i in
            #""a\#(i)": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}\#(i > 0 ? ", \"startAfter\": [\"a\(i - 1)\"]" : "")}"#
        }.joined(separator: ",")
        let chain = try write(
            #"{"description": "c", "targets": {}, "actions": {\#(actions)}, "stopConditions": [{"source": "none"}], "roleArn": "arn:aws:iam::210987654321:role/fis"}"#,
            "chain.json", in: tmp)
        let v = try cli.faultline(["validate", chain])
        #expect(v.status == 1)
        #expect(v.stdout.contains("has 10000 actions; FIS allows at most 20"))
        let p = try cli.faultline(["plan", chain, "--synthesize"])
        #expect(p.status == 1)
        #expect(p.stderr.contains("at most 20"))
        // Twenty --set lists of ten values: 10^20 points, an overflow before.
        let sets = (0..<20).flatMap { _ in ["--set", "seed=1,2,3,4,5,6,7,8,9,10"] }
        let s = try cli.faultline(["sweep", "scenarios/mmc-erlang-c.yaml", "--out", tmp.appendingPathComponent("s").path] + sets)
        #expect(s.status != 0)
        #expect(s.stderr.contains("10 x 10 x 10"), "\(s.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent("s").path), "nothing written")
    }
}
