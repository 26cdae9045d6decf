import FaultlineDocument

/// What the overlay says about a resource, as the writer reads it.
extension ScenarioWriter {
    /// The overlay's value of `key` for `resource`, written as flow YAML; nil when it has none.
    func overlayValue(_ resource: String, _ key: String) -> String? {
        overlay.resources[resource]?.first { $0.0 == key }.map { FlowYAML.node($0.1) }
    }

    /// The services `resource` calls according to its overlay `calls:` (fallbacks included).
    func callTargets(_ resource: String) -> [String] {
        guard let calls = overlay.resources[resource]?.first(where: { $0.0 == "calls" })?.1 else { return [] }
        var out: [String] = []
        func visit(_ n: DocumentNode) {
            if case .scalar(let s, _)? = n["service"]?.value { out.append(s) }
            if case .sequence(let items) = n.value { items.forEach(visit) }
            if let f = n["fallback"] { visit(f) }
        }
        visit(calls)
        return out
    }
}
