import Foundation
import Testing

/// `faultline import` and `faultline run STACK --overlay` as a user runs them (a real process):
/// the README example, the files written, refusing to overwrite a file it did not write.
@Suite struct ImportCLITests {
    let cli = CLITests()

    @Test func theREADMEExampleImportsAndRuns() throws {
        let dir = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("nested/orders.yaml").path
        let i = try cli.faultline(["import", "examples/import/orders/template.yaml", "--overlay", "examples/import/orders/overlay.yaml", "--out", out])
        #expect(i.status == 0, "\(i.stderr)")
        #expect(i.stdout.contains("imported: 2 functions, 2 queues, 1 tables, 1 APIs, 1 alarms, 1 experiments, 1 dashboards"))
        #expect(i.stdout.contains("predicted Lambda fault onset and tail (poll model):\n  place-order-prod: onset in warm environments up to 30 s"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("nested/orders-templates/SlowStartExperiment.json").path))
        let r = try cli.faultline(["run", out, "--horizon", "16m", "--out", dir.appendingPathComponent("run").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("experiment SlowStartExperiment (orders-templates/SlowStartExperiment.json): completed"), "\(r.stdout)")
        #expect(r.stdout.contains("SlowStart (aws:lambda:invocation-add-delay): completed"), "\(r.stdout)")
        let report = try String(contentsOfFile: dir.appendingPathComponent("run/report.html").path, encoding: .utf8)
        #expect(report.contains("<section id=\"dashboards\">") && report.contains("<strong>Queue backlog</strong>"))
        // Importing again overwrites its own files; a file it did not write is left alone.
        #expect(try cli.faultline(["import", "examples/import/orders/template.yaml", "--out", out, "--quiet"]).status == 0)
        let foreign = dir.appendingPathComponent("mine.yaml")
        try "name: mine\n".write(to: foreign, atomically: true, encoding: .utf8)
        let refused = try cli.faultline(["import", "examples/import/orders/template.yaml", "--out", foreign.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("was not written by faultline import; not overwriting it"))
        #expect(try String(contentsOf: foreign, encoding: .utf8) == "name: mine\n")
    }

    @Test func runAStackDirectlyWithAnOverlay() throws {
        let dir = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try cli.faultline([
            "run", "examples/import/orders/template.yaml", "--overlay", "examples/import/orders/overlay.yaml",
            "--horizon", "12m", "--out", dir.appendingPathComponent("run").path
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("scenario: orders  horizon: 12m"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("run/experiment.json").path))
    }

    @Test func hclIsRefusedWithTheFix() throws {
        let dir = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tf = dir.appendingPathComponent("main.tf")
        try "resource \"aws_sqs_queue\" \"q\" {}\n".write(to: tf, atomically: true, encoding: .utf8)
        let r = try cli.faultline(["import", tf.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("terraform show -json"))
    }

    /// Every example of `faultline import --help` runs as written (from the repository root).
    @Test func everyHelpExampleRuns() throws {
        let help = try cli.faultline(["import", "--help"]).stdout
        let flat = help.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        let examples = [
            "faultline import examples/import/orders/template.yaml --out out/orders.yaml",
            "faultline import examples/import/orders/template.yaml --overlay examples/import/orders/overlay.yaml --out out/orders.yaml",
            "faultline import examples/import/cdk.out --out out/worker.yaml",
            "faultline import examples/import/plan.json --out out/tf.yaml"
        ]
        for line in examples {
            #expect(flat.contains(line), "the help shows \(line)")
            let r = try cli.faultline(line.split(separator: " ").dropFirst().map(String.init) + ["--quiet"])
            #expect(r.status == 0, "\(line): \(r.stderr)")
        }
    }
}
