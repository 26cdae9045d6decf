import Foundation
import Testing

@testable import faultline

/// The parts of output safety that need a failure no command line can cause: a swap that
/// fails half way, a concurrent writer, a full disk.
@Suite(.serialized) struct OutputSafetyUnitTests {
    func runFolder(_ box: Sandbox, _ name: String, summary: String) throws -> URL {
        try box.write("\(name)/summary.json", summary)
        try box.write("\(name)/manifest.json", #"{"faultline_version": "0.1.0", "files": ["summary.json", "manifest.json"]}"#)
        return box.work.appendingPathComponent(name)
    }

    @Test func aSwapThatFailsHalfWayKeepsThePreviousOutput() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let final = try runFolder(box, "out/run", summary: "old")
        let writer = try AtomicDirectory(finalPath: final.path)
        try writer.write("summary.json", "new")
        // The staged folder vanishes: moving it into place fails after the old one was moved aside.
        try FileManager.default.removeItem(at: writer.stagingURL)
        #expect {
            try writer.commit()
        } throws: { error in
            "\(error)".contains("out/run") && "\(error)".contains("previous output is unchanged") && error is OutputError
        }
        #expect(box.read("out/run/summary.json") == "old")
        #expect(box.list("out") == ["run"], "nothing left hidden")
    }

    @Test func aPreviousOutputLeftAsideIsRestored() throws {
        let box = try Sandbox()
        defer { box.remove() }
        _ = try runFolder(box, "out/.run.old-\(deadPID)", summary: "old")
        let done = StaleStaging.clean(in: box.work.appendingPathComponent("out"), name: "run")
        #expect(done.count == 1 && done[0].contains("restored"))
        #expect(box.read("out/run/summary.json") == "old")
    }

    @Test func aSecondWriterOfTheSameFolderIsRefused() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.write("s.yaml", Sandbox.scenario())
        let target = box.work.appendingPathComponent("out/tiny")
        let lock = try OutputLock(target, display: "out/tiny")
        let r = try box.faultline(["run", "s.yaml", "--quiet"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("out/tiny") && r.stderr.contains("another faultline process (pid \(getpid()))"), "\(r.stderr)")
        #expect(!box.exists("out/tiny"))
        #expect(throws: OutputError.self) { try OutputLock(target, display: "out/tiny") }
        lock.release()
        #expect(try box.faultline(["run", "s.yaml", "--quiet"]).status == 0)
        #expect(box.list("out") == ["tiny"], "the lock file is gone")
    }

    @Test func fileSystemErrorsBecomeFaultlineErrors() {
        let cases: [(Error, String)] = [
            (NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC)), "disk is full"),
            (NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS)), "read-only"),
            (NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES)), "permission denied"),
            (CocoaError(.fileWriteOutOfSpace), "disk is full"),
            (CocoaError(.fileWriteVolumeReadOnly), "read-only"),
            (CocoaError(.fileWriteNoPermission), "permission denied"),
            (
                NSError(domain: NSCocoaErrorDomain, code: 512, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))]),
                "disk is full"
            )
        ]
        for (error, words) in cases {
            let text = OutputError.from(error, path: "/somewhere/out/x", doing: "writing the file").description
            #expect(text.hasPrefix("/somewhere/out/x: ") && text.contains(words) && text.contains("Fix:"), "\(text)")
            #expect(!text.contains("Domain"), "\(text)")
        }
    }
}
