import FaultlineCloud
import FaultlineDocument
import FaultlineRandom

extension ScenarioSpec {
    /// `prefixLists:`: customer-managed prefix lists whose entries are resources of the scenario,
    /// for `aws:network:disrupt-connectivity` with `scope: prefix-list`. Each list gets an ID
    /// (`pl-0` and 16 hex digits from its name unless given) and the ARN
    /// `arn:aws:ec2:<region>:<account>:prefix-list/<id>`; FIS accepts at most 10 entries.
    ///
    /// https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html
    static func validatePrefixLists(
        _ files: [ScenarioFile.PrefixListFile], serviceNames: [String], topology: Topology,
        account: String, doc: DocumentReader
    ) -> [PrefixList] {
        func err<T>(_ l: Located<T>, _ message: String, fix: String? = nil) { doc.error(path: l.path, location: l.location, message, fix: fix) }
        let resources = serviceNames.filter { !$0.hasPrefix("client/") }
        // Lists with problems are kept too (the diagnostics fail the load), so faults naming
        // them get no second, misleading error.
        var out: [PrefixList] = []
        var names: Set<String> = []
        for f in files {
            let newName = names.insert(f.name.value).inserted
            if !newName { err(f.name, "the prefix list '\(f.name.value)' is defined twice.", fix: "give every prefix list a unique name") }
            var regionName = topology.regions.first?.name ?? "us-east-1"
            if let r = f.region {
                if topology.regions.contains(where: { $0.name == r.value }) {
                    regionName = r.value
                } else {
                    err(r, "unknown Region '\(r.value)'.", fix: "Regions defined under regions: \(topology.regions.map(\.name).joined(separator: ", "))")
                }
            }
            var id = "pl-0" + hex16(StreamSeed.fnv1a64("prefix-list/\(f.name.value)"))
            if let given = f.id {
                let digits = given.value.dropFirst(3)
                if given.value.hasPrefix("pl-"), digits.count == 8 || digits.count == 17, digits.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                    id = given.value
                } else {
                    err(
                        given, "'\(given.value)' is not a prefix list ID.",
                        fix: "an ID is pl- and 8 or 17 lowercase hex digits, e.g. pl-0a1b2c3d4e5f60718; or leave id out to derive one from the name")
                }
            }
            if newName, let other = out.first(where: { $0.id == id }) {
                err(f.id ?? f.name, "the prefix list ID '\(id)' is also the ID of '\(other.name)'.", fix: "give every prefix list a unique id")
            }
            var entries: [ServiceID] = []
            for e in f.entries {
                guard resources.contains(e.value), let s = serviceNames.firstIndex(of: e.value) else {
                    let hint = Suggestion.closest(to: e.value, in: resources).map { "did you mean '\($0)'? " } ?? ""
                    err(
                        e,
                        "the prefix list '\(f.name.value)' lists '\(e.value)', which is not a resource of this scenario; an entry stands for the addresses of a service's hosts or of a table, queue, topic, function, API route or database.",
                        fix: "\(hint)resources: \(resources.joined(separator: ", "))")
                    continue
                }
                if entries.contains(ServiceID(s)) {
                    err(e, "the prefix list '\(f.name.value)' lists '\(e.value)' twice.", fix: "remove the duplicate entry")
                    continue
                }
                entries.append(ServiceID(s))
            }
            if f.entries.isEmpty {
                err(
                    f.entriesNode, "the prefix list '\(f.name.value)' has no entries, so a prefix-list fault on it would deny nothing.",
                    fix: "list the resources whose addresses it holds, e.g. entries: [payments]")
            }
            if f.entries.count > PrefixList.maxEntries {
                err(
                    f.entriesNode,
                    "the prefix list '\(f.name.value)' has \(f.entries.count) entries; aws:network:disrupt-connectivity accepts prefix lists of at most \(PrefixList.maxEntries) entries.",
                    fix: "split it into lists of at most \(PrefixList.maxEntries) entries, one fault each")
            }
            out.append(PrefixList(name: f.name.value, id: id, arn: "arn:aws:ec2:\(regionName):\(account):prefix-list/\(id)", entries: entries))
        }
        return out
    }
}
