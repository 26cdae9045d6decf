import FaultlineImport
import Foundation
import Testing

/// Faultline expands SAM itself; this checks it against the real thing. For every SAM file of the
/// corpus, `aws-sam-translator` (optional: python/sam/sam_expand.py, the corpus README's recipe)
/// expands it to plain CloudFormation, Faultline imports both, and the two imports must agree on
/// what the simulation depends on: functions (name, memory, timeout, concurrency, FIS extension,
/// tags), API routes, queue consumers, subscriptions and tables. Skipped, visibly, without
/// Python's `samtranslator` and `yaml` or without the corpus.
@Suite(
    .enabled(
        if: IaCCorpus.present && SAMTranslator.available,
        "SKIPPED: needs ../shared/corpus/iac-templates and python3 with aws-sam-translator and PyYAML (pip install aws-sam-translator pyyaml)"))
struct SAMTranslatorTests {
    @Test(arguments: IaCCorpus.entries().filter { $0.form == "sam" })
    func faultlinesExpansionAgreesWithTheTranslator(_ e: IaCCorpus.Entry) throws {
        let path = IaCCorpus.root.appendingPathComponent(e.file).path
        let name = "stack"
        let ours = try Importer.importSystem([path], files: DiskFiles(), options: .init(stackName: name))
        let expanded = try SAMTranslator.expand(path)
        let files = MemoryFiles(files: ["/x/expanded.json": expanded])
        let theirs = try Importer.importSystem(["/x/expanded.json"], files: files, options: .init(stackName: name))
        #expect(Self.functions(ours) == Self.functions(theirs), "\(e.file): functions")
        #expect(Self.routes(ours) == Self.routes(theirs), "\(e.file): API routes")
        let consumers = { (s: ImportedSystem) in s.queues.map { "\($0.name) <- \($0.consumer.map { "\($0.function)/\($0.batchSize ?? 10)" } ?? "-")" }.sorted()
        }
        #expect(consumers(ours) == consumers(theirs), "\(e.file): consumers")
        #expect(
            ours.topics.map { "\($0.name): \($0.subscriptions.sorted())" }.sorted() == theirs.topics.map { "\($0.name): \($0.subscriptions.sorted())" }.sorted()
        )
        #expect(ours.tables.map(\.name).sorted() == theirs.tables.map(\.name).sorted(), "\(e.file): tables")
    }

    static func functions(_ s: ImportedSystem) -> [String] {
        s.functions.map { f in
            let tags = f.tags.filter { !$0.0.hasPrefix("aws:cloudformation:") }.map { "\($0.0)=\($0.1)" }.sorted()
            return
                "\(f.name) mem=\(f.memoryMB ?? 128) timeout=\(f.timeout ?? 3) reserved=\(f.reservedConcurrency ?? -1) provisioned=\(f.provisionedConcurrency ?? 0) fis=\(f.fis != nil) tags=\(tags)"
        }.sorted()
    }

    static func routes(_ s: ImportedSystem) -> [String] {
        s.apis.flatMap { a in a.routes.map { "\(a.name) \($0.method) \($0.path) -> \($0.function)" } }.sorted()
    }
}

enum SAMTranslator {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("python/sam/sam_expand.py").path

    static func python(_ args: [String]) throws -> (status: Int32, out: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let available: Bool = (try? python(["-c", "import samtranslator, yaml"]).status == 0) ?? false

    static func expand(_ path: String) throws -> String {
        let r = try python([script, path])
        guard r.status == 0 else { throw ImportError.refused(file: path, message: "aws-sam-translator failed (status \(r.status))", fix: "-") }
        return r.out
    }
}
