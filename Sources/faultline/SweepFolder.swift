import FaultlineSweep
import Foundation

/// A sweep's output folder: `sweep.json` (the definition), `points/pNNNNNN.json` (one per
/// finished point, written atomically: a file that exists is complete), `sweep.csv` once every
/// point is there, and `runs/pNNNNNN-rRRR/` with `--keep-runs`.
struct SweepFolder {
    let url: URL
    var points: URL { url.appendingPathComponent("points") }
    var definitionFile: URL { url.appendingPathComponent("sweep.json") }
    var table: URL { url.appendingPathComponent("sweep.csv") }

    init(_ path: String) { url = URL(fileURLWithPath: path).standardizedFileURL }

    func runFolder(point: Int, replication: Int) -> String {
        let name = PointResult.fileName(point).dropLast(5) // "pNNNNNN"
        let r = String(replication)
        return url.appendingPathComponent("runs").appendingPathComponent("\(name)-r" + String(repeating: "0", count: max(0, 3 - r.count)) + r).path
    }

    /// The folder's definition, if it has one.
    func readDefinition() throws -> SweepDefinition? {
        guard let data = FileManager.default.contents(atPath: definitionFile.path) else { return nil }
        return try SweepDefinition(json: String(decoding: data, as: UTF8.self), file: definitionFile.path)
    }

    /// Creates the folder and writes the definition. A folder holding a different sweep (other
    /// scenario text, seed, replications, parameters or run length) is refused.
    func prepare(for definition: SweepDefinition) throws {
        try check(definition)
        try OutputError.wrap(points.path, "creating the folder") {
            try FileManager.default.createDirectory(at: points, withIntermediateDirectories: true)
        }
        StaleStaging.clean(in: url)
        StaleStaging.clean(in: points)
        StaleStaging.clean(in: url.appendingPathComponent("runs"))
        try Self.writeAtomically(definition.json().rendered(), to: definitionFile)
    }

    /// Refuses a folder that holds another sweep.
    func check(_ definition: SweepDefinition) throws {
        if let old = try readDefinition(), old.id != definition.id {
            throw CLIError(
                "\(url.path) holds a different sweep (\(old.scenarioName), \(old.pointCount) points x \(old.replications) replications, id \(old.id); this one is \(definition.id)). Fix: give another --out, or delete the folder to start over."
            )
        }
    }

    /// The finished points of `definition` in this folder, by index. Files of another sweep or
    /// unreadable ones are reported in `problems` and not counted.
    func finishedPoints(_ definition: SweepDefinition) -> (points: [Int: PointResult], problems: [String]) {
        var found: [Int: PointResult] = [:]
        var problems: [String] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: points.path)) ?? []
        for name in names.sorted() where name.hasPrefix("p") && name.hasSuffix(".json") {
            let file = points.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            do {
                let p = try PointResult(json: String(decoding: data, as: UTF8.self), file: file.path)
                guard p.sweepID == definition.id, p.point < definition.pointCount, p.runs.count == definition.replications,
                    name == PointResult.fileName(p.point)
                else {
                    problems.append("\(file.path) belongs to another sweep; it will be run again")
                    continue
                }
                found[p.point] = p
            } catch {
                problems.append("\(error)")
            }
        }
        return (found, problems)
    }

    func write(_ point: PointResult) throws {
        try Self.writeAtomically(point.json().rendered(), to: points.appendingPathComponent(PointResult.fileName(point.point)))
    }

    /// Renders sweep.csv when every point is there; returns whether it did.
    @discardableResult
    func writeTableIfComplete(_ definition: SweepDefinition) throws -> Bool {
        let found = finishedPoints(definition).points
        guard found.count == definition.pointCount else { return false }
        try Self.writeAtomically(try SweepTable.csv(definition, points: Array(found.values)), to: table)
        return true
    }

    /// Writes to a temporary file beside `url` and renames it into place (``AtomicFile``).
    static func writeAtomically(_ text: String, to url: URL) throws {
        try AtomicFile.write(text, to: url)
    }
}
