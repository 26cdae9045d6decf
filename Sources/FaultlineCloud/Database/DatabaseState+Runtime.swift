import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Aurora / RDS clusters: instances per AZ, client connection pools with cached DNS answers,
/// and the failover and reboot that FIS's `aws:rds:*` actions start.
///
/// A failover (FailoverDBCluster, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_FailoverDBCluster.html)
/// runs in the phases Aurora documents
/// (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html):
/// the writer becomes unavailable at once (hard-fenced: its connections break); after
/// `promotion` the first available reader (promotion order = the order of `readers`) is the new
/// writer and the old writer rejoins as a reader; after `dnsUpdate` more the cluster endpoint's
/// DNS record names the new writer. Clients keep their cached answer for their TTL, so a pool
/// that reconnects on a stale answer lands on the old writer — now a reader — and its writes fail
/// with a read-only error until its cache expires and the pool is recycled
/// (https://repost.aws/knowledge-center/aurora-mysql-redirected-endpoint-writer).
extension DatabaseState {
    /// Connects every client's pool at the start of the run.
    mutating func startDatabases(now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        for c in clients.indices { connectDatabaseClient(c, now: now, queue: &queue, core: &core) }
    }

    // MARK: Queries (hot path)

    /// The instance a call's connection pool is on, or -1 when the pool has no connection.
    @inline(__always) mutating func databaseInstanceDeployment(client ci: Int) -> Int32 {
        let i = clients[Int(clientOf[ci])].instance
        return i < 0 ? -1 : instances[Int(i)].deployment
    }

    /// A query whose pool has no connection fails in the driver at once (a connection error).
    mutating func databaseNotConnected(client ci: Int, now: SimInstant, core: inout WorldCore) {
        let x = Int(clients[Int(clientOf[ci])].database)
        core.metrics.add(databases[x].metrics.connectionErrors, at: now)
    }

    /// Server-side time of a query: the cluster's read or write latency.
    @inline(__always) mutating func databaseWork(request r: Int32, deployment d: Int, core: inout WorldCore) -> Int64 {
        let x = Int(instances[Int(core.deployments[d].kindIndex)].database)
        if writes[Int(core.requests[Int(r)].operation)] { return databases[x].writeLatency.sampleNanoseconds(core.deployments[d].stream) }
        return databases[x].readLatency.sampleNanoseconds(core.deployments[d].stream)
    }

    /// A query ends: one that was in flight when its instance went down fails (503); a success
    /// is recorded as `ReadLatency` or `WriteLatency` (and a write as `CommitThroughput`).
    mutating func databaseFinished(request r: Int32, deployment d: Int, outcome: Outcome, now: SimInstant, core: inout WorldCore) -> Outcome {
        let i = Int(core.deployments[d].kindIndex)
        let x = Int(instances[i].database)
        guard outcome == .success else { return outcome }
        if instances[i].downSince >= core.requests[Int(r)].arrival.nanoseconds {
            core.requests[Int(r)].returnStatus = Status.serviceUnavailable
            core.metrics.add(databases[x].metrics.connectionErrors, at: now)
            return .error
        }
        let ns = (now - core.requests[Int(r)].arrival).nanoseconds
        if writes[Int(core.requests[Int(r)].operation)] {
            core.metrics.record(instances[i].metrics.writeLatency, nanoseconds: ns, at: now)
            core.metrics.record(databases[x].metrics.writeLatency, nanoseconds: ns, at: now)
            core.metrics.add(databases[x].metrics.commits, at: now)
        } else {
            core.metrics.record(instances[i].metrics.readLatency, nanoseconds: ns, at: now)
            core.metrics.record(databases[x].metrics.readLatency, nanoseconds: ns, at: now)
        }
        return .success
    }

    // MARK: Connection pools

    /// A pool (re)connects: writes (and reads of a cluster without an available reader) resolve
    /// the cluster endpoint — from the client's DNS cache while it is fresh — and reads pick an
    /// available reader (the one in the caller's AZ with `same-az` routing, else one at random
    /// from the database's stream, as the reader endpoint's DNS rotation would). A down target
    /// or `maxConnections` reached means another attempt after `reconnectDelay`.
    mutating func connectDatabaseClient(_ c: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let x = Int(clients[c].database)
        var target: Int32 = -1
        if !clients[c].writes { target = pickReader(client: c, core: &core) }
        if target < 0 {
            if now.nanoseconds >= clients[c].cacheUntil {
                clients[c].resolved = databases[x].dnsWriter
                clients[c].cacheUntil = now.nanoseconds + clients[c].ttl
            }
            target = clients[c].resolved
        }
        let t = Int(target)
        let retry = SimInstant(nanoseconds: now.nanoseconds + clients[c].reconnectDelay)
        guard instances[t].up else {
            queue.schedule(.databaseReconnect(client: Int32(c), epoch: clients[c].epoch), at: retry)
            return
        }
        guard instances[t].connections + clients[c].pool <= databases[x].maxConnections else {
            // FATAL: too many connections (max_connections).
            core.metrics.add(databases[x].metrics.connectionsRefused, at: now)
            queue.schedule(.databaseReconnect(client: Int32(c), epoch: clients[c].epoch), at: retry)
            return
        }
        clients[c].instance = target
        instances[t].connections += clients[c].pool
        core.metrics.adjust(instances[t].metrics.connections, by: Int64(clients[c].pool), at: now)
        core.metrics.adjust(databases[x].metrics.connections, by: Int64(clients[c].pool), at: now)
        guard clients[c].writes else { return }
        if target != databases[x].writer {
            // A stale DNS answer: the pool sits on a reader until its cache expires.
            let at = max(clients[c].cacheUntil, retry.nanoseconds)
            queue.schedule(.databaseReconnect(client: Int32(c), epoch: clients[c].epoch), at: SimInstant(nanoseconds: at))
        } else {
            checkClientsReconnected(database: x, now: now)
        }
    }

    /// An available reader for a read pool, or -1 when there is none.
    mutating func pickReader(client c: Int, core: inout WorldCore) -> Int32 {
        let x = Int(clients[c].database)
        var local: Int32 = -1, count = 0
        for i in databases[x].instances where instances[Int(i)].up && !instances[Int(i)].isWriter {
            count += 1
            if clients[c].sameAZ, core.deployments[Int(instances[Int(i)].deployment)].az == clients[c].callerAZ { local = i }
        }
        if local >= 0 || count == 0 { return local }
        var k = count == 1 ? 0 : databases[x].handle.uniformInt(count)
        for i in databases[x].instances where instances[Int(i)].up && !instances[Int(i)].isWriter {
            if k == 0 { return i }
            k -= 1
        }
        return -1
    }

    /// The pool's connections close (the instance went away, or the pool is recycled).
    mutating func detachDatabaseClient(_ c: Int, now: SimInstant, core: inout WorldCore) {
        let i = Int(clients[c].instance)
        clients[c].epoch &+= 1
        guard i >= 0 else { return }
        let x = Int(clients[c].database)
        clients[c].instance = -1
        instances[i].connections -= clients[c].pool
        core.metrics.adjust(instances[i].metrics.connections, by: -Int64(clients[c].pool), at: now)
        core.metrics.adjust(databases[x].metrics.connections, by: -Int64(clients[c].pool), at: now)
    }

    /// A pool's timer: reconnect when it has no connection; recycle a write pool left on a
    /// reader by a stale DNS answer (its cache has expired by now).
    mutating func databaseReconnect(client c: Int, epoch: UInt32, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        guard clients[c].epoch == epoch else { return }
        if clients[c].instance >= 0 {
            let x = Int(clients[c].database)
            guard clients[c].writes, clients[c].instance != databases[x].writer else { return }
            detachDatabaseClient(c, now: now, core: &core)
        }
        connectDatabaseClient(c, now: now, queue: &queue, core: &core)
    }

    /// Every pool on instance `i` loses its connections and retries after its reconnect delay.
    mutating func dropConnections(instance i: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let x = Int(instances[i].database)
        for c32 in databases[x].clients where clients[Int(c32)].instance == Int32(i) {
            let c = Int(c32)
            detachDatabaseClient(c, now: now, core: &core)
            queue.schedule(
                .databaseReconnect(client: c32, epoch: clients[c].epoch),
                at: SimInstant(nanoseconds: now.nanoseconds + clients[c].reconnectDelay))
        }
    }

    /// Closes the open event record's timeline once every write pool is on the writer.
    mutating func checkClientsReconnected(database x: Int, now: SimInstant) {
        let open = Int(databases[x].openRecord)
        guard open >= 0 else { return }
        let w = databases[x].writer
        for c in databases[x].clients where clients[Int(c)].writes && clients[Int(c)].instance != w { return }
        records[open].clientsReconnected = now
        databases[x].openRecord = -1
    }

    // MARK: Faults and phases

    /// An `aws:rds:*` fault starts: failovers of the targeted clusters, or reboots of the
    /// targeted instances (FaultConfig.hosts: a cluster's instance per AZ).
    mutating func databaseFault(_ f: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let fault = core.config.faults[f]
        guard let effect = fault.action.databaseEffect else { return } // only database faults reach here
        switch effect {
        case .failover:
            var seen: [Int] = []
            for t in fault.targets {
                guard let x = databaseIndex(service: Int(t.index)), !seen.contains(x) else { continue }
                seen.append(x)
                startFailover(x, cause: fault.name, now: now, queue: &queue, core: &core)
            }
        case .reboot(let force):
            for h in fault.hosts {
                guard let x = databaseIndex(service: Int(h.service.index)) else { continue }
                guard let i = databases[x].instances.first(where: { core.deployments[Int(instances[Int($0)].deployment)].az == h.az.index }) else { continue }
                rebootInstance(Int(i), forceFailover: force, cause: fault.name, now: now, queue: &queue, core: &core)
            }
        }
    }

    mutating func databaseIndex(service s: Int) -> Int? {
        databases.firstIndex { Int($0.service) == s }
    }

    /// FailoverDBCluster: the writer goes down now; the promotion (or, without a reader, the
    /// writer's recreation) and the DNS update are drawn now from the database's stream.
    mutating func startFailover(_ x: Int, cause: String, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let w = Int(databases[x].writer)
        var rec = DatabaseEventRecord(
            kind: .failover, cause: cause, database: core.config.services[Int(databases[x].service)].name,
            requested: now, oldWriter: instanceNames[w])
        guard !databases[x].failingOver, instances[w].up else {
            rec.note =
                databases[x].failingOver
                ? "a failover is already in progress (InvalidDBClusterStateFault); nothing happened"
                : "the writer is unavailable (rebooting); nothing happened"
            records.append(rec)
            return
        }
        let reader = databases[x].instances.first { Int($0) != w && instances[Int($0)].up }
        let promote = reader ?? Int32(w)
        rec.newWriter = instanceNames[Int(promote)]
        rec.down = now
        if reader == nil { rec.note = "no available reader: the writer is recreated in its AZ" }
        databases[x].failingOver = true
        databases[x].epoch &+= 1
        databases[x].promoting = promote
        databases[x].record = Int32(records.count)
        records.append(rec)
        instances[w].up = false
        instances[w].downSince = now.nanoseconds
        dropConnections(instance: w, now: now, queue: &queue, core: &core)
        let h = databases[x].handle
        let delay = reader != nil ? databases[x].promotion.sampleNanoseconds(h) : databases[x].recovery.sampleNanoseconds(h)
        databases[x].pendingDNS = databases[x].dnsUpdate.sampleNanoseconds(h)
        queue.schedule(
            .databasePhase(target: Int32(x), phase: DatabasePhase.promoted, epoch: databases[x].epoch),
            at: SimInstant(nanoseconds: now.nanoseconds + delay))
    }

    /// RebootDBInstance: the instance is unavailable for a sampled reboot time; with
    /// `forceFailover` on the writer of a cluster with an available reader, a failover instead.
    mutating func rebootInstance(_ i: Int, forceFailover: Bool, cause: String, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore) {
        let x = Int(instances[i].database)
        if forceFailover, instances[i].isWriter {
            startFailover(x, cause: cause, now: now, queue: &queue, core: &core)
            return
        }
        var rec = DatabaseEventRecord(
            kind: .reboot, cause: cause, database: core.config.services[Int(databases[x].service)].name,
            requested: now, oldWriter: instanceNames[Int(databases[x].writer)])
        rec.instance = instanceNames[i]
        rec.newWriter = rec.oldWriter
        guard instances[i].up else {
            rec.note = "the instance is already unavailable; nothing happened"
            records.append(rec)
            return
        }
        rec.down = now
        instances[i].epoch &+= 1
        instances[i].record = Int32(records.count)
        records.append(rec)
        instances[i].up = false
        instances[i].downSince = now.nanoseconds
        dropConnections(instance: i, now: now, queue: &queue, core: &core)
        let delay = databases[x].reboot.sampleNanoseconds(databases[x].handle)
        queue.schedule(
            .databasePhase(target: Int32(i), phase: DatabasePhase.rebootDone, epoch: instances[i].epoch),
            at: SimInstant(nanoseconds: now.nanoseconds + delay))
    }

    mutating func databasePhase(target t: Int, phase: DatabasePhase, epoch: UInt32, now: SimInstant, queue: inout EventQueue<WorldEvent>, core: inout WorldCore)
    {
        switch phase {
        case .promoted:
            guard databases[t].epoch == epoch else { return }
            let w = Int(databases[t].writer), p = Int(databases[t].promoting)
            if p != w {
                // The promoted reader restarts as the writer: its read connections break.
                instances[p].downSince = now.nanoseconds
                dropConnections(instance: p, now: now, queue: &queue, core: &core)
                instances[p].isWriter = true
                instances[w].isWriter = false
                databases[t].writer = Int32(p)
            }
            // The old writer rejoins as a reader (or, recreated, as the writer).
            instances[w].up = true
            records[Int(databases[t].record)].promoted = now
            queue.schedule(
                .databasePhase(target: Int32(t), phase: DatabasePhase.dnsUpdated, epoch: epoch),
                at: SimInstant(nanoseconds: now.nanoseconds + databases[t].pendingDNS))
        case .dnsUpdated:
            guard databases[t].epoch == epoch else { return }
            databases[t].dnsWriter = databases[t].writer
            databases[t].failingOver = false
            records[Int(databases[t].record)].dnsUpdated = now
            databases[t].openRecord = databases[t].record
            checkClientsReconnected(database: t, now: now)
        case .rebootDone:
            guard instances[t].epoch == epoch else { return }
            instances[t].up = true
            let rec = Int(instances[t].record)
            records[rec].up = now
            if instances[t].isWriter {
                let x = Int(instances[t].database)
                databases[x].openRecord = Int32(rec)
                checkClientsReconnected(database: x, now: now)
            } else {
                records[rec].clientsReconnected = nil
            }
        }
    }
}

/// What a database fault starts (``FaultAction/databaseEffect``).
enum DatabaseFaultEffect: Sendable, Equatable {
    /// `aws:rds:failover-db-cluster`: FailoverDBCluster on the targeted clusters.
    case failover
    /// `aws:rds:reboot-db-instances`: RebootDBInstance on the targeted instances.
    case reboot(forceFailover: Bool)
}

/// Phases of ``WorldEvent/databasePhase(target:phase:epoch:)`` (one byte; raw values are
/// hashed into the run fingerprint and must not change).
public enum DatabasePhase: UInt8, Sendable {
    /// A failover's promotion is done (target: the database).
    case promoted = 1
    /// The cluster endpoint's DNS record names the new writer (target: the database).
    case dnsUpdated = 2
    /// A rebooted instance is available again (target: the instance).
    case rebootDone = 3
}

extension Status {
    /// A write reached a reader: "cannot execute INSERT in a read-only transaction" (not retried).
    public static let databaseReadOnly: UInt16 = 591
}
