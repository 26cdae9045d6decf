import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension World {
    // MARK: Topics

    /// SNS Publish: acknowledged at once, then delivered to every subscription (a queue gets a
    /// message; a function an asynchronous invocation).
    mutating func admitTopic(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) {
        let m = core.deployments[d].metrics
        core.metrics.add(m.invocations, at: now)
        let az = core.deployments[d].az
        respond(request: r, status: Status.ok, now: now, queue: &queue)
        core.freeRequest(r)
        let t = Int(core.deployments[d].kindIndex)
        for (i, sub) in messaging.topicSubscriptions[t].enumerated() {
            let c = sendDetached(to: Int(sub), fromAZ: az, now: now, queue: &queue)
            if messaging.topicToFunction[t][i] { core.requests[Int(c)].flags = .async }
            core.metrics.add(messaging.topicDelivered[Int(core.deployments[d].kindIndex)], at: now)
        }
    }
}
