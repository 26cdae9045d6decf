import Foundation

/// An exclusive lock on one output path, held while a command writes it: a second `faultline`
/// writing the same folder at the same time is refused (not queued), so neither run's output is
/// corrupted or lost. The lock is `flock(2)` on a sibling file `.NAME.lock` holding the owner's
/// process id; the kernel releases it when the process ends, however it ends, so a killed run
/// never leaves a stale lock. The file is removed on release.
final class OutputLock {
    let lockURL: URL
    private var fd: Int32

    /// Takes the lock for `folder` (a standardized URL), or throws naming the holder.
    init(_ folder: URL, display: String) throws {
        let parent = folder.deletingLastPathComponent()
        try OutputError.wrap(parent.path, "creating the folder") {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        lockURL = parent.appendingPathComponent(".\(folder.lastPathComponent).lock")
        while true {
            let fd = open(lockURL.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else {
                throw OutputError.from(NSError(domain: NSPOSIXErrorDomain, code: Int(errno)), path: lockURL.path, doing: "creating the lock file")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let holder = Self.readPID(fd)
                close(fd)
                throw OutputError(
                    path: display, problem: "another faultline process\(holder.map { " (pid \($0))" } ?? "") is writing it right now",
                    fix: "wait for that run to finish, or give another --out")
            }
            // The previous holder may have removed the file between our open and flock: then
            // the lock we hold is on an unlinked file, and we start again.
            var mine = stat(), named = stat()
            if fstat(fd, &mine) == 0, stat(lockURL.path, &named) == 0, mine.st_ino == named.st_ino, mine.st_dev == named.st_dev {
                self.fd = fd
                let pid = "\(getpid())\n"
                _ = ftruncate(fd, 0)
                _ = pid.withCString { write(fd, $0, strlen($0)) }
                return
            }
            close(fd)
        }
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, 31, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func release() {
        guard fd >= 0 else { return }
        unlink(lockURL.path)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
