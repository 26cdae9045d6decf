import FaultlineFIS
import FaultlineScenario
import Foundation
import Testing

/// Corpus replay (docs/fis-templates.md, *Corpus replay*): every corpus template through a
/// synthesized scenario and a run, classified replayed / correctly refused / blocked (by
/// category). The replayed count may only go up; nothing may crash or hang.
@Suite struct CorpusReplayTests {
    static let corpus = SharedCorpus.fisTemplates

    /// Measured on this branch (docs/fis-templates.md): raise it when more templates replay.
    static let replayedAtLeast = 74
    static let correctlyRefused = 17

    static func manifest() throws -> [(file: String, fis: Verdict)] {
        let rows = try String(contentsOf: corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0]
        let fileCol = try #require(header.firstIndex(of: "file")), fisCol = try #require(header.firstIndex(of: "fis_verdict"))
        return try rows.dropFirst().map { r in (r[fileCol], try #require(Verdict(rawValue: r[fisCol]), "\(r[fisCol])")) }
    }

    @Test(
        .enabled(if: SharedCorpus.isPresent, "FIS template corpus not found at ../shared/corpus/fis-templates (it is there in CI)"),
        .timeLimit(.minutes(5)))
    func corpusReplayShare() throws {
        let rows = try Self.manifest()
        #expect(rows.count == 181)
        var outcomes: [ReplayOutcome] = []
        for (file, fis) in rows {
            let text = try String(contentsOf: Self.corpus.appendingPathComponent(file), encoding: .utf8)
            outcomes.append(TemplateReplay.replay(text: text, file: file, fisVerdict: fis))
        }
        let replayed = outcomes.filter { $0.kind == .replayed }.count
        let refused = outcomes.filter { $0.kind == .correctlyRefused }.count
        // The per-template list and the share table (scripts/corpus-replay.sh prints them).
        for o in outcomes {
            print("replay: \(o.file)\t\(o.kind.rawValue)\t\(o.finalState?.rawValue ?? "-")\t\(o.blockers.map(\.description).joined(separator: "; "))")
        }
        print(ReplayOutcome.table(outcomes).split(separator: "\n", omittingEmptySubsequences: false).map { "replay-table: \($0)" }.joined(separator: "\n"))
        #expect(replayed >= Self.replayedAtLeast, "fewer corpus templates replay than measured (\(replayed) < \(Self.replayedAtLeast))")
        #expect(refused == Self.correctlyRefused)
        #expect(outcomes.filter { $0.kind == .disagreesWithFIS }.isEmpty)
        // A synthesized scenario that the loader refuses or that does not run is a synthesizer
        // bug, not a model gap: list them.
        for o in outcomes where o.category == .runFailed { Issue.record("\(o.file): \(o.blockers)") }
    }
}
