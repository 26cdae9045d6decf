import ArgumentParser
import FaultlineSweep
import Foundation

/// `faultline merge DIR... --out DIR`: combine the folders of a sharded sweep into one, with
/// the same bytes an unsharded sweep writes.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the output folders of sweep shards (--shard I/N) into one sweep folder and its sweep.csv.",
        discussion: """
            Every folder must hold the same sweep (same sweep.json id: scenario text, seed,
            replications, parameters, run length). Points found in several folders must be
            identical. The merged folder is a complete sweep folder: sweep.json, points/, runs/
            (when the shards kept runs) and sweep.csv, byte-identical to an unsharded sweep.
            Fails, naming the missing points, when some point is in no folder.

            Examples:
              faultline sweep scenarios/mmc-erlang-c.yaml --set seed=1,2,3 --replications 2 --shard 1/2 --out out/part1
              faultline sweep scenarios/mmc-erlang-c.yaml --set seed=1,2,3 --replications 2 --shard 2/2 --out out/part2
              faultline merge out/part1 out/part2 --out out/merged
            """
    )

    @Argument(help: "Shard output folders.")
    var folders: [String]

    @Option(help: "The merged sweep folder.")
    var out: String

    @OptionGroup var verbosity: QuietOption
    var quiet: Bool { verbosity.quiet }

    @Flag(help: "Merge into the --out folder even if it is not a Faultline sweep folder (never the working directory, a folder above it, home or /).")
    var force = false

    func run() throws {
        var definition: SweepDefinition?
        var first = ""
        var points: [Int: PointResult] = [:]
        var source: [Int: String] = [:]
        let target = SweepFolder(out)
        // The target is checked and locked before anything is copied into it.
        let lock = try OutputLock(OutputFolder.check(out, kind: .sweep, force: force), display: out)
        defer { lock.release() }
        var sources: [SweepFolder] = []
        for path in folders {
            let folder = SweepFolder(path)
            guard let d = try folder.readDefinition() else {
                throw CLIError("\(path) has no sweep.json, so it is not a sweep folder. Fix: give the folders that 'faultline sweep --out' wrote.")
            }
            if let definition {
                guard d.id == definition.id else {
                    throw CLIError(
                        "\(path) is a different sweep (id \(d.id)) from \(first) (id \(definition.id)). Fix: merge only the shards of one sweep command.")
                }
            } else {
                definition = d
                first = path
            }
            let (found, problems) = folder.finishedPoints(d)
            if !quiet { for p in problems { FileHandleStderr.write("warning: \(p)\n") } }
            for (i, p) in found.sorted(by: { $0.key < $1.key }) {
                if let seen = points[i] {
                    guard seen == p else {
                        throw CLIError(
                            "point \(i) differs between \(source[i]!) and \(path) (the runs should be deterministic). Fix: check both were run by the same faultline version."
                        )
                    }
                    continue
                }
                points[i] = p
                source[i] = path
            }
            sources.append(folder)
        }
        guard let definition else { throw ValidationError("give at least one folder") }
        try target.prepare(for: definition)
        for folder in sources { try copyRuns(from: folder, to: target) }
        for (_, p) in points.sorted(by: { $0.key < $1.key }) { try target.write(p) }
        do {
            try SweepFolder.writeAtomically(try SweepTable.csv(definition, points: Array(points.values)), to: target.table)
        } catch let e as SweepError {
            throw CLIError("\(target.url.path): \(e)")
        }
        if !quiet { print("merged \(folders.count) folder\(folders.count == 1 ? "" : "s"), \(points.count) points: \(target.table.path)") }
    }

    /// Copies kept runs (`runs/`) that the target does not have yet.
    private func copyRuns(from folder: SweepFolder, to target: SweepFolder) throws {
        let fm = FileManager.default
        let src = folder.url.appendingPathComponent("runs"), dst = target.url.appendingPathComponent("runs")
        guard src.standardizedFileURL != dst.standardizedFileURL,
            let names = try? fm.contentsOfDirectory(atPath: src.path)
        else { return }
        try OutputError.wrap(dst.path, "creating the folder") { try fm.createDirectory(at: dst, withIntermediateDirectories: true) }
        // Only complete Faultline runs are copied, each atomically (staged, then renamed).
        for name in names.sorted()
        where !name.hasPrefix(".") && !fm.fileExists(atPath: dst.appendingPathComponent(name).path)
            && OutputFolder.isRunFolder(src.appendingPathComponent(name))
        {
            let staging = dst.appendingPathComponent(".\(name).tmp-\(getpid())")
            try OutputError.wrap(dst.appendingPathComponent(name).path, "copying the kept run") {
                try? fm.removeItem(at: staging)
                try fm.copyItem(at: src.appendingPathComponent(name), to: staging)
                try posixRename(staging, dst.appendingPathComponent(name))
            }
        }
    }
}
