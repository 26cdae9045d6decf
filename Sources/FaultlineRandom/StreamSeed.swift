/// Derives a 64-bit seed per component: SplitMix64 over (master seed, FNV-1a 64 of the UTF-8
/// component name, replication).
///
/// A component's seed depends only on the master seed, its own stable name (for example
/// `"lambda/checkout"`) and the replication number, so adding or removing a component never
/// shifts another component's draws (house rule 6).
///
/// The derivation is fixed and versioned with Faultline; changing it changes every golden run:
/// ```
/// h = splitMix64(master)
/// h = splitMix64(h ^ fnv1a64(component))
/// h = splitMix64(h ^ UInt64(replication))
/// ```
public enum StreamSeed {
    /// FNV-1a 64-bit offset basis.
    @usableFromInline static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    /// FNV-1a 64-bit prime.
    @usableFromInline static let fnvPrime: UInt64 = 0x0000_0100_0000_01b3

    /// FNV-1a 64 of the UTF-8 bytes of `s` (`fnv1a64("") == 0xcbf29ce484222325`).
    public static func fnv1a64(_ s: String) -> UInt64 {
        var hash = fnvOffsetBasis
        for byte in s.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* fnvPrime
        }
        return hash
    }

    /// One SplitMix64 step: adds the golden-ratio increment to `x` and returns the mixed value
    /// (Steele, Lea & Flood 2014; `splitMix64(0) == 0xe220a8397b1dcdaf`).
    public static func splitMix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// The seed of `component` in `replication` of a run seeded with `master`.
    public static func derive(master: UInt64, component: String, replication: UInt32 = 0) -> UInt64 {
        var h = splitMix64(master)
        h = splitMix64(h ^ fnv1a64(component))
        h = splitMix64(h ^ UInt64(replication))
        return h
    }
}
