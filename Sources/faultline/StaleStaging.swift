import Foundation

/// Cleans up after a killed run. Faultline stages a folder NAME as `.NAME.tmp-PID` beside it and,
/// while replacing it, keeps the previous one as `.NAME.old-PID`; single files are staged as
/// `.FILE.tmp-PID`. When process PID is gone, such leftovers are removed, but only when they
/// hold nothing but what Faultline writes there, and a previous output left hidden by a
/// replacement that did not finish is put back rather than deleted.
enum StaleStaging {
    /// Whether process `pid` no longer exists.
    static func isDead(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The name and pid of a staging entry `.NAME.tmp-PID` / `.NAME.old-PID`.
    static func parse(_ entry: String) -> (name: String, kind: String, pid: Int32)? {
        guard entry.hasPrefix(".") else { return nil }
        for kind in ["tmp", "old"] {
            guard let r = entry.range(of: ".\(kind)-", options: .backwards), let pid = Int32(entry[r.upperBound...]), pid > 0 else { continue }
            let name = String(entry[entry.index(after: entry.startIndex)..<r.lowerBound])
            if !name.isEmpty { return (name, kind, pid) }
        }
        return nil
    }

    /// Cleans leftovers in `dir` of the outputs named `name` (every name when nil) whose
    /// process is dead or is this one. Returns what was done, for a note to the user.
    @discardableResult
    static func clean(in dir: URL, name: String? = nil) -> [String] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: dir.path) else { return [] }
        var done: [String] = []
        for entry in entries.sorted() {
            guard let s = parse(entry), name == nil || s.name == name, s.pid == getpid() || isDead(s.pid) else { continue }
            let url = dir.appendingPathComponent(entry), final = dir.appendingPathComponent(s.name)
            var st = stat()
            guard lstat(url.path, &st) == 0 else { continue }
            let type = st.st_mode & S_IFMT
            if s.kind == "tmp", type == S_IFREG, s.name.hasSuffix(".json") || s.name.hasSuffix(".csv") {
                // A single file staged by ``AtomicFile``: only Faultline writes such names.
                if (try? fm.removeItem(at: url)) != nil { done.append("removed \(url.path), left by a run that was stopped") }
            } else if s.kind == "tmp", type == S_IFDIR, isRunStaging(url) {
                if (try? fm.removeItem(at: url)) != nil { done.append("removed \(url.path), left by a run that was stopped") }
            } else if s.kind == "old", type == S_IFDIR, OutputFolder.isRunFolder(url) {
                if lstat(final.path, &st) != 0 {
                    if (try? fm.moveItem(at: url, to: final)) != nil {
                        done.append("restored \(final.path) from \(url.path), left hidden by a replacement that was stopped")
                    }
                } else if (try? fm.removeItem(at: url)) != nil {
                    done.append("removed \(url.path), a previous output already replaced")
                }
            }
        }
        return done
    }

    /// A staging folder holds only regular files with the names a run writes.
    static func isRunStaging(_ url: URL) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return false }
        return entries.allSatisfy { e in
            var st = stat()
            return OutputFolder.runFileNames.contains(e) && lstat(url.appendingPathComponent(e).path, &st) == 0 && st.st_mode & S_IFMT == S_IFREG
        }
    }
}

/// Writes one file atomically: to `.NAME.tmp-PID` beside it, then renamed into place. Errors
/// are ``OutputError``s.
enum AtomicFile {
    static func write(_ text: String, to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try OutputError.wrap(url.path, "writing the file") {
            do {
                try Data(text.utf8).write(to: tmp)
                try posixRename(tmp, url)
            } catch {
                try? FileManager.default.removeItem(at: tmp)
                throw error
            }
        }
    }
}

/// `rename(2)`: atomic, replaces a file at `to`; errors carry the POSIX code.
func posixRename(_ from: URL, _ to: URL) throws {
    if rename(from.path, to.path) != 0 { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
}
