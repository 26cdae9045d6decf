import FaultlineScenario
import Foundation

/// `faultline plan TEMPLATE --synthesize --scenario-out FILE`: writes a runnable scenario around
/// the template (``ScenarioSynthesizer``) so `faultline run FILE` replays it end to end.
extension Plan {
    /// Writes the synthesized scenario; the file is replaced only when Faultline wrote it
    /// (it starts with ``ScenarioSynthesizer/marker``), never a user's file (docs/safety.md).
    func writeScenario(text: String, params: [(key: String, value: String)], to out: String) throws {
        let outURL = URL(fileURLWithPath: out).standardizedFileURL
        let dir = outURL.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw OutputError(
                path: out, problem: "the folder \(dir.path) does not exist", fix: "create it first, or give --scenario-out a file in an existing folder")
        }
        var st = stat()
        if lstat(out, &st) == 0 {
            let isFile = st.st_mode & S_IFMT == S_IFREG
            let head =
                isFile
                ? (FileHandle(forReadingAtPath: out).map { h in
                    defer { try? h.close() }
                    return String(decoding: h.readData(ofLength: 256), as: UTF8.self)
                } ?? "") : ""
            guard isFile, head.hasPrefix(ScenarioSynthesizer.marker) else {
                throw OutputError(
                    path: out, problem: isFile ? "the file exists and is not a scenario synthesized by Faultline" : "exists and is not a regular file",
                    fix: "give --scenario-out a new file name (a scenario synthesized before is replaced)")
            }
        }
        // The scenario names the template relative to its own folder when it is inside it (as
        // scenarios do), else by its absolute path (then `run` needs --allow-read).
        let templateURL = URL(fileURLWithPath: template).standardizedFileURL
        let inside = templateURL.path.hasPrefix(dir.path.hasSuffix("/") ? dir.path : dir.path + "/")
        let relative = inside ? Self.relativePath(from: dir.path, to: templateURL.path) : templateURL.path
        let synthesized: SynthesizedScenario
        do {
            synthesized = try ScenarioSynthesizer.synthesize(
                text: text, file: template, templatePath: relative, params: params, perType: perType,
                allowUnknownActions: allowUnknownActions)
        } catch {
            throw CLIError(error.description)
        }
        try AtomicFile.write(synthesized.yaml, to: outURL)
        let allow = inside ? "" : " --allow-read \(templateURL.deletingLastPathComponent().path)"
        print("scenario: wrote \(out) (horizon \(synthesized.horizon), experiment at t=\(ScenarioSynthesizer.experimentStart))")
        print("run it:   faultline run \(out)\(allow)")
        if !synthesized.skipped.isEmpty {
            FileHandleStderr.write(
                "warning: \(template): actions Faultline does not replay are skipped in the scenario (unsupported: skip): \(synthesized.skipped.joined(separator: ", "))\n"
            )
        }
        for b in synthesized.blockers {
            FileHandleStderr.write("warning: \(template): does not replay end to end: \(b)\n")
        }
    }

    /// `to` relative to the folder `from` (both absolute and standardized).
    static func relativePath(from: String, to: String) -> String {
        let a = from.split(separator: "/").map(String.init), b = to.split(separator: "/").map(String.init)
        var i = 0
        while i < a.count, i < b.count - 1, a[i] == b[i] { i += 1 }
        return (Array(repeating: "..", count: a.count - i) + b[i...]).joined(separator: "/")
    }
}
