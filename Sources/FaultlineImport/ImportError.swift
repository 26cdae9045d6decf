/// Every error `faultline import` reports: the file, the logical ID and property path where it
/// is known, what is wrong and how to fix it (house rule: bad input gets a clear error).
public enum ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A problem at a place in an input file.
    case input(file: String, line: Int?, logicalID: String?, path: String, message: String, fix: String)
    /// A whole input the importer will not read (HCL, an unknown format, a file outside the tree).
    case refused(file: String, message: String, fix: String)
    /// A limit on input-driven work was exceeded.
    case limit(file: String, what: String, limit: Int, fix: String)
    /// The file does not parse as JSON or YAML (or breaks a document limit): the parser's own
    /// located diagnostics, each with its fix.
    case document(diagnostics: [String])
    /// Writing an output failed, or would overwrite a file Faultline did not write.
    case output(path: String, message: String)

    public var description: String {
        switch self {
        case .input(let file, let line, let logicalID, let path, let message, let fix):
            var head = file
            if let line { head += ":\(line)" }
            var where_ = ""
            if let logicalID { where_ = "Resources.\(logicalID)" + (path.isEmpty ? "" : ".\(path)") } else { where_ = path }
            return "\(head): \(where_.isEmpty ? "" : where_ + ": ")\(message) Fix: \(fix)"
        case .refused(let file, let message, let fix):
            return "\(file): \(message) Fix: \(fix)"
        case .limit(let file, let what, let limit, let fix):
            return "\(file): \(what) exceeds the limit of \(limit). Fix: \(fix)"
        case .document(let diagnostics):
            return diagnostics.joined(separator: "\n")
        case .output(let path, let message):
            return "\(path): \(message)"
        }
    }
}

/// Limits on input-driven work (house rule: every size, depth and count has a limit).
public enum ImportLimits {
    /// Largest input file read, in bytes.
    public static let maxFileBytes = 16 * 1024 * 1024
    /// Deepest nesting of mappings and lists in a template.
    public static let maxDepth = 64
    /// Most values (nodes) in one template.
    public static let maxNodes = 2_000_000
    /// Most resources in one stack (CloudFormation allows 500).
    public static let maxResources = 2_000
    /// Deepest chain of nested stacks (AWS::CloudFormation::Stack by local path).
    public static let maxStackDepth = 5
    /// Most stacks read in one import (nested ones included).
    public static let maxStacks = 64
    /// Deepest evaluation of intrinsic functions (Ref chains through names, conditions).
    public static let maxEvaluationDepth = 100
    /// Longest string an intrinsic (Fn::Join, Fn::Sub) may build.
    public static let maxStringBytes = 1_000_000
}
