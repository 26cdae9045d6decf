import FaultlineDocument
import FaultlineFIS
import FaultlineTestSupport
import Foundation
import Testing

/// Every template of the shared corpus (`../shared/corpus/fis-templates/`, present in CI, absent
/// on users' machines) gets the verdict its `MANIFEST.tsv` records: `fis_verdict` (what FIS itself
/// answers, knowing its action IDs) by default, and `validation_verdict` (the botocore model's
/// answer) with `allowUnknownActions`.
@Suite struct CorpusTests {
    static let corpus = SharedCorpus.fisTemplates

    struct Entry {
        var file: String
        var verdict: String
        var fisVerdict: String
        var genuineErrors: String
    }

    static func manifest() throws -> [Entry]? {
        let url = corpus.appendingPathComponent("MANIFEST.tsv")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let f = header.firstIndex(of: "file")!, v = header.firstIndex(of: "validation_verdict")!, g = header.firstIndex(of: "genuine_errors")!
        let fv = header.firstIndex(of: "fis_verdict")!
        return lines.dropFirst().map { line in
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Entry(file: cols[f], verdict: cols[v], fisVerdict: cols[fv], genuineErrors: cols[g])
        }
    }

    /// REPORT.md §4.2: "`file` | ... json error: ...: line L column C (char N) |".
    static func notJSONLocations() throws -> [String: FaultlineDocument.SourceLocation] {
        let text = try String(contentsOf: corpus.appendingPathComponent("REPORT.md"), encoding: .utf8)
        var out: [String: FaultlineDocument.SourceLocation] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") && line.contains("json error:") {
            let file = line.dropFirst(3).prefix { $0 != "`" }
            guard let r = line.range(of: ": line ") else { continue }
            let nums = line[r.upperBound...].split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
            if nums.count == 2 { out[String(file)] = FaultlineDocument.SourceLocation(line: nums[0], column: nums[1]) }
        }
        return out
    }

    @Test(.enabled(if: SharedCorpus.isPresent, "FIS template corpus not found at ../shared/corpus/fis-templates (it is there in CI)"))
    func everyVerdictAgreesWithTheManifest() throws {
        let entries = try #require(try Self.manifest())
        #expect(entries.count == 181)
        let notJSON = try Self.notJSONLocations()
        #expect(notJSON.count == 8)
        var agree = 0
        for e in entries {
            let text = try String(contentsOf: Self.corpus.appendingPathComponent(e.file), encoding: .utf8)
            let strict = TemplateValidator.validate(text: text, file: e.file)
            let report = TemplateValidator.validate(text: text, file: e.file, allowUnknownActions: true)
            if strict.verdict.rawValue == e.fisVerdict && report.verdict.rawValue == e.verdict {
                agree += 1
            } else {
                let details = strict.errors.map(\.description).joined(separator: "\n  ")
                Issue.record(
                    "\(e.file): verdict \(strict.verdict) (\(report.verdict) allowing unknown actions), manifest fis_verdict \(e.fisVerdict), validation_verdict \(e.verdict) (\(e.genuineErrors))\n  \(details)"
                )
            }
            #expect(TemplateValidator.isTemplate(text: text, file: e.file), "\(e.file) not detected as a template")
            if e.verdict == "invalid" {
                // The genuine errors are the ones REPORT.md §4.1 lists, by JSON path.
                let expected = Set(e.genuineErrors.components(separatedBy: "; ").map { String($0.prefix { $0 != ":" }) })
                #expect(Set(report.genuineErrors.map(\.diagnostic.path)) == expected, "\(e.file)")
            }
            if e.verdict == "not-json", let where_ = notJSON[e.file] {
                #expect(report.errors.first?.diagnostic.location == where_, "\(e.file): Python's json says \(where_)")
            }
        }
        print("FIS corpus: \(agree) of \(entries.count) verdicts agree with MANIFEST.tsv (fis_verdict, and validation_verdict with --allow-unknown-actions)")
        #expect(entries.contains { $0.fisVerdict != $0.verdict }, "the manifest's fis_verdict differs from validation_verdict on at least one file")
        #expect(agree == entries.count)
    }
}
