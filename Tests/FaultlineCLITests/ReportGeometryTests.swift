import Foundation
import Testing

/// The charts of every shipped scenario's `report.html`, measured in a real browser: headless
/// Chromium lays out each page with a measuring script appended to a copy of it, and every
/// `<text>` box of every SVG must lie inside its SVG's viewport and overlap no other label.
/// (The bug this catches: y labels of 1,000 and above lost their leading digits off the left
/// edge, so a 2,564 ms p99 read "564.095".)
@Suite struct ReportGeometryTests {
    let cli = CLITests()

    /// The measuring script: one JSON line of problems in `<pre id="geometry-result">`.
    static let script = """
        <script>
        (function () {
          var problems = [], charts = 0, texts = 0;
          var svgs = document.querySelectorAll('svg');
          for (var s = 0; s < svgs.length; s++) {
            var svg = svgs[s]; charts++;
            var v = svg.getBoundingClientRect();
            var t0 = svg.querySelector('title');
            var name = t0 ? t0.textContent : ('svg ' + s);
            var boxes = [];
            var ts = svg.querySelectorAll('text');
            for (var i = 0; i < ts.length; i++) {
              texts++;
              var r = ts[i].getBoundingClientRect();
              if (r.width === 0 && r.height === 0) continue;
              var label = ts[i].textContent;
              if (r.left < v.left - 0.5 || r.right > v.right + 0.5 || r.top < v.top - 0.5 || r.bottom > v.bottom + 0.5)
                problems.push('outside its chart: "' + label + '" in "' + name + '" [' + Math.round(r.left - v.left) + '..' + Math.round(r.right - v.left) + ' of ' + Math.round(v.width) + ']');
              for (var j = 0; j < boxes.length; j++) {
                var b = boxes[j].r;
                if (Math.min(r.right, b.right) - Math.max(r.left, b.left) > 0.5 && Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top) > 0.5)
                  problems.push('overlap: "' + label + '" and "' + boxes[j].label + '" in "' + name + '"');
              }
              boxes.push({ r: r, label: label });
            }
          }
          var pre = document.createElement('pre');
          pre.id = 'geometry-result';
          pre.textContent = JSON.stringify({ charts: charts, texts: texts, problems: problems });
          document.body.appendChild(pre);
        })();
        </script>
        """

    struct Measured: Decodable {
        var charts: Int
        var texts: Int
        var problems: [String]
    }

    /// Lays out `report` in headless Chromium and returns what the script measured.
    static func measure(_ report: URL, in dir: URL) throws -> Measured {
        let html = try String(contentsOf: report, encoding: .utf8)
        let page = dir.appendingPathComponent("measure-" + report.deletingLastPathComponent().lastPathComponent + ".html")
        try html.replacingOccurrences(of: "</body>", with: script + "\n</body>").write(to: page, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ReportTests.chromium!)
        p.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,900",
            "--user-data-dir=\(dir.appendingPathComponent("profile-" + page.lastPathComponent).path)",
            "--dump-dom", page.absoluteString
        ]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard let a = dom.range(of: "<pre id=\"geometry-result\">"), let b = dom.range(of: "</pre>", range: a.upperBound..<dom.endIndex) else {
            throw CocoaError(
                .fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no measurement in the DOM of \(report.path) (status \(p.terminationStatus))"])
        }
        let json = String(dom[a.upperBound..<b.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        return try JSONDecoder().decode(Measured.self, from: Data(json.utf8))
    }

    /// Every shipped scenario, its run capped at 20 simulated minutes to keep the suite lean (the
    /// charts, their series and their scales' magnitudes are the same; only the time axis is shorter).
    @Test(.enabled(if: ReportTests.chromium != nil, ReportTests.chromiumSkipReason))
    func noChartLabelLeavesItsChartOrOverlapsAnother() throws {
        let tmp = try cli.tempDir()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: CLITests.root.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(scenarios.count >= 20)
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for (i, name) in scenarios.enumerated() where i % 2 == worker {
                let out = tmp.appendingPathComponent(String(name.dropLast(5)))
                do {
                    let r = try CLITests().faultline(["run", "scenarios/\(name)", "--horizon", "20m", "--out", out.path, "--quiet"])
                    guard r.status == 0 || r.status == 3 else {
                        results.add(name, .failure("run exited \(r.status): \(r.stderr)"))
                        continue
                    }
                    results.add(name, .success(try Self.measure(out.appendingPathComponent("report.html"), in: tmp)))
                } catch {
                    results.add(name, .failure("\(error)"))
                }
            }
        }
        let all = results.sorted()
        #expect(all.count == scenarios.count)
        for (name, result) in all {
            switch result {
            case .success(let m):
                #expect(m.charts > 3 && m.texts > 20, "\(name): \(m.charts) charts, \(m.texts) labels measured")
                #expect(m.problems.isEmpty, "\(name): \(m.problems.count) label problems: \(m.problems.prefix(8).joined(separator: "; "))")
            case .failure(let problem):
                Issue.record("\(name): \(problem)")
            }
        }
    }
}

/// Results gathered by the two workers.
final class LockedResults: @unchecked Sendable {
    enum Outcome {
        case success(ReportGeometryTests.Measured)
        case failure(String)
    }

    private let lock = NSLock()
    private var items: [(String, Outcome)] = []

    func add(_ name: String, _ o: Outcome) {
        lock.lock()
        items.append((name, o))
        lock.unlock()
    }

    func sorted() -> [(String, Outcome)] {
        lock.lock()
        defer { lock.unlock() }
        return items.sorted { $0.0 < $1.0 }
    }
}
