import FaultlineAnalysis
import FaultlineMetrics
import FaultlineScenario

/// The quantities a sweep reports, taken from a run's `summary.json` in one generic way.
///
/// Every number in summary.json becomes a metric named by its key path, with list items named
/// by their `name` (or `function`) field instead of their index:
/// `services.web.error_rate`, `services.get-item.latency_ms.p99`,
/// `functions.get-item.cold_starts`, `faults.add-delay.onset_delay_s.p95`,
/// `faults.add-delay.by_target.get-item.tail_after_end_s.mean`, `ledger.lost`. Booleans count
/// as 1 (true) and 0 (false), so their mean is a share; `"PASS"`/`"FAIL"` strings likewise.
/// Lists of plain values (AZ names, targets) and nulls (a statistic with no sample) are left
/// out. One derived quantity is added per function with the FIS extension:
/// `functions.<f>.extension_s3_gets_per_hour` (the S3 GETs over the measured time).
///
/// Values are taken exactly as summary.json prints them (rounded to 6 decimals), so a sweep's
/// figures agree with the runs' files.
///
/// A scenario with `hypotheses:` adds their verdicts (``hypotheses(_:)``):
/// `hypotheses.<name>.pass` (1 = PASS, 0 = FAIL or NO_DATA, as `faultline run --check` counts
/// them), `hypotheses.<name>.measured` (left out when NO_DATA) and `hypotheses.all_pass` (1 when
/// every hypothesis passed), so a sweep.csv `.mean` of a `pass` column is the share of
/// replications that passed. The summary's `phases` and `blast_radius` tables are not metrics.
public enum SummaryMetrics {
    /// The metric selectors a sweep reports when no `--metric` is given.
    public static let defaultSelectors: [String] = [
        "services.*.requests", "services.*.errors", "services.*.error_rate", "services.*.throttled",
        "services.*.timed_out", "services.*.latency_ms.mean", "services.*.latency_ms.p50", "services.*.latency_ms.p99",
        "functions.*.cold_starts", "functions.*.extension_s3_gets_per_hour", "functions.*.fault_injected",
        "faults.*.onset_delay_s.mean", "faults.*.onset_delay_s.p95",
        "faults.*.tail_after_end_s.mean", "faults.*.tail_after_end_s.p95", "faults.*.injections",
        "queues.*.moved_to_dlq", "ledger.lost", "hypotheses.**", "experiments.**"
    ]

    /// Every numeric quantity of a run's summary, in summary.json's order.
    public static func flatten(_ summary: JSONValue) -> [(name: String, value: Double)] {
        var out: [(name: String, value: Double)] = []
        var seen = Set<String>()
        func emit(_ name: String, _ v: Double) {
            if seen.insert(name).inserted { out.append((name, v)) }
        }
        func walk(_ v: JSONValue, _ prefix: String) {
            switch v {
            case .object(let pairs):
                for (k, child) in pairs { walk(child, prefix.isEmpty ? k : prefix + "." + k) }
            case .array(let items):
                for (i, item) in items.enumerated() {
                    guard case .object(let pairs) = item else { continue }
                    let label = itemName(pairs) ?? String(i)
                    walk(item, prefix + "." + label)
                }
            case .number(let d):
                guard d.isFinite, let r = Double(NumberFormat.decimal(d)) else { return }
                emit(prefix, r)
            case .integer(let i):
                emit(prefix, Double(i))
            case .bool(let b):
                emit(prefix, b ? 1 : 0)
            case .string(let s):
                if s == "PASS" { emit(prefix, 1) } else if s == "FAIL" { emit(prefix, 0) }
            case .null:
                break
            }
        }
        walk(summary, "")
        addDerived(summary, emit)
        return out
    }

    /// The metrics of a run's hypothesis verdicts (see the type's documentation); none without
    /// hypotheses.
    public static func hypotheses(_ results: [HypothesisResult]) -> [(name: String, value: Double)] {
        guard !results.isEmpty else { return [] }
        var out: [(name: String, value: Double)] = []
        for h in results {
            out.append(("hypotheses.\(h.spec.name).pass", h.passed ? 1 : 0))
            if let m = h.measured, m.isFinite, let r = Double(NumberFormat.decimal(m)) {
                out.append(("hypotheses.\(h.spec.name).measured", r))
            }
        }
        out.append(("hypotheses.all_pass", results.allSatisfy(\.passed) ? 1 : 0))
        return out
    }

    /// The final state of each experiment as metrics: `experiments.<name>.completed`,
    /// `.stopped`, `.failed` (1 for the state it ended in, else 0; an experiment that never
    /// started has 0 in all three), so a sweep.csv `.mean` is the share of replications that
    /// ended so and `compare` sees an experiment stopped by its alarm.
    public static func experiments(_ outcomes: [ExperimentOutcome]) -> [(name: String, value: Double)] {
        var out: [(name: String, value: Double)] = []
        for e in outcomes {
            let final = e.states.last?.status
            for s in [ExperimentStatus.completed, .stopped, .failed] { out.append(("experiments.\(e.name).\(s.rawValue)", final == s ? 1 : 0)) }
        }
        return out
    }

    static func itemName(_ pairs: [(String, JSONValue)]) -> String? {
        for key in ["name", "function", "id"] {
            if let (_, v) = pairs.first(where: { $0.0 == key }), case .string(let s) = v { return s }
        }
        return nil
    }

    private static func addDerived(_ summary: JSONValue, _ emit: (String, Double) -> Void) {
        guard case .object(let top) = summary else { return }
        func number(_ pairs: [(String, JSONValue)], _ key: String) -> Double? {
            switch pairs.first(where: { $0.0 == key })?.1 {
            case .number(let d)?: return d
            case .integer(let i)?: return Double(i)
            default: return nil
            }
        }
        guard let horizon = number(top, "horizon_s") else { return }
        let measured = horizon - (number(top, "warmup_s") ?? 0)
        guard measured > 0, case .array(let functions)? = top.first(where: { $0.0 == "functions" })?.1 else { return }
        for f in functions {
            guard case .object(let pairs) = f, let name = itemName(pairs), let gets = number(pairs, "extension_s3_gets") else { continue }
            guard let v = Double(NumberFormat.decimal(gets * 3600 / measured)) else { continue }
            emit("functions.\(name).extension_s3_gets_per_hour", v)
        }
    }
}

/// A metric selector: a name with wildcards. `*` matches within one dot-separated part, `**`
/// across parts, `?` one character. `default` stands for ``SummaryMetrics/defaultSelectors``.
public struct MetricSelector: Sendable, Equatable {
    public var pattern: String
    public init(_ pattern: String) { self.pattern = pattern }

    /// Expands `default` and removes duplicates, keeping order.
    public static func expand(_ selectors: [String]) -> [MetricSelector] {
        var out: [String] = []
        for s in selectors.isEmpty ? ["default"] : selectors {
            for p in s == "default" ? SummaryMetrics.defaultSelectors : [s] where !out.contains(p) { out.append(p) }
        }
        return out.map(MetricSelector.init)
    }

    public func matches(_ name: String) -> Bool {
        Self.match(Array(pattern.utf8)[...], Array(name.utf8)[...])
    }

    private static func match(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        guard let c = p.first else { return s.isEmpty }
        let dot = UInt8(ascii: ".")
        if c == UInt8(ascii: "*") {
            let double = p.dropFirst().first == UInt8(ascii: "*")
            let rest = double ? p.dropFirst(2) : p.dropFirst()
            var i = s.startIndex
            while true {
                if match(rest, s[i...]) { return true }
                guard i < s.endIndex, double || s[i] != dot else { return false }
                i += 1
            }
        }
        guard let h = s.first else { return false }
        if c == UInt8(ascii: "?") || c == h { return match(p.dropFirst(), s.dropFirst()) }
        return false
    }
}
