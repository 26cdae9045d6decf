import FaultlineDocument

/// A JSON value as the service stores and answers it. Objects render with sorted keys and
/// timestamps as epoch seconds with millisecond fractions (JSON numbers: the Go SDK, and so
/// Terraform, rejects anything else), so transcripts are byte-stable.
public indirect enum ServeJSON: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    /// A number kept as its literal text.
    case number(String)
    case string(String)
    /// Epoch milliseconds, rendered as seconds: `1616432509.662`.
    case time(Int64)
    case array([ServeJSON])
    case object([String: ServeJSON])

    public static func int(_ n: Int) -> ServeJSON { .number(String(n)) }

    /// Compact text, keys sorted.
    public func rendered() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += JSONString.quote(s)
        case .time(let ms):
            let sign = ms < 0 ? "-" : ""
            let m = ms.magnitude
            let frac = String(m % 1000)
            out += "\(sign)\(m / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
        case .array(let items):
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                v.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, k) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += JSONString.quote(k) + ":"
                members[k]!.write(into: &out)
            }
            out += "}"
        }
    }

    public subscript(key: String) -> ServeJSON? {
        if case .object(let m) = self { return m[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var object: [String: ServeJSON]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// A parsed document node as JSON: quoted scalars are strings, `true`/`false`/`null` and
    /// numbers keep their JSON meaning; a repeated key keeps its last value (as JSON parsers do).
    public init(_ node: DocumentNode) {
        switch node.value {
        case .null: self = .null
        case .scalar(let s, let quoted):
            if quoted {
                self = .string(s)
            } else if s == "true" || s == "false" {
                self = .bool(s == "true")
            } else if s == "null" {
                self = .null
            } else {
                self = .number(s)
            }
        case .sequence(let items): self = .array(items.map(ServeJSON.init))
        case .mapping(let entries):
            var m: [String: ServeJSON] = [:]
            for e in entries { m[e.key] = ServeJSON(e.value) }
            self = .object(m)
        }
    }

    /// The string map of a `tags` member (non-string values are skipped).
    public var stringMap: [String: String] {
        guard case .object(let m) = self else { return [:] }
        return m.compactMapValues(\.string)
    }

    public static func strings(_ m: [String: String]) -> ServeJSON { .object(m.mapValues(ServeJSON.string)) }
}
