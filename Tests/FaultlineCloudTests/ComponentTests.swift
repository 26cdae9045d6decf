import FaultlineKernel
import Testing

@testable import FaultlineCloud

/// Family components on their own, without a `World` around them.
@Suite struct ComponentTests {
    /// DynamoDB provisioned capacity: writes take from the write bucket, reads from the read
    /// bucket; an on-demand table (no buckets) never throttles.
    @Test func tableCapacityIsPerOperationKind() {
        let now = SimInstant.zero
        var st = TablesState(tables: [
            TableRuntime(
                read: TokenBucket(ratePerSecond: 1, burst: 2, at: now), write: TokenBucket(ratePerSecond: 1, burst: 1, at: now),
                latency: [nil, nil], writes: [false, true]),
            TableRuntime(read: nil, write: nil, latency: [nil, nil], writes: [false, true])
        ])
        let firstWrite = st.admit(table: 0, operation: 1, at: now)
        let secondWrite = st.admit(table: 0, operation: 1, at: now)
        let reads = (st.admit(table: 0, operation: 0, at: now), st.admit(table: 0, operation: 0, at: now), st.admit(table: 0, operation: 0, at: now))
        let refilled = st.admit(table: 0, operation: 1, at: now + .seconds(1))
        #expect(firstWrite && !secondWrite, "one write token")
        #expect(reads.0 && reads.1 && !reads.2, "burst 2 reads")
        #expect(refilled, "refilled after 1 s")
        var onDemand = 0
        for _ in 0..<100 where st.admit(table: 1, operation: 1, at: now) { onDemand += 1 }
        #expect(onDemand == 100)
        st.acknowledged(table: 1, operation: 1)
        st.acknowledged(table: 1, operation: 0)
        #expect(st.tables[1].acknowledgedWrites == 1)
    }

    /// Routes of one API share its stage throttle; responses are tallied per status; a failed
    /// Lambda integration maps to API Gateway's status.
    @Test func apiGatewayThrottleIsPerAPI() {
        let now = SimInstant.zero
        var st = APIGatewayState(
            apis: [APIRuntime(bucket: TokenBucket(ratePerSecond: 1, burst: 1, at: now))],
            routeAPI: [0, 0], routeStatusCounts: [[:], [:]])
        let first = st.admit(route: 0, at: now)
        let second = st.admit(route: 1, at: now)
        #expect(first && !second, "the second route shares the API's bucket")
        st.count(route: 1, Status.throttled)
        st.count(route: 1, Status.throttled)
        #expect(st.routeStatusCounts[1][Status.throttled] == 2)
        #expect(APIGatewayState.gatewayStatus(integration: Status.throttled) == Status.internalError)
        #expect(APIGatewayState.gatewayStatus(integration: Status.functionError) == Status.badGateway)
        #expect(APIGatewayState.gatewayStatus(integration: 201) == 201)
    }

    /// Each family's view of a fault action is set for its own family only.
    @Test func familyViewsMatchTheFamily() {
        let actions: [FaultAction] = [
            .lambdaAddDelay(startupDelay: .seconds(2), invocationPercentage: 50),
            .lambdaHTTPResponse(statusCode: 70_000, contentType: "text/plain", invocationPercentage: 5, preventExecution: true),
            .apiLatency(actionID: "localstack:generic:latency", delay: .seconds(1), operations: ["GetItem"]),
            .databaseReboot(forceFailover: true)
        ]
        for a in actions {
            #expect((a.lambdaEffect != nil) == (a.family == .lambda))
            #expect((a.apiEffect != nil) == (a.family == .api))
            #expect((a.databaseEffect != nil) == (a.family == .database))
        }
        #expect(actions[0].lambdaEffect == .addDelay(startupDelay: .seconds(2), percentage: 50))
        #expect(actions[1].lambdaEffect == .httpResponse(status: UInt16.max, percentage: 5, preventExecution: true), "clamped as before")
        #expect(actions[3].databaseEffect == .reboot(forceFailover: true))
    }
}
