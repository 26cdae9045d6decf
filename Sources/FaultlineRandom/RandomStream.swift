import CGSL

/// Owns one `gsl_rng` (allocated in init, `gsl_rng_free` in deinit). One per simulated component.
///
/// Give each component and replication its own stream, seeded through ``StreamSeed`` from the
/// master seed and the component's stable name, so that draws never depend on how many other
/// components exist (house rule 6). All draws go through GSL (`gsl_rng_*`, `gsl_ran_*`).
///
/// A stream is a mutable generator: it is `Sendable` so a replication can move its streams to
/// another task, but it must not be used from two threads at once.
///
/// GSL's generators seed from 32 bits. The 64-bit seed is folded (`seed ^ (seed >> 32)`, low
/// 32 bits) so every bit of a derived seed matters; seeds below 2³² are passed through unchanged.
/// GSL treats a folded seed of 0 as its own default (mt19937: 4357, taus2: 1), so those pairs
/// give the same sequence; a derived seed folds to 0 with probability 2⁻³².
public final class RandomStream: @unchecked Sendable {
    /// The GSL generator state; owned by this object.
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>

    /// The component name the seed was derived from; `""` for ``init(seed:generator:)``.
    public let component: String
    /// The 64-bit seed this stream was created with (after derivation, before folding).
    public let seed: UInt64
    /// The GSL algorithm behind this stream.
    public let generator: RandomGenerator

    /// Allocates and seeds the generator.
    init(seed: UInt64, generator: RandomGenerator, component: String) {
        GSLErrorHandling.ensureQuiet()
        guard let rng = gsl_rng_alloc(generator.gslType) else {
            fatalError("gsl_rng_alloc failed for \(generator.rawValue): out of memory")
        }
        gsl_rng_set(rng, UInt(truncatingIfNeeded: RandomStream.gslSeed(seed)))
        self.rng = rng
        self.component = component
        self.seed = seed
        self.generator = generator
    }

    /// A stream seeded directly with `seed`.
    public convenience init(seed: UInt64, generator: RandomGenerator = .mt19937) {
        self.init(seed: seed, generator: generator, component: "")
    }

    /// A stream for `component`, seeded with ``StreamSeed/derive(master:component:replication:)``.
    public convenience init(
        master: UInt64, component: String, replication: UInt32 = 0,
        generator: RandomGenerator = .mt19937
    ) {
        self.init(
            seed: StreamSeed.derive(master: master, component: component, replication: replication),
            generator: generator, component: component)
    }

    deinit { gsl_rng_free(rng) }

    /// The 32-bit value handed to `gsl_rng_set`: the high half XOR-folded into the low half.
    static func gslSeed(_ seed: UInt64) -> UInt64 {
        (seed ^ (seed >> 32)) & 0xffff_ffff
    }
}
