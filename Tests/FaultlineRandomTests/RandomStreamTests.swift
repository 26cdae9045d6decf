import FaultlineRandom
import Testing

@Suite struct RandomStreamTests {
    private func uniforms(_ s: RandomStream, _ n: Int) -> [Double] { (0..<n).map { _ in s.uniform() } }

    /// GSL mt19937 seeded with 42: the first three 32-bit outputs / 2³² (they match the first
    /// Mersenne Twister words of other MT19937 implementations seeded with 42).
    @Test func goldenMT19937Seed42() {
        let s = RandomStream(seed: 42)
        #expect(s.uniform() == 0.37454011430963874)
        #expect(s.uniform() == 0.7965429842006415)
        #expect(s.uniform() == 0.9507143115624785)
    }

    @Test func goldenTaus2Seed42() {
        let s = RandomStream(seed: 42, generator: .taus2)
        #expect(s.uniform() == 0.7951071311254054)
        #expect(s.uniform() == 0.6193279074504972)
        #expect(s.uniform() == 0.7438409423921257)
    }

    @Test(arguments: [0, 1, 42, 1 << 40, UInt64.max], RandomGenerator.allCases)
    func sameSeedSameSequence(seed: UInt64, generator: RandomGenerator) {
        let a = RandomStream(seed: seed, generator: generator)
        let b = RandomStream(seed: seed, generator: generator)
        #expect(uniforms(a, 1_000) == uniforms(b, 1_000))
    }

    @Test(arguments: RandomGenerator.allCases)
    func differentSeedsDiffer(generator: RandomGenerator) {
        // Seed 0 is excluded: GSL replaces it with its default (see seedZeroIsGSLDefault).
        let seeds: [UInt64] = [1, 2, 42, 0x1_0000_0005, 5, 0xdead_beef_0000_0000]
        let firsts = seeds.map { uniforms(RandomStream(seed: $0, generator: generator), 8) }
        for i in firsts.indices {
            for j in firsts.indices where j > i {
                #expect(firsts[i] != firsts[j], "seeds \(seeds[i]) and \(seeds[j]) gave the same draws")
            }
        }
    }

    /// GSL quirk, documented on RandomStream: seed 0 means "GSL's default seed" (4357 for
    /// mt19937, 1 for taus2). Derived seeds fold to 0 with probability 2⁻³².
    @Test func seedZeroIsGSLDefault() {
        #expect(uniforms(RandomStream(seed: 0), 8) == uniforms(RandomStream(seed: 4357), 8))
        #expect(uniforms(RandomStream(seed: 0, generator: .taus2), 8) == uniforms(RandomStream(seed: 1, generator: .taus2), 8))
    }

    /// The 64-bit seed is folded to GSL's 32 bits as `seed ^ (seed >> 32)`.
    @Test func highSeedBitsMatter() {
        #expect(uniforms(RandomStream(seed: 0x1_0000_0005), 8) == uniforms(RandomStream(seed: 4), 8))
        #expect(uniforms(RandomStream(seed: 0x1_0000_0005), 8) != uniforms(RandomStream(seed: 5), 8))
    }

    @Test func generatorsDiffer() {
        #expect(uniforms(RandomStream(seed: 7), 8) != uniforms(RandomStream(seed: 7, generator: .taus2), 8))
    }

    @Test func componentInitUsesDerivedSeed() {
        let named = RandomStream(master: 42, component: "lambda/checkout", replication: 2, generator: .taus2)
        let plain = RandomStream(seed: StreamSeed.derive(master: 42, component: "lambda/checkout", replication: 2), generator: .taus2)
        #expect(named.component == "lambda/checkout")
        #expect(plain.component == "")
        #expect(named.seed == plain.seed)
        #expect(named.generator == .taus2)
        #expect(uniforms(named, 100) == uniforms(plain, 100))
        #expect(
            uniforms(RandomStream(master: 42, component: "lambda/checkout", replication: 3), 8)
                != uniforms(RandomStream(master: 42, component: "lambda/checkout", replication: 2), 8))
    }

    @Test(arguments: RandomGenerator.allCases)
    func drawsStayInRange(generator: RandomGenerator) {
        let s = RandomStream(seed: 3, generator: generator)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n {
            let u = s.uniform()
            #expect(u >= 0 && u < 1)
            let v = s.uniformPositive()
            #expect(v > 0 && v < 1)
            counts[s.uniformInt(7)] += 1
        }
        // Each bucket: 10 000 expected, binomial sd ≈ 92.6; 5 sd.
        for c in counts { #expect(abs(c - n / 7) < 463, "uniformInt bucket count \(c)") }
        #expect(s.uniformInt(1) == 0)
    }

    @Test func bernoulli() {
        let s = RandomStream(seed: 11)
        let n = 100_000
        var hits = 0
        for _ in 0..<n {
            #expect(!s.bernoulli(0))
            #expect(s.bernoulli(1))
            if s.bernoulli(0.3) { hits += 1 }
        }
        let p = Double(hits) / Double(n)
        #expect(abs(p - 0.3) < 4 * (0.3 * 0.7 / Double(n)).squareRoot())
    }

    @Test func exponentialMean() {
        let s = RandomStream(seed: 12)
        let n = 200_000
        let mean = (0..<n).reduce(0.0) { acc, _ in acc + s.exponential(mean: 0.25) } / Double(n)
        // The sd of an exponential equals its mean.
        #expect(abs(mean - 0.25) < 4 * 0.25 / Double(n).squareRoot())
    }
}
