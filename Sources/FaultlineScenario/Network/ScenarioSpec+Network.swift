import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel
import FaultlineRandom

extension ScenarioSpec {
    /// Service `platform:` values and the FIS resource type of their implicit hosts (one per AZ:
    /// the service's whole deployment there, no load balancer). `hosts:` replaces it.
    static let platforms: [(name: String, resourceType: String)] = [("ec2", "aws:ec2:instance"), ("ecs", "aws:ecs:task"), ("eks", "aws:eks:pod")]

    /// A network fault of `faults:`: its `targets` name subnets (by AZ), transit gateways (by
    /// Region) or services whose hosts it acts on (optionally only those in `azs`).
    static func validateNetworkFault(
        _ fault: ScenarioFile.FaultFile, action: FaultAction, services: [ServiceConfig], topology: Topology,
        prefixLists: [PrefixList] = [], resolveService: (Located<String>) -> ServiceID?, doc: DocumentReader
    ) -> FaultConfig? {
        func err<T>(_ l: Located<T>, _ message: String, fix: String? = nil) { doc.error(path: l.path, location: l.location, message, fix: fix) }
        let id = fault.action.value
        // An SSM document's own DurationSeconds ends its effect before a longer action does.
        let effect = FaultParameters.effectWindow(action: id, fault.parameters.map { ($0.key.value, $0.value) }, window: fault.duration)
        var config = FaultConfig(
            name: fault.name.value, action: NetworkFaultCheck.resolved(action, prefixLists: prefixLists), targets: [], start: .zero + fault.start,
            end: .zero + fault.start + effect)
        var ok = true
        for p in NetworkFaultCheck.problems(action, topology: topology, prefixLists: prefixLists) {
            doc.error(path: fault.parametersNode.path, location: fault.parametersNode.location, p.message, fix: p.fix)
            ok = false
        }
        let azNames = topology.azs.map(\.name)
        if fault.azs != nil, !FaultParameters.hostNetworkActions.contains(id) {
            err(
                fault.name,
                "'azs' narrows the hosts of a host network action; \(id) targets \(FaultParameters.transitGatewayActions.contains(id) ? "transit gateways" : "subnets") named in targets.",
                fix: "remove azs")
            ok = false
        }
        if FaultParameters.subnetActions.contains(id) {
            for t in fault.targets {
                guard let a = azNames.firstIndex(of: t.value) else {
                    let hint = Suggestion.closest(to: t.value, in: azNames).map { "did you mean '\($0)'? " } ?? ""
                    err(
                        t, "\(id) targets subnets, named by their AZ; '\(t.value)' is not an AZ of this scenario.",
                        fix: "\(hint)AZs: \(azNames.joined(separator: ", "))")
                    ok = false
                    continue
                }
                if !config.subnets.contains(AZID(a)) { config.subnets.append(AZID(a)) }
            }
        } else if FaultParameters.transitGatewayActions.contains(id) {
            let regionNames = topology.regions.map(\.name)
            for t in fault.targets {
                guard let r = regionNames.firstIndex(of: t.value) else {
                    err(
                        t, "\(id) targets transit gateways, named by their Region; '\(t.value)' is not a Region of this scenario.",
                        fix: "Regions: \(regionNames.joined(separator: ", "))")
                    ok = false
                    continue
                }
                for a in topology.regions[r].azs where !config.subnets.contains(a) { config.subnets.append(a) }
            }
        } else {
            let only = fault.azs.map { list in
                list.compactMap { l -> AZID? in
                    guard let a = azNames.firstIndex(of: l.value) else {
                        err(l, "unknown AZ '\(l.value)'.", fix: "AZs: \(azNames.joined(separator: ", "))")
                        ok = false
                        return nil
                    }
                    return AZID(a)
                }
            }
            let wanted = hostType(of: id)
            for t in fault.targets {
                // `<service>`, `<service>/<az>` or `<service>/<az>/<index>` (see selectHosts).
                var parts = [t.value]
                if !services.contains(where: { $0.name == t.value }) {
                    parts = t.value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                }
                guard let sid = resolveService(Located(value: parts[0], path: t.path, location: t.location)) else {
                    ok = false
                    continue
                }
                let s = services[Int(sid.index)]
                guard case .generic = s.kind, !s.name.hasPrefix("client/") else {
                    err(
                        t, "'\(t.value)' has no hosts of its own: \(id) acts on instances, tasks and pods, which are services under services:.",
                        fix: "target the services that call it (a network fault on their egress reaches it)")
                    ok = false
                    continue
                }
                if let hc = s.hosts, let wanted, hc.type != wanted {
                    err(
                        t, "\(id) acts on \(wanted.rawValue) hosts, but '\(s.name)' runs \(hc.type.rawValue) hosts.",
                        fix: "target a service whose hosts are \(wanted.rawValue)")
                    ok = false
                    continue
                }
                guard let refs = selectHosts(t, service: Int(sid.index), parts: parts, services: services, azNames: azNames, doc: doc) else {
                    ok = false
                    continue
                }
                if !config.targets.contains(sid) { config.targets.append(sid) }
                for r in refs where (only?.contains(r.az) ?? true) && !config.hosts.contains(r) { config.hosts.append(r) }
            }
            if ok, config.hosts.isEmpty, !fault.targets.isEmpty {
                err(
                    fault.name, "the fault '\(fault.name.value)' selects no hosts: its targets have no deployment in the AZs listed under azs.",
                    fix: "list AZs its targets are placed in")
                ok = false
            }
        }
        if fault.targets.isEmpty {
            err(fault.name, "the fault '\(fault.name.value)' has no targets.", fix: "list what it acts on under targets")
            ok = false
        }
        return ok ? config : nil
    }

    /// Subnets (one per AZ), transit gateways (one per Region, when there are several Regions)
    /// and the implicit hosts (one per AZ) of services with a `platform:` and no `hosts:`, as FIS
    /// target resolution sees them.
    static func networkInventory(
        _ f: ScenarioFile, all: [ScenarioFile.ServiceFile], services: [ServiceConfig], topology: Topology,
        account: String, doc: DocumentReader
    ) -> [InventoryResource] {
        var out: [InventoryResource] = []
        let subnetTags = tagsByName(
            f.subnets.map { ($0.az, $0.tags) }, names: topology.azs.map(\.name), kind: "AZ", resource: "subnet",
            twiceFix: "Faultline models one subnet per AZ: merge the entries", doc: doc)
        for (a, z) in topology.azs.enumerated() {
            let region = topology.regions[Int(z.region.index)].name
            let id = subnetID(region: region, az: z.name)
            out.append(
                InventoryResource(
                    name: id, resourceType: "aws:ec2:subnet", arn: "arn:aws:ec2:\(region):\(account):subnet/\(id)",
                    tags: subnetTags[a], service: ServiceID(-1), hasFISExtension: false, az: z.name,
                    attributes: StringPairs([.init(key: "SubnetId", value: id), .init(key: "State", value: "available")]),
                    subnet: AZID(a)))
        }
        let gatewayTags = tagsByName(
            f.transitGateways.map { ($0.region, $0.tags) }, names: topology.regions.map(\.name), kind: "Region",
            resource: "transit gateway", twiceFix: "merge the entries", doc: doc
        ) { g in
            if topology.regions.count < 2 {
                doc.error(
                    path: g.path, location: g.location, "a transit gateway carries traffic between Regions, and this scenario has one Region.",
                    fix: "add a second Region, or remove transitGateways")
            }
        }
        if topology.regions.count > 1 {
            for (r, region) in topology.regions.enumerated() {
                let id = "tgw-0" + hex16(StreamSeed.fnv1a64("transit-gateway/\(region.name)"))
                out.append(
                    InventoryResource(
                        name: id, resourceType: "aws:ec2:transit-gateway", arn: "arn:aws:ec2:\(region.name):\(account):transit-gateway/\(id)",
                        tags: gatewayTags[r], service: ServiceID(-1), hasFISExtension: false,
                        attributes: StringPairs([.init(key: "State", value: "available")]), transitGatewayRegion: RegionID(r)))
            }
        }
        guard services.count == all.count else { return out }
        for (i, file) in all.enumerated() {
            // `platform:` is the shorthand for one implicit host per AZ; the hosts of a service
            // with `hosts:` are listed once, by computeInventory.
            guard let p = file.platform, services[i].hosts == nil else { continue }
            guard let type = platforms.first(where: { $0.name == p.value })?.resourceType else {
                doc.error(
                    path: p.path, location: p.location, "unknown platform '\(p.value)'.",
                    fix: "use ec2 (aws:ec2:instance), ecs (aws:ecs:task) or eks (aws:eks:pod)")
                continue
            }
            let s = services[i]
            for az in s.azs {
                let zone = topology.azs[Int(az.index)]
                let region = topology.regions[Int(zone.region.index)].name
                let h = hex16(StreamSeed.fnv1a64("host/\(s.name)/\(zone.name)/0"))
                let (name, arn): (String, String)
                switch p.value {
                case "ec2": (name, arn) = ("i-0" + h, "arn:aws:ec2:\(region):\(account):instance/i-0\(h)")
                case "ecs": (name, arn) = ("\(s.name)/\(h)\(h)", "arn:aws:ecs:\(region):\(account):task/\(s.name)/\(h)\(h)")
                default: (name, arn) = ("\(s.name)-\(zone.name)-0", "arn:aws:eks:\(region):\(account):pod/\(s.name)/\(s.name)-\(zone.name)-0")
                }
                out.append(
                    InventoryResource(
                        name: name, resourceType: type, arn: arn, tags: StringPairs(file.tags.map { .init(key: $0.key, value: $0.value) }),
                        service: ServiceID(i), hasFISExtension: false, az: zone.name,
                        attributes: StringPairs([.init(key: "State.Name", value: "running")]),
                        host: HostRef(service: ServiceID(i), az: az, index: 0)))
            }
        }
        return out
    }

    /// Tags of the one resource per AZ or Region (`names`) that `subnets:` and
    /// `transitGateways:` entries (the name, the tags) describe: an unknown name or one listed
    /// twice is an error at the entry; `check` sees each entry with a known name first.
    private static func tagsByName(
        _ entries: [(name: Located<String>, tags: [(key: String, value: String)])], names: [String], kind: String,
        resource: String, twiceFix: String, doc: DocumentReader,
        check: (Located<String>) -> Void = { _ in }
    ) -> [StringPairs] {
        var tags = [StringPairs](repeating: StringPairs(), count: names.count)
        var seen = Set<String>()
        for (name, pairs) in entries {
            guard let i = names.firstIndex(of: name.value) else {
                doc.error(
                    path: name.path, location: name.location, "unknown \(kind) '\(name.value)'.",
                    fix: "\(kind)s defined under regions: \(names.joined(separator: ", "))")
                continue
            }
            check(name)
            if !seen.insert(name.value).inserted {
                doc.error(path: name.path, location: name.location, "the \(resource) of '\(name.value)' is listed twice.", fix: twiceFix)
            }
            tags[i] = StringPairs(pairs.map { .init(key: $0.key, value: $0.value) })
        }
        return tags
    }

    /// `subnet-0` and 16 hex digits from the Region and AZ: the same ID in every run.
    static func subnetID(region: String, az: String) -> String {
        "subnet-0" + hex16(StreamSeed.fnv1a64("subnet/\(region)/\(az)"))
    }

    static func hex16(_ x: UInt64) -> String {
        let s = String(x, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
