/// A strict JSON (RFC 8259) parser producing ``DocumentNode``s with lines and columns.
///
/// ``DocumentParser`` reads JSON through the YAML parser, which also accepts things JSON does not
/// (trailing commas, unquoted text such as Terraform's `${targets}`). Inputs that must be real
/// JSON — the FIS API's `--cli-input-json` — are read with this parser instead, so that such
/// files are rejected with the line and column where JSON stops, numbered as Python's `json`
/// module numbers them (lines and columns from 1, columns counted in Unicode scalars).
///
/// Strings become quoted scalars, numbers and `true`/`false` unquoted scalars, `null` is `.null`.
/// A key repeated in one object keeps its last value (as `json.loads` and botocore do); each
/// repetition is reported in ``Result/duplicateKeys``.
public enum JSONParser {
    public struct Result: Sendable {
        public var root: DocumentNode
        /// Keys that appeared more than once in one object: the path of the later occurrence.
        public var duplicateKeys: [(path: String, location: SourceLocation)]
    }

    /// Parses `text` from `file` (used only in messages), or throws one diagnostic saying where
    /// and why the text stops being JSON.
    /// The deepest nesting of objects and lists accepted.
    public static let maxDepth = 256

    public static func parse(_ text: String, file: String) throws(DocumentError) -> Result {
        var p = Parser(Array(text.unicodeScalars))
        do throws(Failure) {
            p.skipWhitespace()
            let root = try p.value(path: "")
            p.skipWhitespace()
            if p.i < p.s.count { throw p.failure("Extra data", "remove everything after the end of the top-level value") }
            return Result(root: root, duplicateKeys: p.duplicates)
        } catch {
            throw DocumentError([
                Diagnostic(
                    file: file, path: error.path, location: error.location,
                    message: "is not valid JSON: \(error.message)", fix: error.fix)
            ])
        }
    }

    struct Failure: Error {
        var message: String
        var fix: String
        var location: SourceLocation
        var path: String
    }

    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var line = 1
        var lineStart = 0
        var path = ""
        var duplicates: [(path: String, location: SourceLocation)] = []
        /// Objects and arrays open around the current value.
        var depth = 0

        init(_ s: [Unicode.Scalar]) { self.s = s }

        var location: SourceLocation { SourceLocation(line: line, column: i - lineStart + 1) }

        func failure(_ message: String, _ fix: String) -> Failure {
            Failure(message: message, fix: fix, location: location, path: path)
        }

        mutating func skipWhitespace() {
            while i < s.count {
                switch s[i] {
                case " ", "\t", "\r": i += 1
                case "\n":
                    i += 1
                    line += 1
                    lineStart = i
                default: return
                }
            }
        }

        mutating func value(path: String) throws(Failure) -> DocumentNode {
            self.path = path
            guard i < s.count else { throw failure("Expecting value", "the document ends too early; close every { and [") }
            let loc = location
            if s[i] == "{" || s[i] == "[" {
                // Nesting is bounded (Python's json stops at its recursion limit too), so a
                // hostile file cannot exhaust the stack.
                guard depth < JSONParser.maxDepth else {
                    throw failure(
                        "Too deeply nested (more than \(JSONParser.maxDepth) levels of objects and lists)",
                        "flatten the document; FIS templates nest a few levels deep")
                }
                depth += 1
                defer { depth -= 1 }
                return s[i] == "{" ? try object(path: path, at: loc) : try array(path: path, at: loc)
            }
            switch s[i] {
            case "\"": return DocumentNode(value: .scalar(try string(), quoted: true), location: loc, path: path)
            case "t":
                try literal("true")
                return DocumentNode(value: .scalar("true", quoted: false), location: loc, path: path)
            case "f":
                try literal("false")
                return DocumentNode(value: .scalar("false", quoted: false), location: loc, path: path)
            case "n":
                try literal("null")
                return DocumentNode(value: .null, location: loc, path: path)
            case "-", "0"..."9": return DocumentNode(value: .scalar(try number(), quoted: false), location: loc, path: path)
            default:
                throw failure(
                    "Expecting value",
                    "write a JSON value here: a \"string\", a number, true, false, null, an {object} or a [list]; template placeholders such as ${var} must be inside quotes"
                )
            }
        }

        mutating func literal(_ word: String) throws(Failure) {
            for c in word.unicodeScalars {
                guard i < s.count, s[i] == c else {
                    throw failure("Expecting value", "write a JSON value here: true, false and null are lower case; strings need double quotes")
                }
                i += 1
            }
        }

        mutating func number() throws(Failure) -> String {
            let start = i
            if s[i] == "-" { i += 1 }
            guard i < s.count, ("0"..."9").contains(s[i]) else {
                i = start
                throw failure("Expecting value", "write a number such as -1 or 2.5")
            }
            if s[i] == "0" { i += 1 } else { while i < s.count, ("0"..."9").contains(s[i]) { i += 1 } }
            if i < s.count, s[i] == ".", i + 1 < s.count, ("0"..."9").contains(s[i + 1]) {
                i += 1
                while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
            }
            if i < s.count, s[i] == "e" || s[i] == "E" {
                var j = i + 1
                if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
                if j < s.count, ("0"..."9").contains(s[j]) {
                    i = j
                    while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
                }
            }
            var out = ""
            out.unicodeScalars.append(contentsOf: s[start..<i])
            return out
        }

        mutating func string() throws(Failure) -> String {
            let startLine = line, startColumn = i - lineStart + 1
            i += 1 // opening quote
            var out = String.UnicodeScalarView()
            while true {
                guard i < s.count else {
                    throw Failure(
                        message: "Unterminated string starting at line \(startLine) column \(startColumn)",
                        fix: "close the string with a double quote", location: SourceLocation(line: startLine, column: startColumn), path: path)
                }
                let c = s[i]
                switch c {
                case "\"":
                    i += 1
                    return String(out)
                case "\\":
                    i += 1
                    guard i < s.count else { continue }
                    let e = s[i]
                    switch e {
                    case "\"", "\\", "/": out.append(e)
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "u":
                        guard let hi = hex4(at: i + 1) else {
                            throw failure("Invalid \\uXXXX escape", "write \\u followed by four hexadecimal digits")
                        }
                        i += 4
                        var code = hi
                        if (0xD800..<0xDC00).contains(hi), i + 2 < s.count, s[i + 1] == "\\", s[i + 2] == "u",
                            let lo = hex4(at: i + 3), (0xDC00..<0xE000).contains(lo)
                        {
                            code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            i += 6
                        }
                        out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default:
                        throw failure("Invalid \\escape", "JSON allows only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\")
                    }
                    i += 1
                default:
                    if c.value < 0x20 {
                        throw failure("Invalid control character", "write line breaks and tabs inside strings as \\n and \\t")
                    }
                    out.append(c)
                    i += 1
                }
            }
        }

        func hex4(at j: Int) -> UInt32? {
            guard j + 4 <= s.count else { return nil }
            var v: UInt32 = 0
            for k in j..<(j + 4) {
                guard let d = UInt32(String(s[k]), radix: 16) else { return nil }
                v = v * 16 + d
            }
            return v
        }

        mutating func object(path: String, at loc: SourceLocation) throws(Failure) -> DocumentNode {
            i += 1
            var entries: [DocumentNode.Entry] = []
            var seen: Set<String> = []
            skipWhitespace()
            if i < s.count, s[i] == "}" {
                i += 1
                return DocumentNode(value: .mapping([]), location: loc, path: path)
            }
            while true {
                self.path = path
                guard i < s.count, s[i] == "\"" else {
                    throw failure(
                        "Expecting property name enclosed in double quotes",
                        entries.isEmpty ? "write keys in double quotes" : "remove the trailing comma before this point, or write the next key in double quotes")
                }
                let keyLoc = location
                let key = try string()
                skipWhitespace()
                guard i < s.count, s[i] == ":" else { throw failure("Expecting ':' delimiter", "put a colon between the key \"\(key)\" and its value") }
                i += 1
                skipWhitespace()
                let childPath = DocumentNode.child(path, key: key)
                let v = try value(path: childPath)
                // Only a repeated key is searched for: linear in the keys (issue 10).
                if !seen.insert(key).inserted, let k = entries.firstIndex(where: { $0.key == key }) {
                    duplicates.append((childPath, keyLoc))
                    entries.remove(at: k)
                }
                entries.append(.init(key: key, keyLocation: keyLoc, value: v))
                self.path = path
                skipWhitespace()
                guard i < s.count else { throw failure("Expecting ',' delimiter", "close the object with }") }
                if s[i] == "}" {
                    i += 1
                    return DocumentNode(value: .mapping(entries), location: loc, path: path)
                }
                guard s[i] == "," else { throw failure("Expecting ',' delimiter", "separate the members of an object with commas") }
                i += 1
                skipWhitespace()
            }
        }

        mutating func array(path: String, at loc: SourceLocation) throws(Failure) -> DocumentNode {
            i += 1
            var items: [DocumentNode] = []
            skipWhitespace()
            if i < s.count, s[i] == "]" {
                i += 1
                return DocumentNode(value: .sequence([]), location: loc, path: path)
            }
            while true {
                items.append(try value(path: DocumentNode.child(path, index: items.count)))
                self.path = path
                skipWhitespace()
                guard i < s.count else { throw failure("Expecting ',' delimiter", "close the list with ]") }
                if s[i] == "]" {
                    i += 1
                    return DocumentNode(value: .sequence(items), location: loc, path: path)
                }
                guard s[i] == "," else { throw failure("Expecting ',' delimiter", "separate list items with commas") }
                i += 1
                skipWhitespace()
                if i < s.count, s[i] == "]" { throw failure("Expecting value", "remove the trailing comma before ]") }
            }
        }
    }
}
