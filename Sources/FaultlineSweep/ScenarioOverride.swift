import FaultlineDocument

/// One `path=value` override of a scenario document, applied to the parsed ``DocumentNode``
/// tree before `ScenarioFile.read`, so the scenario's own validation checks the new value with
/// the usual diagnostics (key path, expected type, fix).
///
/// The value is read as YAML: `20s`, `0.5`, `[use1-az1, use1-az2]` and
/// `{ exponential: { mean: 20ms } }` are all values. The last key of a path may be new (it is
/// added to its mapping, and the scenario reader rejects it if it is not a key it knows); every
/// other step must exist, else the error lists what does.
public struct ScenarioOverride: Sendable, Equatable {
    public var path: OverridePath
    /// The value as written on the command line.
    public var value: String

    public init(path: OverridePath, value: String) {
        self.path = path
        self.value = value
    }

    /// Parses one `PATH=VALUE` (`faultline run --set`, the fixed `--set`s of `faultline capacity`):
    /// the syntax of a sweep's `--set` with exactly one value; `command` names the command in
    /// the message when several are given.
    public init(parsingSingle text: String, command: String) throws(SweepError) {
        let p = try SweepParameter(parsing: text)
        guard p.values.count == 1 else {
            throw .argument(
                "--set '\(text)' gives \(p.values.count) values; \(command) takes one value per --set.",
                fix: "give one value (commas inside [...], {...} or quotes do not split it), or sweep several values with 'faultline sweep'")
        }
        self.init(path: p.path, value: p.values[0])
    }

    /// `path = value`, as shown in messages and tables.
    public var text: String { "\(path.text)=\(value)" }

    /// Applies `overrides` in order to a copy of `root`.
    public static func apply(_ overrides: [ScenarioOverride], to root: DocumentNode) throws(SweepError) -> DocumentNode {
        var root = root
        for o in overrides {
            let value = try parseValue(o.value, path: o.path.text)
            var firstError: SweepError?
            let n = assign(&root, steps: o.path.steps[...], value: value, path: o.path, firstError: &firstError)
            if n == 0 {
                throw firstError ?? .override(path: o.path.text, message: "addresses nothing in the scenario.", fix: "check the path against the scenario file")
            }
        }
        return root
    }

    /// Reads a value as a YAML fragment; empty text is the empty string.
    static func parseValue(_ text: String, path: String) throws(SweepError) -> DocumentNode {
        if text.isEmpty { return DocumentNode(value: .scalar("", quoted: true), location: nil, path: "") }
        do {
            return try DocumentParser.parse(text, file: "--set")
        } catch {
            let why = error.diagnostics.first?.message ?? "\(error)"
            throw .override(
                path: path, message: "the value '\(text)' is not a YAML value: \(why)",
                fix: "quote it, or write a scalar (20s, 0.5), a list ([a, b]) or a mapping ({ key: value })")
        }
    }

    /// A copy of `node` whose paths start at `path` (values from the command line have no line).
    static func rebased(_ node: DocumentNode, at path: String) -> DocumentNode {
        var out = node
        out.path = path
        out.location = nil
        switch node.value {
        case .mapping(let entries):
            out.value = .mapping(
                entries.map { e in
                    DocumentNode.Entry(key: e.key, keyLocation: nil, value: rebased(e.value, at: DocumentNode.child(path, key: e.key)))
                })
        case .sequence(let items):
            out.value = .sequence(items.enumerated().map { rebased($0.element, at: DocumentNode.child(path, index: $0.offset)) })
        case .scalar, .null:
            break
        }
        return out
    }

    /// Sets `value` at `steps` below `node`; returns how many places were set. Records the
    /// first problem in `firstError` (a `[*]` step skips items that lack the rest of the path).
    static func assign(
        _ node: inout DocumentNode, steps: ArraySlice<OverridePath.Step>, value: DocumentNode,
        path: OverridePath, firstError: inout SweepError?
    ) -> Int {
        guard let step = steps.first else {
            node = rebased(value, at: node.path)
            return 1
        }
        let rest = steps.dropFirst()
        let here = node.path.isEmpty ? "the top level" : node.path
        func fail(_ message: String, _ fix: String) -> Int {
            if firstError == nil { firstError = .override(path: path.text, message: message, fix: fix) }
            return 0
        }
        switch (step, node.value) {
        case (.key(let k), .mapping(let entries)), (.bracket(let k), .mapping(let entries)):
            if let i = entries.firstIndex(where: { $0.key == k }) {
                var entries = entries
                let n = assign(&entries[i].value, steps: rest, value: value, path: path, firstError: &firstError)
                node.value = .mapping(entries)
                return n
            }
            guard rest.isEmpty else {
                return fail(
                    "\(here) has no key '\(k)'; its keys are \(list(entries.map(\.key))).",
                    "use one of those keys, or add '\(k)' to the scenario file first")
            }
            var entries = entries
            entries.append(.init(key: k, keyLocation: nil, value: rebased(value, at: DocumentNode.child(node.path, key: k))))
            node.value = .mapping(entries)
            return 1
        case (.key(let name), .sequence(let items)), (.bracket(let name), .sequence(let items)):
            return assignItems(
                &node, items, where: { scalar($0, "name") == name }, rest: rest, value: value, path: path, firstError: &firstError,
                none: "\(here) has no item named '\(name)'; its names are \(list(items.compactMap { scalar($0, "name") })).")
        case (.match(let field, let want), .sequence(let items)):
            return assignItems(
                &node, items, where: { scalar($0, field) == want }, rest: rest, value: value, path: path, firstError: &firstError,
                none: "no item of \(here) has \(field) = '\(want)'; its \(field) values are \(list(items.compactMap { scalar($0, field) })).")
        case (.index(let n), .sequence(let items)):
            guard n < items.count else {
                return fail(
                    "\(here) has \(items.count) item\(items.count == 1 ? "" : "s"), so there is no index \(n).",
                    "use an index from 0 to \(max(0, items.count - 1))")
            }
            var items = items
            let count = assign(&items[n], steps: rest, value: value, path: path, firstError: &firstError)
            node.value = .sequence(items)
            return count
        case (.all, .sequence(let items)):
            var items = items
            var total = 0
            var itemError: SweepError?
            for i in items.indices {
                total += assign(&items[i], steps: rest, value: value, path: path, firstError: &itemError)
            }
            node.value = .sequence(items)
            if total == 0 { firstError = firstError ?? itemError }
            return total
        default:
            let what: String
            switch step {
            case .key(let k): what = "key '\(k)'"
            case .bracket(let b): what = "'[\(b)]'"
            case .index(let n): what = "index [\(n)]"
            case .all: what = "'[*]'"
            case .match(let f, let v): what = "'[\(f)=\(v)]'"
            }
            return fail(
                "\(here) is \(node.kindDescription), so \(what) cannot be looked up in it.",
                "keys select in mappings; names, indexes and [*] select in lists")
        }
    }

    private static func assignItems(
        _ node: inout DocumentNode, _ items: [DocumentNode], where match: (DocumentNode) -> Bool,
        rest: ArraySlice<OverridePath.Step>, value: DocumentNode, path: OverridePath,
        firstError: inout SweepError?, none: String
    ) -> Int {
        var items = items
        var total = 0
        var matched = false
        for i in items.indices where match(items[i]) {
            matched = true
            total += assign(&items[i], steps: rest, value: value, path: path, firstError: &firstError)
        }
        node.value = .sequence(items)
        if !matched, firstError == nil {
            firstError = .override(path: path.text, message: none, fix: "use one of those, or an index such as [0]")
        }
        return total
    }

    static func scalar(_ node: DocumentNode, _ key: String) -> String? {
        if case .scalar(let s, _)? = node[key]?.value { return s }
        return nil
    }

    static func list(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.joined(separator: ", ")
    }
}
