import FaultlineScenario
import Foundation

/// What Faultline may do to an output path (docs/safety.md). An output folder may be replaced
/// or written into only when it does not exist, is empty, or is a Faultline output of the same
/// kind; anything else is refused unless `--force` is given, and `--force` never applies to the
/// working directory, a folder above it, the home folder or `/`.
///
/// The markers: a run folder holds `manifest.json` with `faultline_version` and `files`, and
/// nothing but the files that manifest lists; a sweep folder holds `sweep.json` with
/// `faultline_version` and `sweep_id`; a capacity folder holds `capacity.csv` starting with
/// Faultline's header line.
enum OutputFolder {
    enum Kind: String {
        case run, sweep, capacity

        var what: String {
            switch self {
            case .run: "run output folder"
            case .sweep: "sweep folder"
            case .capacity: "capacity folder"
            }
        }
    }

    /// The header `faultline capacity` writes first in `capacity.csv` (its marker).
    static let capacityHeader = "value,replications,passed,share,meets\n"

    /// Every file a run folder (or its staging folder) can hold.
    static let runFileNames: Set<String> = [
        "timeline.csv", "summary.json", "faults.json", "experiment.json", "alarms.json",
        "report.html", "manifest.json"
    ]

    /// Checks that `path` may receive a `kind` output; returns it as a standardized URL.
    /// Nothing is written.
    @discardableResult
    static func check(_ path: String, kind: Kind, force: Bool, option: String = "--out") throws -> URL {
        if path.trimmingCharacters(in: .whitespaces).isEmpty {
            throw OutputError(
                path: "\"\(path)\"", problem: "\(option) is empty, which would mean the working directory",
                fix: "give \(option) a folder name, e.g. \(option) out/my-run")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        try refuseProtected(url, given: path, option: option)
        if let file = OutputError.firstNonFolder(above: url.deletingLastPathComponent().path) {
            throw OutputError(
                path: path, problem: "\(file) is a file, not a folder, so the output cannot be created under it",
                fix: "give \(option) a path whose parent folders are folders")
        }
        var st = stat()
        guard lstat(url.path, &st) == 0 else { return url } // does not exist: fine
        let type = st.st_mode & S_IFMT
        if type == S_IFLNK {
            throw OutputError(
                path: path, problem: "is a symbolic link; Faultline does not replace links or write through them",
                fix: "give \(option) the folder the link points to, or another path")
        }
        if type != S_IFDIR {
            throw OutputError(
                path: path, problem: "is a file, not a folder; Faultline never replaces a file with an output folder",
                fix: "give \(option) another path, or move the file away")
        }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
            throw OutputError.from(error, path: path, doing: "listing the folder")
        }
        if entries.isEmpty || force { return url }
        if let refusal = foreignContent(url, entries: entries, kind: kind) {
            let force = kind == .run ? "or pass --force to replace it (deleting what it holds)" : "or pass --force to write into it"
            throw OutputError(
                path: path, problem: "is not a Faultline \(kind.what): \(refusal)",
                fix: "give \(option) a new or empty folder, \(force)")
        }
        return url
    }

    /// Why the existing folder `url` is not a Faultline output of `kind`, or nil when it is.
    static func foreignContent(_ url: URL, entries: [String], kind: Kind) -> String? {
        switch kind {
        case .run:
            guard let files = runManifestFiles(url) else { return "it has no Faultline manifest.json (it holds \(list(entries)))" }
            let allowed = Set(files).union(["manifest.json"])
            let extra = entries.filter { !allowed.contains($0) }.sorted()
            if !extra.isEmpty { return "besides a Faultline run it holds \(list(extra)), which Faultline did not write" }
            return nil
        case .sweep:
            return hasSweepMarker(url) ? nil : "it has no Faultline sweep.json (it holds \(list(entries)))"
        case .capacity:
            return hasCapacityMarker(url) ? nil : "it has no Faultline capacity.csv (it holds \(list(entries)))"
        }
    }

    /// The `files` of a Faultline `manifest.json` in `url`, or nil when there is none.
    static func runManifestFiles(_ url: URL) -> [String]? {
        guard let object = smallJSON(url.appendingPathComponent("manifest.json")),
            object["faultline_version"] is String, let files = object["files"] as? [String]
        else { return nil }
        return files
    }

    static func hasSweepMarker(_ url: URL) -> Bool {
        guard let object = smallJSON(url.appendingPathComponent("sweep.json")) else { return false }
        return object["faultline_version"] is String && object["sweep_id"] is String
    }

    static func hasCapacityMarker(_ url: URL) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.appendingPathComponent("capacity.csv").path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: capacityHeader.utf8.count)) ?? Data()
        return head == Data(capacityHeader.utf8)
    }

    /// A JSON object from a regular file of at most 1 MiB.
    static func smallJSON(_ file: URL) -> [String: Any]? {
        var st = stat()
        guard lstat(file.path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size <= 1 << 20,
            let data = FileManager.default.contents(atPath: file.path)
        else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Whether `url` is a complete Faultline run folder (marker, and only the files it lists).
    static func isRunFolder(_ url: URL) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return false }
        return foreignContent(url, entries: entries, kind: .run) == nil
    }

    static func list(_ names: [String]) -> String {
        let sorted = names.sorted()
        let shown = sorted.prefix(4).map { "'\($0)'" }.joined(separator: ", ")
        return sorted.count > 4 ? "\(shown) and \(sorted.count - 4) more" : shown
    }

    /// Refuses `/`, the home folder, the working directory and every folder above it, with or
    /// without `--force`.
    static func refuseProtected(_ url: URL, given: String, option: String) throws {
        let target = realPath(url.path)
        let cwd = realPath(FileManager.default.currentDirectoryPath)
        let home = ProcessInfo.processInfo.environment["HOME"].map(realPath)
        let fix = "give \(option) a folder of its own, e.g. \(option) out/my-run"
        if target == "/" {
            throw OutputError(path: given, problem: "is the root folder; Faultline never writes its outputs there", fix: fix)
        }
        if let home, target == home {
            throw OutputError(path: given, problem: "is your home folder; Faultline never writes its outputs there", fix: fix)
        }
        if target == cwd {
            throw OutputError(path: given, problem: "is the working directory; Faultline never replaces it", fix: fix)
        }
        if cwd.hasPrefix(target + "/") {
            throw OutputError(path: given, problem: "is a folder above the working directory; Faultline never replaces it", fix: fix)
        }
    }

    /// `path` with symbolic links resolved as far as it exists; the rest appended as written.
    static func realPath(_ path: String) -> String {
        var head = URL(fileURLWithPath: path).standardizedFileURL
        var tail: [String] = []
        while head.path != "/" {
            if let p = realpath(head.path, nil) {
                defer { free(p) }
                var out = URL(fileURLWithPath: String(cString: p))
                for c in tail.reversed() { out.appendPathComponent(c) }
                return out.standardizedFileURL.path
            }
            tail.append(head.lastPathComponent)
            head = head.deletingLastPathComponent()
        }
        return "/" + tail.reversed().joined(separator: "/")
    }
}

extension OutputFolder {
    /// The default output folder `ROOT/<name><suffix>` of a scenario: the name must be a valid
    /// scenario name, and the path stays directly inside `root`.
    static func defaultPath(root: String = "out", name: String, suffix: String = "") throws -> String {
        if let problem = ScenarioName.problem(name) {
            throw OutputError(
                path: "\(root)/\(name)\(suffix)", problem: "the scenario name cannot name an output folder: \(problem)",
                fix: "\(ScenarioName.fix), or give --out")
        }
        let path = "\(root)/\(name)\(suffix)"
        let base = URL(fileURLWithPath: root).standardizedFileURL, url = URL(fileURLWithPath: path).standardizedFileURL
        guard url.deletingLastPathComponent().path == base.path else {
            throw OutputError(path: path, problem: "the folder would not be inside \(root)/", fix: "\(ScenarioName.fix), or give --out")
        }
        return path
    }
}
