import FaultlineDocument
import FaultlineMetrics

/// A JSON value with ordered keys, written deterministically (no hash order, fixed number form).
public indirect enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// Pretty-printed with two-space indentation and a trailing newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .object(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, (k, v)) in pairs.enumerated() {
                out += pad + JSONString.quote(k) + ": "
                v.write(into: &out, indent: indent + 1)
                out += i == pairs.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "}"
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            if items.allSatisfy(\.isScalar) {
                out +=
                    "["
                    + items.map { v -> String in
                        var s = ""
                        v.write(into: &s, indent: 0)
                        return s
                    }.joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (i, v) in items.enumerated() {
                out += pad
                v.write(into: &out, indent: indent + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += closePad + "]"
        case .string(let s): out += JSONString.quote(s)
        case .number(let d): out += d.isFinite ? NumberFormat.decimal(d) : "null"
        case .integer(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: return false
        case .string, .number, .integer, .bool, .null: return true
        }
    }
}
