/// Deterministic identifiers: experiment template IDs (`EXT` + 14 base-62 characters),
/// experiment IDs (`EXP` + 14) and request IDs (UUID-shaped), drawn from one SplitMix64 stream
/// seeded by `--seed`. The same calls in the same order give the same IDs, so transcripts can
/// be golden-tested; the draw counter is persisted with the state.
public struct IDStream: Sendable, Codable, Equatable {
    public var seed: UInt64
    public var counter: UInt64

    public init(seed: UInt64, counter: UInt64 = 0) {
        self.seed = seed
        self.counter = counter
    }

    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    mutating func next() -> UInt64 {
        counter &+= 1
        var z = seed &+ counter &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `prefix` + 14 base-62 characters (FIS IDs are `EXT`/`EXP` and mixed-case alphanumerics).
    mutating func resourceID(_ prefix: String) -> String {
        var s = prefix
        for _ in 0..<2 {
            var v = next()
            for _ in 0..<7 {
                s.append(Self.alphabet[Int(v % 62)])
                v /= 62
            }
        }
        return s
    }

    /// A UUID-shaped request ID for `x-amzn-RequestId`.
    mutating func requestID() -> String {
        let a = next(), b = next()
        func hex(_ v: UInt64, _ n: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, n - s.count)) + s.suffix(n)
        }
        return
            "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xFFFF, 4))-4\(hex(a & 0xFFF, 3))-\(hex(8 | (b >> 62), 1))\(hex((b >> 48) & 0xFFF, 3))-\(hex(b & 0xFFFF_FFFF_FFFF, 12))"
    }
}
