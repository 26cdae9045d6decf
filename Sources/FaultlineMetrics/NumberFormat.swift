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

    /// Appends ``decimal(_:places:)``'s text as UTF-8 to `out`, the same bytes, without building
    /// a String for ordinary values: whole numbers digit by digit, and fractions below 2^32 from
    /// the scaled integer N = round(v * 10^places).
    ///
    /// Why the fraction path gives the same bytes as Swift's shortest round-trip `description`
    /// of r = N / 10^places: the division is correctly rounded, so r is within half an ulp of
    /// N / 10^places; below 2^32 an ulp is under 2^-20 < 10^-6, so no other decimal with at most
    /// `places` (≤ 6) fractional digits lies within half an ulp of r. The shortest decimal that
    /// reads back as r is therefore N / 10^places with its trailing zeros dropped (and
    /// ``expandExponent(_:places:)`` writes the same digits where `description` would use an
    /// exponent). `NumberFormatTests` checks this against ``decimal(_:places:)``.
    public static func appendDecimal(_ v: Double, places: Int = 6, to out: inout [UInt8]) {
        // A whole number below 2^32 (most timeline values: counts, levels, instants) scales,
        // rounds and divides back to itself exactly: its digits at once.
        if v == v.rounded(.towardZero), abs(v) < 4_294_967_296 {
            appendInteger(Int64(v), to: &out)
            return
        }
        if v.isFinite {
            let scale = pow10(places)
            let scaled = (v * scale).rounded()
            let r = scaled / scale
            if r == r.rounded(), abs(r) < 1e15 {
                appendInteger(Int64(r), to: &out)
                return
            }
            if places >= 1, places <= 6, abs(r) < 4_294_967_296 {
                appendFraction(Int64(scaled), places: places, to: &out)
                return
            }
        }
        out.append(contentsOf: decimal(v, places: places).utf8)
    }

    /// Appends `n / 10^places` (not a whole number) with its trailing zeros dropped.
    @inline(__always) static func appendFraction(_ n: Int64, places: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var unit: UInt64 = 1
        for _ in 0..<places { unit &*= 10 }
        let m = n.magnitude
        appendInteger(Int64(m / unit), to: &out)
        out.append(UInt8(ascii: "."))
        var fraction = m % unit
        var digits = places
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var divisor: UInt64 = 1
        for _ in 1..<digits { divisor &*= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / divisor % 10))
            divisor /= 10
        }
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
