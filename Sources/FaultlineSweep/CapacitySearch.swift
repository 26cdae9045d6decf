/// The smallest value of a scenario key (reserved concurrency, workers per AZ, queue pollers)
/// at which the hypotheses hold in at least a given share of replications.
///
/// Assumption (documented in README, "Capacity"): meeting the hypotheses is monotone in the
/// value — if a value meets them, every larger value does. The search checks both ends of the
/// range first (the top must meet, else there is no answer; if the bottom meets, it is the
/// answer), then bisects between a failing and a meeting value, then checks one value halfway
/// between the answer and the top. Every evaluated value is
/// reported, and a larger value that fails while a smaller one meets is flagged as a
/// violation of the assumption.
public enum CapacitySearch {
    public struct Candidate: Sendable, Equatable {
        public var value: Int
        public var passed: Int
        public var replications: Int
        public var share: Double { Double(passed) / Double(replications) }
        public var meets: Bool
    }

    public struct Outcome: Sendable {
        /// The smallest meeting value, or nil when even the top of the range fails.
        public var answer: Int?
        /// Every evaluated value, sorted by value.
        public var evaluated: [Candidate]
        /// Pairs that contradict monotonicity (a smaller value meets, a larger one fails).
        public var violations: [(meets: Int, fails: Int)]
    }

    /// `evaluate(v)` returns how many of how many replications met the hypotheses at `v`.
    public static func search(
        range: ClosedRange<Int>, share: Double,
        evaluate: (Int) throws -> (passed: Int, replications: Int)
    ) rethrows -> Outcome {
        var evaluated: [Candidate] = []
        func check(_ v: Int) throws -> Bool {
            let (p, n) = try evaluate(v)
            // Compare counts, not floating shares: passed >= share * n, exactly.
            let meets = Double(p) >= share * Double(n) - 1e-9
            evaluated.append(Candidate(value: v, passed: p, replications: n, meets: meets))
            return meets
        }
        var answer: Int?
        if try check(range.upperBound) {
            if range.lowerBound == range.upperBound {
                answer = range.upperBound
            } else if try check(range.lowerBound) {
                answer = range.lowerBound
            } else {
                var lo = range.lowerBound, hi = range.upperBound // lo fails, hi meets
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2
                    if try check(mid) { hi = mid } else { lo = mid }
                }
                answer = hi
            }
        }
        // Bisection alone can never contradict itself; one extra value halfway between the
        // answer and the top of the range checks the assumption where it matters most.
        if let a = answer, range.upperBound - a >= 2 {
            let probe = a + (range.upperBound - a) / 2
            if !evaluated.contains(where: { $0.value == probe }) { _ = try check(probe) }
        }
        evaluated.sort { $0.value < $1.value }
        var violations: [(meets: Int, fails: Int)] = []
        for (i, a) in evaluated.enumerated() where a.meets {
            for b in evaluated[(i + 1)...] where !b.meets { violations.append((a.value, b.value)) }
        }
        return Outcome(answer: answer, evaluated: evaluated, violations: violations)
    }

    /// The largest magnitude of either end of a `--range` (docs/limits.md): differences of two
    /// ends never overflow, and a search evaluates at most about 53 values.
    public static let maxMagnitude = 1_000_000_000_000_000

    /// Parses `LO..HI` (whole numbers, LO <= HI, each within ±``maxMagnitude``).
    public static func parseRange(_ text: String) throws(SweepError) -> ClosedRange<Int> {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let lo = Int(parts[0].trimmingSpaces()), let hi = Int(parts[1].trimmingSpaces()), lo <= hi else {
            throw .argument("--range '\(text)' is not LO..HI with whole numbers LO <= HI.", fix: "write e.g. --range 1..200")
        }
        guard (-maxMagnitude...maxMagnitude).contains(lo), (-maxMagnitude...maxMagnitude).contains(hi) else {
            throw .argument(
                "--range '\(text)' is out of range: expected both ends from -\(maxMagnitude) to \(maxMagnitude).",
                fix: "search a smaller range, e.g. --range 1..1000")
        }
        return lo...hi
    }
}
