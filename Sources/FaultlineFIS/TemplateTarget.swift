/// One entry of a template's `targets`: how FIS identifies the resources an action acts on.
public struct TemplateTarget: Sendable, Equatable {
    public var name: String
    public var resourceType: String
    public var resourceArns: [String]
    public var resourceTags: StringPairs
    public var filters: [TargetFilter]
    public var selectionMode: SelectionMode
    public var parameters: StringPairs

    public init(
        name: String, resourceType: String, resourceArns: [String] = [], resourceTags: StringPairs = StringPairs(),
        filters: [TargetFilter] = [], selectionMode: SelectionMode = .all, parameters: StringPairs = StringPairs()
    ) {
        self.name = name
        self.resourceType = resourceType
        self.resourceArns = resourceArns
        self.resourceTags = resourceTags
        self.filters = filters
        self.selectionMode = selectionMode
        self.parameters = parameters
    }
}

/// A target filter: the describe-call output at `path` must equal one of `values`.
public struct TargetFilter: Sendable, Equatable {
    public var path: String
    public var values: [String]
    public init(path: String, values: [String]) {
        self.path = path
        self.values = values
    }
}

/// `selectionMode := ALL | COUNT(n) | PERCENT(n)`, n a positive integer (PERCENT at most 100).
public enum SelectionMode: Sendable, Equatable, CustomStringConvertible {
    case all
    case count(Int)
    case percent(Int)
    /// Text that does not follow the grammar (a placeholder such as `{SELECTION_MODE}`, or an error).
    case unresolved(String)

    /// Parses the grammar; `.unresolved` for anything else.
    public init(parsing text: String) {
        func number(_ prefix: String) -> Int? {
            guard text.hasPrefix(prefix + "("), text.hasSuffix(")") else { return nil }
            let inner = text.dropFirst(prefix.count + 1).dropLast()
            guard !inner.isEmpty, inner.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(inner), n > 0 else { return nil }
            return n
        }
        if text == "ALL" {
            self = .all
        } else if let n = number("COUNT") {
            self = .count(n)
        } else if let n = number("PERCENT"), n <= 100 {
            self = .percent(n)
        } else {
            self = .unresolved(text)
        }
    }

    public var description: String {
        switch self {
        case .all: return "ALL"
        case .count(let n): return "COUNT(\(n))"
        case .percent(let n): return "PERCENT(\(n))"
        case .unresolved(let s): return s
        }
    }
}
