import Foundation
import Testing

/// Issue 10's property test: random scenario names, references and `--out` paths, run by every
/// output command in a sandbox that also holds a canary outside the output root and unrelated
/// files around and inside it. Whatever the CLI answers, every file the user wrote survives
/// byte for byte (except inside a folder the user replaced with --force), no secret is echoed,
/// and no lock or staging folder is left behind.
///
/// Deterministic: the cases come from FAULTLINE_FUZZ_SEED (default 20261204);
/// FAULTLINE_FUZZ_CASES sets how many (default 120, about 20 s in a debug build).
@Suite struct OutputFuzzTests {
    /// SplitMix64: a tiny, seeded generator, so a failing case can be replayed by its seed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    }

    static let secret = "CANARY-CONTENT-7f3a"

    /// A JSON string literal (valid YAML) for any name.
    func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x7F: out += String(format: "\\u%04X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    @Test func userFilesSurviveAnyOutputPathAndName() throws {
        let env = ProcessInfo.processInfo.environment
        let seed = env["FAULTLINE_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_204
        let cases = env["FAULTLINE_FUZZ_CASES"].flatMap(Int.init) ?? 120
        var g = Generator(state: seed)
        let box = try Sandbox()
        defer { box.remove() }
        let fm = FileManager.default

        // The user's files: a canary outside the working directory, one in home, and unrelated
        // files around and inside the output root.
        try Data((Self.secret + "\n").utf8).write(to: box.root.appendingPathComponent("canary.txt"))
        try Data(Self.secret.utf8).write(to: box.root.appendingPathComponent("home/canary.txt"))
        for (path, text) in [
            ("notes.txt", "my notes"), ("file.txt", "a file"), ("data/keep.csv", "t_s\n1\n"), ("out/mine.txt", "mine"),
            ("foreign/keep.txt", "foreign"), ("foreign/sweep.csv", "not a sweep"), ("foreign/capacity.csv", "not ours"),
            ("out/run-like/manifest.json", #"{"not": "faultline"}"#), ("traces/t.csv", "t_s\n1\n2\n")
        ] {
            try box.write(path, text)
        }
        try fm.createSymbolicLink(atPath: box.work.appendingPathComponent("link-to-data").path, withDestinationPath: "data")
        var user = Sandbox.snapshot(box.root)
        #expect(
            try box.faultline(["sweep", "s.yaml", "--set", "seed=1,2", "--replications", "1", "--keep-runs", "--out", "src", "--quiet"]).status != 0,
            "no scenario yet")
        try box.write("base.yaml", Sandbox.scenario(name: "base"))
        #expect(try box.faultline(["sweep", "base.yaml", "--set", "seed=1,2", "--replications", "1", "--keep-runs", "--out", "src", "--quiet"]).status == 0)
        user[box.work.appendingPathComponent("base.yaml").standardizedFileURL.path] = Data(Sandbox.scenario(name: "base").utf8)

        let names = [
            "ok", "web-1", "a.b", "out", "notes.txt", "foreign", "data", "src", "..", ".", "../x", "../../x", "a/b", "/abs", "",
            " ", "x\u{1B}[2J", "x\u{2028}y", "x\u{0}y", String(repeating: "n", count: 101), ".hidden", "run-like", "link-to-data"
        ]
        let home = box.root.appendingPathComponent("home").path
        let outs: [String?] = [
            nil, nil, nil, ".", "", "..", "out", "out/x", "foreign", "file.txt", "notes.txt", "data", "data/keep.csv",
            "../", box.root.path, home, "/", "../sib", "out/../..", "x/./y", "./out/ok", "out/run-like", "src",
            "link-to-data", "out/mine.txt/sub", "./", "out/.", "out/..", box.work.path
        ]
        let traces = [
            "traces/t.csv", "../canary.txt", box.root.appendingPathComponent("canary.txt").path, "../home/canary.txt",
            "link-to-data/keep.csv", "/dev/zero"
        ]

        for i in 0..<cases {
            let name = g.pick(names)
            let out = g.pick(outs)
            let force = g.chance(0.3)
            let command = g.pick(["run", "run", "run", "sweep", "sweep", "capacity", "merge", "validate"])
            let trace = g.chance(0.3) ? g.pick(traces) : nil
            let scenario = Sandbox.scenario(name: quoted(name), arrivals: trace.map { "trace: { file: \(quoted($0)) }" } ?? "poisson: { rate: 5 }")
            try box.write("s.yaml", scenario)
            var args: [String]
            switch command {
            case "run": args = ["run", "s.yaml", "--quiet"]
            case "sweep": args = ["sweep", "s.yaml", "--set", "seed=1,2", "--replications", "1", "--quiet"] + (g.chance(0.5) ? ["--keep-runs"] : [])
            case "capacity":
                args = [
                    "capacity", "s.yaml", "--vary", "services.s.workersPerAZ", "--range", "1..2",
                    "--hypothesis", "services.s.error_rate < 1", "--replications", "1"
                ]
            case "merge": args = ["merge", "src", "--quiet"] + (out == nil ? ["--out", "merged"] : [])
            default: args = ["validate", "s.yaml"]
            }
            if let out, command != "validate" { args += ["--out", out] }
            if force, command != "validate" { args.append("--force") }
            let label = "case \(i) (seed \(seed)): faultline \(args.map { quoted($0) }.joined(separator: " "))"

            let r = try box.faultline(args)
            #expect(r.status == 0 || r.status == 1, "\(label): exit \(r.status)\n\(r.stderr)")
            #expect(!(r.stdout + r.stderr).contains(Self.secret), "\(label) echoed the canary")
            #expect(!r.stderr.contains("Error Domain="), "\(label): \(r.stderr)")

            // What --force may replace: the named folder, unless it is protected.
            var replaceable: String?
            if force, let out, !out.isEmpty {
                let target = URL(fileURLWithPath: out, relativeTo: box.work).standardizedFileURL.path
                let protected =
                    box.work.standardizedFileURL.path.hasPrefix(target + "/") || target == box.work.standardizedFileURL.path
                    || target == home || target == "/"
                if !protected { replaceable = target }
            }
            for (path, data) in user {
                if let replaceable, path.hasPrefix(replaceable + "/") {
                    if !fm.fileExists(atPath: path) { user[path] = nil }
                    continue
                }
                #expect(fm.contents(atPath: path) == data, "\(label): \(path) was changed or deleted\n\(r.stderr)")
            }
            // No lock file or staging folder outlives the command.
            for path in Sandbox.snapshot(box.root).keys {
                let hidden = path.components(separatedBy: "/").filter { $0.hasPrefix(".") }
                #expect(!hidden.contains { $0.hasSuffix(".lock") || $0.contains(".tmp-") || $0.contains(".old-") }, "\(label): left \(path)")
            }
            // Occasionally the user edits an output folder: a note inside must survive too.
            if g.chance(0.15),
                let dir = (try? fm.contentsOfDirectory(atPath: box.work.appendingPathComponent("out").path))?.sorted().first(where: { !$0.hasPrefix(".") })
            {
                let note = box.work.appendingPathComponent("out/\(dir)/note-\(i).txt")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: box.work.appendingPathComponent("out/\(dir)").path, isDirectory: &isDir), isDir.boolValue {
                    try Data("note \(i)".utf8).write(to: note)
                    user[note.standardizedFileURL.path] = Data("note \(i)".utf8)
                }
            }
        }
        #expect(fm.contents(atPath: box.root.appendingPathComponent("canary.txt").path) == Data((Self.secret + "\n").utf8))
    }
}
