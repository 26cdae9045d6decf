import FaultlineDocument
import Testing

/// Hostile YAML documents fail fast with a located error (issue 10, "Bounded work for any input").
@Suite struct DocumentLimitsTests {
    func diagnostics(_ text: String) -> [Diagnostic] {
        do {
            _ = try DocumentParser.parse(text, file: "hostile.yaml")
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The "billion laughs": `levels` anchors, each a list of nine aliases to the one before.
    static func laughs(levels: Int) -> String {
        var lines = ["a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for i in 1...levels {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func billionLaughsIsRefusedAtTheAliasThatCrossesTheLimit() {
        let text = Self.laughs(levels: 9)
        #expect(text.utf8.count < 700)
        let ds = diagnostics(text)
        #expect(ds.count == 1)
        let d = ds.first
        #expect(d?.description.contains("at most \(DocumentLimits.maxAliasNodes)") == true, "\(ds)")
        #expect(d?.location?.line == 6, "the first alias whose expansion crosses the limit: \(ds)")
        #expect(d?.path == "a5[0]")
    }

    @Test func aliasUsesAreCounted() {
        let text = "a: &a 1\nb: [" + Array(repeating: "*a", count: DocumentLimits.maxAliases + 1).joined(separator: ",") + "]\n"
        #expect(diagnostics(text).first?.description.contains("more than \(DocumentLimits.maxAliases) aliases") == true)
    }

    @Test func smallAliasesStillExpandWithTheirOwnPaths() throws {
        let root = try DocumentParser.parse("base: &b {x: 1, y: [2]}\nother: *b\n", file: "ok.yaml")
        let other = try #require(root["other"])
        #expect(other.path == "other")
        #expect(other["y"]?.path == "other.y")
        if case .sequence(let items)? = other["y"]?.value { #expect(items.first?.path == "other.y[0]") } else { Issue.record("y not a list") }
    }

    @Test func aliasAsAKeyIsRefusedWithoutHashingIt() {
        let text = Self.laughs(levels: 4) + "m:\n  ? *a4\n  : 1\n"
        #expect(diagnostics(text).first?.description.contains("mapping key") == true)
    }

    @Test func undefinedAndSelfAliases() {
        #expect(diagnostics("a: *nope\n").first?.description.contains("'*nope'") == true)
        #expect(diagnostics("a: &s [*s]\n").first?.description.contains("'*s'") == true)
    }

    @Test func deepNestingIsRefusedNotRecursed() {
        let depth = 100_000
        let ds = diagnostics(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        #expect(ds.count == 1)
        #expect(
            ds.first?.description.contains("more than \(DocumentLimits.maxDepth) levels") == true || ds.first?.description.contains("nesting") == true, "\(ds)")
        #expect(ds.first?.location != nil)
    }

    @Test func everyDuplicateKeyIsReportedAtItsOwnLine() {
        let ds = diagnostics("name: x\nname: y\nservices:\n  web:\n    workers: 1\n    workers: 2\n  db: {a: 1, a: 2}\n")
        #expect(ds.map(\.location?.line) == [2, 6, 7], "\(ds)")
        #expect(ds.map(\.path) == ["name", "services.web.workers", "services.db.a"])
        #expect(ds[0].description.contains("first at line 1"))
    }

    @Test func secondDocumentIsRefused() {
        #expect(diagnostics("a: 1\n---\nb: 2\n").first?.location?.line == 2)
    }
}
