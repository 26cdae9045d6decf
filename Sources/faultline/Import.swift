import ArgumentParser
import FaultlineImport
import FaultlineScenario
import Foundation

/// `faultline import STACK...`: CloudFormation / SAM / CDK cloud assembly / Terraform plan JSON
/// to a scenario (docs/import.md).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import CloudFormation, SAM, CDK (cdk.out) or Terraform plan JSON into a scenario.",
        discussion: """
            Writes the scenario (--out, default <stack name>.yaml), the stack's FIS templates in <out>-templates/ and, without --overlay, a commented overlay skeleton (<out>.overlay.yaml) listing every value it assumed. Prints what was imported, what is not modelled, the FIS lint and the predicted fault onset and tail per function. The scenario is validated before it is written; files not written by faultline import are never overwritten.

            Examples:
              faultline import examples/import/orders/template.yaml --out out/orders.yaml
              faultline import examples/import/orders/template.yaml --overlay examples/import/orders/overlay.yaml --out out/orders.yaml
              faultline import examples/import/cdk.out --out out/worker.yaml       # a CDK cloud assembly (cdk synth)
              faultline import examples/import/plan.json --out out/tf.yaml         # terraform show -json plan.tfplan > plan.json

            Exit status: 0 on success (lint findings are warnings); 1 on an error.
            """
    )

    @Argument(help: "Templates (YAML/JSON), cdk.out folders or Terraform plan JSON files.")
    var stacks: [String]

    @Option(help: "The overlay: load, handler durations, calls, AZ mapping (docs/import.md).")
    var overlay: String?

    @Option(help: "The scenario file to write (default: <stack name>.yaml).")
    var out: String?

    @Option(help: "The scenario's name (default: the stack's name).")
    var name: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let imported = try ImportedScenario.build(stacks: stacks, overlay: overlay, name: name, out: out)
        let path = imported.scenarioPath
        try FileManager.default.createDirectory(atPath: PathText2.folder(path), withIntermediateDirectories: true)
        try SafeWrite.write(path, imported.output.scenario, header: ScenarioWriter.header)
        for t in imported.output.templates {
            let full = PathText2.join(PathText2.folder(path), t.path)
            try FileManager.default.createDirectory(atPath: PathText2.folder(full), withIntermediateDirectories: true)
            try SafeWrite.write(full, t.text, header: nil, ownedJSON: true)
        }
        let skeletonPath = String(path.dropLast(path.hasSuffix(".yaml") ? 5 : 0)) + ".overlay.yaml"
        let wroteSkeleton =
            overlay == nil ? (try? SafeWrite.write(skeletonPath, imported.output.skeleton, header: ScenarioWriter.skeletonHeader)) != nil : false
        if quiet { return }
        print(imported.report)
        print(
            "wrote: \(path)"
                + (imported.output.templates.isEmpty
                    ? "" : ", \(imported.output.templates.count) FIS template(s) in \(PathText2.join(PathText2.folder(path), imported.templatesFolder))/")
                + (wroteSkeleton ? ", overlay skeleton \(skeletonPath)" : ""))
        print("next: faultline run \(path)")
    }
}

/// The importer wired to the disk: reads inputs, imports, writes the scenario text and validates it.
struct ImportedScenario {
    var output: ScenarioWriter.Output
    var spec: ScenarioSpec
    var scenarioPath: String
    var templatesFolder: String
    var report: String

    static func build(stacks: [String], overlay overlayPath: String?, name: String?, out: String?) throws -> ImportedScenario {
        let files = DiskStackFiles()
        var overlay = Overlay()
        if let overlayPath { overlay = try Overlay.read(text: try files.read(overlayPath), file: overlayPath, files: files) }
        let system = try Importer.importSystem(stacks, files: files, options: overlay.importOptions)
        let scenarioName = name ?? overlay.stackName ?? Self.defaultName(stacks[0])
        let path = out ?? "\(scenarioName).yaml"
        let stem = PathText2.file(path).replacingOccurrences(of: ".yaml", with: "").replacingOccurrences(of: ".yml", with: "")
        let templatesFolder = "\(stem)-templates"
        let output = ScenarioWriter.write(system, overlay: overlay, name: scenarioName, templatesFolder: templatesFolder)
        let templates = Dictionary(output.templates.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        let spec: ScenarioSpec
        do {
            spec = try ScenarioSpec.load(text: output.scenario, file: path) { rel in
                guard let t = templates[rel] else { throw CLIError("\(rel): not written by import") }
                return t
            }
        } catch {
            throw CLIError("the imported scenario does not validate (please report this with the stack):\n\(error)\n--- scenario ---\n\(output.scenario)")
        }
        var lines: [String] = []
        let counts: [(String, Int)] = [
            ("functions", system.functions.count), ("queues", system.queues.count), ("topics", system.topics.count),
            ("tables", system.tables.count), ("APIs", system.apis.filter { !$0.routes.isEmpty }.count), ("services", system.services.count),
            ("databases", system.databases.count), ("subnets", system.subnets.count), ("alarms", system.alarms.count),
            ("experiments", system.experiments.count), ("dashboards", system.dashboards.count)
        ]
        lines.append("imported: " + counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", "))
        if !system.notModelled.isEmpty {
            lines.append("not modelled (\(system.notModelled.count)):")
            lines += system.notModelled.map { "  \($0.origin.logicalID) (\($0.origin.type)): \($0.reason)" }
        }
        if !output.assumptions.isEmpty {
            lines.append("assumed (\(output.assumptions.count); see the overlay skeleton):")
            lines += output.assumptions.map { "  \($0)" }
        }
        let findings = Lint.check(system)
        if !findings.isEmpty {
            lines.append("lint (\(findings.count)):")
            lines += findings.map { "  warning: \($0)" }
        }
        let onsets = Lint.onsets(system)
        if !onsets.isEmpty {
            lines.append("predicted Lambda fault onset and tail (poll model):")
            lines += onsets.map { "  \($0)" }
        }
        for w in spec.warnings { lines.append("warning: \(w)") }
        return ImportedScenario(output: output, spec: spec, scenarioPath: path, templatesFolder: templatesFolder, report: lines.joined(separator: "\n"))
    }

    /// True for a stack rather than a scenario: a folder (cdk.out), Terraform source, or a file
    /// with a top-level `Resources` section or Terraform's `format_version` and no `regions:`.
    static func looksLikeStack(_ path: String) -> Bool {
        if DiskStackFiles().isDirectory(path) || path.hasSuffix(".tf") { return true }
        guard let text = try? DiskStackFiles().read(path) else { return false }
        let head = String(text.prefix(200_000))
        let scenario = head.contains("\nregions:") || head.hasPrefix("regions:") || head.contains("\"regions\"")
        let stack = head.contains("\nResources:") || head.hasPrefix("Resources:") || head.contains("\"Resources\"") || head.contains("\"format_version\"")
        return stack && !scenario
    }

    static func defaultName(_ input: String) -> String {
        var p = input
        while p.hasSuffix("/") { p.removeLast() }
        var stem = PathText2.file(p)
        for ext in [".template.json", ".json", ".yaml", ".yml"] where stem.hasSuffix(ext) {
            stem = String(stem.dropLast(ext.count))
            break
        }
        if stem == "template" || stem == "cdk.out" { stem = PathText2.file(PathText2.folder(p)) }
        let cleaned = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        return cleaned.isEmpty || cleaned == "." ? "imported" : cleaned
    }
}

/// Reads stacks from the disk, refusing files above the importer's size limit.
struct DiskStackFiles: StackFiles {
    func read(_ path: String) throws -> String {
        let attrs = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attrs?[.size] as? Int, size > ImportLimits.maxFileBytes {
            throw ImportError.limit(
                file: path, what: "the file size (\(size) bytes)", limit: ImportLimits.maxFileBytes, fix: "CloudFormation templates are at most 1 MB")
        }
        return try readText(path)
    }
    func isDirectory(_ path: String) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &d) && d.boolValue
    }
    func list(_ path: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
    func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// Writes a file only when it is new or was written by Faultline (house rule: never overwrite
/// what Faultline did not write).
enum SafeWrite {
    static func write(_ path: String, _ text: String, header: String?, ownedJSON: Bool = false) throws {
        if let existing = FileManager.default.contents(atPath: path) {
            let old = String(decoding: existing, as: UTF8.self)
            let ours = header.map { old.hasPrefix($0) } ?? (ownedJSON && old.contains("\"Type\": \"AWS::FIS::ExperimentTemplate\""))
            if !ours {
                throw CLIError("\(path): exists and was not written by faultline import; not overwriting it. Fix: choose another --out, or move the file away")
            }
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CLIError("\(path): cannot write the file (does its folder exist and is it writable?)")
        }
    }
}

enum PathText2 {
    static func folder(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "." }
        return i == p.startIndex ? "/" : String(p[..<i])
    }
    static func file(_ p: String) -> String { p.lastIndex(of: "/").map { String(p[p.index(after: $0)...]) } ?? p }
    static func join(_ a: String, _ b: String) -> String { b.hasPrefix("/") ? b : (a == "." ? b : a + "/" + b) }
}
