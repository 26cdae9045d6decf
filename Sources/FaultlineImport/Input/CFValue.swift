import FaultlineDocument

/// A CloudFormation value: a template node with its location, after short-form intrinsics
/// (`!Ref x`, `!GetAtt a.b`, `!Sub ...`) were rewritten to their long form (`{Ref: x}`,
/// `{Fn::GetAtt: [a, b]}`, `{Fn::Sub: ...}`), as CloudFormation itself reads YAML templates.
public indirect enum CFValue: Sendable, Equatable {
    case string(String)
    /// A number as written (CloudFormation passes numbers through as text).
    case number(String)
    case bool(Bool)
    case null
    case list([CFValue])
    /// A mapping in file order.
    case map([(String, CFValue)])

    public static func == (a: CFValue, b: CFValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.list(let x), .list(let y)): return x == y
        case (.map(let x), .map(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(key: String) -> CFValue? {
        if case .map(let entries) = self { return entries.first { $0.0 == key }?.1 }
        return nil
    }

    public var entries: [(String, CFValue)]? {
        if case .map(let e) = self { return e }
        return nil
    }
    public var list: [CFValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    /// A scalar as text, as CloudFormation turns scalars into strings for string properties.
    public var text: String? {
        switch self {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    public var int: Int? {
        guard let t = text else { return nil }
        if let i = Int(t) { return i }
        if let d = Double(t), d.rounded() == d, abs(d) < 1e15 { return Int(d) }
        return nil
    }

    public var double: Double? { text.flatMap(Double.init) }

    public var boolValue: Bool? {
        switch self {
        case .bool(let b): return b
        case .string(let s): return s.lowercased() == "true" ? true : (s.lowercased() == "false" ? false : nil)
        default: return nil
        }
    }

    /// The intrinsic function this value is (`Ref`, `Fn::Sub`, `Condition`), if it is one.
    public var intrinsic: (name: String, argument: CFValue)? {
        guard case .map(let e) = self, e.count == 1 else { return nil }
        let k = e[0].0
        // `Condition` is an intrinsic only with a name (an IAM statement's `Condition` block is a mapping).
        if k == "Condition", e[0].1.text == nil { return nil }
        if k == "Ref" || k == "Condition" || k.hasPrefix("Fn::") { return (k, e[0].1) }
        return nil
    }

    /// JSON text of the value (strings quoted, numbers and booleans as written).
    public var json: String {
        switch self {
        case .string(let s): return JSONString.quote(s)
        case .number(let n): return Double(n) != nil ? n : JSONString.quote(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .list(let l): return "[" + l.map(\.json).joined(separator: ", ") + "]"
        case .map(let e): return "{" + e.map { JSONString.quote($0.0) + ": " + $0.1.json }.joined(separator: ", ") + "}"
        }
    }

    /// Indented JSON (two spaces), for the FIS template files `import` writes.
    public func prettyJSON(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .list(let l) where !l.isEmpty:
            return "[\n" + l.map { inner + $0.prettyJSON(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .map(let e) where !e.isEmpty:
            return "{\n" + e.map { inner + JSONString.quote($0.0) + ": " + $0.1.prettyJSON(indent: inner) }.joined(separator: ",\n") + "\n\(indent)}"
        default: return json
        }
    }
}

/// Converts a parsed YAML/JSON document into ``CFValue``s, rewriting short-form tags.
struct CFConverter {
    let file: String
    var nodes = 0

    /// The short-form tags CloudFormation accepts, and their long names.
    static let shortForms: [String: String] = [
        "!Ref": "Ref", "!Condition": "Condition", "!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!Join": "Fn::Join",
        "!Select": "Fn::Select", "!Split": "Fn::Split", "!If": "Fn::If", "!Equals": "Fn::Equals", "!And": "Fn::And",
        "!Or": "Fn::Or", "!Not": "Fn::Not", "!FindInMap": "Fn::FindInMap", "!Base64": "Fn::Base64", "!GetAZs": "Fn::GetAZs",
        "!ImportValue": "Fn::ImportValue", "!Cidr": "Fn::Cidr", "!Transform": "Fn::Transform", "!Length": "Fn::Length",
        "!ToJsonString": "Fn::ToJsonString"
    ]

    mutating func convert(_ node: DocumentNode, depth: Int = 0) throws(ImportError) -> CFValue {
        nodes += 1
        if nodes > ImportLimits.maxNodes {
            throw .limit(file: file, what: "the number of values in the template", limit: ImportLimits.maxNodes, fix: "split the stack into nested stacks")
        }
        if depth > ImportLimits.maxDepth {
            throw .limit(
                file: file, what: "the nesting depth at \(node.path)", limit: ImportLimits.maxDepth, fix: "templates are not nested this deeply; check the file"
            )
        }
        var plain: CFValue
        switch node.value {
        case .scalar(let s, let quoted):
            if quoted {
                plain = .string(s)
            } else if s == "true" || s == "True" || s == "TRUE" {
                plain = .bool(true)
            } else if s == "false" || s == "False" || s == "FALSE" {
                plain = .bool(false)
            } else if Double(s) != nil, let f = s.first, f.isNumber || f == "-" || f == ".", !s.hasPrefix("0") || s == "0" || s.hasPrefix("0.") {
                plain = .number(s)
            } else {
                plain = .string(s)
            }
        case .null: plain = .null
        case .sequence(let items):
            var out: [CFValue] = []
            for i in items { out.append(try convert(i, depth: depth + 1)) }
            plain = .list(out)
        case .mapping(let entries):
            var out: [(String, CFValue)] = []
            for e in entries { out.append((e.key, try convert(e.value, depth: depth + 1))) }
            plain = .map(out)
        }
        guard let tag = node.tag else { return plain }
        guard let long = Self.shortForms[tag] else {
            throw .input(
                file: file, line: node.location?.line, logicalID: nil, path: node.path,
                message: "unknown YAML tag \(tag).", fix: "use a CloudFormation short form (!Ref, !GetAtt, !Sub, !If, !Join, !Select, ...) or the long form")
        }
        if long == "Fn::GetAtt", case .string(let s) = plain {
            // `!GetAtt Resource.Attribute` (the attribute itself may contain dots).
            guard let dot = s.firstIndex(of: ".") else {
                throw .input(
                    file: file, line: node.location?.line, logicalID: nil, path: node.path,
                    message: "!GetAtt '\(s)' names no attribute.", fix: "write !GetAtt LogicalId.Attribute")
            }
            plain = .list([.string(String(s[..<dot])), .string(String(s[s.index(after: dot)...]))])
        }
        if long == "Fn::GetAZs", case .null = plain { plain = .string("") }
        return .map([(long, plain)])
    }
}
