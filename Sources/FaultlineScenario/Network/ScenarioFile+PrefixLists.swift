import FaultlineDocument

extension ScenarioFile {
    /// A `prefixLists:` entry: a customer-managed prefix list and the resources whose address
    /// ranges it holds (checked by ``ScenarioSpec/validatePrefixLists``).
    public struct PrefixListFile: Sendable {
        public var name: Located<String>
        /// `pl-` and 8 or 17 hex digits; derived from the name when not given.
        public var id: Located<String>?
        /// The Region of its ARN (the scenario's first Region when not given).
        public var region: Located<String>?
        /// Names of services, functions, tables, queues, topics, API routes or databases.
        public var entries: [Located<String>]
        public var entriesNode: Located<Int>
    }

    /// Reads `prefixLists:` (a list of `{ name, id?, region?, entries: [<resource>] }`).
    static func readPrefixLists(_ node: DocumentNode, doc: DocumentReader) -> [PrefixListFile] {
        var out: [PrefixListFile] = []
        for item in doc.sequence(node, what: "a list of prefix lists { name, entries }") ?? [] {
            guard let m = doc.mapping(item, what: "a prefix list { name: <name>, id: pl-..., entries: [<service, table, queue...>] }") else { continue }
            let name = m.required("name", fix: "name the list, e.g. name: partner-apis").flatMap { located($0, doc.string) }
            let id = m.optional("id").flatMap { located($0, doc.string) }
            let region = m.optional("region").flatMap { located($0, doc.string) }
            let entriesNode = m.required("entries", fix: "list the resources whose addresses it holds, e.g. entries: [payments, orders-table]")
            let entries = entriesNode.flatMap { stringList($0, doc) }
            m.finish()
            guard let name, let entriesNode, let entries else { continue }
            out.append(
                PrefixListFile(
                    name: name, id: id, region: region, entries: entries,
                    entriesNode: Located(value: 0, path: entriesNode.path, location: entriesNode.location)))
        }
        return out
    }
}
