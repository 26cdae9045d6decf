import Foundation
import Testing

/// Issue 10, "A scenario may only read what it should": files a scenario names resolve against
/// its folder and must stay in its tree unless allowed with --allow-read; messages never echo
/// more than a short, escaped excerpt of what they quote.
@Suite struct ReadConfinementTests {
    static let secret = "root:x:0:0:TOP-SECRET-LINE"

    /// A scenario in `box/work/s/` naming `reference` as a trace and as a template.
    func hostile(_ box: Sandbox, trace: String, template: String? = nil) throws {
        let experiment = template.map { "experiments:\n  - { name: e, template: '\($0)', start: 1m }" } ?? ""
        try box.write("s/s.yaml", Sandbox.scenario(arrivals: "trace: { file: '\(trace)' }", extra: experiment))
    }

    @Test func referencesOutsideTheScenarioFolderAreRefusedByEveryCommand() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("secret.txt", Self.secret + "\nsecond line\n")
        try box.write("s/ok.csv", "t_s\n1\n")
        try FileManager.default.createSymbolicLink(
            atPath: box.work.appendingPathComponent("s/link.csv").path,
            withDestinationPath: "../secret.txt")
        let absolute = box.work.appendingPathComponent("secret.txt").path
        let commands: [[String]] = [
            ["validate", "s/s.yaml"], ["run", "s/s.yaml", "--out", "o"], ["plan", "s/s.yaml", "--scenario", "s/s.yaml"],
            ["sweep", "s/s.yaml", "--set", "seed=1,2", "--replications", "1", "--out", "sw"],
            ["capacity", "s/s.yaml", "--vary", "services.s.workersPerAZ", "--range", "1..2", "--hypothesis", "services.s.error_rate < 1"]
        ]
        for (trace, template) in [(absolute, nil), ("../secret.txt", nil), ("link.csv", nil), ("ok.csv", "../secret.txt"), ("/dev/zero", nil)] {
            try hostile(box, trace: trace, template: template)
            try box.write("s/ok.csv", "t_s\n1\n")
            for args in commands {
                let r = try box.faultline(args)
                let all = r.stdout + r.stderr
                #expect(r.status != 0, "\(args) with \(trace)")
                #expect(!all.contains("TOP-SECRET"), "\(args) with \(trace) echoed the file: \(all)")
                #expect(
                    all.contains("--allow-read") || (trace == "/dev/zero" && all.contains("outside the scenario's folder")), "\(args) with \(trace): \(all)")
            }
        }
        #expect(!box.exists("o") && !box.exists("sw"))
    }

    @Test func allowReadLetsItThroughAndTheTreeIsReadable() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("traces/arrivals.csv", "t_s\n1\n2\n3\n")
        try hostile(box, trace: "../traces/arrivals.csv")
        #expect(try box.faultline(["validate", "s/s.yaml"]).status != 0)
        let r = try box.faultline(["validate", "s/s.yaml", "--allow-read", "traces"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        // Inside its own tree, a scenario reads freely (subfolders included).
        try box.write("s/data/arrivals.csv", "t_s\n1\n2\n3\n")
        try hostile(box, trace: "data/arrivals.csv")
        #expect(try box.faultline(["run", "s/s.yaml", "--out", "o", "--quiet"]).status == 0)
        let bad = try box.faultline(["validate", "s/s.yaml", "--allow-read", "no-such-folder"])
        #expect(bad.status != 0 && (bad.stdout + bad.stderr).contains("--allow-read no-such-folder"), "\(bad.stdout)\(bad.stderr)")
    }

    @Test func aFileThatFailsToParseIsQuotedOnlyAsAShortExcerpt() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let header = (0..<50).map { "column-\($0)-" + String(repeating: "x", count: 200) }.joined(separator: ",")
        try box.write("s/wide.csv", header + "\n1\n")
        try hostile(box, trace: "wide.csv")
        let r = try box.faultline(["validate", "s/s.yaml"])
        #expect(r.status != 0)
        #expect(r.stdout.contains("has no column 't_s'") && r.stdout.contains("45 more"), "\(r.stdout)")
        #expect(r.stdout.utf8.count < 1200, "\(r.stdout.utf8.count) bytes")
    }

    @Test func messagesEscapeControlCharactersAndCutHugeValues() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("esc.yaml", "name: x\nhorizon: \"\\e[31mred\\u2028x\\0y\"\n")
        let r = try box.faultline(["validate", "esc.yaml"])
        #expect(r.status != 0)
        #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x2028 || $0.value == 0 }, "\(r.stdout)")
        #expect(r.stdout.contains("\\u{1B}[31mred\\u{2028}x\\0y"), "\(r.stdout)")
        // The same through `run` (stderr): the escaping is in the rendering every command uses.
        let run = try box.faultline(["run", "esc.yaml", "--out", "o"])
        #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B } && run.stderr.contains("\\u{1B}"), "\(run.stderr)")

        let huge = String(repeating: "A", count: 10_000_000)
        try box.write("big.yaml", "name: x\nhorizon: \"\(huge)\"\n")
        let big = try box.faultline(["validate", "big.yaml"])
        #expect(big.status != 0)
        #expect(big.stdout.utf8.count < 2000, "\(big.stdout.utf8.count) bytes")
        #expect(big.stdout.contains("(10000000 characters)"), "\(big.stdout.prefix(500))")
    }
}
