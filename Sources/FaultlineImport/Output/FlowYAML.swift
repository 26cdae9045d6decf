import FaultlineDocument

/// Writes YAML values on one line (flow style): the scenario files `import` writes.
enum FlowYAML {
    /// A string as a YAML scalar: plain when safe, else double-quoted (JSON escapes).
    static func scalar(_ s: String) -> String {
        let plainSafe =
            !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"].contains(s.lowercased())
            && Double(s) == nil && !(s.first!.isNumber)
        return plainSafe ? s : JSONString.quote(s)
    }

    /// A key of a flow mapping.
    static func key(_ s: String) -> String { scalar(s) }

    static func map(_ pairs: [(String, String)]) -> String {
        "{ " + pairs.map { "\(key($0.0)): \($0.1)" }.joined(separator: ", ") + " }"
    }

    static func tags(_ t: [(String, String)]) -> String { map(t.map { ($0.0, JSONString.quote($0.1)) }) }

    /// A parsed overlay node, written back as flow YAML (scalars as written, quoted if needed).
    static func node(_ n: DocumentNode) -> String {
        switch n.value {
        case .scalar(let s, let quoted):
            return quoted ? JSONString.quote(s) : (s.contains(where: { ":{}[],#&*!|>'\"%@`".contains($0) }) ? JSONString.quote(s) : s)
        case .null: return "null"
        case .sequence(let items): return "[" + items.map(node).joined(separator: ", ") + "]"
        case .mapping(let entries): return "{ " + entries.map { "\(key($0.key)): \(node($0.value))" }.joined(separator: ", ") + " }"
        }
    }

    static func number(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
    }
}
