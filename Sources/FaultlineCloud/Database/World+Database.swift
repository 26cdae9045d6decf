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
extension World {
    /// Connects every client's pool at the start of the run.
    mutating func startDatabases(now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        for c in db.clients.indices { connectDatabaseClient(c, now: now, queue: &queue) }
    }

    // MARK: Queries (hot path)

    /// The instance a call's connection pool is on, or -1 when the pool has no connection.
    @inline(__always) mutating func databaseInstanceDeployment(client ci: Int) -> Int32 {
        let i = db.clients[Int(db.clientOf[ci])].instance
        return i < 0 ? -1 : db.instances[Int(i)].deployment
    }

    /// A query whose pool has no connection fails in the driver at once (a connection error).
    mutating func databaseNotConnected(client ci: Int, now: SimInstant) {
        let x = Int(db.clients[Int(db.clientOf[ci])].database)
        metrics.add(db.databases[x].metrics.connectionErrors, at: now)
    }

    /// A query reaches an instance: refused while the instance is down (503); a write on a
    /// reader fails with the read-only error; else it is admitted (workers and queue).
    mutating func admitDatabase(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Bool {
        let i = Int(deployments[d].kindIndex)
        let x = Int(db.instances[i].database)
        if !db.instances[i].up {
            metrics.add(db.databases[x].metrics.connectionErrors, at: now)
            respond(request: r, status: Status.serviceUnavailable, now: now, queue: &queue)
            freeRequest(r)
            return false
        }
        if db.writes[Int(requests[Int(r)].operation)], !db.instances[i].isWriter {
            // e.g. PostgreSQL "cannot execute INSERT in a read-only transaction" (SQLSTATE 25006).
            let m = deployments[d].metrics
            metrics.add(m.invocations, at: now)
            metrics.add(m.errors, at: now)
            metrics.add(db.databases[x].metrics.readOnlyErrors, at: now)
            metrics.add(db.instances[i].metrics.queries, at: now)
            respond(request: r, status: Status.databaseReadOnly, now: now, queue: &queue)
            freeRequest(r)
            return false
        }
        metrics.add(db.instances[i].metrics.queries, at: now)
        return true
    }

    /// Server-side time of a query: the cluster's read or write latency.
    @inline(__always) mutating func databaseWork(request r: Int32, deployment d: Int) -> Int64 {
        let x = Int(db.instances[Int(deployments[d].kindIndex)].database)
        if db.writes[Int(requests[Int(r)].operation)] { return db.databases[x].writeLatency.sampleNanoseconds(deployments[d].stream) }
        return db.databases[x].readLatency.sampleNanoseconds(deployments[d].stream)
    }

    /// A query ends: one that was in flight when its instance went down fails (503); a success
    /// is recorded as `ReadLatency` or `WriteLatency` (and a write as `CommitThroughput`).
    mutating func databaseFinished(request r: Int32, deployment d: Int, outcome: Outcome, now: SimInstant) -> Outcome {
        let i = Int(deployments[d].kindIndex)
        let x = Int(db.instances[i].database)
        guard outcome == .success else { return outcome }
        if db.instances[i].downSince >= requests[Int(r)].arrival.nanoseconds {
            requests[Int(r)].returnStatus = Status.serviceUnavailable
            metrics.add(db.databases[x].metrics.connectionErrors, at: now)
            return .error
        }
        let ns = (now - requests[Int(r)].arrival).nanoseconds
        if db.writes[Int(requests[Int(r)].operation)] {
            metrics.record(db.instances[i].metrics.writeLatency, nanoseconds: ns, at: now)
            metrics.record(db.databases[x].metrics.writeLatency, nanoseconds: ns, at: now)
            metrics.add(db.databases[x].metrics.commits, at: now)
        } else {
            metrics.record(db.instances[i].metrics.readLatency, nanoseconds: ns, at: now)
            metrics.record(db.databases[x].metrics.readLatency, nanoseconds: ns, at: now)
        }
        return .success
    }

    // MARK: Connection pools

    /// A pool (re)connects: writes (and reads of a cluster without an available reader) resolve
    /// the cluster endpoint — from the client's DNS cache while it is fresh — and reads pick an
    /// available reader (the one in the caller's AZ with `same-az` routing, else one at random
    /// from the database's stream, as the reader endpoint's DNS rotation would). A down target
    /// or `maxConnections` reached means another attempt after `reconnectDelay`.
    mutating func connectDatabaseClient(_ c: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let x = Int(db.clients[c].database)
        var target: Int32 = -1
        if !db.clients[c].writes { target = pickReader(client: c) }
        if target < 0 {
            if now.nanoseconds >= db.clients[c].cacheUntil {
                db.clients[c].resolved = db.databases[x].dnsWriter
                db.clients[c].cacheUntil = now.nanoseconds + db.clients[c].ttl
            }
            target = db.clients[c].resolved
        }
        let t = Int(target)
        let retry = SimInstant(nanoseconds: now.nanoseconds + db.clients[c].reconnectDelay)
        guard db.instances[t].up else {
            queue.schedule(.databaseReconnect(client: Int32(c), epoch: db.clients[c].epoch), at: retry)
            return
        }
        guard db.instances[t].connections + db.clients[c].pool <= db.databases[x].maxConnections else {
            // FATAL: too many connections (max_connections).
            metrics.add(db.databases[x].metrics.connectionsRefused, at: now)
            queue.schedule(.databaseReconnect(client: Int32(c), epoch: db.clients[c].epoch), at: retry)
            return
        }
        db.clients[c].instance = target
        db.instances[t].connections += db.clients[c].pool
        metrics.adjust(db.instances[t].metrics.connections, by: Int64(db.clients[c].pool), at: now)
        metrics.adjust(db.databases[x].metrics.connections, by: Int64(db.clients[c].pool), at: now)
        guard db.clients[c].writes else { return }
        if target != db.databases[x].writer {
            // A stale DNS answer: the pool sits on a reader until its cache expires.
            let at = max(db.clients[c].cacheUntil, retry.nanoseconds)
            queue.schedule(.databaseReconnect(client: Int32(c), epoch: db.clients[c].epoch), at: SimInstant(nanoseconds: at))
        } else {
            checkClientsReconnected(database: x, now: now)
        }
    }

    /// An available reader for a read pool, or -1 when there is none.
    mutating func pickReader(client c: Int) -> Int32 {
        let x = Int(db.clients[c].database)
        var local: Int32 = -1, count = 0
        for i in db.databases[x].instances where db.instances[Int(i)].up && !db.instances[Int(i)].isWriter {
            count += 1
            if db.clients[c].sameAZ, deployments[Int(db.instances[Int(i)].deployment)].az == db.clients[c].callerAZ { local = i }
        }
        if local >= 0 || count == 0 { return local }
        var k = count == 1 ? 0 : db.databases[x].handle.uniformInt(count)
        for i in db.databases[x].instances where db.instances[Int(i)].up && !db.instances[Int(i)].isWriter {
            if k == 0 { return i }
            k -= 1
        }
        return -1
    }

    /// The pool's connections close (the instance went away, or the pool is recycled).
    mutating func detachDatabaseClient(_ c: Int, now: SimInstant) {
        let i = Int(db.clients[c].instance)
        db.clients[c].epoch &+= 1
        guard i >= 0 else { return }
        let x = Int(db.clients[c].database)
        db.clients[c].instance = -1
        db.instances[i].connections -= db.clients[c].pool
        metrics.adjust(db.instances[i].metrics.connections, by: -Int64(db.clients[c].pool), at: now)
        metrics.adjust(db.databases[x].metrics.connections, by: -Int64(db.clients[c].pool), at: now)
    }

    /// A pool's timer: reconnect when it has no connection; recycle a write pool left on a
    /// reader by a stale DNS answer (its cache has expired by now).
    mutating func databaseReconnect(client c: Int, epoch: UInt32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        guard db.clients[c].epoch == epoch else { return }
        if db.clients[c].instance >= 0 {
            let x = Int(db.clients[c].database)
            guard db.clients[c].writes, db.clients[c].instance != db.databases[x].writer else { return }
            detachDatabaseClient(c, now: now)
        }
        connectDatabaseClient(c, now: now, queue: &queue)
    }

    /// Every pool on instance `i` loses its connections and retries after its reconnect delay.
    mutating func dropConnections(instance i: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let x = Int(db.instances[i].database)
        for c32 in db.databases[x].clients where db.clients[Int(c32)].instance == Int32(i) {
            let c = Int(c32)
            detachDatabaseClient(c, now: now)
            queue.schedule(.databaseReconnect(client: c32, epoch: db.clients[c].epoch),
                           at: SimInstant(nanoseconds: now.nanoseconds + db.clients[c].reconnectDelay))
        }
    }

    /// Closes the open event record's timeline once every write pool is on the writer.
    mutating func checkClientsReconnected(database x: Int, now: SimInstant) {
        let open = Int(db.databases[x].openRecord)
        guard open >= 0 else { return }
        let w = db.databases[x].writer
        for c in db.databases[x].clients where db.clients[Int(c)].writes && db.clients[Int(c)].instance != w { return }
        db.records[open].clientsReconnected = now
        db.databases[x].openRecord = -1
    }

    // MARK: Faults and phases

    /// An `aws:rds:*` fault starts: failovers of the targeted clusters, or reboots of the
    /// targeted instances (FaultConfig.hosts: a cluster's instance per AZ).
    mutating func databaseFault(_ f: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let fault = config.faults[f]
        switch fault.action {
        case .databaseFailover:
            var seen: [Int] = []
            for t in fault.targets {
                guard let x = databaseIndex(service: Int(t.index)), !seen.contains(x) else { continue }
                seen.append(x)
                startFailover(x, cause: fault.name, now: now, queue: &queue)
            }
        case let .databaseReboot(force):
            for h in fault.hosts {
                guard let x = databaseIndex(service: Int(h.service.index)) else { continue }
                guard let i = db.databases[x].instances.first(where: { deployments[Int(db.instances[Int($0)].deployment)].az == h.az.index }) else { continue }
                rebootInstance(Int(i), forceFailover: force, cause: fault.name, now: now, queue: &queue)
            }
        default:
            break
        }
    }

    mutating func databaseIndex(service s: Int) -> Int? {
        db.databases.firstIndex { Int($0.service) == s }
    }

    /// FailoverDBCluster: the writer goes down now; the promotion (or, without a reader, the
    /// writer's recreation) and the DNS update are drawn now from the database's stream.
    mutating func startFailover(_ x: Int, cause: String, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let w = Int(db.databases[x].writer)
        var rec = DatabaseEventRecord(kind: .failover, cause: cause, database: config.services[Int(db.databases[x].service)].name,
                                      requested: now, oldWriter: db.instanceNames[w])
        guard !db.databases[x].failingOver, db.instances[w].up else {
            rec.note = db.databases[x].failingOver ? "a failover is already in progress (InvalidDBClusterStateFault); nothing happened"
                : "the writer is unavailable (rebooting); nothing happened"
            db.records.append(rec)
            return
        }
        let reader = db.databases[x].instances.first { Int($0) != w && db.instances[Int($0)].up }
        let promote = reader ?? Int32(w)
        rec.newWriter = db.instanceNames[Int(promote)]
        rec.down = now
        if reader == nil { rec.note = "no available reader: the writer is recreated in its AZ" }
        db.databases[x].failingOver = true
        db.databases[x].epoch &+= 1
        db.databases[x].promoting = promote
        db.databases[x].record = Int32(db.records.count)
        db.records.append(rec)
        db.instances[w].up = false
        db.instances[w].downSince = now.nanoseconds
        dropConnections(instance: w, now: now, queue: &queue)
        let h = db.databases[x].handle
        let delay = reader != nil ? db.databases[x].promotion.sampleNanoseconds(h) : db.databases[x].recovery.sampleNanoseconds(h)
        db.databases[x].pendingDNS = db.databases[x].dnsUpdate.sampleNanoseconds(h)
        queue.schedule(.databasePhase(target: Int32(x), phase: DatabasePhase.promoted, epoch: db.databases[x].epoch),
                       at: SimInstant(nanoseconds: now.nanoseconds + delay))
    }

    /// RebootDBInstance: the instance is unavailable for a sampled reboot time; with
    /// `forceFailover` on the writer of a cluster with an available reader, a failover instead.
    mutating func rebootInstance(_ i: Int, forceFailover: Bool, cause: String, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let x = Int(db.instances[i].database)
        if forceFailover, db.instances[i].isWriter {
            startFailover(x, cause: cause, now: now, queue: &queue)
            return
        }
        var rec = DatabaseEventRecord(kind: .reboot, cause: cause, database: config.services[Int(db.databases[x].service)].name,
                                      requested: now, oldWriter: db.instanceNames[Int(db.databases[x].writer)])
        rec.instance = db.instanceNames[i]
        rec.newWriter = rec.oldWriter
        guard db.instances[i].up else {
            rec.note = "the instance is already unavailable; nothing happened"
            db.records.append(rec)
            return
        }
        rec.down = now
        db.instances[i].epoch &+= 1
        db.instances[i].record = Int32(db.records.count)
        db.records.append(rec)
        db.instances[i].up = false
        db.instances[i].downSince = now.nanoseconds
        dropConnections(instance: i, now: now, queue: &queue)
        let delay = db.databases[x].reboot.sampleNanoseconds(db.databases[x].handle)
        queue.schedule(.databasePhase(target: Int32(i), phase: DatabasePhase.rebootDone, epoch: db.instances[i].epoch),
                       at: SimInstant(nanoseconds: now.nanoseconds + delay))
    }

    mutating func databasePhase(target t: Int, phase: UInt8, epoch: UInt32, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        switch phase {
        case DatabasePhase.promoted:
            guard db.databases[t].epoch == epoch else { return }
            let w = Int(db.databases[t].writer), p = Int(db.databases[t].promoting)
            if p != w {
                // The promoted reader restarts as the writer: its read connections break.
                db.instances[p].downSince = now.nanoseconds
                dropConnections(instance: p, now: now, queue: &queue)
                db.instances[p].isWriter = true
                db.instances[w].isWriter = false
                db.databases[t].writer = Int32(p)
            }
            // The old writer rejoins as a reader (or, recreated, as the writer).
            db.instances[w].up = true
            db.records[Int(db.databases[t].record)].promoted = now
            queue.schedule(.databasePhase(target: Int32(t), phase: DatabasePhase.dnsUpdated, epoch: epoch),
                           at: SimInstant(nanoseconds: now.nanoseconds + db.databases[t].pendingDNS))
        case DatabasePhase.dnsUpdated:
            guard db.databases[t].epoch == epoch else { return }
            db.databases[t].dnsWriter = db.databases[t].writer
            db.databases[t].failingOver = false
            db.records[Int(db.databases[t].record)].dnsUpdated = now
            db.databases[t].openRecord = db.databases[t].record
            checkClientsReconnected(database: t, now: now)
        default: // rebootDone
            guard db.instances[t].epoch == epoch else { return }
            db.instances[t].up = true
            let rec = Int(db.instances[t].record)
            db.records[rec].up = now
            if db.instances[t].isWriter {
                let x = Int(db.instances[t].database)
                db.databases[x].openRecord = Int32(rec)
                checkClientsReconnected(database: x, now: now)
            } else {
                db.records[rec].clientsReconnected = nil
            }
        }
    }
}

/// Phases of ``WorldEvent/databasePhase(target:phase:epoch:)``.
enum DatabasePhase {
    static let promoted: UInt8 = 1
    static let dnsUpdated: UInt8 = 2
    static let rebootDone: UInt8 = 3
}

extension Status {
    /// A write reached a reader: "cannot execute INSERT in a read-only transaction" (not retried).
    public static let databaseReadOnly: UInt16 = 591
}
