import Foundation
import Testing

/// Issue 10, "Never delete what Faultline did not write": every output command refuses a path
/// that is not new, empty or its own output, and says which path and how to proceed.
@Suite struct OutputSafetyTests {
    /// The message is a Faultline error with the path and a fix, never a Foundation dump.
    func expectRefusal(_ r: CLITests.Result, naming path: String, _ words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status != 0, "exit status", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(path), "names \(path): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains("Fix:"), "says how to proceed: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("Error Domain="), "\(r.stderr)", sourceLocation: sourceLocation)
        for w in words { #expect(r.stderr.contains(w), "mentions '\(w)': \(r.stderr)", sourceLocation: sourceLocation) }
    }

    @Test func runRefusesFilesForeignFoldersAndProtectedPaths() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("s.yaml", Sandbox.scenario())
        try box.write("foreign/keep.txt", "mine")
        try box.write("file.txt", "mine too")
        try box.write("../canary.txt", "canary")
        let before = Sandbox.snapshot(box.root)

        expectRefusal(try box.faultline(["run", "s.yaml", "--out", "foreign", "--quiet"]), naming: "foreign", "keep.txt", "--force")
        expectRefusal(try box.faultline(["run", "s.yaml", "--out", "file.txt", "--quiet"]), naming: "file.txt", "is a file")
        expectRefusal(try box.faultline(["run", "s.yaml", "--out", "file.txt/sub", "--quiet"]), naming: "file.txt", "is a file")
        // Never, not even with --force: "", ".", a folder above the working directory, home, /.
        for (out, what) in [
            ("", "empty"), (".", "working directory"), ("..", "above the working directory"),
            (box.root.path, "above the working directory"), (box.root.appendingPathComponent("home").path, "home folder"),
            ("/", "root folder")
        ] {
            expectRefusal(try box.faultline(["run", "s.yaml", "--out", out, "--force", "--quiet"]), naming: out.isEmpty ? "\"\"" : out, what)
        }
        #expect(Sandbox.snapshot(box.root) == before, "nothing of the user's changed")
        #expect(!box.exists("out"))
    }

    @Test func runReplacesOnlyItsOwnOutputUnlessForced() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("s.yaml", Sandbox.scenario())
        try FileManager.default.createDirectory(at: box.work.appendingPathComponent("empty"), withIntermediateDirectories: true)
        #expect(try box.faultline(["run", "s.yaml", "--out", "empty", "--quiet"]).status == 0, "an empty folder may be used")
        #expect(try box.faultline(["run", "s.yaml", "--quiet"]).status == 0)
        let first = box.read("out/tiny/summary.json")
        #expect(try box.faultline(["run", "s.yaml", "--quiet"]).status == 0, "a previous run is replaced")
        #expect(box.read("out/tiny/summary.json") == first)
        #expect(box.list("out") == ["tiny"], "no lock, staging or old folder left behind")

        try box.write("out/tiny/notes.txt", "my notes")
        expectRefusal(try box.faultline(["run", "s.yaml", "--quiet"]), naming: "out/tiny", "notes.txt")
        #expect(box.read("out/tiny/notes.txt") == "my notes")
        #expect(try box.faultline(["run", "s.yaml", "--quiet", "--force"]).status == 0, "--force replaces it")
        #expect(!box.exists("out/tiny/notes.txt"))
    }

    @Test(arguments: ["..", ".", "../../x", "a/b", "a\\\\b", "\"a\\u001bb\"", "\"a\\u2028b\"", String(repeating: "n", count: 101), ".hidden"])
    func scenarioNamesAreValidatedBeforeAnythingIsWritten(name: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("s.yaml", Sandbox.scenario(name: name))
        try box.write("out/other/keep.txt", "mine")
        let before = Sandbox.snapshot(box.root)
        for args in [["run", "s.yaml"], ["validate", "s.yaml"], ["sweep", "s.yaml", "--set", "seed=1,2", "--replications", "1"]] {
            let r = try box.faultline(args)
            #expect(r.status != 0, "\(args[0]) \(name)")
            #expect((r.stdout + r.stderr).contains("s.yaml:1:"), "located: \(r.stdout)\(r.stderr)")
            #expect((r.stdout + r.stderr).contains("not a valid scenario name"), "\(r.stdout)\(r.stderr)")
        }
        #expect(Sandbox.snapshot(box.root) == before)
        #expect(box.list("") == ["out", "s.yaml"] && box.list("out") == ["other"], "nothing created")
    }

    @Test func sweepCapacityAndMergeRefuseForeignFolders() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("s.yaml", Sandbox.scenario())
        try box.write("foreign/keep.txt", "mine")
        try box.write("foreign/sweep.csv", "mine")
        let before = Sandbox.snapshot(box.root)
        expectRefusal(
            try box.faultline(["sweep", "s.yaml", "--set", "seed=1,2", "--replications", "1", "--out", "foreign", "--quiet"]),
            naming: "foreign", "sweep.json")
        expectRefusal(
            try box.faultline([
                "capacity", "s.yaml", "--vary", "services.s.workersPerAZ", "--range", "1..2",
                "--hypothesis", "services.s.error_rate < 1", "--replications", "1", "--out", "foreign"
            ]),
            naming: "foreign", "capacity.csv")
        expectRefusal(
            try box.faultline(["sweep", "s.yaml", "--set", "seed=1,2", "--replications", "1", "--out", ".", "--force", "--quiet"]),
            naming: ".", "working directory")

        // merge: a foreign target is refused before anything is copied into it.
        #expect(try box.faultline(["sweep", "s.yaml", "--set", "seed=1,2", "--replications", "1", "--keep-runs", "--out", "s1", "--quiet"]).status == 0)
        expectRefusal(try box.faultline(["merge", "s1", "--out", "foreign"]), naming: "foreign", "sweep.json")
        #expect(box.list("foreign") == ["keep.txt", "sweep.csv"], "nothing copied")
        #expect(Sandbox.snapshot(box.root).filter { before[$0.key] != nil } == before)
        #expect(try box.faultline(["merge", "s1", "--out", "merged", "--quiet"]).status == 0)
        #expect(box.list("merged/runs") == ["p000000-r000", "p000001-r000"])
        #expect(box.read("merged/sweep.csv") == box.read("s1/sweep.csv"))
    }

    @Test func keptRunsDoNotReplaceForeignFolders() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("s.yaml", Sandbox.scenario())
        let sweep = ["sweep", "s.yaml", "--set", "seed=1,2", "--replications", "1", "--keep-runs", "--out", "sw", "--quiet"]
        #expect(try box.faultline(sweep).status == 0)
        // The points are run again (their results are gone) but one kept run holds a user file.
        try FileManager.default.removeItem(at: box.work.appendingPathComponent("sw/points"))
        try box.write("sw/runs/p000000-r000/notes.txt", "mine")
        expectRefusal(try box.faultline(sweep), naming: "sw/runs/p000000-r000", "notes.txt")
        #expect(box.read("sw/runs/p000000-r000/notes.txt") == "mine")
    }

    @Test func leftoversOfKilledRunsAreCleanedUpOnlyWhenTheyAreFaultlines() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("s.yaml", Sandbox.scenario())
        #expect(try box.faultline(["run", "s.yaml", "--quiet"]).status == 0)
        let fm = FileManager.default
        let out = box.work.appendingPathComponent("out")
        // A killed run's staging folder and a previous output left aside by a stopped swap.
        try fm.copyItem(at: out.appendingPathComponent("tiny"), to: out.appendingPathComponent(".tiny.tmp-\(deadPID)"))
        try fm.copyItem(at: out.appendingPathComponent("tiny"), to: out.appendingPathComponent(".tiny.old-\(deadPID)"))
        // Not Faultline's (a foreign file inside), or of a process still alive (this one): kept.
        try box.write("out/.tiny.tmp-\(deadPID - 1)/notes.txt", "mine")
        try fm.copyItem(at: out.appendingPathComponent("tiny"), to: out.appendingPathComponent(".tiny.tmp-\(getpid())"))
        #expect(try box.faultline(["run", "s.yaml", "--quiet"]).status == 0)
        #expect(box.list("out") == [".tiny.tmp-\(deadPID - 1)", ".tiny.tmp-\(getpid())", "tiny"].sorted())

        // A sweep's kept-run staging (runs/.pNNNNNN-rRRR.tmp-PID) is cleaned by the next sweep.
        let sweep = ["sweep", "s.yaml", "--set", "seed=1,2", "--replications", "1", "--keep-runs", "--out", "sw", "--quiet"]
        #expect(try box.faultline(sweep).status == 0)
        try fm.copyItem(
            at: box.work.appendingPathComponent("sw/runs/p000000-r000"), to: box.work.appendingPathComponent("sw/runs/.p000000-r000.tmp-\(deadPID)"))
        try box.write("sw/points/.p000001.json.tmp-\(deadPID)", "{")
        #expect(try box.faultline(sweep).status == 0)
        #expect(box.list("sw/runs") == ["p000000-r000", "p000001-r000"])
        #expect(box.list("sw/points") == ["p000000.json", "p000001.json"])
    }

    @Test func junitReportsReplaceOnlyFaultlinesOwn() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("results.xml", "<my-own-results/>")
        let scenario = CLITests.root.appendingPathComponent("scenarios/product-api.yaml").path
        func run(_ out: String, _ junit: String) throws -> CLITests.Result {
            try box.faultline(["run", scenario, "--horizon", "2m", "--check", "--quiet", "--out", out, "--junit", junit])
        }
        expectRefusal(try run("a", "results.xml"), naming: "results.xml", "not a JUnit report written by Faultline")
        #expect(box.read("results.xml") == "<my-own-results/>")
        _ = try run("b", "junit.xml")
        #expect(box.read("junit.xml")?.contains("<testsuites name=\"faultline\"") == true)
        // A previous Faultline report is what CI regenerates: replaced without --force.
        _ = try run("c", "junit.xml")
        #expect(box.read("junit.xml")?.contains("<testsuites name=\"faultline\"") == true)
        #expect(!box.list("").contains { $0.contains(".tmp-") }, "no staging file left")
    }

    @Test func scenarioExportDoesNotOverwriteAFile() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("template.json", "my own template")
        let export = ["scenario", "export", "az-application-slowdown", "--out", "template.json"]
        expectRefusal(try box.faultline(export), naming: "template.json", "exists", "--force")
        #expect(box.read("template.json") == "my own template")
        #expect(try box.faultline(export + ["--force"]).status == 0)
        #expect(box.read("template.json")?.hasPrefix("{") == true)
        #expect(try box.faultline(["scenario", "export", "az-application-slowdown", "--out", "new.json"]).status == 0)
        #expect(box.list("") == ["new.json", "template.json"], "no staging file left")
    }

    @Test func outputErrorsNameThePathAndAFix() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("s.yaml", Sandbox.scenario())
        try box.write("blocker", "a file where a folder should be")
        expectRefusal(try box.faultline(["run", "s.yaml", "--out", "blocker/a/b", "--quiet"]), naming: "blocker", "is a file")
        expectRefusal(
            try box.faultline(["sweep", "s.yaml", "--set", "seed=1", "--replications", "1", "--out", "blocker/sw", "--quiet"]),
            naming: "blocker", "is a file")
        #expect(box.read("blocker") == "a file where a folder should be")
    }
}
