#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few libm functions the module needs, in one place (no Foundation).
///
/// Used for analytic moments and parameter conversion only; all random draws go through GSL.
enum Math {
    static func log(_ x: Double) -> Double { libmLog(x) }
    static func log1p(_ x: Double) -> Double { libmLog1p(x) }
    static func exp(_ x: Double) -> Double { libmExp(x) }
    static func tgamma(_ x: Double) -> Double { libmTgamma(x) }
}

private func libmLog(_ x: Double) -> Double { log(x) }
private func libmLog1p(_ x: Double) -> Double { log1p(x) }
private func libmExp(_ x: Double) -> Double { exp(x) }
private func libmTgamma(_ x: Double) -> Double { tgamma(x) }
