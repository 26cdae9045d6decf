import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// `databases:` — Aurora clusters, connection pools with cached DNS, and the failover and
/// reboot of `aws:rds:failover-db-cluster` / `aws:rds:reboot-db-instances`, with degenerate
/// (constant) phase distributions so every time is exact.
@Suite struct DatabaseTests {
    /// A three-AZ app reading and writing a cluster (writer az1, readers az2 and az3); promotion
    /// 10 s, DNS update 2 s, reboot 15 s; the write pools cache DNS for `ttl`.
    static func scenario(ttl: String = "5s", faults: String = "", readers: String = "[az2, az3]", extra: String = "", horizon: String = "2m") -> String {
        """
        name: db-test
        horizon: \(horizon)
        period: 1s
        account: "123456789012"
        regions: [{ name: us-east-1, azs: [az1, az2, az3] }]
        services:
          - name: app
            workersPerAZ: 200
            serviceTime: 1ms
            calls:
              - { service: db, operation: read, onError: continue }
              - { service: db, operation: write, onError: continue, connection: { pool: 5, dnsTtl: \(ttl), reconnectDelay: 1s } }
        databases:
          - name: db
            writer: az1
            readers: \(readers)
            readLatency: 1ms
            writeLatency: 2ms
            failover: { promotion: 10s, dnsUpdate: 2s, recovery: 60s }
            reboot: 15s
            tags: { DisruptRds: "true" }
        \(extra)
        workloads:
          - { name: users, service: app, arrivals: { poisson: { rate: 100 } } }
        \(faults)
        """
    }

    static let failoverAt60 = "faults:\n  - { name: fo, action: aws:rds:failover-db-cluster, targets: [db], start: 60s }"

    /// Per-period values of one timeline series, by period start (seconds).
    static func series(_ csv: String, _ resource: String, _ metric: String, _ statistic: String) -> [Int: Double] {
        var out: [Int: Double] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 5, f[1] == resource, f[2] == metric, f[3] == statistic, let t = Double(f[0]), let v = Double(f[4]) else { continue }
            out[Int(t)] = v
        }
        return out
    }

    static func run(_ yaml: String, files: [String: String] = [:]) throws -> (csv: String, run: ScenarioRun) {
        let out = try Fixtures.outputs(try Fixtures.spec(yaml, files: files))
        return (out.timeline, out.run)
    }

    static func seconds(_ i: SimInstant?) -> Double? { i.map(\.seconds) }

    @Test func failoverPhasesAndTheWriteOutageAreExact() throws {
        let (csv, run) = try Self.run(Self.scenario(faults: Self.failoverAt60))
        let db = try #require(run.result.databases.first)
        let e = try #require(db.events.first)
        #expect(db.events.count == 1)
        #expect(e.kind == .failover && e.oldWriter == "db-instance-1" && e.newWriter == "db-instance-2")
        #expect(Self.seconds(e.requested) == 60 && Self.seconds(e.down) == 60)
        #expect(Self.seconds(e.promoted) == 70) // promotion: 10 s
        #expect(Self.seconds(e.dnsUpdated) == 72) // dnsUpdate: 2 s
        // Reconnects every 1 s; the 5 s cache resolved at 66 s still names the old writer at 70 s
        // (a reader by then), the one resolved at 71 s too (DNS changes at 72 s); at 76 s the pool
        // resolves the new writer.
        #expect(Self.seconds(e.clientsReconnected) == 76)
        #expect(db.writerAtStart == "db-instance-1" && db.writerAtEnd == "db-instance-2")
        // No write succeeds from the fencing to the reconnection; they do before and after.
        let writes = Self.series(csv, "db", "WriteLatency", "SampleCount")
        for t in 60..<76 { #expect(writes[t] == nil, "a write succeeded at \(t) s") }
        #expect((writes[59] ?? 0) > 0 && (writes[77] ?? 0) > 0)
        let connErrors = Self.series(csv, "db", "ConnectionErrors", "Sum")
        let readOnly = Self.series(csv, "db", "ReadOnlyErrors", "Sum")
        for t in 60..<70 { #expect((connErrors[t] ?? 0) > 0, "no connection errors at \(t) s") }
        for t in 70..<76 { #expect((readOnly[t] ?? 0) > 0, "no read-only errors at \(t) s") }
        #expect(readOnly.filter { $0.key < 70 || $0.key > 76 }.values.allSatisfy { $0 == 0 })
        // Reads on the reader in az3 keep working throughout.
        let reads3 = Self.series(csv, "db-instance-3", "ReadLatency", "SampleCount")
        for t in 50..<90 { #expect((reads3[t] ?? 0) > 0, "no reads on instance-3 at \(t) s") }
    }

    @Test func databaseConnectionsDropAndRecover() throws {
        let (csv, run) = try Self.run(Self.scenario(faults: Self.failoverAt60))
        // Pools: writes 3 x 5 on the writer, reads 10 per AZ on a reader.
        let cluster = Self.series(csv, "db", "DatabaseConnections", "Average")
        #expect(cluster[30] == 45)
        #expect(cluster[65] == 30) // the writer's 15 write connections are gone
        let writer = Self.series(csv, "db-instance-1", "DatabaseConnections", "Maximum")
        #expect(writer[30] == 15 && writer[61] == 0)
        let promoted = Self.series(csv, "db-instance-2", "DatabaseConnections", "Maximum")
        #expect(promoted[100] == 15) // every write pool on the new writer
        let db = try #require(run.result.databases.first)
        #expect(db.instances.map(\.connectionsAtEnd).reduce(0, +) == 45)
        #expect(db.instances[0].writerAtEnd == false && db.instances[1].writerAtEnd == true)
    }

    @Test func aLongerDNSCacheKeepsWritesOnTheOldWriterUpToItsTTL() throws {
        let (csv, run) = try Self.run(Self.scenario(ttl: "30s", faults: Self.failoverAt60))
        let e = try #require(run.result.databases.first?.events.first)
        // Resolved at 61 s for 30 s: read-only errors from 70 s (the old writer rejoins as a reader)
        // until the cache expires at 91 s; within the TTL of the DNS update.
        #expect(Self.seconds(e.clientsReconnected) == 91)
        let delay = try #require(e.clientsReconnected.map { $0 - e.dnsUpdated! })
        #expect(delay <= .seconds(30))
        let readOnly = Self.series(csv, "db", "ReadOnlyErrors", "Sum")
        for t in 70..<91 { #expect((readOnly[t] ?? 0) > 0, "no read-only errors at \(t) s") }
        #expect(readOnly.filter { $0.key >= 93 }.values.allSatisfy { $0 == 0 })
        let writes = Self.series(csv, "db", "WriteLatency", "SampleCount")
        for t in 60..<91 { #expect(writes[t] == nil) }
    }

    @Test func rebootWithoutFailoverTakesOneInstanceDown() throws {
        let faults = "faults:\n  - { name: rb, action: aws:rds:reboot-db-instances, targets: [db-instance-3], start: 60s }"
        let (csv, run) = try Self.run(Self.scenario(faults: faults))
        let db = try #require(run.result.databases.first)
        let e = try #require(db.events.first)
        #expect(e.kind == .reboot && e.instance == "db-instance-3")
        #expect(Self.seconds(e.down) == 60 && Self.seconds(e.up) == 75)
        #expect(db.writerAtEnd == "db-instance-1" && db.readOnlyErrors == 0)
        #expect(Self.series(csv, "db-instance-3", "DatabaseConnections", "Maximum")[65] == 0)
        // Writes never stop.
        let writes = Self.series(csv, "db", "WriteLatency", "SampleCount")
        for t in 55..<80 { #expect((writes[t] ?? 0) > 0) }
    }

    @Test func rebootingTheWriterStopsWritesForTheRebootTime() throws {
        let faults = "faults:\n  - { name: rb, action: aws:rds:reboot-db-instances, targets: [db-instance-1], start: 60s }"
        let (csv, run) = try Self.run(Self.scenario(faults: faults))
        let e = try #require(run.result.databases.first?.events.first)
        #expect(Self.seconds(e.down) == 60 && Self.seconds(e.up) == 75 && Self.seconds(e.clientsReconnected) == 75)
        let writes = Self.series(csv, "db", "WriteLatency", "SampleCount")
        for t in 60..<75 { #expect(writes[t] == nil) }
        #expect((writes[76] ?? 0) > 0)
    }

    @Test func forceFailoverOnTheWriterFailsOver() throws {
        let faults =
            "faults:\n  - { name: rb, action: aws:rds:reboot-db-instances, targets: [db-instance-1], start: 60s, parameters: { forceFailover: \"true\" } }"
        let (_, run) = try Self.run(Self.scenario(faults: faults))
        let db = try #require(run.result.databases.first)
        let e = try #require(db.events.first)
        #expect(e.kind == .failover && Self.seconds(e.promoted) == 70 && db.writerAtEnd == "db-instance-2")
    }

    @Test func aClusterWithoutReadersRecreatesItsWriter() throws {
        let (_, run) = try Self.run(Self.scenario(faults: Self.failoverAt60, readers: "[]", horizon: "3m"))
        let e = try #require(run.result.databases.first?.events.first)
        #expect(e.newWriter == "db-instance-1" && Self.seconds(e.promoted) == 120 && e.note != nil)
    }

    @Test func aSecondFailoverDuringTheFirstDoesNothing() throws {
        let faults = Self.failoverAt60 + "\n  - { name: fo2, action: aws:rds:failover-db-cluster, targets: [db], start: 65s }"
        let (_, run) = try Self.run(Self.scenario(faults: faults))
        let events = try #require(run.result.databases.first?.events)
        #expect(events.count == 2 && events[1].down == nil && events[1].note?.contains("InvalidDBClusterStateFault") == true)
    }

    // MARK: Templates and targeting

    static func template(target: String, action: String) -> String {
        """
        {
          "description": "rds",
          "targets": { "T": \(target) },
          "actions": { "a": \(action) },
          "stopConditions": [ { "source": "none" } ],
          "roleArn": "arn:aws:iam::123456789012:role/fis"
        }
        """
    }

    @Test func writerAvailabilityZoneIdentifiersSelectsClustersByWriterAZ() throws {
        let tpl = Self.template(
            target:
                #"{ "resourceType": "aws:rds:cluster", "resourceTags": { "DisruptRds": "true" }, "selectionMode": "ALL", "parameters": { "writerAvailabilityZoneIdentifiers": "az2" } }"#,
            action: #"{ "actionId": "aws:rds:failover-db-cluster", "targets": { "Clusters": "T" } }"#)
        var yaml = Self.scenario(faults: "experiments:\n  - { name: azpi, template: tpl.json, start: 30s }")
        yaml = yaml.replacingOccurrences(
            of: "    tags: { DisruptRds: \"true\" }\n",
            with:
                "    tags: { DisruptRds: \"true\" }\n  - { name: db2, writer: az2, readers: [az1], failover: { promotion: 5s }, tags: { DisruptRds: \"true\" } }\n"
        )
        let (_, run) = try Self.run(yaml, files: ["tpl.json": tpl])
        let outcome = try #require(run.experiments.first)
        #expect(outcome.targets[0].resources.map(\.name) == ["db2"])
        #expect(outcome.targets[0].resources[0].arn == "arn:aws:rds:us-east-1:123456789012:cluster:db2")
        #expect(outcome.actions[0].status == .completed && outcome.actions[0].end! - outcome.actions[0].start! == .seconds(1))
        let dbs = run.result.databases
        #expect(dbs[0].events.isEmpty)
        #expect(dbs[1].events.count == 1 && Self.seconds(dbs[1].events[0].requested) == 42 && Self.seconds(dbs[1].events[0].promoted) == 47)
        // `all` (and no parameter) select both clusters.
        let all = tpl.replacingOccurrences(of: "\"az2\"", with: "\"all\"")
        let spec = try Fixtures.spec(yaml, files: ["tpl.json": all])
        let planned = ExperimentPlanner.plan(spec.experiments, inventory: spec.inventory, services: spec.model.services, seed: 1)
        #expect(planned.outcomes[0].targets[0].resources.map(\.name) == ["db", "db2"])
    }

    @Test func instancesAreTargetableByAZAndCount() throws {
        let tpl = Self.template(
            target:
                #"{ "resourceType": "aws:rds:db", "resourceTags": { "DisruptRds": "true" }, "selectionMode": "COUNT(1)", "parameters": { "availabilityZoneIdentifiers": "az3" } }"#,
            action: #"{ "actionId": "aws:rds:reboot-db-instances", "parameters": { "forceFailover": "false" }, "targets": { "DBInstances": "T" } }"#)
        let yaml = Self.scenario(faults: "experiments:\n  - { name: rb, template: tpl.json, start: 30s }")
        let spec = try Fixtures.spec(yaml, files: ["tpl.json": tpl])
        let instances = spec.inventory.filter { $0.resourceType == "aws:rds:db" }
        #expect(instances.map(\.arn) == (1...3).map { "arn:aws:rds:us-east-1:123456789012:db:db-instance-\($0)" })
        #expect(instances.map { $0.attributes["DBClusterIdentifier"] } == ["db", "db", "db"])
        let (_, run) = try Self.run(yaml, files: ["tpl.json": tpl])
        let outcome = try #require(run.experiments.first)
        #expect(outcome.targets[0].candidates == 1 && outcome.targets[0].resources.map(\.name) == ["db-instance-3"])
        let events = try #require(run.result.databases.first?.events)
        #expect(events.count == 1 && events[0].kind == .reboot && events[0].instance == "db-instance-3")
        // Without the parameter, COUNT(1) draws one of the three instances from the experiment's stream.
        let any = try Fixtures.spec(
            yaml,
            files: ["tpl.json": tpl.replacingOccurrences(of: "\"availabilityZoneIdentifiers\": \"az3\"", with: "\"availabilityZoneIdentifiers\": \"all\"")])
        let planned = ExperimentPlanner.plan(any.experiments, inventory: any.inventory, services: any.model.services, seed: 1)
        #expect(planned.outcomes[0].targets[0].candidates == 3 && planned.outcomes[0].targets[0].resources.count == 1)
        #expect(planned.faults.count == 1 && planned.faults[0].hosts.count == 1)
    }

    // MARK: Bad input

    static func diagnostics(_ yaml: String) -> [Diagnostic] { Fixtures.diagnostics(yaml) }

    func expect(_ yaml: String, path: String, _ words: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let d = Self.diagnostics(yaml)
        #expect(d.count == 1, "\(d.map(\.description))", sourceLocation: sourceLocation)
        guard let first = d.first else { return }
        #expect(first.path == path, "\(first.description)", sourceLocation: sourceLocation)
        for w in words { #expect(first.description.contains(w), "'\(w)' not in \(first.description)", sourceLocation: sourceLocation) }
    }

    @Test func theBaseIsValid() {
        #expect(Self.diagnostics(Self.scenario(faults: Self.failoverAt60)).isEmpty)
    }

    @Test func badDatabaseKeys() {
        let base = Self.scenario()
        expect(base.replacingOccurrences(of: "    writer: az1\n", with: ""), path: "databases[0]", ["writer", "use1-az1"])
        expect(
            base.replacingOccurrences(of: "    writer: az1\n", with: "    writer: az1\n    engine: aurora-oracle\n"), path: "databases[0].engine",
            ["aurora-postgresql"])
        expect(base.replacingOccurrences(of: "readers: [az2, az3]", with: "readers: [az2, az2]"), path: "databases[0].readers[1]", ["two instances", "az2"])
        expect(base.replacingOccurrences(of: "readers: [az2, az3]", with: "readers: [az2, az4]"), path: "databases[0].readers[1]", ["unknown AZ"])
        expect(
            base.replacingOccurrences(of: "    reboot: 15s\n", with: "    reboot: 15s\n    maxConnections: 0\n"), path: "databases[0].maxConnections",
            ["262143"])
        expect(
            base.replacingOccurrences(of: "    reboot: 15s\n", with: "    reboot: 15s\n    failover: { promotoin: 5s }\n").replacingOccurrences(
                of: "    failover: { promotion: 10s, dnsUpdate: 2s, recovery: 60s }\n", with: ""),
            path: "databases[0].failover.promotoin", ["promotion"])
    }

    @Test func badCallsToDatabases() {
        let base = Self.scenario()
        expect(
            base.replacingOccurrences(of: "{ service: db, operation: read, onError: continue }", with: "{ service: db, onError: continue }"),
            path: "services[0].calls[0].service", ["operation", "read"])
        expect(base.replacingOccurrences(of: "operation: read,", with: "operation: PutItem,"), path: "services[0].calls[0].service", ["PutItem", "select"])
        expect(
            base.replacingOccurrences(of: "reconnectDelay: 1s", with: "reconnectDelay: 0s"), path: "services[0].calls[1].connection.reconnectDelay",
            ["longer than zero"])
        expect(base.replacingOccurrences(of: "pool: 5", with: "pool: 0"), path: "services[0].calls[1].connection.pool", ["1 to 100000"])
        expect(
            base.replacingOccurrences(of: "service: app, arrivals", with: "service: db, arrivals"), path: "workloads[0].service", ["straight to the database"])
        let withOther = base.replacingOccurrences(of: "services:\n", with: "services:\n  - { name: other, workersPerAZ: 1, serviceTime: 1ms }\n")
            .replacingOccurrences(of: "{ service: db, operation: read, onError: continue }", with: "{ service: other, connection: { pool: 2 } }")
        expect(withOther, path: "services[1].calls[0].service", ["'connection' is for calls to databases"])
    }

    @Test func badDatabaseFaults() {
        expect(
            Self.scenario(faults: "faults:\n  - { name: rb, action: aws:rds:reboot-db-instances, targets: [db], start: 60s }"),
            path: "faults[0].targets[0]", ["not a DB instance", "db-instance-1"])
        expect(
            Self.scenario(faults: "faults:\n  - { name: fo, action: aws:rds:failover-db-cluster, targets: [db-instance-1], start: 60s }"),
            path: "faults[0].targets[0]", ["not a database cluster", "databases: db"])
        expect(
            Self.scenario(
                faults:
                    "faults:\n  - { name: rb, action: aws:rds:reboot-db-instances, targets: [db-instance-1], start: 60s, parameters: { forceFailover: \"yes\" } }"
            ),
            path: "faults[0].parameters.forceFailover", ["\"true\" or \"false\""])
        expect(
            Self.scenario(faults: "faults:\n  - { name: fo, action: aws:rds:failover-db-cluster, targets: [db], start: 60s, parameters: { force: \"true\" } }"),
            path: "faults[0].parameters.force", ["has no parameter 'force'"])
    }
}
