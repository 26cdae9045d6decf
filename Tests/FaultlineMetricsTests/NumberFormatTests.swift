import FaultlineMetrics
import Testing

/// `appendDecimal` (the CSV writer's byte path) writes exactly `decimal`'s text.
@Suite struct NumberFormatTests {
    @Test func appendDecimalMatchesDecimal() {
        var values: [Double] = [
            0, -0.0, 1, -1, 9, 10, 99, 100, 0.5, -0.5, 1e-5, -1e-7, 1e-6, 4e-7, 0.1 + 0.2,
            123_456.789_012_345, 999_999_999_999_999, 1e15, 1e15 - 1, -1e15, 1e16, 1e300,
            .infinity, -.infinity, .nan, .pi, 60, 3_600.000_000_4, 2_147_483_648
        ]
        var x: UInt64 = 7
        for _ in 0..<20_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let mantissa = Double(x >> 11) / Double(1 << 53)
            let exponent = Double(Int(x & 63) - 20)
            values.append((x & 64 == 0 ? 1 : -1) * mantissa * pow2(exponent))
            values.append(Double(Int64(bitPattern: x) >> Int(x & 31)))
            // Exact six-place fractions and neighbours of the 2^32 bound of the fraction path.
            let n = Int64(bitPattern: x >> 12) % 10_000_000_000_000
            values.append(Double(n) / 1e6)
            values.append(Double(n % 1_000_000_000) / 1e6)
            values.append((4_294_967_296 + Double(n % 2_000_000) / 1e6 - 1).nextDown)
            values.append(Double(n % 1000) / 1e6)
        }
        for v in values {
            var bytes: [UInt8] = [1, 2]
            NumberFormat.appendDecimal(v, to: &bytes)
            #expect(String(decoding: bytes.dropFirst(2), as: UTF8.self) == NumberFormat.decimal(v), "\(v)")
        }
        for places in [0, 1, 3, 5] {
            for v in values.prefix(5_000) {
                var bytes: [UInt8] = []
                NumberFormat.appendDecimal(v, places: places, to: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == NumberFormat.decimal(v, places: places), "\(v) to \(places) places")
            }
        }
    }

    private func pow2(_ e: Double) -> Double {
        var r = 1.0
        if e >= 0 { for _ in 0..<Int(e) { r *= 2 } } else { for _ in 0..<Int(-e) { r /= 2 } }
        return r
    }
}
