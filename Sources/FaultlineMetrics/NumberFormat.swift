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
        if s.utf8.contains(UInt8(ascii: "e")) { return expandExponent(r, places: places) }
        return s
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
