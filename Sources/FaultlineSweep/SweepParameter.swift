/// One swept key: `--set path=v1,v2,...`.
public struct SweepParameter: Sendable, Equatable {
    public var path: OverridePath
    public var values: [String]

    public init(path: OverridePath, values: [String]) {
        self.path = path
        self.values = values
    }

    /// Parses `PATH=V1,V2,...`: the first `=` outside brackets ends the path; values are split
    /// at commas outside brackets, braces and quotes, so `[a, b]` and `{ mean: 1s }` stay whole.
    public init(parsing text: String) throws(SweepError) {
        var depth = 0
        var split: String.Index?
        for i in text.indices {
            let c = text[i]
            if c == "[" {
                depth += 1
            } else if c == "]" {
                depth -= 1
            } else if c == "=", depth == 0 {
                split = i
                break
            }
        }
        guard let split else {
            throw .argument("--set '\(text)' is not PATH=VALUES.", fix: "write e.g. --set functions[get-item].reservedConcurrency=10,20,40")
        }
        let path = try OverridePath(parsing: String(text[..<split]))
        let values = Self.splitValues(String(text[text.index(after: split)...]))
        guard !values.isEmpty else {
            throw .argument("--set '\(text)' gives no values.", fix: "list one or more values after '=', separated by commas")
        }
        self.init(path: path, values: values)
    }

    static func splitValues(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { quote = nil }
                current.append(c)
                continue
            }
            switch c {
            case "\"", "'":
                quote = c
                current.append(c)
            case "[", "{":
                depth += 1
                current.append(c)
            case "]", "}":
                depth -= 1
                current.append(c)
            case "," where depth == 0:
                out.append(current.trimmingSpaces())
                current = ""
            default: current.append(c)
            }
        }
        out.append(current.trimmingSpaces())
        if out == [""] { return [] }
        return out
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
