import ArgumentParser
import FaultlineScenario
import Foundation
import Testing

@testable import faultline

/// Every example in every command's `--help` runs as written, from a folder holding a copy of
/// `scenarios/` (issue 12). Commands that simulate get `--set warmup=0s --horizon 1m` appended
/// (the last --horizon wins) so the suite stays short; everything else is the example's own text.
@Suite(.serialized) struct HelpExamplesTests {
    /// Every command and subcommand, depth first.
    static func commands(_ c: ParsableCommand.Type = Faultline.self, path: [String] = []) -> [(path: [String], type: ParsableCommand.Type)] {
        [(path, c)] + c.configuration.subcommands.flatMap { commands($0, path: path + [$0.configuration.commandName ?? $0._commandName]) }
    }

    /// The example lines of a help text: the indented `faultline ...` lines after "Examples:"
    /// (backslash continuations joined, trailing `# comments` dropped).
    static func examples(_ discussion: String) -> [String] {
        var out: [String] = [], inExamples = false, pending = ""
        for raw in discussion.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line == "Examples:" {
                inExamples = true
                continue
            }
            guard inExamples else { continue }
            if line.isEmpty {
                if out.isEmpty && pending.isEmpty { continue }
                break
            }
            var text = pending + (pending.isEmpty ? "" : " ") + line
            if text.hasSuffix("\\") {
                text.removeLast()
                pending = text.trimmingCharacters(in: .whitespaces)
                continue
            }
            pending = ""
            if let hash = text.range(of: "   #") ?? text.range(of: "  #") { text = String(text[..<hash.lowerBound]) }
            text = text.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("faultline ") { out.append(text) }
        }
        return out
    }

    @Test func everyCommandHasRunnableExamples() throws {
        let all = Self.commands()
        #expect(all.count >= 10, "\(all.map(\.path))")
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-examples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        for folder in ["scenarios", "examples"] {
            try FileManager.default.copyItem(at: CLITests.root.appendingPathComponent(folder), to: sandbox.appendingPathComponent(folder))
        }
        var ran = 0
        for (path, type) in all {
            let lines = Self.examples(type.configuration.discussion)
            // A command without examples of its own is covered by its parent's (scenario list/export).
            let covered = all.contains { parent in
                parent.path == Array(path.dropLast()) && !parent.path.isEmpty
                    && Self.examples(parent.type.configuration.discussion).contains {
                        $0.hasPrefix("faultline \(path.joined(separator: " ")) ") || $0 == "faultline \(path.joined(separator: " "))"
                    }
            }
            #expect(
                !lines.isEmpty || covered || !type.configuration.subcommands.isEmpty, "'faultline \(path.joined(separator: " "))' has no examples in its help")
            for line in lines {
                let verb = line.split(separator: " ").dropFirst().first.map(String.init) ?? ""
                let simulates = ["run", "sweep", "capacity"].contains(verb)
                // A stack (`run STACK --overlay`) takes no --set: the horizon alone is shortened.
                let command = line + (simulates ? (line.contains("--overlay") ? " --horizon 1m" : " --set warmup=0s --horizon 1m") : "")
                // `serve` runs until stopped: the example must come up and say where it listens.
                if line.split(separator: " ").dropFirst().first == "serve" {
                    let first = try Self.firstLine(of: line, in: sandbox)
                    #expect(first.hasPrefix("faultline serve: FIS API 2020-12-01 on http://127.0.0.1:"), "example '\(line)' did not start: \(first)")
                    ran += 1
                    continue
                }
                let r = try Self.shell(command, in: sandbox)
                // `run --check` exits 3 when a hypothesis does not pass; that is its documented answer.
                // `run` exits 4 when an experiment did not start before the shortened horizon;
                // `compare` exits 3 when the second side regressed (its documented answer).
                let ok =
                    r.status == 0 || (line.contains("--check") && r.status == Run.hypothesisFailedStatus)
                    || (verb == "run" && r.status == ExperimentOutcome.FinalState.unexpectedExitStatus)
                    || (verb == "compare" && r.status == Compare.regressionStatus)
                #expect(ok, "example of 'faultline \(path.joined(separator: " "))' failed (\(r.status)): \(line)\n\(r.stderr.prefix(2000))")
                ran += 1
            }
        }
        #expect(ran >= 25)
    }

    @Test func exampleExtractionJoinsContinuationsAndDropsComments() {
        let text = """
            Intro.

            Examples:
              faultline a x \\
                --y 1   # a comment
              faultline b

            More text mentioning faultline c.
            """
        #expect(Self.examples(text) == ["faultline a x --y 1", "faultline b"])
    }

    /// Starts `command` (a server), waits at most 120 s for its first line of output, then stops it.
    static func firstLine(of command: String, in dir: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exec " + command]
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = CLITests.binary.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer {
            if p.isRunning { p.terminate() }
            p.waitUntilExit()
        }
        let reader = out.fileHandleForReading
        var bytes = Data()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, !bytes.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            bytes.append(chunk)
        }
        return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }

    /// Runs `command` with /bin/sh (globs, quotes and redirections as a user's shell has them),
    /// the built faultline first on PATH.
    static func shell(_ command: String, in dir: URL) throws -> CLITests.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = CLITests.binary.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLITests.Result(status: p.terminationStatus, stdout: "", stderr: String(decoding: e, as: UTF8.self))
    }
}
