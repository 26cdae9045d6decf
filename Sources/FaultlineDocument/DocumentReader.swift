import FaultlineKernel

/// Reads typed values out of a ``DocumentNode`` tree, collecting every problem instead of
/// stopping at the first, so that `faultline validate` reports all errors at once.
///
/// Accessors return `nil` after recording a ``Diagnostic``; callers substitute nothing and carry
/// on. ``MappingReader/finish()`` reports unknown keys with a "did you mean" suggestion.
public final class DocumentReader {
    public let file: String
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: String) { self.file = file }

    /// Records a problem at `node` (or at `path`/`location`).
    public func error(_ node: DocumentNode, _ message: String, fix: String? = nil) {
        diagnostics.append(Diagnostic(file: file, path: node.path, location: node.location, message: message, fix: fix))
    }

    public func error(path: String, location: SourceLocation?, _ message: String, fix: String? = nil) {
        diagnostics.append(Diagnostic(file: file, path: path, location: location, message: message, fix: fix))
    }

    /// Records a diagnostic found in another file (a file the document refers to).
    public func record(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Throws the collected diagnostics, if any.
    public func throwIfErrors() throws(DocumentError) {
        if !diagnostics.isEmpty { throw DocumentError(diagnostics) }
    }

    /// Opens `node` as a mapping, or records an error and returns nil.
    public func mapping(_ node: DocumentNode, what: String = "a mapping of keys to values") -> MappingReader? {
        guard case .mapping(let entries) = node.value else {
            error(node, "expected \(what), got \(node.kindDescription).")
            return nil
        }
        return MappingReader(node: node, entries: entries, reader: self)
    }

    /// The items of a list node, or records an error and returns nil.
    public func sequence(_ node: DocumentNode, what: String = "a list") -> [DocumentNode]? {
        switch node.value {
        case .sequence(let items): return items
        default:
            error(node, "expected \(what), got \(node.kindDescription).", fix: "write it as a YAML list ('- item' lines) or a JSON array")
            return nil
        }
    }

    /// A string scalar (numbers written unquoted are accepted as their text).
    public func string(_ node: DocumentNode) -> String? {
        if case .scalar(let s, _) = node.value { return s }
        error(node, "expected a string, got \(node.kindDescription).")
        return nil
    }

    /// A finite number within `range`.
    public func double(
        _ node: DocumentNode, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
        rangeText: String? = nil
    ) -> Double? {
        guard case .scalar(let s, _) = node.value, let v = Double(s.replacingUnderscores()), v.isFinite else {
            error(node, "expected a number, got \(node.kindDescription).")
            return nil
        }
        guard range.contains(v) else {
            error(
                node,
                "\(formatNumber(v)) is out of range: expected \(rangeText ?? "a number from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))")."
            )
            return nil
        }
        return v
    }

    /// A whole number within `range`, written in digits (`2000000000`, `2_000_000_000`) or in
    /// scientific notation with a whole value (`2e9`, `1.5E3`), as the docs write large values.
    public func int(_ node: DocumentNode, in range: ClosedRange<Int> = Int.min...Int.max, rangeText: String? = nil) -> Int? {
        let expected = rangeText ?? "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard case .scalar(let raw, _) = node.value else {
            error(node, "expected a whole number, got \(node.kindDescription).")
            return nil
        }
        let s = raw.replacingUnderscores()
        if let v = Int(s) {
            guard range.contains(v) else {
                error(node, "\(v) is out of range: expected \(expected).")
                return nil
            }
            return v
        }
        // Scientific notation: exact when the value is whole and within Int's range.
        guard s.contains(where: { $0 == "e" || $0 == "E" }), let d = Double(s), d.isFinite else {
            error(node, "expected a whole number (digits, or scientific notation such as 2e9), got \(node.kindDescription).")
            return nil
        }
        guard d == d.rounded() else {
            error(node, "'\(s)' is not a whole number: expected \(expected).")
            return nil
        }
        guard d >= Double(range.lowerBound), d <= Double(range.upperBound), d.magnitude < 9.2e18 else {
            error(node, "\(s) is out of range: expected \(expected).")
            return nil
        }
        return Int(d)
    }

    /// `true` or `false`.
    public func bool(_ node: DocumentNode) -> Bool? {
        if case .scalar(let s, _) = node.value {
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        error(node, "expected true or false, got \(node.kindDescription).")
        return nil
    }

    /// A duration: `250ms`, `2s`, `5m`, `PT5M`; a bare number is taken as seconds.
    public func duration(_ node: DocumentNode, allowZero: Bool = true) -> SimDuration? {
        guard case .scalar(let s, let quoted) = node.value else {
            error(node, "expected a duration such as 250ms, 2s, 5m or PT5M, got \(node.kindDescription).")
            return nil
        }
        let d: SimDuration
        if !quoted, let seconds = Double(s), seconds.isFinite {
            guard seconds >= 0 else {
                error(node, "a duration cannot be negative (got \(s)).", fix: "write a positive duration such as 2s")
                return nil
            }
            d = .fromSeconds(seconds)
        } else {
            do { d = try SimDuration.parse(s) } catch {
                self.error(node, "\(error)")
                return nil
            }
        }
        if !allowZero, d == .zero {
            error(node, "must be longer than zero.", fix: "write a positive duration such as 1s")
            return nil
        }
        return d
    }

    /// One of `choices`, with a suggestion when the value is close to one.
    public func choice(_ node: DocumentNode, _ choices: [String]) -> String? {
        guard let s = string(node) else { return nil }
        if choices.contains(s) { return s }
        let hint = Suggestion.closest(to: s, in: choices).map { "did you mean '\($0)'? " } ?? ""
        error(node, "'\(s)' is not one of \(choices.joined(separator: ", ")).", fix: "\(hint)use one of the listed values")
        return nil
    }
}

/// Reads the keys of one mapping, remembering which were used so unknown ones can be reported.
public final class MappingReader {
    public let node: DocumentNode
    public let entries: [DocumentNode.Entry]
    public unowned let reader: DocumentReader
    private var used: Set<String> = []

    init(node: DocumentNode, entries: [DocumentNode.Entry], reader: DocumentReader) {
        self.node = node
        self.entries = entries
        self.reader = reader
    }

    /// The keys in file order.
    public var keys: [String] { entries.map(\.key) }

    /// The value of `key`, or nil (no error) when absent or null.
    public func optional(_ key: String) -> DocumentNode? {
        used.insert(key)
        guard let v = entries.first(where: { $0.key == key })?.value else { return nil }
        if case .null = v.value { return nil }
        return v
    }

    /// The value of `key`, or records "missing key" with `fix` and returns nil.
    public func required(_ key: String, fix: String? = nil) -> DocumentNode? {
        if let v = optional(key) { return v }
        reader.error(path: node.path, location: node.location, "the required key '\(key)' is missing.", fix: fix)
        return nil
    }

    /// Marks `key` as known without reading it.
    public func accept(_ key: String) { used.insert(key) }

    /// Records an error for every key that was never read (typos, unsupported options).
    public func finish() {
        let known = Array(used).sorted()
        for entry in entries where !used.contains(entry.key) {
            let hint = Suggestion.closest(to: entry.key, in: known).map { "did you mean '\($0)'? " } ?? ""
            reader.error(
                path: DocumentNode.child(node.path, key: entry.key), location: entry.keyLocation,
                "unknown key '\(entry.key)'.",
                fix: "\(hint)allowed keys here: \(known.joined(separator: ", ")).")
        }
    }
}

/// Nearest-match suggestions for misspelt keys and values.
public enum Suggestion {
    /// The candidate within edit distance 2 (or a third of the length) of `word`, if any.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased()))
            if d <= max(2, w.count / 3), d < (best?.1 ?? Int.max) { best = (c, d) }
        }
        return best?.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}

/// Formats a number without exponent noise for messages: `0.25`, `100`, `1e-09`.
public func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
}

extension String {
    func replacingUnderscores() -> String { contains("_") ? String(filter { $0 != "_" }) : self }
}
