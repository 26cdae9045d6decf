import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

extension ScenarioFile {
    /// A `databases:` entry as written.
    public struct DatabaseFile: Sendable {
        public var engine: DatabaseConfig.Engine?
        public var writer: Located<String>
        public var readers: [Located<String>]
        public var maxConnections: Int?
        public var readLatency: Sampler?
        public var writeLatency: Sampler?
        public var dnsTTL: SimDuration?
        public var promotion: Sampler?
        public var dnsUpdate: Sampler?
        public var recovery: Sampler?
        public var reboot: Sampler?
    }

    /// `{ name, engine, writer, readers, workers, maxConnections, readLatency, writeLatency,
    /// dnsTtl, failover: { promotion, dnsUpdate, recovery }, reboot, tags }`: a cluster whose
    /// instances are its AZs (writer first).
    static func readDatabase(_ item: DocumentNode, doc: DocumentReader, dists: DistributionReader) -> ServiceFile? {
        guard let m = doc.mapping(item, what: "a database { name, engine, writer, readers, ... }") else { return nil }
        defer { m.finish() }
        guard let name = m.required("name").flatMap({ located($0, doc.string) }) else { return nil }
        let engine = m.optional("engine").flatMap { doc.choice($0, DatabaseConfig.Engine.allCases.map(\.rawValue)) }.flatMap(
            DatabaseConfig.Engine.init(rawValue:))
        let writer = m.required("writer", fix: "name the writer instance's AZ, e.g. writer: use1-az1").flatMap { located($0, doc.string) }
        let readers = m.optional("readers").flatMap { stringList($0, doc) } ?? []
        var s = ServiceFile(name: name)
        s.tags = readTags(m, doc: doc)
        s.workersPerAZ = m.optional("workers").flatMap { doc.int($0, in: 1...100_000, rangeText: "concurrent queries per instance from 1 to 100000") } ?? 100
        s.queueCapacity = .some(nil)
        var d = DatabaseFile(engine: engine, writer: writer ?? Located(value: "", path: item.path, location: item.location), readers: readers)
        d.maxConnections = m.optional("maxConnections").flatMap {
            doc.int($0, in: 1...262_143, rangeText: "connections per instance from 1 to 262143 (max_connections)")
        }
        d.readLatency = m.optional("readLatency").flatMap(dists.sampler)
        d.writeLatency = m.optional("writeLatency").flatMap(dists.sampler)
        d.dnsTTL = m.optional("dnsTtl").flatMap { doc.duration($0) }
        d.reboot = m.optional("reboot").flatMap(dists.sampler)
        if let f = m.optional("failover"), let fm = doc.mapping(f, what: "failover timing { promotion, dnsUpdate, recovery }") {
            d.promotion = fm.optional("promotion").flatMap(dists.sampler)
            d.dnsUpdate = fm.optional("dnsUpdate").flatMap(dists.sampler)
            d.recovery = fm.optional("recovery").flatMap(dists.sampler)
            fm.finish()
        }
        s.serviceTime = d.readLatency ?? (try? Sampler(ScenarioSpec.Defaults.databaseReadLatency))
        // Without a writer (already reported) the cluster still exists, so calls to it resolve.
        s.azs = writer.map { [$0] + readers }
        s.managed = .database(d)
        return s
    }

    /// A call's `connection: { pool, dnsTtl, reconnectDelay }` (calls to databases only).
    static func readConnection(_ node: DocumentNode, doc: DocumentReader) -> DatabaseConnection? {
        guard let m = doc.mapping(node, what: "a connection pool { pool: 10, dnsTtl: 5s, reconnectDelay: 1s }") else { return nil }
        defer { m.finish() }
        var c = DatabaseConnection()
        if let n = m.optional("pool").flatMap({ doc.int($0, in: 1...100_000, rangeText: "connections from 1 to 100000") }) { c.pool = n }
        c.dnsTTL = m.optional("dnsTtl").flatMap { doc.duration($0) }
        if let d = m.optional("reconnectDelay").flatMap({ doc.duration($0, allowZero: false) }) { c.reconnectDelay = d }
        return c
    }
}
