/// A parsed YAML or JSON value with its location and key path, independent of the parser.
///
/// The file mirror layers (`ScenarioFile`, later FIS templates) read these nodes instead of
/// `Codable`, so that every error can name the exact path and line, and unknown keys are caught.
public struct DocumentNode: Sendable {
    public indirect enum Value: Sendable {
        /// A scalar as written; `quoted` is true for quoted YAML or JSON strings.
        case scalar(String, quoted: Bool)
        case mapping([Entry])
        case sequence([DocumentNode])
        case null
    }

    /// One key/value pair of a mapping, in file order.
    public struct Entry: Sendable {
        public var key: String
        public var keyLocation: SourceLocation?
        public var value: DocumentNode
        public init(key: String, keyLocation: SourceLocation?, value: DocumentNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var value: Value
    public var location: SourceLocation?
    /// The key path from the document root, e.g. `services[0].calls[1].service`.
    public var path: String
    /// An explicit local YAML tag such as `!Sub` or `!Ref` (CloudFormation short forms), else nil.
    public var tag: String?

    public init(value: Value, location: SourceLocation?, path: String, tag: String? = nil) {
        self.value = value
        self.location = location
        self.path = path
        self.tag = tag
    }

    /// A short name for the kind of value, used in "expected X, got Y" messages.
    public var kindDescription: String {
        switch value {
        case .scalar(let s, let quoted): return quoted ? "the string \"\(s)\"" : "'\(s)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing (null)"
        }
    }

    /// Appends a key to a path.
    public static func child(_ path: String, key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Appends a list index to a path.
    public static func child(_ path: String, index: Int) -> String { "\(path)[\(index)]" }

    /// The entries of a mapping node, or nil.
    public var entries: [Entry]? {
        if case .mapping(let e) = value { return e }
        return nil
    }

    /// Looks up a key of a mapping node.
    public subscript(key: String) -> DocumentNode? {
        entries?.first { $0.key == key }?.value
    }
}
