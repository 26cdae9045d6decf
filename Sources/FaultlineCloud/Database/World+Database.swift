import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Queries reaching a database instance (the cluster's own logic is in ``DatabaseState``).
extension World {
    /// A query reaches an instance: refused while the instance is down (503); a write on a
    /// reader fails with the read-only error; else it is admitted (workers and queue).
    mutating func admitDatabase(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Bool {
        let i = Int(core.deployments[d].kindIndex)
        let x = Int(db.instances[i].database)
        if !db.instances[i].up {
            core.metrics.add(db.databases[x].metrics.connectionErrors, at: now)
            respond(request: r, status: Status.serviceUnavailable, now: now, queue: &queue)
            core.freeRequest(r)
            return false
        }
        if db.writes[Int(core.requests[Int(r)].operation)], !db.instances[i].isWriter {
            // e.g. PostgreSQL "cannot execute INSERT in a read-only transaction" (SQLSTATE 25006).
            let m = core.deployments[d].metrics
            core.metrics.add(m.invocations, at: now)
            core.metrics.add(m.errors, at: now)
            core.metrics.add(db.databases[x].metrics.readOnlyErrors, at: now)
            core.metrics.add(db.instances[i].metrics.queries, at: now)
            respond(request: r, status: Status.databaseReadOnly, now: now, queue: &queue)
            core.freeRequest(r)
            return false
        }
        core.metrics.add(db.instances[i].metrics.queries, at: now)
        return true
    }
}
