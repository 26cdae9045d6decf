import FaultlineDocument
import Foundation

/// One resource of an imported stack with every intrinsic resolved.
struct ResolvedResource {
    var file: String
    var stack: String
    var logicalID: String
    /// The type as written (SAM types kept).
    var type: String
    var properties: CFValue
    var identity: ResourceIdentity
    var line: Int? = nil
    var origin: ImportedSystem.Origin { .init(file: file, logicalID: logicalID, type: type) }
    func fail(_ path: String, _ message: String, _ fix: String) -> ImportError {
        .input(file: file, line: line, logicalID: logicalID, path: "Properties." + path, message: message, fix: fix)
    }
}

/// Reads CloudFormation, SAM and CDK cloud-assembly stacks (and Terraform plan JSON) into an
/// ``ImportedSystem``: the entry point of `faultline import`.
public struct Importer {
    public struct Options: Sendable {
        public var region: String?
        public var account: String?
        public var azNames: [String]?
        public var parameters: [String: String] = [:]
        public var stackName: String?
        public init(region: String? = nil, account: String? = nil, azNames: [String]? = nil, parameters: [String: String] = [:], stackName: String? = nil) {
            self.region = region
            self.account = account
            self.azNames = azNames
            self.parameters = parameters
            self.stackName = stackName
        }
    }

    let files: StackFiles
    let options: Options
    var system = ImportedSystem()
    var resolved: [ResolvedResource] = []
    var stacksRead = 0
    /// SAM function `Events`, linked once every API, queue and topic is imported.
    var pendingEvents: [(function: String, resource: ResolvedResource, name: String, event: CFValue)] = []
    /// Implicit SAM APIs (`ServerlessRestApi`, `ServerlessHttpApi`) per stack.
    var implicitAPIs: [String: Int] = [:]

    public init(files: StackFiles, options: Options) {
        self.files = files
        self.options = options
    }

    /// Imports every input (files or folders) into one system.
    public static func importSystem(_ inputs: [String], files: StackFiles, options: Options) throws -> ImportedSystem {
        var imp = Importer(files: files, options: options)
        return try imp.run(inputs)
    }

    mutating func run(_ inputs: [String]) throws -> ImportedSystem {
        var stacks: [(Stack, String)] = []
        var plans: [TerraformPlan] = []
        for input in inputs {
            for (file, text) in try expandInput(input) {
                let root = try parse(text, file: file)
                if TerraformPlan.isPlan(root) {
                    plans.append(TerraformPlan(file: file, root: root))
                    continue
                }
                let stem = PathText.stem(file)
                let name = options.stackName ?? PathText.stackName(stem == "template" ? PathText.file(PathText.folder(file)) : stem)
                stacks.append((try Stack(root: root, file: file, name: name, lines: Self.resourceLines(text)), PathText.folder(files.canonical(file))))
            }
        }
        system.region = options.region ?? Self.guessRegion(stacks.map(\.0)) ?? plans.lazy.compactMap { TerraformPlan.region($0.root) }.first ?? "us-east-1"
        if options.region == nil {
            let source =
                Self.guessRegion(stacks.map(\.0)) != nil
                ? " (the Region of the Lambda layer ARNs in the stack)"
                : (plans.contains { TerraformPlan.region($0.root) != nil } ? " (the Terraform AWS provider's region)" : " (the importer's default)")
            system.assumptions.append("region: \(system.region)" + source)
        }
        system.account = options.account ?? "123456789012"
        if options.account == nil { system.assumptions.append("account: \"123456789012\" (the simulator's default account in ARNs)") }
        let letters = ["a", "b", "c"]
        system.azNames = options.azNames ?? letters.map { system.region + $0 }
        if options.azNames == nil { system.assumptions.append("azs: \(system.azNames.joined(separator: ", ")) (three AZs; Fn::GetAZs returns these)") }
        for (stack, root) in stacks { try importStack(stack, rootFolder: root, chain: [], depth: 0) }
        for plan in plans { try addTerraform(plan) }
        try mapAll()
        return system
    }

    /// The line of each top-level resource key (for error messages), read from the text.
    static func resourceLines(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        var inResources = false
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("Resources:") || line.hasPrefix("\"Resources\"") {
                inResources = true
                continue
            }
            if inResources, let first = line.first, first != " ", first != "#", first != "\t" { inResources = false }
            guard inResources else { continue }
            let t = line.drop { $0 == " " }
            let indent = line.count - t.count
            guard indent == 2 || indent == 4, let colon = t.firstIndex(of: ":") else { continue }
            let key = t[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            if !key.isEmpty, out[key] == nil, key.allSatisfy({ $0.isLetter || $0.isNumber }) { out[key] = i + 1 }
        }
        return out
    }

    /// The Region named by Lambda layer ARNs (`arn:aws:lambda:<region>:...`), if they agree.
    static func guessRegion(_ stacks: [Stack]) -> String? {
        var regions: Set<String> = []
        func visit(_ v: CFValue) {
            switch v {
            case .string(let s) where s.hasPrefix("arn:aws:lambda:") && s.contains(":layer:"):
                let parts = s.split(separator: ":")
                // Only a literal Region (eu-west-2, us-gov-west-1), not ${AWS::Region}.
                if parts.count > 3, parts[3].split(separator: "-").count >= 3, parts[3].last?.isNumber == true,
                    parts[3].allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" })
                {
                    regions.insert(String(parts[3]))
                }
            case .list(let l): l.forEach(visit)
            case .map(let e): for entry in e { visit(entry.1) }
            case .string, .number, .bool, .null: break
            }
        }
        for s in stacks {
            for r in s.resources { visit(r.properties) }
            if let g = s.globals { visit(g) }
        }
        return regions.count == 1 ? regions.first : nil
    }

    func parse(_ text: String, file: String) throws -> CFValue {
        if text.utf8.count > ImportLimits.maxFileBytes {
            throw ImportError.limit(
                file: file, what: "the file size (\(text.utf8.count) bytes)", limit: ImportLimits.maxFileBytes, fix: "CloudFormation templates are at most 1 MB"
            )
        }
        let doc: DocumentNode
        do { doc = try DocumentParser.parse(text, file: file) } catch {
            throw ImportError.document(diagnostics: error.diagnostics.map { $0.description })
        }
        var conv = CFConverter(file: file)
        return try conv.convert(doc)
    }

    /// A file, or a folder: a `cdk.out` cloud assembly (its `manifest.json` names the stacks'
    /// templates) or a folder of `*.template.json` files. HCL is refused.
    func expandInput(_ input: String) throws -> [(String, String)] {
        if input.hasSuffix(".tf") || input.hasSuffix(".tf.json") || input.hasSuffix(".hcl") {
            throw ImportError.refused(
                file: input, message: "is Terraform HCL source, which faultline import does not read.",
                fix: "run `terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json` and pass plan.json")
        }
        guard files.isDirectory(input) else { return [(input, try files.read(input))] }
        let entries = try files.list(input)
        if entries.contains("manifest.json") {
            let manifest = try parse(try files.read(PathText.join(input, "manifest.json")), file: PathText.join(input, "manifest.json"))
            var out: [(String, String)] = []
            for (_, artifact) in manifest["artifacts"]?.entries ?? [] where artifact["type"]?.text == "aws:cloudformation:stack" {
                guard let t = artifact["properties"]?["templateFile"]?.text else { continue }
                guard !t.contains(".."), !t.hasPrefix("/") else {
                    throw ImportError.refused(
                        file: PathText.join(input, "manifest.json"), message: "the templateFile '\(t)' is outside the cloud assembly.",
                        fix: "templates must be inside the cdk.out folder")
                }
                out.append((PathText.join(input, t), try files.read(PathText.join(input, t))))
            }
            if !out.isEmpty { return out }
        }
        let templates = entries.filter { $0.hasSuffix(".template.json") }.sorted()
        guard !templates.isEmpty else {
            throw ImportError.refused(
                file: input, message: "is a folder with no manifest.json and no *.template.json files.",
                fix: "pass a cdk.out folder (after cdk synth) or template files")
        }
        return try templates.map { (PathText.join(input, $0), try files.read(PathText.join(input, $0))) }
    }

    /// Resolves one stack's resources (and its nested stacks by local path, depth-first).
    mutating func importStack(_ stack: Stack, rootFolder: String, chain: [String], depth: Int) throws {
        stacksRead += 1
        if stacksRead > ImportLimits.maxStacks {
            throw ImportError.limit(
                file: stack.file, what: "the number of stacks (nested ones included)", limit: ImportLimits.maxStacks, fix: "import fewer stacks at once")
        }
        system.stacks.append(stack.file)
        let resolver = try Resolver(
            stack: stack, region: system.region, account: system.account, azNames: system.azNames,
            overrides: depth == 0 ? options.parameters : [:])
        var stack = stack
        if stack.isSAM { stack = try SAMExpander.applyGlobals(stack) }
        for r in stack.resources {
            system.logicalIDs.append(r.logicalID)
            guard try resolver.exists(r) else {
                system.notModelled.append(
                    .init(
                        origin: .init(file: stack.file, logicalID: r.logicalID, type: r.type),
                        reason: "its Condition \(r.condition ?? "") is false: the resource is not created"))
                continue
            }
            let props = try resolver.value(r.properties, from: r.logicalID, path: "Properties") ?? .map([])
            let rr = ResolvedResource(
                file: stack.file, stack: stack.name, logicalID: r.logicalID, type: r.type, properties: props,
                identity: try resolver.identity(r.logicalID, from: r.logicalID, path: ""), line: r.line)
            if r.type == "AWS::CloudFormation::Stack" || r.type == "AWS::Serverless::Application" {
                try nested(rr, parent: stack, rootFolder: rootFolder, chain: chain + [files.canonical(stack.file)], depth: depth)
                continue
            }
            resolved.append(rr)
        }
        system.assumptions += resolver.assumptions
    }

    mutating func nested(_ r: ResolvedResource, parent: Stack, rootFolder: String, chain: [String], depth: Int) throws {
        let key = r.type == "AWS::Serverless::Application" ? "Location" : "TemplateURL"
        guard let url = r.properties[key]?.text else {
            system.notModelled.append(.init(origin: r.origin, reason: "nested stack without a local \(key)"))
            return
        }
        if url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("s3://") {
            system.notModelled.append(
                .init(
                    origin: r.origin,
                    reason:
                        "nested stack at \(url) (remote; Faultline reads nested stacks by local path only: download it, point TemplateURL at a relative path, or import it as another STACK argument)"
                ))
            return
        }
        if depth + 1 > ImportLimits.maxStackDepth {
            throw ImportError.limit(
                file: r.file, what: "the nesting depth of stacks at Resources.\(r.logicalID)", limit: ImportLimits.maxStackDepth,
                fix: "flatten the nested stacks")
        }
        let path = PathText.join(PathText.folder(r.file), url)
        let canonical = files.canonical(path)
        guard canonical == rootFolder || canonical.hasPrefix(rootFolder.hasSuffix("/") ? rootFolder : rootFolder + "/") else {
            throw ImportError.input(
                file: r.file, line: nil, logicalID: r.logicalID, path: key,
                message: "the nested stack '\(url)' is outside the top stack's folder (\(rootFolder)); Faultline reads only files in that folder tree.",
                fix: "move the nested template under the top stack's folder")
        }
        if chain.contains(canonical) {
            throw ImportError.input(
                file: r.file, line: nil, logicalID: r.logicalID, path: key,
                message: "cyclic nested stacks: \(url) includes itself (\((chain + [canonical]).map(PathText.file).joined(separator: " -> "))).",
                fix: "remove the cycle between the nested stacks")
        }
        let text = try files.read(path)
        let root = try parse(text, file: path)
        var child = try Stack(root: root, file: path, name: String("\(parent.name)-\(r.logicalID)".prefix(64)), lines: Self.resourceLines(text))
        for (k, v) in r.properties["Parameters"]?.entries ?? [] { child.givenParameters[k] = v }
        child.parentLogicalID = r.logicalID
        system.supporting.append((r.origin, "nested stack \(url)"))
        try importStack(child, rootFolder: rootFolder, chain: chain, depth: depth + 1)
    }
}
