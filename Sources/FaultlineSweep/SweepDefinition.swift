import FaultlineDocument
import FaultlineRandom
import FaultlineScenario

/// What a sweep is: the scenario (by name and content hash), the master seed, the replications,
/// run-length overrides, the swept parameters and the reported metrics. Written to `sweep.json`;
/// every shard of a sweep writes the same bytes, and a resumed sweep must match `id`.
public struct SweepDefinition: Sendable, Equatable {
    public var scenarioName: String
    /// FNV-1a 64 of the scenario file's text.
    public var scenarioHash: UInt64
    /// `--seed`, if given; nil runs each point with its scenario's `seed` (so `--set seed=...`
    /// works too).
    public var seed: UInt64?
    public var replications: Int
    /// `--horizon`/`--period` as written, if given.
    public var horizon: String?
    public var period: String?
    public var parameters: [SweepParameter]
    /// Metric selectors as given (`default` when none); they choose sweep.csv's columns only.
    public var metrics: [String]
    public var version: String = faultlineVersion

    public init(
        scenarioName: String, scenarioHash: UInt64, seed: UInt64?, replications: Int, horizon: String? = nil,
        period: String? = nil, parameters: [SweepParameter], metrics: [String]
    ) {
        self.scenarioName = scenarioName
        self.scenarioHash = scenarioHash
        self.seed = seed
        self.replications = replications
        self.horizon = horizon
        self.period = period
        self.parameters = parameters
        self.metrics = metrics.isEmpty ? ["default"] : metrics
    }

    /// The number of points: the product of the parameters' value counts (1 with none); saturates
    /// at `Int.max` instead of overflowing (``checkSize()`` refuses anything near it).
    public var pointCount: Int {
        parameters.reduce(1) { n, p in
            let (m, overflow) = n.multipliedReportingOverflow(by: p.values.count)
            return overflow ? Int.max : m
        }
    }

    /// Most points one sweep may have (docs/limits.md): each point holds its overrides, its
    /// validated scenario and its results in memory while the sweep runs.
    public static let maxPoints = 100_000
    /// Most replications per point (also `capacity`'s ceiling).
    public static let maxReplications = 100_000
    /// Most runs (points × replications) in one sweep.
    public static let maxRuns = 1_000_000

    /// Throws when the sweep is larger than ``maxPoints``, ``maxReplications`` or ``maxRuns``; the
    /// message names the product of the list sizes.
    public func checkSize() throws(SweepError) {
        let sizes = parameters.map(\.values.count)
        let product = sizes.map(String.init).joined(separator: " x ")
        let points = pointCount
        if replications > Self.maxReplications {
            throw .argument(
                "\(replications) replications per point is more than the limit of \(Self.maxReplications).",
                fix: "use fewer replications (confidence intervals narrow with the square root of the count)")
        }
        if points > Self.maxPoints {
            let shown = points == Int.max ? "more than \(Int.max)" : "\(points)"
            throw .argument(
                "the --set lists give \(product) = \(shown) points; a sweep may have at most \(Self.maxPoints).",
                fix: "sweep fewer values per key, or split the sweep into several (each with its own --out)")
        }
        let (runs, overflow) = points.multipliedReportingOverflow(by: replications)
        if overflow || runs > Self.maxRuns {
            throw .argument(
                "\(points) point\(points == 1 ? "" : "s") x \(replications) replications = \(overflow ? "too many" : String(runs)) runs; a sweep may run at most \(Self.maxRuns).",
                fix: "use fewer values or fewer --replications")
        }
    }

    /// The values of point `index`: the first parameter varies slowest, the last fastest.
    public func values(ofPoint index: Int) -> [String] {
        var rest = index
        var out = [String](repeating: "", count: parameters.count)
        for k in parameters.indices.reversed() {
            let n = parameters[k].values.count
            out[k] = parameters[k].values[rest % n]
            rest /= n
        }
        return out
    }

    /// The overrides of point `index`.
    public func overrides(ofPoint index: Int) -> [ScenarioOverride] {
        zip(parameters, values(ofPoint: index)).map { ScenarioOverride(path: $0.path, value: $1) }
    }

    /// `path=value, ...` of point `index`, for messages.
    public func label(ofPoint index: Int) -> String {
        overrides(ofPoint: index).map(\.text).joined(separator: ", ")
    }

    /// The points shard `shard` (1-based) of `count` runs: every count-th point, so shards get
    /// a mix of cheap and costly points.
    public func points(shard: Int = 1, of count: Int = 1) -> [Int] {
        stride(from: shard - 1, to: pointCount, by: count).map { $0 }
    }

    /// Identifies what the runs are a function of (everything but the metric selection):
    /// point files carry it, and a resumed sweep reuses only points with the same id.
    public var id: String {
        var d = self
        d.metrics = []
        return "fnv1a64:" + hex16(StreamSeed.fnv1a64(d.json(includeID: false).rendered()))
    }

    public func json(includeID: Bool = true) -> JSONValue {
        .object(
            [
                ("faultline_version", .string(version)),
                ("scenario", .string(scenarioName)),
                ("scenario_hash", .string("fnv1a64:" + hex16(scenarioHash))),
                ("seed", seed.map { .integer(Int64(bitPattern: $0)) } ?? .null),
                ("replications", .integer(Int64(replications))),
                ("horizon", horizon.map(JSONValue.string) ?? .null),
                ("period", period.map(JSONValue.string) ?? .null),
                (
                    "parameters",
                    .array(
                        parameters.map { p in
                            .object([("path", .string(p.path.text)), ("values", .array(p.values.map(JSONValue.string)))])
                        })
                ),
                ("points", .integer(Int64(pointCount))),
                ("metrics", .array(metrics.map(JSONValue.string)))
            ] + (includeID ? [("sweep_id", .string(id))] : []))
    }

    /// Reads a `sweep.json`.
    public init(json text: String, file: String) throws(SweepError) {
        let root: DocumentNode
        do { root = try JSONParser.parse(text, file: file).root } catch {
            throw .folder("\(file) is not a sweep definition: \(error)", fix: "delete the folder, or point at the folder a sweep wrote")
        }
        func fail(_ what: String) -> SweepError {
            .folder("\(file): \(what) is missing or malformed.", fix: "delete the folder, or point at the folder a sweep wrote")
        }
        func string(_ node: DocumentNode?) -> String? {
            if case .scalar(let s, _)? = node?.value { return s }
            return nil
        }
        func strings(_ node: DocumentNode?) -> [String]? {
            guard case .sequence(let items)? = node?.value else { return nil }
            let out = items.compactMap(string)
            return out.count == items.count ? out : nil
        }
        guard let name = string(root["scenario"]) else { throw fail("scenario") }
        guard let h = string(root["scenario_hash"]), h.hasPrefix("fnv1a64:"), let hash = UInt64(h.dropFirst(8), radix: 16) else { throw fail("scenario_hash") }
        let seedText = string(root["seed"])
        let seed = seedText.flatMap { Int64($0) }
        if seedText != nil, seed == nil { throw fail("seed") }
        guard let r = string(root["replications"]).flatMap({ Int($0) }), r >= 1 else { throw fail("replications") }
        guard case .sequence(let params)? = root["parameters"]?.value else { throw fail("parameters") }
        var parameters: [SweepParameter] = []
        for p in params {
            guard let path = string(p["path"]), let values = strings(p["values"]), !values.isEmpty else { throw fail("parameters") }
            parameters.append(SweepParameter(path: try OverridePath(parsing: path), values: values))
        }
        guard let metrics = strings(root["metrics"]) else { throw fail("metrics") }
        self.init(
            scenarioName: name, scenarioHash: hash, seed: seed.map { UInt64(bitPattern: $0) }, replications: r,
            horizon: string(root["horizon"]), period: string(root["period"]), parameters: parameters, metrics: metrics)
        do { try checkSize() } catch {
            throw .folder("\(file): \(error)", fix: "delete the folder, or point at the folder a sweep wrote")
        }
        if let v = string(root["faultline_version"]) { version = v }
    }
}

func hex16(_ v: UInt64) -> String {
    let h = String(v, radix: 16)
    return String(repeating: "0", count: 16 - h.count) + h
}
