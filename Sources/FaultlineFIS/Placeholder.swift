import FaultlineDocument

/// Recognises the placeholder conventions used in published templates, following the rules the
/// corpus verdicts were computed with (`shared/corpus/fis-templates/REPORT.md` §4): `<…>`,
/// `${…}`, `{{…}}`, `{CAPS}`, `YOUR_…`, `ACCOUNT_ID`, a bare `CAPS_VAR`, a dummy account number,
/// the empty string, and CloudFormation intrinsic functions.
public enum Placeholder {
    /// Account numbers used in documentation instead of a real one.
    public static let dummyAccounts: Set<String> = ["000000000000", "123456789012", "111111111111", "111122223333", "999999999999", "012345678901"]

    /// The placeholder tokens in `s`, in order of appearance, each once (an empty string is `''`).
    public static func tokens(in s: String) -> [String] {
        if s.isEmpty { return ["''"] }
        let c = Array(s.unicodeScalars)
        var taken = [Bool](repeating: false, count: c.count)
        var found: [(Int, String)] = []
        func take(_ start: Int, _ end: Int) {
            guard !taken[start..<end].contains(true) else { return }
            for k in start..<end { taken[k] = true }
            var t = ""
            t.unicodeScalars.append(contentsOf: c[start..<end])
            found.append((start, t))
        }
        func close(_ from: Int, _ closing: Unicode.Scalar, forbidding: Unicode.Scalar? = nil) -> Int? {
            var j = from
            while j < c.count {
                if c[j] == closing { return j }
                if c[j] == "\n" || (forbidding != nil && c[j] == forbidding!) { return nil }
                j += 1
            }
            return nil
        }
        var i = 0
        // ${…} and {{…}}
        while i < c.count {
            if c[i] == "$", i + 1 < c.count, c[i + 1] == "{", let e = close(i + 2, "}"), e > i + 2 {
                take(i, e + 1)
                i = e + 1
                continue
            }
            if c[i] == "{", i + 1 < c.count, c[i + 1] == "{", let e = close(i + 2, "}"), e + 1 < c.count, c[e + 1] == "}" {
                take(i, e + 2)
                i = e + 2
                continue
            }
            i += 1
        }
        // <…>
        i = 0
        while i < c.count {
            if c[i] == "<", let e = close(i + 1, ">", forbidding: "<"), e > i + 1 {
                take(i, e + 1)
                i = e + 1
                continue
            }
            i += 1
        }
        // {CAPS}
        i = 0
        while i < c.count {
            if c[i] == "{", let e = close(i + 1, "}"), e > i + 1, isCaps(c[(i + 1)..<e]) {
                take(i, e + 1)
                i = e + 1
                continue
            }
            i += 1
        }
        // YOUR_… / your-… / YOUR …, ACCOUNT_ID / AccountId / account-id, dummy accounts
        i = 0
        while i < c.count {
            if startsWord(c, i), matchesFold(c, i, "your"), i + 5 < c.count, "_- ".unicodeScalars.contains(c[i + 4]), isWordChar(c[i + 5]) {
                var e = i + 5
                while e < c.count, isWordChar(c[e]) || c[e] == "_" || c[e] == "-" { e += 1 }
                take(i, e)
                i = e
                continue
            }
            if matchesFold(c, i, "account") {
                var j = i + 7
                if j < c.count, c[j] == "_" || c[j] == "-" { j += 1 }
                if matchesFold(c, j, "id"), j + 2 >= c.count || !isLetter(c[j + 2]) {
                    take(i, j + 2)
                    i = j + 2
                    continue
                }
            }
            if c[i].properties.numericType != nil, startsWord(c, i) {
                var e = i
                while e < c.count, ("0"..."9").contains(c[e]) { e += 1 }
                if e - i == 12, e == c.count || !("0"..."9").contains(c[e]) {
                    var digits = ""
                    digits.unicodeScalars.append(contentsOf: c[i..<e])
                    if dummyAccounts.contains(digits) { take(i, e) }
                }
                i = max(e, i + 1)
                continue
            }
            i += 1
        }
        // A bare CAPS_VAR: the whole value, upper case with at least one underscore.
        if found.isEmpty, c.count > 2, c.contains("_"), c.first.map(isUpper) == true, isCaps(c[...]) { return [s] }
        return found.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// True when `s` is empty or contains a placeholder token.
    public static func isPlaceholder(_ s: String) -> Bool { !tokens(in: s).isEmpty }

    /// The name of the CloudFormation intrinsic function `node` is (`Ref`, `Fn::Sub`, …; also
    /// YAML short forms such as `!Sub`), or nil.
    public static func intrinsic(_ node: DocumentNode) -> String? {
        if let tag = node.tag {
            let name = String(tag.dropFirst())
            return name == "Ref" || name == "Condition" ? name : "Fn::\(name)"
        }
        guard let entries = node.entries, entries.count == 1 else { return nil }
        let k = entries[0].key
        return k == "Ref" || k.hasPrefix("Fn::") ? k : nil
    }

    /// The argument of the intrinsic `node` is (the node itself without its tag for YAML short forms).
    static func intrinsicArgument(_ node: DocumentNode) -> DocumentNode {
        guard node.tag != nil else { return node.entries?.first?.value ?? node }
        var plain = node
        plain.tag = nil
        return plain
    }

    private static func isUpper(_ u: Unicode.Scalar) -> Bool { ("A"..."Z").contains(u) }
    private static func isLetter(_ u: Unicode.Scalar) -> Bool { ("A"..."Z").contains(u) || ("a"..."z").contains(u) }
    private static func isWordChar(_ u: Unicode.Scalar) -> Bool { isLetter(u) || ("0"..."9").contains(u) }
    private static func isCaps(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let f = s.first, isUpper(f) else { return false }
        return s.allSatisfy { isUpper($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
    private static func startsWord(_ c: [Unicode.Scalar], _ i: Int) -> Bool { i == 0 || !isWordChar(c[i - 1]) }
    private static func matchesFold(_ c: [Unicode.Scalar], _ i: Int, _ word: String) -> Bool {
        let w = Array(word.unicodeScalars)
        guard i + w.count <= c.count else { return false }
        for k in 0..<w.count where String(c[i + k]).lowercased() != String(w[k]) { return false }
        return true
    }
}
