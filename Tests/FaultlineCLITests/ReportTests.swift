import Foundation
import Testing

/// `report.html`, `--check` and the analysis sections of `summary.json`, through the real binary;
/// the report is rendered in a real headless browser (Chromium) when one is installed.
@Suite struct ReportTests {
    let cli = CLITests()

    /// Chromium from Debian packages (`apt-get install -y chromium`, scripts/setup.sh); nil when
    /// absent or when `FAULTLINE_NO_CHROMIUM=1` asks to skip the browser tests.
    static let chromium: String? =
        ProcessInfo.processInfo.environment["FAULTLINE_NO_CHROMIUM"] == "1"
        ? nil
        : ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static let chromiumSkipReason: Comment =
        ProcessInfo.processInfo.environment["FAULTLINE_NO_CHROMIUM"] == "1"
        ? "FAULTLINE_NO_CHROMIUM=1: the browser check is skipped"
        : "chromium is not installed (apt-get install -y chromium, or scripts/setup.sh): the browser check is skipped"

    @Test func checkFailsWithStatus3AndOutputsAreStillWritten() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("unbuffered")
        let r = try cli.faultline(["run", "scenarios/product-api-unbuffered.yaml", "--horizon", "12m", "--out", out.path, "--check"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout.contains("hypothesis clients-see-no-errors: FAIL"))
        #expect(r.stdout.contains("measured 1"))
        #expect(r.stderr.contains("check: 1 of 1 hypotheses did not pass: clients-see-no-errors (FAIL)"))
        let summary = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(summary.contains("\"verdict\": \"FAIL\""))
        #expect(summary.contains("\"phases\": {"))
        #expect(summary.contains("\"blast_radius\": {"))
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"report.html\", \"manifest.json\"]"))
        // Without --check the same run succeeds; a passing scenario passes --check.
        #expect(try cli.faultline(["run", "scenarios/product-api-unbuffered.yaml", "--horizon", "12m", "--out", out.path, "--quiet"]).status == 0)
        let ok = try cli.faultline(["run", "scenarios/product-api.yaml", "--horizon", "12m", "--out", out.path, "--quiet", "--check"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func reportIsSelfContainedAndDeterministic() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b")
        for o in [a, b] {
            let r = try cli.faultline(["run", "scenarios/lambda-fis-stop-condition.yaml", "--horizon", "10m", "--out", o.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let html = try String(contentsOf: a.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(try Data(contentsOf: a.appendingPathComponent("report.html")) == Data(contentsOf: b.appendingPathComponent("report.html")))
        for forbidden in ["<script", "http://", "https://", "<link", "@import", "src="] {
            // The SVG namespace URI is an identifier, not a fetch.
            let text = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!text.contains(forbidden), "report.html must not load anything: found \(forbidden)")
        }
        #expect(html.contains("<h2>Timeline</h2>"))
        #expect(html.contains("alarm checkout-errors"))
        #expect(html.contains("class=\"stop\""), "the stop condition's stop is marked")
        #expect(html.contains("in effect"), "the fault's effect window from the extension's injections")
    }

    /// Renders a real report in headless Chromium and checks the DOM it built: every chart is an
    /// SVG element and the metric charts have polylines with points.
    @Test(.enabled(if: ReportTests.chromium != nil, ReportTests.chromiumSkipReason))
    func reportRendersInHeadlessChromium() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("web")
        let r = try cli.faultline(["run", "scenarios/product-api.yaml", "--horizon", "12m", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = out.appendingPathComponent("report.html")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.chromium!)
        p.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(tmp.appendingPathComponent("profile").path)",
            "--dump-dom", report.absoluteString
        ]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(dom.contains("<h1>Faultline report: product-api</h1>"), "the browser rendered the page")
        let svgs = dom.components(separatedBy: "<svg").count - 1
        #expect(svgs > 20, "a chart per resource and metric, got \(svgs)")
        // Paths with at least two points (a move and a line), as the browser serialised them.
        let paths = dom.components(separatedBy: "<path class=\"series ").dropFirst().map { $0.drop { $0 != "M" } }
        let drawn = paths.filter { $0.prefix { $0 != "\"" }.contains(" L") }
        #expect(drawn.count > 20, "non-empty charts: \(drawn.count) of \(paths.count)")
        #expect(dom.contains("Hypotheses: 2 passed, 0 not passed"))
        #expect(dom.contains("<td class=\"pass\">PASS</td>"))
    }
}

extension ReportTests {
    @Test func compareTwoRunFolders() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let a = tmp.appendingPathComponent("a"), b = tmp.appendingPathComponent("b")
        #expect(try cli.faultline(["run", "scenarios/product-api.yaml", "--horizon", "12m", "--out", a.path, "--quiet"]).status == 0)
        #expect(try cli.faultline(["run", "scenarios/product-api-unbuffered.yaml", "--horizon", "12m", "--out", b.path, "--quiet"]).status == 0)
        let r = try cli.faultline(["compare", a.path, b.path])
        #expect(r.status == 3, "a hypothesis that passed in A fails in B: the regression status. \(r.stderr)")
        #expect(r.stdout.contains("clients-see-no-errors  PASS  FAIL  changed"))
        #expect(r.stdout.contains("experiment  failed"))
        #expect(r.stdout.contains("regressions: hypothesis clients-see-no-errors"))
        #expect(try cli.faultline(["compare", a.path, a.path]).status == 0, "no regression against itself")
        let j = try cli.faultline(["compare", a.path, b.path, "--json"])
        #expect(j.status == 3 && j.stdout.hasPrefix("{\n  \"a\": {") && j.stdout.contains("\"has_regressions\": true"))
        let bad = try cli.faultline(["compare", a.path, tmp.appendingPathComponent("missing").path])
        #expect(bad.status != 0 && bad.stderr.contains("cannot read the file"))
    }
}
