import FaultlineSweep
import Testing

/// A sweep's size is capped, named as the product of its list sizes, and never overflows (issue 10).
@Suite struct SweepLimitsTests {
    static func definition(lists: Int, values: Int, replications: Int = 1) throws -> SweepDefinition {
        let parameters = try (0..<lists).map { _ in
            try SweepParameter(parsing: "seed=" + (1...values).map(String.init).joined(separator: ","))
        }
        return SweepDefinition(scenarioName: "s", scenarioHash: 1, seed: nil, replications: replications, parameters: parameters, metrics: [])
    }

    @Test func productOfManyListsSaturatesAndIsRefused() throws {
        let d = try Self.definition(lists: 20, values: 10)
        #expect(d.pointCount == Int.max)
        do {
            try d.checkSize()
            Issue.record("accepted 10^20 points")
        } catch {
            #expect("\(error)".contains("10 x 10 x 10"), "\(error)")
            #expect("\(error)".contains("at most \(SweepDefinition.maxPoints)"), "\(error)")
        }
    }

    @Test func pointsTimesReplicationsIsCapped() throws {
        #expect(throws: SweepError.self) { try Self.definition(lists: 2, values: 300, replications: 20).checkSize() }
        try Self.definition(lists: 2, values: 100, replications: 5).checkSize()
    }

    @Test func capacityRangeEndsAreBounded() {
        #expect(throws: SweepError.self) { try CapacitySearch.parseRange("\(Int.min)..\(Int.max)") }
        #expect((try? CapacitySearch.parseRange("1..200")) == 1...200)
    }
}
