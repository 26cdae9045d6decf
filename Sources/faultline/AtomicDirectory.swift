import Foundation

/// Writes a run's files into a hidden sibling folder and renames it into place only when every
/// file is complete, so a failed or interrupted run never leaves half-written outputs.
final class AtomicDirectory {
    let finalURL: URL
    let stagingURL: URL
    private var committed = false

    init(finalPath: String) throws {
        finalURL = URL(fileURLWithPath: finalPath).standardizedFileURL
        let parent = finalURL.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        stagingURL = parent.appendingPathComponent(".\(finalURL.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: stagingURL)
        try FileManager.default.createDirectory(at: stagingURL, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: stagingURL.appendingPathComponent(name))
    }

    /// A file written in chunks as the run goes (the timeline).
    func streamingFile(_ name: String) throws -> StreamingFile {
        let url = stagingURL.appendingPathComponent(name)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        return try StreamingFile(handle: FileHandle(forWritingTo: url))
    }

    /// Replaces any previous output folder with the staged one.
    func commit() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: finalURL.path) {
            let old = finalURL.deletingLastPathComponent().appendingPathComponent(".\(finalURL.lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)")
            try? fm.removeItem(at: old)
            try fm.moveItem(at: finalURL, to: old)
            try fm.moveItem(at: stagingURL, to: finalURL)
            try? fm.removeItem(at: old)
        } else {
            try fm.moveItem(at: stagingURL, to: finalURL)
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
    private var buffer = Data()
    private var failure: Error?

    init(handle: FileHandle) { self.handle = handle }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch { failure = error }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
        if let failure { throw failure }
    }
}
