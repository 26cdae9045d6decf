import Foundation

/// How the importer reads files: the CLI gives it the disk, tests an in-memory tree. Paths are
/// as the user gave them; `canonical` resolves `..` and symbolic links, so nested stacks can be
/// confined to the top stack's folder tree.
public protocol StackFiles: Sendable {
    /// The file's text; throws when it cannot be read. Implementations refuse files above
    /// ``ImportLimits/maxFileBytes`` with ``ImportError/limit(file:what:limit:fix:)``.
    func read(_ path: String) throws -> String
    func isDirectory(_ path: String) -> Bool
    /// Names of the entries of a folder, sorted.
    func list(_ path: String) throws -> [String]
    /// The absolute, symlink-free form of a path.
    func canonical(_ path: String) -> String
}

/// The format of one input, detected from its content (never declared).
public enum StackFormat: String, Sendable {
    case cloudFormation = "CloudFormation"
    case sam = "SAM"
    case cdkAssembly = "CDK cloud assembly"
    case terraformPlan = "Terraform plan JSON"
}

enum PathText {
    static func folder(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "." }
        return i == p.startIndex ? "/" : String(p[..<i])
    }
    static func file(_ p: String) -> String { p.lastIndex(of: "/").map { String(p[p.index(after: $0)...]) } ?? p }
    static func stem(_ p: String) -> String {
        var f = file(p)
        for ext in [".template.json", ".json", ".yaml", ".yml", ".template"] where f.hasSuffix(ext) {
            f = String(f.dropLast(ext.count))
            break
        }
        return f
    }
    static func join(_ a: String, _ b: String) -> String { b.hasPrefix("/") ? b : (a == "." ? b : a + "/" + b) }
    /// A CloudFormation-safe stack name from a file stem: letters, digits and hyphens.
    static func stackName(_ stem: String) -> String {
        var out = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        while out.contains("--") { out = out.replacingOccurrences(of: "--", with: "-") }
        out = out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        if out.isEmpty || !(out.first!.isLetter) { out = "stack-" + out }
        return String(out.prefix(64))
    }
}
