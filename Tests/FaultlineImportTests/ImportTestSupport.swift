import FaultlineDocument
import FaultlineImport
import FaultlineScenario
import Foundation

/// An in-memory folder tree for the importer (paths are absolute, `..` resolved by `canonical`).
struct MemoryFiles: StackFiles {
    var files: [String: String]
    func read(_ path: String) throws -> String {
        guard let t = files[canonical(path)] else { throw ImportError.refused(file: path, message: "no such file", fix: "-") }
        return t
    }
    func isDirectory(_ path: String) -> Bool {
        let p = canonical(path) + "/"
        return files.keys.contains { $0.hasPrefix(p) }
    }
    func list(_ path: String) throws -> [String] {
        let p = canonical(path) + "/"
        return Set(files.keys.filter { $0.hasPrefix(p) }.map { String($0.dropFirst(p.count).split(separator: "/")[0]) }).sorted()
    }
    func canonical(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/") {
            if c == "." { continue }
            if c == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(c)
        }
        return "/" + parts.joined(separator: "/")
    }
}

/// Reads the real disk (the shared corpus).
struct DiskFiles: StackFiles {
    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
    func isDirectory(_ path: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
    }
    func list(_ path: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
    func canonical(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
}

enum ImportHarness {
    /// Imports `text` as `/stack/<file>` and returns the writer's output and the system.
    static func run(
        _ text: String, file: String = "template.yaml", extra: [String: String] = [:], overlay: String? = nil,
        name: String = "test"
    ) throws -> (output: ScenarioWriter.Output, system: ImportedSystem) {
        var all = ["/stack/\(file)": text]
        for (k, v) in extra { all["/stack/\(k)"] = v }
        let files = MemoryFiles(files: all)
        var o = Overlay()
        if let overlay { o = try Overlay.read(text: overlay, file: "/stack/overlay.yaml", files: files) }
        let system = try Importer.importSystem(["/stack/\(file)"], files: files, options: o.importOptions)
        return (ScenarioWriter.write(system, overlay: o, name: name, templatesFolder: "t"), system)
    }

    /// The scenario without its comment header (the lines from `name:` on).
    static func body(_ scenario: String) -> String {
        let lines = scenario.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.drop { !$0.hasPrefix("name:") }.joined(separator: "\n")
    }

    /// Lines of one top-level section (`functions:` up to the next top-level key).
    static func section(_ scenario: String, _ key: String) -> String {
        let lines = scenario.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == "\(key):" }) else { return "" }
        let rest = lines[(start + 1)...].prefix { $0.hasPrefix(" ") }
        return ([lines[start]] + rest).joined(separator: "\n")
    }

    /// Validates the written scenario with the existing reader (templates from memory).
    static func validate(_ out: ScenarioWriter.Output, file: String = "test.yaml") throws -> ScenarioSpec {
        let templates = Dictionary(out.templates.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        return try ScenarioSpec.load(text: out.scenario, file: file) { rel in
            guard let t = templates[rel] else { throw ImportError.refused(file: rel, message: "not written", fix: "-") }
            return t
        }
    }
}
