import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension World {
    // MARK: Tables

    /// A DynamoDB request: capacity first (`ProvisionedThroughputExceededException`, a
    /// throttling error the SDK retries), then served in parallel after its operation's latency.
    mutating func admitTable(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let t = Int(core.deployments[d].kindIndex)
        let m = core.deployments[d].metrics
        let op = Int(core.requests[Int(r)].operation)
        let admitted = tables.admit(table: t, operation: op, at: now)
        guard admitted else {
            core.metrics.add(m.throttles, at: now)
            respond(request: r, status: Status.throttled, now: now, queue: &queue)
            core.freeRequest(r)
            return
        }
        core.metrics.add(m.invocations, at: now)
        core.metrics.adjust(m.concurrency, by: 1, at: now)
        core.deployments[d].busy += 1
        core.requests[Int(r)].arrival = now
        core.requests[Int(r)].state = .inService
        core.requests[Int(r)].callIndex = core.deployments[d].callCount
        let work =
            tables.latency(table: t, operation: op, stream: core.deployments[d].stream)
            ?? core.deployments[d].serviceTime.sampleNanoseconds(core.deployments[d].stream)
        queue.schedule(.workDone(request: r, generation: core.requests[Int(r)].generation), at: now + .nanoseconds(work))
    }
}
