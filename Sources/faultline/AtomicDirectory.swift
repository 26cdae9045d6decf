import Foundation

/// Writes a run's files into a hidden sibling folder and renames it into place only when every
/// file is complete, so a failed or interrupted run never leaves half-written outputs.
///
/// The folder it replaces must pass ``OutputFolder/check(_:kind:force:option:)`` (checked when
/// staging starts and again just before the swap). Leftovers of killed runs for the same name
/// are cleaned first (``StaleStaging``). If the swap fails half way, the previous output is put
/// back. Errors are ``OutputError``s naming the path.
final class AtomicDirectory {
    let finalURL: URL
    let stagingURL: URL
    private let force: Bool
    private var committed = false

    init(finalPath: String, force: Bool = false) throws {
        self.force = force
        finalURL = try OutputFolder.check(finalPath, kind: .run, force: force)
        let parent = finalURL.deletingLastPathComponent()
        try OutputError.wrap(parent.path, "creating the output folder") {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        StaleStaging.clean(in: parent, name: finalURL.lastPathComponent)
        stagingURL = parent.appendingPathComponent(".\(finalURL.lastPathComponent).tmp-\(getpid())")
        try OutputError.wrap(stagingURL.path, "creating the staging folder") {
            try FileManager.default.createDirectory(at: stagingURL, withIntermediateDirectories: false)
        }
    }

    func write(_ name: String, _ text: String) throws {
        let url = stagingURL.appendingPathComponent(name)
        try OutputError.wrap(url.path, "writing the file") { try Data(text.utf8).write(to: url) }
    }

    /// A file written in chunks as the run goes (the timeline).
    func streamingFile(_ name: String) throws -> StreamingFile {
        let url = stagingURL.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw OutputError.from(NSError(domain: NSPOSIXErrorDomain, code: Int(errno)), path: url.path, doing: "creating the file")
        }
        let handle = try OutputError.wrap(url.path, "opening the file") { try FileHandle(forWritingTo: url) }
        return StreamingFile(handle: handle, path: url.path)
    }

    /// Replaces any previous output folder with the staged one. The previous folder is moved
    /// aside to `.NAME.old-PID` first; if moving the new one in fails, it is moved back.
    func commit() throws {
        let fm = FileManager.default
        try OutputFolder.check(finalURL.path, kind: .run, force: force)
        var st = stat()
        if lstat(finalURL.path, &st) == 0 {
            let old = finalURL.deletingLastPathComponent().appendingPathComponent(".\(finalURL.lastPathComponent).old-\(getpid())")
            try OutputError.wrap(finalURL.path, "moving the previous output aside") { try posixRename(finalURL, old) }
            do {
                try posixRename(stagingURL, finalURL)
            } catch {
                let restored = (try? posixRename(old, finalURL)) != nil
                var e = OutputError.from(error, path: finalURL.path, doing: "moving the new output into place")
                e.problem += restored ? "; the previous output is unchanged" : "; the previous output is kept in \(old.path)"
                throw e
            }
            try? fm.removeItem(at: old)
        } else {
            try OutputError.wrap(finalURL.path, "moving the new output into place") { try posixRename(stagingURL, finalURL) }
        }
        committed = true
    }

    func abandon() {
        if !committed { try? FileManager.default.removeItem(at: stagingURL) }
    }

    deinit { abandon() }
}

/// Buffers chunks and writes them to a file handle in large blocks.
final class StreamingFile {
    private let handle: FileHandle
    private let path: String
    /// Bytes not yet written: an array, whose appends of arrays are one copy (`Data`'s were a
    /// loop per byte, about 1 % of an M/M/c run).
    private var buffer: [UInt8] = []
    private var failure: Error?

    init(handle: FileHandle, path: String) {
        self.handle = handle
        self.path = path
        buffer.reserveCapacity(1 << 20 + 1 << 16)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Appends UTF-8 bytes as they are (the timeline's chunks).
    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try OutputError.wrap(path, "writing the file") {
            try handle.close()
            if let failure { throw failure }
        }
    }
}
