import FaultlineDocument
import Testing

/// ``SafeText``: what every diagnostic goes through before it is printed.
@Suite struct SafeTextTests {
    @Test func escapesEveryControlCharacter() {
        let hostile = "a\u{1B}[2Jb\u{0}c\u{7F}d\u{85}e\u{2028}f\u{2029}g\u{202E}h\u{FEFF}i\r\n\tj"
        let line = SafeText.line(hostile)
        #expect(line == "a\\u{1B}[2Jb\\0c\\u{7F}d\\u{85}e\\u{2028}f\\u{2029}g\\u{202E}h\\u{FEFF}i\\r\\n\\tj")
        #expect(SafeText.message("one\u{1B}\ntwo\tthree") == "one\\u{1B}\ntwo\tthree", "a message keeps its lines and tabs")
        #expect(SafeText.line("plain text, nothing to do") == "plain text, nothing to do")
    }

    @Test func cutsHugeValuesToAnExcerptWithTheirLength() {
        let value = String(repeating: "z", count: 1_000_000)
        let line = SafeText.line("got '\(value)', expected a duration")
        #expect(line.count < 200 && line.contains("(1000000 characters)") && line.hasSuffix("expected a duration"), "\(line)")
        let spaced = String(repeating: "ab ", count: 500_000)
        let cut = SafeText.line("head " + spaced + " tail")
        #expect(cut.count <= SafeText.maxLine + 200 && cut.hasPrefix("head ab") && cut.hasSuffix(" tail") && cut.contains("characters in all"))
        #expect(SafeText.excerpt(String(repeating: "q", count: 100), limit: 10) == "qqqqqqqqqq… (100 characters)")
    }

    @Test func diagnosticsRenderSafely() {
        let d = Diagnostic(
            file: "f\u{1B}.yaml", path: "name", location: SourceLocation(line: 1, column: 7),
            message: "bad '\u{1B}]0;owned\u{7}'", fix: "do\nthis")
        #expect(d.description == "f\\u{1B}.yaml:1:7: name: bad '\\u{1B}]0;owned\\u{7}' Fix: do\\nthis")
    }
}
