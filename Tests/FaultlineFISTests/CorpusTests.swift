import FaultlineFIS
import Foundation
import Testing

/// Every template of the shared corpus (`../shared/corpus/fis-templates/`, present in CI, absent
/// on users' machines) gets the verdict its `MANIFEST.tsv` records (`validation_verdict`).
@Suite struct CorpusTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = repo.deletingLastPathComponent().appendingPathComponent("shared/corpus/fis-templates")

    struct Entry {
        var file: String
        var verdict: String
        var genuineErrors: String
    }

    static func manifest() throws -> [Entry]? {
        let url = corpus.appendingPathComponent("MANIFEST.tsv")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let f = header.firstIndex(of: "file")!, v = header.firstIndex(of: "validation_verdict")!, g = header.firstIndex(of: "genuine_errors")!
        return lines.dropFirst().map { line in
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Entry(file: cols[f], verdict: cols[v], genuineErrors: cols[g])
        }
    }

    @Test func everyVerdictAgreesWithTheManifest() throws {
        guard let entries = try Self.manifest() else {
            print("SKIPPED: FIS template corpus not found at \(Self.corpus.path); the corpus test runs only where ../shared/corpus exists (CI).")
            return
        }
        #expect(entries.count == 181)
        var agree = 0
        for e in entries {
            let text = try String(contentsOf: Self.corpus.appendingPathComponent(e.file), encoding: .utf8)
            let report = TemplateValidator.validate(text: text, file: e.file)
            if report.verdict.rawValue == e.verdict {
                agree += 1
            } else {
                let details = report.errors.map(\.description).joined(separator: "\n  ")
                Issue.record("\(e.file): verdict \(report.verdict), manifest \(e.verdict) (\(e.genuineErrors))\n  \(details)")
            }
            #expect(TemplateValidator.isTemplate(text: text, file: e.file), "\(e.file) not detected as a template")
        }
        print("FIS corpus: \(agree) of \(entries.count) verdicts agree with MANIFEST.tsv")
        #expect(agree == entries.count)
    }
}
