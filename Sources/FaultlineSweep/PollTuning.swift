import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario

/// `faultline tune-poll`: the FIS extension's slow-poll interval chosen from a grid, per
/// invocation. Each interval is a sweep point (the interval set on every function a Lambda fault
/// targets, ``overrides(functions:interval:root:)``) run with seeded replications; its row
/// (``PollTuningRow``) reads the fault's invocation curves summed over the replications.
public enum PollTuning {
    /// The default grid: from the extension's 20 s minimum to 5 minutes.
    public static let defaultGrid = ["20s", "30s", "60s", "90s", "120s", "180s", "240s", "300s"]
    /// S3 price per 1,000 polls: each poll is a ListObjectsV2, billed at the LIST tier
    /// ($0.005 per 1,000 in us-east-1), plus a GetObject while a configuration exists.
    public static let defaultPricePer1000 = 0.005
    /// Hours in an average month (8,760 / 12).
    public static let hoursPerMonth = 730.0

    /// The Lambda fault to tune for (`name`, else the earliest) and the functions it targets
    /// that run the extension, from a prepared scenario; experiments' Lambda actions count too
    /// (their targets are every function with the extension).
    public static func target(_ spec: ScenarioSpec, fault name: String?) throws(SweepError) -> (fault: String, functions: [String]) {
        var faults: [(name: String, start: SimInstant, targets: [String])] = []
        for f in spec.model.faults where f.action.isLambda {
            faults.append((f.name, f.start, f.targets.map { spec.model.services[Int($0.index)].name }))
        }
        let withExtension = spec.model.services.filter { $0.kind.function?.fisExtension != nil }.map(\.name)
        for e in spec.experiments {
            for a in e.actions where a.fault?.isLambda == true {
                faults.append(("\(e.name)/\(a.name)", .zero, withExtension))
            }
        }
        guard !faults.isEmpty else {
            throw .argument(
                "the scenario '\(spec.name)' has no Lambda fault (aws:lambda:*), so there is no onset to tune the poll for.",
                fix: "add a Lambda fault under faults: (or an experiment with a Lambda action) targeting a function with fisExtension")
        }
        let chosen: (name: String, start: SimInstant, targets: [String])
        if let name {
            guard let f = faults.first(where: { $0.name == name }) else {
                throw .argument("the scenario has no Lambda fault named '\(name)'.", fix: "use one of: \(faults.map(\.name).joined(separator: ", "))")
            }
            chosen = f
        } else {
            chosen = faults.min { ($0.start, $0.name) < ($1.start, $1.name) }!
        }
        let functions = chosen.targets.filter(withExtension.contains)
        guard !functions.isEmpty else {
            throw .argument("the fault '\(chosen.name)' targets no function with fisExtension.", fix: "give its target functions fisExtension: true")
        }
        return (chosen.name, functions)
    }

    /// Sets the slow poll of each function: `functions[NAME].fisExtension.slowPoll`, or the
    /// whole `fisExtension` when the file says `fisExtension: true`.
    public static func overrides(functions: [String], interval: String, root: DocumentNode) throws(SweepError) -> [ScenarioOverride] {
        var out: [ScenarioOverride] = []
        for name in functions {
            let item: DocumentNode? = {
                guard case .sequence(let items)? = root["functions"]?.value else { return nil }
                return items.first { if case .scalar(let n, _)? = $0["name"]?.value { return n == name } else { return false } }
            }()
            if case .mapping? = item?["fisExtension"]?.value {
                out.append(ScenarioOverride(path: try OverridePath(parsing: "functions[\(name)].fisExtension.slowPoll"), value: interval))
            } else {
                out.append(ScenarioOverride(path: try OverridePath(parsing: "functions[\(name)].fisExtension"), value: "{ slowPoll: \(interval) }"))
            }
        }
        return out
    }

    /// One interval's row from its replications' results.
    public static func row(
        interval: SimDuration, results: [RunResult], fault: String, functions: [String],
        pricePer1000: Double, onsetBound: SimDuration
    ) -> PollTuningRow {
        var curve: InvocationCurve?
        var tails: [Double] = []
        var gets: [Double] = []
        for r in results {
            if let c = r.faults.first(where: { $0.name == fault })?.curve {
                curve = curve.map { $0.adding(c) } ?? c
                tails.append(c.tailAfterEnd ?? 0)
            }
            let measured = (r.horizon - r.warmup).seconds / 3600
            let total = r.functions.filter { functions.contains($0.name) }.reduce(Int64(0)) { $0 + $1.extensionPolls }
            gets.append(measured > 0 ? Double(total) / measured : 0)
        }
        let perHour = gets.isEmpty ? 0 : gets.reduce(0, +) / Double(gets.count)
        let p90 = curve?.timeToShare(0.9)
        return PollTuningRow(
            interval: interval, replications: results.count,
            invocations: curve.map { $0.invocations[0..<$0.windowBuckets].reduce(0, +) } ?? 0,
            onsetP50: curve?.timeToShare(0.5), onsetP90: p90, onsetP99: curve?.timeToShare(0.99),
            deliveredShare: curve?.deliveredShare, tailMax: tails.max(), tailMean: tails.isEmpty ? nil : tails.reduce(0, +) / Double(tails.count),
            carriedAfterEnd: curve?.carriedAfterEnd ?? 0, s3GetsPerHour: perHour,
            monthlyCost: perHour * hoursPerMonth * pricePer1000 / 1000,
            meets: p90.map { $0 <= onsetBound.seconds } ?? false)
    }

    /// The largest interval whose p90 onset meets the bound.
    public static func recommend(_ rows: [PollTuningRow]) -> PollTuningRow? {
        rows.filter(\.meets).max { $0.interval < $1.interval }
    }
}

/// One slow-poll interval of `faultline tune-poll`. Onsets are seconds after the fault's start
/// until 50/90/99 % of the targets' invocations carry it (``InvocationCurve/timeToShare(_:)``
/// over the replications' summed curves); nil when never reached in the window.
public struct PollTuningRow: Sendable, Equatable {
    public var interval: SimDuration
    public var replications: Int
    /// Invocations of the targets during the fault, over all replications.
    public var invocations: Int64
    public var onsetP50: Double?
    public var onsetP90: Double?
    public var onsetP99: Double?
    /// Injected over intended during the window.
    public var deliveredShare: Double?
    /// Seconds from the end to the last invocation carrying the fault: worst and mean replication.
    public var tailMax: Double?
    public var tailMean: Double?
    public var carriedAfterEnd: Int64
    /// S3 GETs (polls started) of the tuned functions per measured hour, mean over replications.
    public var s3GetsPerHour: Double
    /// At that rate for a 730-hour month, at the given price per 1,000.
    public var monthlyCost: Double
    /// p90 onset within the bound.
    public var meets: Bool
}
