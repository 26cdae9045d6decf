import FaultlineKernel
import Foundation
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

    /// `World.dispatch` folds each event's fingerprint word in inside its own case (one branch on
    /// the kind per event): every top-level case must start with the fold, or the events of
    /// that kind drop out of the run fingerprint. Checked on the source, since a missing fold
    /// changes no golden until a shipped scenario produces that kind.
    @Test func dispatchFoldsTheFingerprintInEveryCase() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: root.appendingPathComponent("Sources/FaultlineCloud/World+Handling.swift"), encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("mutating func dispatch(") })
        let end = try #require(lines[start...].firstIndex { $0 == "    }" })
        var cases = 0
        for i in start..<end where lines[i].hasPrefix("        case .") {
            cases += 1
            #expect(lines[i + 1].trimmingCharacters(in: .whitespaces) == "fingerprint.combine(payload.fingerprintWord)", "\(lines[i])")
        }
        let eventSource = try String(contentsOf: root.appendingPathComponent("Sources/FaultlineCloud/WorldEvent.swift"), encoding: .utf8)
        let kinds = eventSource.components(separatedBy: "\n").filter { $0.hasPrefix("    case ") }.count
        #expect(cases == kinds, "dispatch has \(cases) cases, WorldEvent \(kinds)")
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
