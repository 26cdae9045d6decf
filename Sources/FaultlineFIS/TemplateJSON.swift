import FaultlineDocument

/// A JSON value with ordered object members, for writing templates: deterministic key order,
/// pretty-printed with two-space indents as the FIS console's "Export" shows them.
public indirect enum TemplateJSON: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case array([TemplateJSON])
    case object([(String, TemplateJSON)])

    public static func == (a: TemplateJSON, b: TemplateJSON) -> Bool { a.rendered() == b.rendered() }

    /// Pretty-printed text ending in a newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: "")
        return out + "\n"
    }

    private func write(into out: inout String, indent: String) {
        switch self {
        case .string(let s): out += JSONString.quote(s)
        case .integer(let n): out += "\(n)"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += indent + "  "
                item.write(into: &out, indent: indent + "  ")
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, m) in members.enumerated() {
                out += indent + "  " + JSONString.quote(m.0) + ": "
                m.1.write(into: &out, indent: indent + "  ")
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }
}
