/// One problem found in an input file: where it is, what is wrong, and how to fix it.
///
/// Every user-facing input error in Faultline is a `Diagnostic` (house rule 10): the file, the
/// key path (`services[1].serviceTime.lognormal.p99`), the line and column where the YAML or JSON
/// parser gives them, what was expected, and a concrete fix.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var location: SourceLocation?
    public var message: String
    public var fix: String?

    public init(file: String, path: String, location: SourceLocation?, message: String, fix: String? = nil) {
        self.file = file
        self.path = path
        self.location = location
        self.message = message
        self.fix = fix
    }

    /// `file:line:column: path: message Fix: ...`, the form editors and CI logs link to. One
    /// line: control characters are escaped and huge quoted values cut to an excerpt
    /// (``SafeText/line(_:)``), so a hostile input cannot repaint the terminal or flood the log.
    public var description: String {
        var out = SafeText.line(file)
        if let location { out += ":\(location.line):\(location.column)" }
        out += ": "
        if !path.isEmpty { out += "\(SafeText.line(path)): " }
        out += SafeText.line(message)
        if let fix, !fix.isEmpty { out += " Fix: \(SafeText.line(fix))" }
        return out
    }
}

/// A line and column (both from 1) in an input file.
public struct SourceLocation: Sendable, Equatable, Hashable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// All the problems found in one or more files; thrown when a document does not validate.
public struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        let n = diagnostics.count
        let head = n == 1 ? "1 error" : "\(n) errors"
        return head + ":\n" + diagnostics.map { "  - \($0)" }.joined(separator: "\n")
    }
}
