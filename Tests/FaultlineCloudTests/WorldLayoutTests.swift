import FaultlineKernel
import Testing

@testable import FaultlineCloud

/// The hot path's value types stay small (the engine copies events into its queue and reads
/// requests from a slab), kinds stay one byte, and every fault action has exactly one family.
@Suite struct WorldLayoutTests {
    @Test func eventsAndRequestsDoNotGrow() {
        // Sizes before the issue-12 redesign: WorldEvent 13 bytes, Request 80 bytes.
        #expect(MemoryLayout<WorldEvent>.size <= 13)
        #expect(MemoryLayout<Request>.size <= 80)
    }

    @Test func kindsAreOneByte() {
        #expect(MemoryLayout<DeploymentKind>.size == 1)
        #expect(MemoryLayout<HostTimer>.size == 1)
        #expect(MemoryLayout<DatabasePhase>.size == 1)
        #expect(MemoryLayout<NetPoint>.size == 1)
        #expect(MemoryLayout<NetworkFaultKind>.size == 1)
        #expect(MemoryLayout<RequestFlags>.size == 1)
        #expect(MemoryLayout<FaultFamily>.size == 1)
    }

    /// The fingerprint words of kinds that became enums hash the same raw values as before.
    @Test func fingerprintWordsOfEnumKindsAreUnchanged() {
        #expect(WorldEvent.hostTimer(host: 3, kind: .replace, generation: 7).fingerprintWord == 21 << 56 | 4 << 48 | 7 << 32 | 3)
        #expect(WorldEvent.databasePhase(target: 2, phase: .rebootDone, epoch: 5).fingerprintWord == 19 << 56 | 3 << 48 | 5 << 32 | 2)
    }

    @Test func everyFaultActionHasOneFamily() {
        let cases: [(FaultAction, FaultFamily)] = [
            (.lambdaAddDelay(startupDelay: .seconds(1), invocationPercentage: 50), .lambda),
            (.lambdaError(invocationPercentage: 10, preventExecution: true), .lambda),
            (.lambdaHTTPResponse(statusCode: 503, contentType: "text/plain", invocationPercentage: 10, preventExecution: false), .lambda),
            (.apiError(actionID: "aws:fis:inject-api-internal-error", percentage: 10, status: 500, operations: []), .api),
            (.apiLatency(actionID: "localstack:generic:latency", delay: .seconds(1), operations: []), .api),
            (.databaseFailover, .database),
            (.databaseReboot(forceFailover: false), .database)
        ]
        for (action, family) in cases {
            #expect(action.family == family, "\(action.actionID)")
            #expect(action.isLambda == (family == .lambda))
            #expect(action.isDatabase == (family == .database))
            #expect(!action.isCompute && !action.isNetwork)
        }
    }
}
