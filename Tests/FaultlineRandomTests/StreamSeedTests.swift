import FaultlineRandom
import Testing

@Suite struct StreamSeedTests {
    /// FNV-1a 64 and SplitMix64 reference values from their published definitions.
    @Test func primitivesMatchReferenceValues() {
        #expect(StreamSeed.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StreamSeed.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StreamSeed.splitMix64(0) == 0xe220_a839_7b1d_cdaf)
    }

    /// Computed once with this implementation; a change here changes every golden run.
    @Test func goldenValues() {
        #expect(StreamSeed.fnv1a64("lambda/checkout") == 0xe177_57e5_d43b_e50b)
        #expect(StreamSeed.splitMix64(42) == 0xbdd7_3226_2feb_6e95)
        #expect(StreamSeed.derive(master: 42, component: "lambda/checkout") == 7_310_911_942_170_708_832)
        #expect(StreamSeed.derive(master: 42, component: "lambda/checkout", replication: 1) == 15_265_610_394_912_058_004)
        #expect(StreamSeed.derive(master: 7, component: "network") == 11_110_534_389_851_330_711)
    }

    @Test func defaultReplicationIsZero() {
        #expect(StreamSeed.derive(master: 9, component: "x") == StreamSeed.derive(master: 9, component: "x", replication: 0))
    }

    @Test(arguments: [0, 1, 42, UInt64.max])
    func sameInputsGiveSameSeed(master: UInt64) {
        for name in ["", "network", "service/api", "lambda/checkout"] {
            #expect(
                StreamSeed.derive(master: master, component: name, replication: 3)
                    == StreamSeed.derive(master: master, component: name, replication: 3))
        }
    }

    @Test func distinctInputsGiveDistinctSeeds() {
        let masters: [UInt64] = [0, 1, 2, 42, 1 << 32, UInt64.max]
        let names = ["", "network", "service/api", "service/apj", "lambda/checkout", "lambda/checkouT", "workload/web"]
        let replications: [UInt32] = [0, 1, 2, 1_000, UInt32.max]
        var seen = Set<UInt64>()
        for m in masters {
            for n in names {
                for r in replications {
                    seen.insert(StreamSeed.derive(master: m, component: n, replication: r))
                }
            }
        }
        #expect(seen.count == masters.count * names.count * replications.count)
    }

    /// A component's seed does not depend on which other components exist (house rule 6): it is
    /// the same whether derived alone or after many others.
    @Test func seedIgnoresOtherComponents() {
        let alone = StreamSeed.derive(master: 5, component: "service/b")
        _ = (0..<100).map { StreamSeed.derive(master: 5, component: "service/\($0)") }
        #expect(StreamSeed.derive(master: 5, component: "service/b") == alone)
    }
}
