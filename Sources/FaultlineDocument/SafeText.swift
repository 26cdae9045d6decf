/// Makes text from input files safe to print in a message: control characters are escaped (so
/// an ESC sequence cannot repaint the terminal and a U+2028 cannot split a CI log line) and huge
/// values are cut to a short excerpt that says how long they were. Every ``Diagnostic`` renders
/// through it, and the `faultline` command passes every other error message through
/// ``message(_:)``, so no message echoes more than an excerpt of what it quotes.
public enum SafeText {
    /// A run of characters without a space or quote longer than this is cut to ``excerptLength`` characters.
    public static let maxToken = 160
    /// The characters an over-long value keeps, from its start.
    public static let excerptLength = 60
    /// A line longer than this (after cutting tokens) keeps its start and end.
    public static let maxLine = 4000

    /// One line: every control character escaped, including line breaks, long values cut.
    public static func line(_ text: String) -> String { render(text, keepNewlines: false) }

    /// A message of one or more lines: newlines and tabs kept, other controls escaped, each
    /// line cut as ``line(_:)`` cuts.
    public static func message(_ text: String) -> String { render(text, keepNewlines: true) }

    /// `'abc…'`-style excerpt of a value (the first ``excerptLength`` characters, escaped), with
    /// its length when it was cut: for messages that quote the content of a file.
    public static func excerpt(_ text: String, limit: Int = excerptLength) -> String {
        let escaped = escape(Substring(text), keepNewlines: false)
        guard text.count > limit else { return escaped }
        return escape(text.prefix(limit), keepNewlines: false) + "… (\(text.count) characters)"
    }

    static func render(_ text: String, keepNewlines: Bool) -> String {
        // Cheap path: short, printable text is returned as is.
        if text.utf8.count <= maxToken, !text.unicodeScalars.contains(where: { needsEscape($0, keepNewlines: keepNewlines) }) {
            return text
        }
        if keepNewlines {
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { cutLine(String($0), keepTabs: true) }.joined(separator: "\n")
        }
        return cutLine(text, keepTabs: false)
    }

    /// Cuts each long run of non-space characters, then the line's middle if still too long.
    /// Works from both ends, so a 10 MB line costs one scan, not a 10 MB message.
    static func cutLine(_ line: String, keepTabs: Bool) -> String {
        let scalars = Array(line.unicodeScalars)
        let n = scalars.count
        func piece(_ range: Range<Int>) -> String {
            if range.count > maxToken {
                let head = String(String.UnicodeScalarView(scalars[range.lowerBound..<(range.lowerBound + excerptLength)]))
                return escape(Substring(head), keepNewlines: keepTabs) + "… (\(range.count) characters)"
            }
            return escape(Substring(String(String.UnicodeScalarView(scalars[range]))), keepNewlines: keepTabs)
        }
        // From the front: pieces until half the budget is used.
        var front: [String] = [], frontLength = 0, i = 0
        while i < n, frontLength <= maxLine / 2 {
            if isBreak(scalars[i]) {
                front.append(String(scalars[i]))
                frontLength += 1
                i += 1
                continue
            }
            var j = i
            while j < n, !isBreak(scalars[j]) { j += 1 }
            let p = piece(i..<j)
            front.append(p)
            frontLength += p.count
            i = j
        }
        if i >= n { return front.joined() }
        // From the back, down to where the front stopped.
        var back: [String] = [], backLength = 0, k = n
        while k > i, backLength <= maxLine / 2 {
            if isBreak(scalars[k - 1]) {
                back.append(String(scalars[k - 1]))
                backLength += 1
                k -= 1
                continue
            }
            var j = k
            while j > i, !isBreak(scalars[j - 1]) { j -= 1 }
            let p = piece(j..<k)
            back.append(p)
            backLength += p.count
            k = j
        }
        let middle = k > i ? " …[cut: \(n) characters in all]… " : ""
        return front.joined() + middle + back.reversed().joined()
    }

    /// Where a value ends: a space or a quote (so a quoted value's length is its own).
    static func isBreak(_ s: Unicode.Scalar) -> Bool { s == " " || s == "'" || s == "\"" }

    static func needsEscape(_ s: Unicode.Scalar, keepNewlines: Bool) -> Bool {
        if keepNewlines, s == "\n" || s == "\t" { return false }
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    static func escape(_ text: Substring, keepNewlines: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepNewlines: keepNewlines) }) else { return String(text) }
        var out = ""
        for s in text.unicodeScalars {
            guard needsEscape(s, keepNewlines: keepNewlines) else {
                out.unicodeScalars.append(s)
                continue
            }
            switch s {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default: out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }
}
