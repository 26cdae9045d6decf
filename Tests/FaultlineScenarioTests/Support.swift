import FaultlineCloud
import FaultlineDocument
import FaultlineMetrics
import FaultlineScenario
@_exported import FaultlineTestSupport
import Foundation
import Testing

/// Helpers of the scenario tests on top of the shared ``Fixtures`` (FaultlineTestSupport).
extension Fixtures {
    /// The diagnostics loading `yaml` produces (none when it loads); any other error is a test
    /// failure.
    static func diagnostics(_ yaml: String, files: [String: String] = [:]) -> [Diagnostic] {
        do {
            _ = try spec(yaml, files: files)
            return []
        } catch let e as DocumentError {
            return e.diagnostics
        } catch {
            Issue.record("unexpected error type \(error)")
            return []
        }
    }
}

/// Queueing-theory formulas the simulator is checked against.
enum Theory {
    /// Erlang B blocking probability for offered load `a` Erlang on `c` servers (stable recursion).
    static func erlangB(servers c: Int, load a: Double) -> Double {
        var b = 1.0
        for k in 1...c { b = a * b / (Double(k) + a * b) }
        return b
    }

    /// Erlang C probability of waiting.
    static func erlangC(servers c: Int, load a: Double) -> Double {
        let b = erlangB(servers: c, load: a)
        return Double(c) * b / (Double(c) - a * (1 - b))
    }

    /// Mean queue wait of M/M/c in seconds.
    static func mmcMeanWait(lambda: Double, mu: Double, servers c: Int) -> Double {
        erlangC(servers: c, load: lambda / mu) / (Double(c) * mu - lambda)
    }

    /// Student t quantile for two-sided 99 % intervals (df 1...30, then normal).
    static func t995(df: Int) -> Double {
        let table: [Double] = [
            63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169,
            3.106, 3.055, 3.012, 2.977, 2.947, 2.921, 2.898, 2.878, 2.861, 2.845,
            2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771, 2.763, 2.756, 2.750
        ]
        return df >= 1 && df <= 30 ? table[df - 1] : 2.576
    }

    /// Mean and half-width of a 99 % confidence interval over replication estimates.
    static func interval(_ xs: [Double]) -> (mean: Double, halfWidth: Double) {
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        return (mean, t995(df: xs.count - 1) * (variance / n).squareRoot())
    }
}
