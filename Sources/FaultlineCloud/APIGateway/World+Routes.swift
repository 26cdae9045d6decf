import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension World {
    // MARK: API Gateway

    /// A request reaches an API route: the stage throttle (429), then the Lambda proxy
    /// integration as the route's one call, with the integration timeout.
    mutating func admitRoute(request r: Int32, deployment d: Int, now: SimInstant, queue: inout EventQueue<WorldEvent>) -> Bool {
        guard gateway.admit(route: Int(core.deployments[d].kindIndex), at: now) else {
            core.metrics.add(core.deployments[d].metrics.throttles, at: now)
            countRouteStatus(deployment: d, Status.throttled)
            respond(request: r, status: Status.throttled, now: now, queue: &queue)
            core.freeRequest(r)
            return false
        }
        return true
    }

    /// Tallies a response of an API route by HTTP status (not on the hot path of other kinds).
    mutating func countRouteStatus(deployment d: Int, _ status: UInt16) {
        guard core.deployments[d].kind == .apiRoute else { return }
        gateway.count(route: Int(core.deployments[d].kindIndex), status)
    }
}
