import Foundation
import Testing

/// One point of a sweep run on its own (`run --set`, `--replication`), kept runs written by the
/// same code as `faultline run`, and the scenario's hypotheses in sweeps and capacity searches.
@Suite struct WhatIfCLITests {
    let cli = CLITests()

    func faultline(_ args: [String]) throws -> CLITests.Result { try cli.faultline(args) }

    func files(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func data(_ dir: URL, _ name: String) throws -> Data {
        try Data(contentsOf: dir.appendingPathComponent(name))
    }

    func text(_ dir: URL, _ name: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }

    /// `run --set` changes the result exactly as editing the file does: every output is
    /// byte-identical to a run of the edited copy, except the manifest's scenario_hash (which
    /// covers the overrides instead of the edited text).
    @Test func runSetMatchesAnEditedCopy() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let original = try String(contentsOf: CLITests.root.appendingPathComponent("scenarios/mmc-erlang-c.yaml"), encoding: .utf8)
        let edited = original.replacingOccurrences(of: "workersPerAZ: 10", with: "workersPerAZ: 11")
            .replacingOccurrences(of: "arrivals: { poisson: { rate: 9 } }", with: "arrivals: { poisson: { rate: 8.5 } }")
        #expect(edited != original)
        let copy = tmp.appendingPathComponent("edited.yaml")
        try edited.write(to: copy, atomically: true, encoding: .utf8)
        let a = tmp.appendingPathComponent("set"), b = tmp.appendingPathComponent("edited")
        let r = try faultline([
            "run", "scenarios/mmc-erlang-c.yaml", "--set", "services.station.workersPerAZ=11",
            "--set", "workloads[poisson-9].arrivals={ poisson: { rate: 8.5 } }", "--horizon", "30m", "--out", a.path
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try faultline(["run", copy.path, "--horizon", "30m", "--quiet", "--out", b.path]).status == 0)
        #expect(try files(a) == ["manifest.json", "report.html", "summary.json", "timeline.csv"])
        #expect(try files(a) == (try files(b)))
        for f in ["timeline.csv", "summary.json", "report.html"] {
            #expect(try data(a, f) == (try data(b, f)), "\(f)")
        }
        let ma = try text(a, "manifest.json").split(separator: "\n"), mb = try text(b, "manifest.json").split(separator: "\n")
        let differing = zip(ma, mb).filter { $0 != $1 }.map { String($0.0) }
        #expect(ma.count == mb.count && differing.count == 1 && differing[0].contains("\"scenario_hash\""), "\(differing)")
        // And it differs from the scenario as written.
        let plain = tmp.appendingPathComponent("plain")
        #expect(try faultline(["run", "scenarios/mmc-erlang-c.yaml", "--horizon", "30m", "--quiet", "--out", plain.path]).status == 0)
        #expect(try data(plain, "summary.json") != (try data(a, "summary.json")))

        // One value per --set; a wrong path lists what exists; nothing is written.
        let two = try faultline([
            "run", "scenarios/mmc-erlang-c.yaml", "--set", "services.station.workersPerAZ=10,12", "--out", tmp.appendingPathComponent("x").path
        ])
        #expect(two.status != 0)
        #expect(two.stderr.contains("gives 2 values; run takes one value per --set"), "\(two.stderr)")
        let bad = try faultline([
            "run", "scenarios/mmc-erlang-c.yaml", "--set", "services.stations.workersPerAZ=12", "--out", tmp.appendingPathComponent("y").path
        ])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("services has no item named 'stations'; its names are station"), "\(bad.stderr)")
        let invalid = try faultline([
            "run", "scenarios/mmc-erlang-c.yaml", "--set", "services.station.workersPerAZ=lots", "--out", tmp.appendingPathComponent("z").path
        ])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("services[0].workersPerAZ"), "\(invalid.stderr)")
        for d in ["x", "y", "z"] { #expect(!FileManager.default.fileExists(atPath: tmp.appendingPathComponent(d).path)) }
    }

    /// `sweep --keep-runs` writes every run with `faultline run`'s own code: each kept run is
    /// byte-identical to `faultline run --set ... --replication R` (report.html, summary.json's
    /// phases, blast_radius and hypotheses, manifest.json included), and the sweep's table is
    /// the same with and without --keep-runs. sweep.csv's hypothesis pass share is the share of
    /// kept runs whose verdict is PASS.
    @Test func keptRunsAreByteIdenticalToRuns() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let set = "functions[add-product].reservedConcurrency=200"
        let common = ["sweep", "scenarios/product-api.yaml", "--set", set, "--replications", "2", "--horizon", "12m", "--quiet", "--jobs", "2"]
        let kept = tmp.appendingPathComponent("kept"), bare = tmp.appendingPathComponent("bare")
        let r = try faultline(common + ["--keep-runs", "--out", kept.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try faultline(common + ["--out", bare.path]).status == 0)
        #expect(try data(kept, "sweep.csv") == (try data(bare, "sweep.csv")))
        var passes: [Double] = []
        for rep in 0..<2 {
            let run = kept.appendingPathComponent("runs/p000000-r00\(rep)")
            let single = tmp.appendingPathComponent("run\(rep)")
            let s = try faultline([
                "run", "scenarios/product-api.yaml", "--set", set, "--replication", "\(rep)", "--horizon", "12m", "--quiet",
                "--out", single.path
            ])
            #expect(s.status == 0, "\(s.stderr)")
            #expect(try files(run) == ["manifest.json", "report.html", "summary.json", "timeline.csv"])
            #expect(try files(run) == (try files(single)))
            for f in try files(run) { #expect(try data(run, f) == (try data(single, f)), "replication \(rep): \(f)") }
            let summary = try JSONSerialization.jsonObject(with: data(run, "summary.json")) as? [String: Any] ?? [:]
            #expect(summary["phases"] != nil && summary["blast_radius"] != nil)
            let hypotheses = summary["hypotheses"] as? [[String: Any]] ?? []
            #expect(hypotheses.count == 2)
            passes.append(hypotheses.first { $0["name"] as? String == "clients-see-no-errors" }?["verdict"] as? String == "PASS" ? 1 : 0)
        }
        // sweep.csv: the pass share of each hypothesis and of all of them.
        let lines = try text(kept, "sweep.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0], row = lines[1]
        func column(_ name: String) -> String? { header.firstIndex(of: name).map { row[$0] } }
        #expect(column("hypotheses.clients-see-no-errors.pass.mean").flatMap(Double.init) == passes.reduce(0, +) / 2)
        #expect(column("hypotheses.clients-see-no-errors.pass.n") == "2")
        #expect(column("hypotheses.latency-recovers.pass.mean") != nil)
        #expect(column("hypotheses.all_pass.mean") != nil)
        #expect(column("hypotheses.clients-see-no-errors.measured.mean") != nil)
    }

    /// capacity-reserved-concurrency.yaml's hypotheses (no-throttling: Throttles Sum over the
    /// run < 1; throttle-rate: Throttles / Invocations < 0.1 %) decide exactly as the expression
    /// 'services.get-item.throttled < 1' (0 throttles also means a rate of 0): the same
    /// evaluations, passes and answer, by default (all of them) and by name (CapacityGoalTests covers
    /// `--hypothesis scenario`).
    @Test func capacityWithTheScenarioHypothesesMatchesTheExpression() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let base = [
            "capacity", "scenarios/capacity-reserved-concurrency.yaml", "--vary", "functions[get-item].reservedConcurrency",
            "--range", "140..148", "--replications", "2", "--horizon", "7m", "--jobs", "2"
        ]
        var tables: [String] = []
        var answers: [String] = []
        for (i, extra) in [[], ["--hypothesis", "no-throttling"], ["--hypothesis", "services.get-item.throttled < 1"]].enumerated() {
            let dir = tmp.appendingPathComponent("c\(i)")
            let r = try faultline(base + extra + ["--out", dir.path])
            #expect(r.status == 0, "\(extra): \(r.stderr)")
            tables.append(try text(dir, "capacity.csv"))
            answers.append(r.stdout.split(separator: "\n").first { $0.hasPrefix("answer: ") }.map(String.init) ?? "")
            if i == 0 {
                #expect(r.stdout.contains("hypothesis: no-throttling (scenario): Throttles Sum of get-item during run < 1"), "\(r.stdout)")
                #expect(r.stdout.contains("hypothesis: throttle-rate (scenario): Throttles / Invocations of get-item during run < 0.001"), "\(r.stdout)")
            }
        }
        #expect(Set(tables).count == 1, "\(tables)")
        #expect(Set(answers).count == 1, "\(answers)")
        #expect(answers[0].hasPrefix("answer: functions[get-item].reservedConcurrency="), "\(answers[0])")
        // Some evaluated values fail and some meet, so the comparison decides something.
        #expect(tables[0].contains(",false\n") && tables[0].contains(",true\n"), "\(tables[0])")

        let unknown = try faultline(base + ["--hypothesis", "no-throttle"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("its hypotheses are no-throttling, throttle-rate"), "\(unknown.stderr)")
        let none = try faultline(["capacity", "scenarios/mmc-erlang-c.yaml", "--vary", "services.station.workersPerAZ", "--range", "9..12"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("the scenario has no hypotheses: and no --hypothesis was given"), "\(none.stderr)")
    }
}
