import Foundation
import Testing

@testable import FaultlineSweep

/// Replication statistics against values worked out by hand and Student t tables.
@Suite struct StatisticsTests {
    @Test func studentTQuantilesMatchTables() {
        // Two-sided 95 % critical values: t(0.975, 1) = 12.706, t(0.975, 4) = 2.776, t(0.975, 29) = 2.045.
        #expect(abs(ReplicationStatistics.studentT(quantile: 0.975, dof: 1) - 12.7062047) < 1e-6)
        #expect(abs(ReplicationStatistics.studentT(quantile: 0.975, dof: 4) - 2.7764451) < 1e-6)
        #expect(abs(ReplicationStatistics.studentT(quantile: 0.975, dof: 29) - 2.0452296) < 1e-6)
    }

    @Test func meanSDAndInterval() throws {
        let s = try #require(ReplicationStatistics([1, 2, 3, 4]))
        #expect(s.n == 4 && s.mean == 2.5)
        let sd = try #require(s.sd)
        #expect(abs(sd - 1.2909944487) < 1e-9)
        // half-width = t(0.975, 3) * sd / 2 = 3.1824463 * 1.2909944 / 2
        #expect(abs(try #require(s.ciHigh) - (2.5 + 2.0542603)) < 1e-6)
        #expect(abs(try #require(s.ciLow) - (2.5 - 2.0542603)) < 1e-6)
    }

    @Test func oneReplicationHasNoSpread() throws {
        let s = try #require(ReplicationStatistics([5]))
        #expect(s.mean == 5 && s.sd == nil && s.ciLow == nil && s.ciHigh == nil)
        #expect(ReplicationStatistics([]) == nil)
    }

    /// Coverage: of many 5-replication intervals of N(10, 2), about 95 % contain 10.
    @Test func intervalsCoverTheTrueMeanAboutNinetyFivePercent() {
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / 9007199254740992.0
        }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        var covered = 0
        let trials = 4000
        for _ in 0..<trials {
            let s = ReplicationStatistics((0..<5).map { _ in 10 + 2 * normal() })!
            if s.ciLow! <= 10, 10 <= s.ciHigh! { covered += 1 }
        }
        // Binomial(4000, 0.95): sd 13.8; allow 5 sd.
        #expect(abs(covered - 3800) < 69, "\(covered) of \(trials)")
    }
}
