import FaultlineDocument
import FaultlineKernel
import FaultlineRandom
import FaultlineScenario

/// A scenario a template can be bound to: the parsed document, its hash (the manifest's
/// `scenario_hash`) and how it reads the files it names (arrival traces), relative to its folder.
public struct BoundScenario: Sendable {
    public var name: String
    public var file: String
    public var root: DocumentNode
    public var hash: UInt64
    public var loadFile: @Sendable (String) throws -> String

    public init(name: String, file: String, text: String, loadFile: @escaping @Sendable (String) throws -> String) throws(ServeError) {
        self.name = name
        self.file = file
        do { root = try DocumentParser.parse(text, file: file) } catch {
            throw .configuration("\(error)")
        }
        hash = StreamSeed.fnv1a64(text)
        self.loadFile = loadFile
    }

    /// The scenario's `seed:` (else 1), the default of `--seed`.
    public var defaultSeed: UInt64 {
        if case .scalar(let s, _)? = root["seed"]?.value, let n = UInt64(s) { return n }
        return 1
    }
}

/// Finds the scenario of a template: its tag `faultline:scenario=NAME`, else the server's
/// `--scenario`. The command supplies `load` (it reads `--scenarios-dir/NAME.yaml`).
public struct ScenarioResolver: Sendable {
    public static let tag = "faultline:scenario"
    public var defaultScenario: BoundScenario?
    public var load: @Sendable (String) throws -> BoundScenario

    public init(defaultScenario: BoundScenario?, load: @escaping @Sendable (String) throws -> BoundScenario) {
        self.defaultScenario = defaultScenario
        self.load = load
    }

    func scenario(tags: [String: String]) throws(ServeError) -> BoundScenario {
        if let name = tags[Self.tag] {
            if let d = defaultScenario, d.name == name { return d }
            guard name.count <= 128, !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }),
                !name.hasPrefix(".")
            else {
                throw .validation("the tag \(Self.tag)='\(name.prefix(128))' is not a scenario name (letters, digits, '-', '_', '.').")
            }
            do { return try load(name) } catch let e as ServeError { throw e } catch {
                throw .validation("the tag \(Self.tag)=\(name): \(error)")
            }
        }
        guard let d = defaultScenario else {
            throw .validation("no scenario bound: start the server with --scenario, or tag the template \(Self.tag)=NAME (a scenario of --scenarios-dir).")
        }
        return d
    }
}

extension BoundScenario {
    /// The experiment slot a served template takes: the scenario's first `experiments:` entry
    /// (its name, start, initiation delay and params), with the template replaced; a scenario
    /// without experiments starts it at `defaultStart`. Running the scenario's own template this
    /// way is the same run as `faultline run` of the scenario.
    static let defaultStart = "1m"

    /// Validates the template against this scenario exactly as `faultline run` validates an
    /// experiment's template file, and returns the scenario to run.
    func spec(template body: [String: ServeJSON], templateID: String, unsupported: UnsupportedActions? = nil) throws(ServeError) -> ScenarioSpec {
        var clean = body
        clean["clientToken"] = nil
        let virtual = "fis-api/\(templateID).json"
        let text = ServeJSON.object(clean).rendered()
        func scalar(_ s: String, _ path: String) -> DocumentNode { DocumentNode(value: .scalar(s, quoted: true), location: nil, path: path) }
        var entries = root.entries ?? []
        var slot: [DocumentNode.Entry]
        if let i = entries.firstIndex(where: { $0.key == "experiments" }), case .sequence(let items) = entries[i].value.value,
            let first = items.first, let m = first.entries
        {
            slot = m.filter { $0.key != "template" && $0.key != "stopAt" }
        } else {
            slot = [
                .init(key: "name", keyLocation: nil, value: scalar("fis-api", "experiments[0].name")),
                .init(key: "start", keyLocation: nil, value: scalar(Self.defaultStart, "experiments[0].start"))
            ]
        }
        slot.append(.init(key: "template", keyLocation: nil, value: scalar(virtual, "experiments[0].template")))
        let experiments = DocumentNode(
            value: .sequence([DocumentNode(value: .mapping(slot), location: nil, path: "experiments[0]")]),
            location: nil, path: "experiments")
        if let i = entries.firstIndex(where: { $0.key == "experiments" }) {
            entries[i].value = experiments
        } else {
            entries.append(.init(key: "experiments", keyLocation: nil, value: experiments))
        }
        let edited = DocumentNode(value: .mapping(entries), location: root.location, path: root.path)
        let load = loadFile
        do {
            return try ScenarioSpec.load(root: edited, file: file, sourceHash: hash, unsupported: unsupported) { name in
                name == virtual ? text : try load(name)
            }
        } catch {
            let shown = error.diagnostics.prefix(3).map { "\($0)" }.joined(separator: "; ")
            let more = error.diagnostics.count > 3 ? " (and \(error.diagnostics.count - 3) more)" : ""
            throw .validation("the template does not fit the scenario '\(name)': \(shown)\(more)")
        }
    }
}
