import FaultlineKernel
import FaultlineMetrics

/// An API Gateway API at run time: the stage's throttle, shared by its routes.
struct APIRuntime: Sendable {
    var bucket: TokenBucket
}

/// API Gateway APIs (their stage throttles) and routes (the API of each, responses per status).
struct APIGatewayState: Sendable {
    var apis: [APIRuntime] = []
    /// Per route: its API (index into `apis`).
    var routeAPI: [Int32] = []
    /// Responses per HTTP status of each API route (whole run), for ``RunResult/routeStatuses``.
    var routeStatusCounts: [[UInt16: Int64]] = []

    /// One runtime per API (routes of one API share its throttle), in service order.
    static func build(core: inout WorldCore) -> APIGatewayState {
        var st = APIGatewayState()
        var apiIndex: [Int: Int] = [:]
        for (si, s) in core.config.services.enumerated() {
            guard case .apiRoute(let rc) = s.kind else { continue }
            core.assign(service: si, kind: .apiRoute, index: Int32(st.routeAPI.count))
            if apiIndex[rc.apiIndex] == nil {
                apiIndex[rc.apiIndex] = st.apis.count
                st.apis.append(APIRuntime(bucket: TokenBucket(ratePerSecond: rc.throttleRate, burst: rc.throttleBurst, at: .zero)))
            }
            st.routeAPI.append(Int32(apiIndex[rc.apiIndex]!))
            st.routeStatusCounts.append([:])
        }
        return st
    }

    /// The stage throttle of route `route`'s API: false when the request is throttled (429).
    mutating func admit(route: Int, at now: SimInstant) -> Bool {
        apis[Int(routeAPI[route])].bucket.tryTake(1, at: now)
    }

    /// Tallies a response of route `route` by HTTP status.
    mutating func count(route: Int, _ status: UInt16) {
        routeStatusCounts[route][status, default: 0] += 1
    }

    /// What API Gateway answers when its Lambda integration failed with `status`.
    static func gatewayStatus(integration status: UInt16) -> UInt16 {
        switch status {
        case Status.throttled: return Status.internalError // Lambda 429 cannot be mapped: 500
        case Status.functionError: return Status.badGateway // function error / malformed: 502
        case Status.gatewayTimeout: return Status.gatewayTimeout
        default: return status // an HTTP status code: every other one passes through
        }
    }
}
