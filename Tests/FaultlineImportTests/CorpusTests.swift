import FaultlineAnalysis
import FaultlineImport
import FaultlineScenario
import Foundation
import Testing

/// Every CloudFormation-family file of `../shared/corpus/iac-templates` (SAM, YAML, JSON, CDK
/// synth) imports to a scenario that validates and runs with the default overlay; every
/// resource is accounted for (imported, part of one, or listed as not modelled); the
/// `AWS::FIS::ExperimentTemplate`s replay. Skipped, visibly, where the corpus is absent.
@Suite(.enabled(if: IaCCorpus.present, "SKIPPED: ../shared/corpus/iac-templates not found (the corpus tests run where ../shared exists, as in CI)"))
struct CorpusTests {
    @Test(arguments: IaCCorpus.entries().filter { $0.form != "terraform" })
    func importsValidatesAndRuns(_ e: IaCCorpus.Entry) throws {
        let path = IaCCorpus.root.appendingPathComponent(e.file).path
        let system = try Importer.importSystem([path], files: DiskFiles(), options: .init())
        let out = ScenarioWriter.write(system, overlay: Overlay(), name: "corpus", templatesFolder: "t")
        let spec = try ImportHarness.validate(out, file: e.file)
        // Nothing dropped silently: every resource of the file is imported, read as part of another, or listed.
        #expect(system.logicalIDs.count == e.resourceCount, "\(e.file): the importer read every resource the manifest counts")
        let missing = Set(system.logicalIDs).subtracting(system.accountedLogicalIDs)
        #expect(missing.isEmpty, "\(e.file): dropped silently: \(missing.sorted())")
        #expect(spec.experiments.count == e.fisTemplates, "\(e.file): every FIS template replays")
        let horizon = e.fisTemplates > 0 ? spec.model.horizon : .seconds(600)
        let run = try ScenarioRun.run(spec, options: RunOptions(horizon: horizon))
        #expect(run.result.eventsDispatched > 0)
        for x in run.experiments { #expect(x.status == .completed, "\(e.file): \(x.name) is \(x.status)") }
    }

    /// The Terraform file is HCL source: refused with the command that makes plan JSON.
    @Test func terraformHCLIsRefusedWithTheFix() throws {
        for e in IaCCorpus.entries() where e.form == "terraform" {
            #expect { _ = try Importer.importSystem([IaCCorpus.root.appendingPathComponent(e.file).path], files: DiskFiles(), options: .init()) } throws: {
                "\($0)".contains("terraform show -json")
            }
        }
    }
}

enum IaCCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/iac-templates")
    static var present: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("MANIFEST.tsv").path) }

    struct Entry: Sendable, CustomTestStringConvertible {
        var file: String
        var form: String
        var resourceCount: Int
        var fisTemplates: Int
        var testDescription: String { file }
    }

    static func entries() -> [Entry] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let f = header.firstIndex(of: "file")!, form = header.firstIndex(of: "form")!
        let types = header.firstIndex(of: "resource_types")!, fis = header.firstIndex(of: "fis_templates")!
        return lines.dropFirst().map { line in
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let count = c[types].split(separator: ";").compactMap { $0.split(separator: "=").last.flatMap { Int($0) } }.reduce(0, +)
            return Entry(file: c[f], form: c[form], resourceCount: count, fisTemplates: Int(c[fis]) ?? 0)
        }
    }
}
