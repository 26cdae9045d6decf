import FaultlineDocument
import FaultlineFIS
import FaultlineScenario
import Foundation
import Testing

/// Mutation fuzzing of the FIS template path: corpus templates, mutated deterministically
/// (SplitMix64), go through the parser, the validator and the planner. Every case must end in a
/// report or a clean error — never a crash, a trap or a hang.
///
/// Mutations: byte flips, deletions, duplications, truncations, insertions of hostile fragments
/// (quotes, brackets, control characters, unicode), and on the parsed tree: type swaps, key
/// renames (to catalog names and to junk), huge and odd numbers, deep nesting, unicode strings,
/// emptied or duplicated members. CI runs `FAULTLINE_FUZZ_CASES` cases (default 2,000, about 4 s of CPU in debug);
/// `FAULTLINE_FUZZ_CASES=100000 swift test --filter TemplateFuzzTests` runs the long one.
@Suite struct TemplateFuzzTests {
    static let corpus = SharedCorpus.fisTemplates

    static func seeds() throws -> [(file: String, text: String)]? {
        let manifest = corpus.appendingPathComponent("MANIFEST.tsv")
        guard FileManager.default.fileExists(atPath: manifest.path) else { return nil }
        let rows = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n").dropFirst()
        return try rows.map { row in
            let file = String(row.prefix { $0 != "\t" })
            return (file, try String(contentsOf: corpus.appendingPathComponent(file), encoding: .utf8))
        }
    }

    /// Counts of one chunk of cases.
    struct Tally: Sendable {
        var verdicts: [Verdict: Int] = [:]
        var planned = 0
        var refused = 0
    }

    /// Cases `range` of the run with `seed`: case n draws from its own SplitMix64 stream
    /// (seed, n), so a failing case replays alone and chunks can run in parallel.
    static func run(_ range: Range<Int>, seed: UInt64, seeds: [(file: String, text: String)]) -> Tally {
        var tally = Tally()
        for n in range {
            var rng = SplitMix64(seed: seed &+ UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
            let base = seeds[Int(rng.next(below: UInt64(seeds.count)))]
            var text = base.text
            // One to three mutations, structural (on the parsed tree) or textual.
            for _ in 0...Int(rng.next(below: 3)) {
                text = rng.next(below: 2) == 0 ? Mutator.structural(text, file: base.file, &rng) : Mutator.textual(text, &rng)
            }
            let file = base.file
            let report = TemplateValidator.validate(text: text, file: file)
            tally.verdicts[report.verdict, default: 0] += 1
            _ = TemplateValidator.isTemplate(text: text, file: file)
            // Every finding is a full diagnostic: file and a message.
            for f in report.errors + report.warnings where f.diagnostic.file != file || f.diagnostic.message.isEmpty {
                Issue.record("case \(n) (\(file)): malformed finding \(f)")
            }
            if report.verdict == .notJSON, !(report.templates.isEmpty && !report.errors.isEmpty) {
                Issue.record("case \(n) (\(file)): not-json without an error")
            }
            // Plan one case in eight (planning re-validates) against a synthesized inventory.
            if n % 8 == 0 {
                do {
                    let plans = try TemplatePlanner.plan(text: text, file: file, inventory: .synthesize(perType: 2), seed: UInt64(n))
                    tally.planned += 1
                    for p in plans { _ = p.text }
                } catch {
                    tally.refused += 1
                }
            }
            // Synthesize a scenario around one case in sixteen and load it (`plan --synthesize
            // --scenario-out`): a scenario or a clean error, never a crash or a hang.
            if n % 16 == 8, report.verdict.isAccepted,
                let s = try? ScenarioSynthesizer.synthesize(text: text, file: file, templatePath: "t.json", perType: 2)
            {
                _ = try? ScenarioSpec.load(text: s.yaml, file: "s.yaml") { path in
                    guard path == "t.json" else { throw CocoaError(.fileNoSuchFile) }
                    return text
                }
            }
        }
        return tally
    }

    @Test(.enabled(if: SharedCorpus.isPresent, "FIS template corpus not found at ../shared/corpus/fis-templates (it is there in CI)"))
    func mutatedTemplatesNeverCrash() async throws {
        let seeds = try #require(try Self.seeds())
        let cases = ProcessInfo.processInfo.environment["FAULTLINE_FUZZ_CASES"].flatMap(Int.init) ?? 2_000
        let seed = ProcessInfo.processInfo.environment["FAULTLINE_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_128
        let started = Date()
        let chunks = 4
        let total = await withTaskGroup(of: Tally.self) { group in
            for c in 0..<chunks {
                let range = (cases * c / chunks)..<(cases * (c + 1) / chunks)
                group.addTask { Self.run(range, seed: seed, seeds: seeds) }
            }
            var all = Tally()
            for await t in group {
                for (v, k) in t.verdicts { all.verdicts[v, default: 0] += k }
                all.planned += t.planned
                all.refused += t.refused
            }
            return all
        }
        let seconds = Date().timeIntervalSince(started)
        let summary = Verdict.allCases.map { "\($0.rawValue) \(total.verdicts[$0] ?? 0)" }.joined(separator: ", ")
        print(
            "template fuzz: \(cases) cases (seed \(seed)) in \(String(format: "%.1f", seconds)) s: \(summary); planned \(total.planned), refused \(total.refused), crashes 0"
        )
        #expect(total.verdicts.values.reduce(0, +) == cases)
    }

    /// Targeted hostile inputs that once could exhaust the stack or overflow arithmetic.
    @Test func hostileInputsAreCleanErrors() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let r = TemplateValidator.validate(text: deep, file: "deep.json")
        #expect(r.verdict == .notJSON)
        #expect(r.errors.first?.diagnostic.message.contains("Too deeply nested") == true)
        let deepObject = String(repeating: #"{"a":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        #expect(TemplateValidator.validate(text: deepObject, file: "deep.json").verdict == .notJSON)
        let deepYAML = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        #expect(TemplateValidator.validate(text: deepYAML, file: "deep.yaml").verdict == .notJSON)
        let deepBlock = (0..<2_000).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n") + " 1\n"
        _ = TemplateValidator.validate(text: deepBlock, file: "deep.yaml")
        let huge = ExperimentTests.template(
            targets: "",
            actions: #""w": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT99999999999999999999999H"}}, "#
                + #""v": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1e308S"}, "startAfter": ["w"]}"#)
        let h = TemplateValidator.validate(text: huge, file: "huge.json")
        #expect(h.verdict == .invalid)
        _ = try TemplatePlanner.plan(text: huge, file: "huge.json", inventory: .synthesize(perType: 2), seed: 1)
        let counts = ExperimentTests.template(
            targets: #""T": {"resourceType": "aws:ec2:instance", "resourceTags": {"a": "b"}, "selectionMode": "COUNT(9223372036854775807)"}"#,
            actions: #""s": {"actionId": "aws:ec2:reboot-instances", "targets": {"Instances": "T"}}"#)
        _ = try TemplatePlanner.plan(text: counts, file: "count.json", inventory: .synthesize(perType: 2), seed: 1)
    }
}

/// Deterministic template mutations.
enum Mutator {
    static let fragments = [
        "\"", "{", "}", "[", "]", ",", ":", "\\", "\\u0000", "\\ud800", "\u{0}", "\u{7}", "\t", "\n", "null", "true", "-0", "1e999",
        "99999999999999999999999999", "${X}", "<ACCOUNT_ID>", "!Ref", "- ", "? ", "&a", "*a", "#", "%", "é", "🚀", "\u{202E}", "\u{FEFF}",
        "PT12H1M", "COUNT(0)", "PERCENT(101)", "aws:ec2:stop-instances", "Instances", "startAfter"
    ]
    static let keys = [
        "actionId", "targets", "actions", "startAfter", "parameters", "duration", "selectionMode", "resourceType", "resourceTags",
        "filters", "path", "values", "stopConditions", "source", "value", "roleArn", "Instances", "Subnets", "Functions", "scope",
        "percentage", "documentArn", "Resources", "Type", "Properties", "Fn::Sub", "Ref", "experimentTemplate", "", "🔑", "a.b", "x y"
    ]
    static let scalars = [
        "", "0", "-1", "1e308", "-1e-308", "18446744073709551616", "NaN", "PT0S", "PT30S", "PT13H", "P1Y", "PT", "P", "ALL",
        "COUNT(3)", "PERCENT(50)", "aws:fis:wait", "aws:network:disrupt-connectivity", "aws:unknown:thing", "arn:aws:iam::123456789012:role/x",
        "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress", "none", "aws:cloudwatch:alarm", "true", "all", "availability-zone",
        String(repeating: "x", count: 3_000), "ü\u{301}", "\u{0}", "${role}", "{{resolve:ssm:x}}", "🙂🙃"
    ]

    static func pick<T>(_ a: [T], _ rng: inout SplitMix64) -> T { a[Int(rng.next(below: UInt64(a.count)))] }

    static func textual(_ text: String, _ rng: inout SplitMix64) -> String {
        var u = Array(text.unicodeScalars)
        guard !u.isEmpty else { return pick(fragments, &rng) }
        let i = Int(rng.next(below: UInt64(u.count)))
        let len = min(u.count - i, 1 + Int(rng.next(below: 40)))
        switch rng.next(below: 6) {
        case 0: // flip: replace one character with another byte value
            u[i] = Unicode.Scalar(UInt8(truncatingIfNeeded: rng.next()))
        case 1: u.removeSubrange(i..<(i + len))
        case 2: u.insert(contentsOf: u[i..<(i + len)], at: i)
        case 3: u = Array(u.prefix(i))
        case 4: u.insert(contentsOf: pick(fragments, &rng).unicodeScalars, at: i)
        default: // swap two ranges' characters
            let j = Int(rng.next(below: UInt64(u.count)))
            u.swapAt(i, j)
        }
        var s = ""
        s.unicodeScalars.append(contentsOf: u)
        return s
    }

    static func structural(_ text: String, file: String, _ rng: inout SplitMix64) -> String {
        let root: DocumentNode
        if let r = try? JSONParser.parse(text, file: file) {
            root = r.root
        } else if let r = try? DocumentParser.parse(text, file: file) {
            root = r
        } else {
            return textual(text, &rng)
        }
        var count = 0
        countNodes(root, &count)
        let target = Int(rng.next(below: UInt64(max(count, 1))))
        var index = 0
        let mutated = mutate(root, target: target, index: &index, &rng)
        var out = ""
        render(mutated, into: &out)
        return out
    }

    static func countNodes(_ n: DocumentNode, _ c: inout Int) {
        c += 1
        switch n.value {
        case .mapping(let e): for entry in e { countNodes(entry.value, &c) }
        case .sequence(let items): for item in items { countNodes(item, &c) }
        default: break
        }
    }

    static func node(_ v: DocumentNode.Value) -> DocumentNode { DocumentNode(value: v, location: nil, path: "") }

    static func mutate(_ n: DocumentNode, target: Int, index: inout Int, _ rng: inout SplitMix64) -> DocumentNode {
        let me = index
        index += 1
        if me == target { return replace(n, &rng) }
        switch n.value {
        case .mapping(let entries):
            return node(.mapping(entries.map { .init(key: $0.key, keyLocation: nil, value: mutate($0.value, target: target, index: &index, &rng)) }))
        case .sequence(let items):
            return node(.sequence(items.map { mutate($0, target: target, index: &index, &rng) }))
        default:
            return n
        }
    }

    static func replace(_ n: DocumentNode, _ rng: inout SplitMix64) -> DocumentNode {
        switch rng.next(below: 9) {
        case 0: return node(.scalar(pick(scalars, &rng), quoted: true))
        case 1: return node(.scalar(pick(["0", "-1", "1e308", "123456789012345678901234567890", "3.5", "true", "false"], &rng), quoted: false))
        case 2: return node(.null)
        case 3: return node(.sequence([n, n]))
        case 4: return node(.mapping([.init(key: pick(keys, &rng), keyLocation: nil, value: n)]))
        case 5: // deep nesting
            var d = n
            for _ in 0..<(1 + Int(rng.next(below: 400))) {
                d = rng.next(below: 2) == 0 ? node(.sequence([d])) : node(.mapping([.init(key: "k", keyLocation: nil, value: d)]))
            }
            return d
        case 6: // rename a key / add a member / drop a member
            guard case .mapping(var entries) = n.value, !entries.isEmpty else { return node(.mapping([])) }
            let i = Int(rng.next(below: UInt64(entries.count)))
            switch rng.next(below: 3) {
            case 0: entries[i].key = pick(keys, &rng)
            case 1: entries.append(.init(key: pick(keys, &rng), keyLocation: nil, value: node(.scalar(pick(scalars, &rng), quoted: true))))
            default: entries.remove(at: i)
            }
            return node(.mapping(entries))
        case 7: // type swap of a container
            switch n.value {
            case .mapping(let e): return node(.sequence(e.map(\.value)))
            case .sequence(let items): return node(.mapping(items.enumerated().map { .init(key: "\($0.offset)", keyLocation: nil, value: $0.element) }))
            case .scalar(let s, _): return node(.sequence([node(.scalar(s, quoted: true))]))
            case .null: return node(.mapping([]))
            }
        default: // duplicate or empty a container
            switch n.value {
            case .mapping(let e): return node(.mapping(e + e))
            case .sequence(let items): return node(.sequence(rng.next(below: 2) == 0 ? [] : items + items))
            default: return node(.scalar(String(repeating: pick(["🚀", "\u{0}", "a", "\""], &rng), count: 1 + Int(rng.next(below: 100))), quoted: true))
            }
        }
    }

    /// JSON text of a tree (unquoted scalars that are not JSON literals are written as strings).
    static func render(_ n: DocumentNode, into out: inout String) {
        switch n.value {
        case .scalar(let s, let quoted):
            if !quoted, s == "true" || s == "false" || Double(s) != nil, !s.isEmpty, s.first != "+", !s.contains("nan"), !s.contains("inf") {
                out += s
            } else {
                out += JSONString.quote(s)
            }
        case .null: out += "null"
        case .sequence(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                render(item, into: &out)
            }
            out += "]"
        case .mapping(let entries):
            out += "{"
            for (i, e) in entries.enumerated() {
                if i > 0 { out += "," }
                out += JSONString.quote(e.key) + ":"
                render(e.value, into: &out)
            }
            out += "}"
        }
    }
}

extension SplitMix64 {
    /// A draw in 0..<n (modulo bias is irrelevant for fuzzing).
    mutating func next(below n: UInt64) -> UInt64 { next() % n }
}
