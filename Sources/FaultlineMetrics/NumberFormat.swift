/// Deterministic, human-readable number formatting for every output file.
///
/// Values are rounded to 6 decimal places and printed in Swift's shortest round-trip form,
/// which is the same on every platform and run; no locale, no exponent for ordinary values.
public enum NumberFormat {
    public static func decimal(_ v: Double, places: Int = 6) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "Infinity" : "-Infinity") }
        let scale = pow10(places)
        let r = (v * scale).rounded() / scale
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        let s = "\(r)"
        // Small values in exponent form are written out; huge ones (|r| >= 2^53, where Swift
        // switches to exponent form) keep it: written out they would overflow Int64 below.
        if s.utf8.contains(UInt8(ascii: "e")) { return abs(r) < 1 ? expandExponent(r, places: places) : s }
        return s
    }

    /// Appends ``decimal(_:places:)``'s text as UTF-8 to `out`, the same bytes; whole numbers
    /// (most timeline values) are written digit by digit without building a String.
    public static func appendDecimal(_ v: Double, places: Int = 6, to out: inout [UInt8]) {
        if v.isFinite {
            let scale = pow10(places)
            let r = (v * scale).rounded() / scale
            if r == r.rounded(), abs(r) < 1e15 {
                appendInteger(Int64(r), to: &out)
                return
            }
        }
        out.append(contentsOf: decimal(v, places: places).utf8)
    }

    /// Appends the decimal digits of `n` (as `String(n)` spells them).
    @inline(__always) static func appendInteger(_ n: Int64, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        var digits: (UInt64, UInt64) = (0, 0) // 16 bytes: enough for |n| < 10^15
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[15 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10)
                m /= 10
                count &+= 1
            } while m > 0
            out.append(contentsOf: buf[(16 - count)...])
        }
    }

    private static func pow10(_ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<n { x *= 10 }
        return x
    }

    /// Writes small values such as 1e-05 as 0.00001.
    private static func expandExponent(_ v: Double, places: Int) -> String {
        let negative = v < 0
        let scaled = Int64((abs(v) * pow10(places)).rounded())
        var digits = String(scaled)
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -places)
        var out = String(digits[..<cut]) + "." + String(digits[cut...])
        while out.hasSuffix("0") { out.removeLast() }
        if out.hasSuffix(".") { out.removeLast() }
        return (negative ? "-" : "") + out
    }

    /// Quotes a CSV field when it contains a comma, quote or newline.
    public static func csvField(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        guard !target.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
