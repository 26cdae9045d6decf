import Foundation

/// A temporary folder to run `faultline` in as a user would: the working directory is
/// `sandbox/work`, HOME is `sandbox/home`, and the tests put their own files around to check
/// that Faultline leaves them alone.
struct Sandbox {
    let root: URL
    var work: URL { root.appendingPathComponent("work") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-safety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("work"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("home"), withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// A small, fast scenario (2 simulated minutes).
    static func scenario(name: String = "tiny", arrivals: String = "poisson: { rate: 5 }", extra: String = "") -> String {
        """
        name: \(name)
        seed: 1
        horizon: 2m
        regions: [{ name: r, azs: [a] }]
        services:
          - { name: s, workersPerAZ: 2, serviceTime: { exponential: { mean: 10ms } } }
        workloads:
          - { name: w, service: s, arrivals: { \(arrivals) } }
        \(extra)
        """
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        let url = work.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: work.appendingPathComponent(relative).path) }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: work.appendingPathComponent(relative).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func list(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent(relative).path)) ?? []).sorted()
    }

    /// Runs the built `faultline` in `work` (or `cwd`) with HOME set to the sandbox's home.
    func faultline(_ args: [String], cwd: URL? = nil) throws -> CLITests.Result {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? work
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = root.appendingPathComponent("home").path
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLITests.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Every regular file under `dir` with its bytes (links not followed).
    static func snapshot(_ dir: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            files[url.standardizedFileURL.path] = FileManager.default.contents(atPath: url.path)
        }
        return files
    }
}

/// A pid that no process has (above Linux's largest pid_max, 2^22).
let deadPID = 99_999_999
