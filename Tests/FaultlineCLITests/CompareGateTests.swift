import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `faultline compare` as a CI gate: the regression exit status, experiment-state changes,
/// intervals with replications, JUnit XML and GitHub annotations.
@Suite struct CompareGateTests {
    let cli = CLITests()

    /// Parses JUnit XML with Foundation's XML parser and returns (cases, failures, failing names).
    static func junit(_ url: URL) throws -> (cases: Int, failures: Int, failing: [String]) {
        final class Delegate: NSObject, XMLParserDelegate {
            var cases = 0, failures = 0, current = "", failing: [String] = []
            func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "testcase" {
                    cases += 1
                    current = (attributes["classname"] ?? "") + "/" + (attributes["name"] ?? "")
                }
                if name == "failure" {
                    failures += 1
                    failing.append(current)
                }
            }
        }
        let parser = XMLParser(data: try Data(contentsOf: url))
        let d = Delegate()
        parser.delegate = d
        #expect(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return (d.cases, d.failures, d.failing)
    }

    /// The alarm stops the experiment in B only: a regression (B's p99 even looks better).
    @Test func anExperimentStoppedByItsAlarmIsARegression() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let a = tmp.appendingPathComponent("no-alarm"), b = tmp.appendingPathComponent("alarm")
        // The whole horizon: the experiment completes at 1032 s without its alarm.
        #expect(
            try cli.faultline([
                "run", "scenarios/lambda-fis-stop-condition.yaml", "--set", "alarms[checkout-errors].threshold=1000000",
                "--out", a.path, "--quiet"
            ]).status == 0)
        #expect(try cli.faultline(["run", "scenarios/lambda-fis-stop-condition.yaml", "--out", b.path, "--quiet"]).status == 0)
        let xml = tmp.appendingPathComponent("compare.xml")
        let r = try cli.faultline(["compare", a.path, b.path, "--junit", xml.path, "--github"])
        #expect(r.status == 3, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("error-guarded  completed  stopped  changed"))
        #expect(r.stdout.contains("alarm checkout-errors, at 480 s"))
        #expect(r.stdout.contains("regressions: experiment error-guarded (completed -> stopped)"))
        #expect(r.stdout.contains("::error file=\(b.path)/summary.json,title=faultline compare"))
        let j = try Self.junit(xml)
        #expect(j.failures == 1 && j.failing == ["experiments/error-guarded"] && j.cases == 3, "\(j)")
    }

    /// Replications: the same scenario at other seeds differs nowhere significantly; the
    /// unbuffered design regresses with intervals that exclude zero (paired, same seeds).
    @Test func sweepsAreComparedWithConfidenceIntervals() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        func sweep(_ scenario: String, seed: Int, _ name: String) throws -> URL {
            let out = tmp.appendingPathComponent(name)
            let r = try cli.faultline([
                "sweep", "scenarios/\(scenario).yaml", "--replications", "4", "--seed", "\(seed)", "--horizon", "12m",
                "--jobs", "2", "--out", out.path, "--quiet"
            ])
            #expect(r.status == 0, "\(r.stderr)")
            return out
        }
        let s1 = try sweep("product-api", seed: 1, "s1"), s2 = try sweep("product-api", seed: 2, "s2")
        let su = try sweep("product-api-unbuffered", seed: 1, "su")
        let same = try cli.faultline(["compare", s1.path, s2.path])
        #expect(same.status == 0, "\(same.stdout)\n\(same.stderr)")
        #expect(same.stdout.contains("independent replications (different seeds)"))
        #expect(same.stdout.contains("no significant difference: every interval includes zero"), "\(same.stdout)")

        let xml = tmp.appendingPathComponent("gate.xml")
        let worse = try cli.faultline(["compare", s1.path, su.path, "--junit", xml.path])
        #expect(worse.status == 3, "\(worse.stdout)\n\(worse.stderr)")
        #expect(worse.stdout.contains("paired replications (same seeds: common random numbers)"))
        let verdict = worse.stdout.split(separator: "\n").first { $0.contains("hypotheses.clients-see-no-errors.pass") }
        #expect(verdict?.contains("REGRESSION") == true && verdict?.hasSuffix("[-1, -1]") == true, "passes in every A, fails in every B: \(worse.stdout)")
        let errors = worse.stdout.split(separator: "\n").first { $0.contains("services.products-api POST /productApi.errors") }
        #expect(errors?.contains("REGRESSION") == true && errors?.contains("[") == true, "the failures, with their interval: \(worse.stdout)")
        let j = try Self.junit(xml)
        #expect(j.failing.contains("hypotheses/hypotheses.clients-see-no-errors.pass"))
        #expect(j.failing.contains("metrics/services.products-api POST /productApi.errors"))
        #expect(j.cases > j.failures && j.failures >= 3)
        let json = try cli.faultline(["compare", s1.path, su.path, "--json"])
        #expect(json.status == 3 && json.stdout.contains("\"paired\": true") && json.stdout.contains("\"has_regressions\": true"))
        // A sweep and a run folder cannot be compared.
        let mixed = try cli.faultline(["compare", s1.path, tmp.path])
        #expect(mixed.status == 1 && mixed.stderr.contains("is a sweep folder"))
    }

    /// `--replications N` with two scenario files: both run replications 0..N-1 of one master
    /// seed (common random numbers), so a scenario against itself differs nowhere at all.
    @Test func scenarioFilesWithReplicationsArePaired() throws {
        let same = try cli.faultline(["compare", "scenarios/product-api.yaml", "scenarios/product-api.yaml", "--replications", "2", "--horizon", "10m"])
        #expect(same.status == 0, "\(same.stdout)\n\(same.stderr)")
        #expect(same.stdout.contains("paired replications") && same.stdout.contains("no significant difference"))
        let worse = try cli.faultline([
            "compare", "scenarios/product-api.yaml", "scenarios/product-api-unbuffered.yaml", "--replications", "2",
            "--horizon", "10m", "--json"
        ])
        #expect(worse.status == 3 && worse.stdout.contains("\"paired\": true") && worse.stdout.contains("\"regression\": true"))
        let bad = try cli.faultline(["compare", "scenarios/product-api.yaml", "scenarios/product-api.yaml", "--replications", "1"])
        #expect(bad.status == 64 && bad.stderr.contains("--replications must be 2..10000"))
    }

    /// `run --check --junit` and `sweep --junit`: a test case per hypothesis.
    @Test func runCheckAndSweepWriteJUnit() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let xml = tmp.appendingPathComponent("run.xml")
        let r = try cli.faultline([
            "run", "scenarios/product-api-unbuffered.yaml", "--horizon", "12m", "--out", tmp.appendingPathComponent("u").path,
            "--quiet", "--check", "--junit", xml.path, "--github"
        ])
        #expect(r.status == 3)
        #expect(
            r.stdout.contains(
                "::error file=scenarios/product-api-unbuffered.yaml,title=faultline run --check product-api-unbuffered%3A hypotheses clients-see-no-errors::"))
        let j = try Self.junit(xml)
        #expect(j.cases == 1 && j.failing == ["hypotheses/clients-see-no-errors"])
        let sx = tmp.appendingPathComponent("sweep.xml")
        let s = try cli.faultline([
            "sweep", "scenarios/product-api.yaml", "--replications", "2", "--horizon", "12m", "--jobs", "2",
            "--out", tmp.appendingPathComponent("s").path, "--quiet", "--junit", sx.path
        ])
        #expect(s.status == 0, "\(s.stderr)")
        let js = try Self.junit(sx)
        #expect(js.cases == 2 && js.failures == 0, "two hypotheses, both pass in every replication: \(js)")
    }
}
