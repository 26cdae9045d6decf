/// A running 64-bit hash over dispatched events: the run's identity.
///
/// Two runs with the same fingerprint dispatched the same events at the same instants in the
/// same order. Golden fingerprints per scenario catch any change of behaviour (house rule 12).
/// The mix is FNV-1a widened to 64-bit words, cheap enough to update on every event.
public struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
    @usableFromInline var _value: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The hash so far.
    public var value: UInt64 { _value }

    public init() {}

    /// Folds one 64-bit word into the hash.
    @inlinable public mutating func combine(_ word: UInt64) {
        _value = (_value ^ word) &* 0x0000_0100_0000_01b3
        _value ^= _value >> 29
    }

    @inlinable public mutating func combine(_ word: Int64) { combine(UInt64(bitPattern: word)) }

    /// Sixteen lowercase hex digits.
    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
