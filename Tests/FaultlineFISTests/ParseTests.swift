import FaultlineDocument
import FaultlineFIS
import Testing

/// Files that are not JSON get `not-json` with Python's line and column.
@Suite struct ParseTests {
    @Test func trailingCommaIsNotJSON() {
        let r = check("{\n  \"description\": \"d\",\n  \"roleArn\": \"x\",\n}\n")
        #expect(r.verdict == .notJSON)
        #expect(r.form == nil)
        let d = r.errors[0].diagnostic
        #expect(d.location == SourceLocation(line: 4, column: 1))
        #expect(d.message == "is not valid JSON: Expecting property name enclosed in double quotes")
        #expect(d.fix?.contains("trailing comma") == true)
        #expect(d.description.hasPrefix("t.json:4:1: "))
    }

    @Test func terraformInterpolationOutsideAStringIsNotJSON() {
        let r = check("{\n  \"description\": \"d\",\n  \"targets\": ${targets}\n}")
        #expect(r.verdict == .notJSON)
        #expect(r.errors[0].diagnostic.location == SourceLocation(line: 3, column: 14))
        #expect(r.errors[0].diagnostic.message == "is not valid JSON: Expecting value")
        #expect(r.errors[0].diagnostic.path == "targets")
    }

    @Test func jsonParserKeepsLocationsAndTypes() throws {
        let r = try JSONParser.parse("{\"a\": [1, true, null, \"s\\u00e9\\n\"], \"a\": {}}", file: "x.json")
        #expect(r.duplicateKeys.map(\.path) == ["a"])
        #expect(r.root.entries?.count == 1)
        let strict = try JSONParser.parse("[1, \"x\"]", file: "x.json").root
        guard case .sequence(let items) = strict.value else {
            Issue.record("not a list")
            return
        }
        guard case .scalar("1", quoted: false) = items[0].value, case .scalar("x", quoted: true) = items[1].value else {
            Issue.record("wrong scalars")
            return
        }
        #expect(items[1].location == SourceLocation(line: 1, column: 5))
        #expect(throws: DocumentError.self) { try JSONParser.parse("[1,]", file: "x.json") }
        #expect(throws: DocumentError.self) { try JSONParser.parse("{\"a\": 1} x", file: "x.json") }
        #expect(throws: DocumentError.self) { try JSONParser.parse("\"tab\there\"", file: "x.json") }
    }

    @Test func duplicateKeysWarn() {
        let r = check(template(extra: #""description": "again""#))
        #expect(r.verdict == .valid)
        #expect(r.templates.first?.description == "again")
        #expect(r.warningText.contains("repeats a key"))
    }

    @Test func nonObjectTemplate() {
        let r = check("[1]")
        #expect(r.verdict == .invalid)
        #expect(r.errorText.contains("expected the template as an object"))
    }
}
