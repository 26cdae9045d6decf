import Foundation

/// Writes a `--junit FILE` report (run --check, sweep, compare). CI regenerates it on every
/// run, so a previous Faultline report at that path is replaced; any other existing file is the
/// user's and is refused (docs/safety.md: never overwrite what Faultline did not write).
enum JUnitFile {
    /// How every JUnit report Faultline writes begins (``CIReport/junitXML()``).
    static let marker = "<testsuites name=\"faultline\""

    static func write(_ xml: String, to path: String) throws {
        var st = stat()
        if lstat(path, &st) == 0 {
            let isFile = st.st_mode & S_IFMT == S_IFREG
            let head =
                isFile
                ? (FileHandle(forReadingAtPath: path).map { h in
                    defer { try? h.close() }
                    return String(decoding: h.readData(ofLength: 512), as: UTF8.self)
                } ?? "") : ""
            guard isFile, head.contains(marker) else {
                throw OutputError(
                    path: path, problem: isFile ? "the file exists and is not a JUnit report written by Faultline" : "exists and is not a regular file",
                    fix: "give --junit a new file name (a previous Faultline report there is replaced)")
            }
        }
        try AtomicFile.write(xml, to: URL(fileURLWithPath: path))
    }
}
