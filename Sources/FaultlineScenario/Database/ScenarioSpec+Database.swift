import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel
import FaultlineRandom

extension ScenarioSpec.Defaults {
    /// A primary-key read on a warm buffer cache: about a millisecond.
    public static let databaseReadLatency = Distribution.lognormal(mu: -6.908, sigma: 0.692) // p50 1 ms, p99 5 ms
    /// A small write and its commit (Aurora's quorum write across AZs): a few milliseconds.
    public static let databaseWriteLatency = Distribution.lognormal(mu: -5.809, sigma: 0.692) // p50 3 ms, p99 15 ms
    /// Aurora: "typically restored in less than 60 seconds, often less than 30 seconds".
    public static let auroraPromotion = Distribution.lognormal(mu: 3.219, sigma: 0.376) // p50 25 s, p99 60 s
    /// RDS Multi-AZ DB cluster: failover "typically under 35 seconds".
    public static let multiAZPromotion = Distribution.lognormal(mu: 2.996, sigma: 0.241) // p50 20 s, p99 35 s
    /// Without a reader, Aurora recreates the writer: "typically in less than 10 minutes".
    public static let databaseRecovery = Distribution.lognormal(mu: 5.704, sigma: 0.298) // p50 5 min, p99 10 min
    /// RebootDBInstance: not documented; Faultline assumes tens of seconds.
    public static let databaseReboot = Distribution.lognormal(mu: 2.996, sigma: 0.472) // p50 20 s, p99 60 s
    /// Aurora's DNS zone uses a 5-second TTL.
    public static let databaseDNSTTL = SimDuration.seconds(5)
    public static let databaseMaxConnections = 1_000
}

extension ScenarioSpec {
    /// A `databases:` entry's kind: instances in distinct AZs, defaults by engine.
    static func resolveDatabase(_ s: ScenarioFile.ServiceFile, _ d: ScenarioFile.DatabaseFile, doc: DocumentReader) -> ServiceKind? {
        var seen: Set<String> = []
        var ok = true
        for az in s.azs ?? [] where !seen.insert(az.value).inserted {
            doc.error(
                path: az.path, location: az.location, "the database '\(s.name.value)' has two instances in the AZ '\(az.value)'.",
                fix: "give the writer and each reader its own AZ (Faultline models one instance per AZ)")
            ok = false
        }
        guard ok else { return nil }
        let engine = d.engine ?? .auroraPostgreSQL
        func sampler(_ given: Sampler?, _ fallback: Distribution) -> Sampler { given ?? (try! Sampler(fallback)) }
        return .database(
            DatabaseConfig(
                engine: engine, maxConnections: d.maxConnections ?? Defaults.databaseMaxConnections,
                readLatency: sampler(d.readLatency, Defaults.databaseReadLatency), writeLatency: sampler(d.writeLatency, Defaults.databaseWriteLatency),
                dnsTTL: d.dnsTTL ?? Defaults.databaseDNSTTL,
                promotion: sampler(d.promotion, engine.isAurora ? Defaults.auroraPromotion : Defaults.multiAZPromotion),
                dnsUpdate: sampler(d.dnsUpdate, .constant(0)), recovery: sampler(d.recovery, Defaults.databaseRecovery),
                reboot: sampler(d.reboot, Defaults.databaseReboot)))
    }

    /// A call to a database names a read or write `operation`; `connection` is for databases only.
    static func checkDatabaseCall(_ c: ScenarioFile.CallFile, callee: ScenarioFile.ServiceFile, doc: DocumentReader) {
        let all = (DatabaseConfig.readOperations + DatabaseConfig.writeOperations).joined(separator: ", ")
        guard case .database = callee.managed else {
            if c.connection != nil {
                doc.error(
                    path: c.service.path, location: c.service.location, "'connection' is for calls to databases; '\(c.service.value)' is not one.",
                    fix: "drop 'connection' from this call")
            }
            return
        }
        guard let op = c.operation else {
            doc.error(
                path: c.service.path, location: c.service.location,
                "a call to the database '\(c.service.value)' needs an 'operation': reads go to the reader endpoint, writes to the cluster endpoint.",
                fix: "add operation: read or operation: write (also accepted: \(all))")
            return
        }
        if DatabaseConfig.isWrite(op) == nil {
            doc.error(
                path: c.service.path, location: c.service.location, "'\(op)' is not a database operation of the call to '\(c.service.value)'.",
                fix: "use one of: \(all) (case-insensitive)")
        }
    }

    /// Whole-scenario checks: a cluster's instances in one region; no workload sends straight to a database.
    static func checkDatabases(
        _ all: [ScenarioFile.ServiceFile], services: [ServiceConfig], workloads: [ScenarioFile.WorkloadFile],
        topology: Topology, doc: DocumentReader
    ) {
        for (i, s) in all.enumerated() {
            guard case .database = s.managed, i < services.count else { continue }
            if Set(services[i].azs.map { topology.azs[Int($0.index)].region }).count > 1 {
                doc.error(
                    path: s.name.path, location: s.name.location, "the database '\(s.name.value)' has instances in more than one region.",
                    fix: "an Aurora cluster lives in one Region: place its writer and readers in AZs of one region")
            }
            for w in workloads where w.service.value == s.name.value {
                doc.error(
                    path: w.service.path, location: w.service.location, "the workload '\(w.name.value)' sends straight to the database '\(s.name.value)'.",
                    fix: "let a service or function call it with operation: read or write (a database is reached through connections)")
            }
        }
    }

    /// A `faults:` entry with an `aws:rds:*` action: failover targets are databases, reboot
    /// targets are instances (`<database>-instance-N`).
    static func databaseFault(_ fault: ScenarioFile.FaultFile, action: FaultAction, services: [ServiceConfig], doc: DocumentReader) -> FaultConfig? {
        var ids: [ServiceID] = []
        var hosts: [HostRef] = []
        var bad = false
        let databases = services.indices.filter { if case .database = services[$0].kind { return true } else { return false } }
        let instanceNames = databases.flatMap { i in services[i].azs.indices.map { DatabaseConfig.instanceName(services[i].name, $0) } }
        let clusterNames = databases.map { services[$0].name }
        /// `t` names none of `names` (the `kind`s the action targets): the error lists them.
        func unknown(_ t: Located<String>, isNot what: String, targets: String, kind: String, names: [String]) {
            let hint = Suggestion.closest(to: t.value, in: names).map { "did you mean '\($0)'? " } ?? ""
            doc.error(
                path: t.path, location: t.location, "'\(t.value)' is not \(what); \(fault.action.value) targets \(targets).",
                fix: "\(hint)\(kind): \(names.isEmpty ? "none (define databases:)" : names.joined(separator: ", "))")
            bad = true
        }
        for t in fault.targets {
            if case .databaseReboot = action {
                guard
                    let i = databases.first(where: { i in services[i].azs.indices.contains { DatabaseConfig.instanceName(services[i].name, $0) == t.value } }),
                    let k = services[i].azs.indices.first(where: { DatabaseConfig.instanceName(services[i].name, $0) == t.value })
                else {
                    unknown(t, isNot: "a DB instance", targets: "instances (aws:rds:db)", kind: "instances", names: instanceNames)
                    continue
                }
                if !ids.contains(ServiceID(i)) { ids.append(ServiceID(i)) }
                hosts.append(HostRef(service: ServiceID(i), az: services[i].azs[k], index: 0))
            } else {
                guard let i = databases.first(where: { services[$0].name == t.value }) else {
                    unknown(t, isNot: "a database cluster", targets: "clusters (aws:rds:cluster)", kind: "databases", names: clusterNames)
                    continue
                }
                if !ids.contains(ServiceID(i)) { ids.append(ServiceID(i)) }
            }
        }
        if fault.targets.isEmpty {
            doc.error(
                path: fault.name.path, location: fault.name.location, "the fault '\(fault.name.value)' has no targets.",
                fix: "list what it acts on under targets")
        }
        guard !bad, !ids.isEmpty else { return nil }
        var fc = FaultConfig(name: fault.name.value, action: action, targets: ids, start: .zero + fault.start, end: .zero + fault.start + fault.duration)
        fc.hosts = hosts
        return fc
    }

    /// A cluster (`aws:rds:cluster`) and its instances (`aws:rds:db`) as FIS resolves them:
    /// ARNs, the cluster's tags on every instance, and the attributes target parameters test.
    static func databaseInventory(
        _ s: ServiceConfig, _ dc: DatabaseConfig, service: ServiceID, tags: StringPairs,
        topology: Topology, region: String, account: String
    ) -> [InventoryResource] {
        let azNames = s.azs.map { topology.azs[Int($0.index)].name }
        let cluster = InventoryResource(
            name: s.name, resourceType: "aws:rds:cluster", arn: "arn:aws:rds:\(region):\(account):cluster:\(s.name)",
            tags: tags, service: service, hasFISExtension: false, az: azNames.joined(separator: ","),
            attributes: ["DBClusterIdentifier": s.name, "Engine": dc.engine.rawValue, "WriterAvailabilityZone": azNames[0]])
        var out = [cluster]
        for (k, az) in s.azs.enumerated() {
            let name = DatabaseConfig.instanceName(s.name, k)
            var inst = InventoryResource(
                name: name, resourceType: "aws:rds:db", arn: "arn:aws:rds:\(region):\(account):db:\(name)",
                tags: tags, service: service, hasFISExtension: false, az: azNames[k],
                attributes: ["DBClusterIdentifier": s.name, "Engine": dc.engine.rawValue, "IsClusterWriter": k == 0 ? "true" : "false"])
            inst.host = HostRef(service: service, az: az, index: 0)
            out.append(inst)
        }
        return out
    }
}

extension ExperimentPlanner {
    /// FIS target parameters of the RDS resource types: `writerAvailabilityZoneIdentifiers`
    /// (clusters whose writer is in one of the AZs) and `availabilityZoneIdentifiers` (instances
    /// in one of them); AZ names separated by commas or spaces, or `all`. The writer is the one configured at the start.
    static func databaseTargetParameters(_ t: TemplateTarget, _ candidates: [InventoryResource]) -> [InventoryResource] {
        func azs(_ key: String) -> [String]? {
            // A placeholder (a template not filled in yet, as `plan` shows it) selects nothing out.
            guard let v = t.parameters[key], v.lowercased() != "all", !Placeholder.isPlaceholder(v) else { return nil }
            return v.split { $0 == "," || $0 == " " }.map(String.init)
        }
        switch t.resourceType {
        case "aws:rds:cluster":
            guard let list = azs("writerAvailabilityZoneIdentifiers") else { return candidates }
            // A synthesized inventory has no writer attribute: the cluster's first AZ stands in.
            return candidates.filter { r in
                (r.attributes["WriterAvailabilityZone"] ?? r.az?.split(separator: ",").first.map(String.init)).map(list.contains) ?? false
            }
        case "aws:rds:db":
            guard let list = azs("availabilityZoneIdentifiers") else { return candidates }
            return candidates.filter { r in r.az.map(list.contains) ?? false }
        default:
            return candidates
        }
    }
}
