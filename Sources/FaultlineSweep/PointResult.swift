import FaultlineAnalysis
import FaultlineDocument
import FaultlineScenario

/// One run's reported quantities (all of summary.json's numbers, see ``SummaryMetrics``).
public struct RunMetrics: Sendable, Equatable {
    public var replication: UInt32
    /// The run's fingerprint, as in its manifest.json.
    public var fingerprint: String
    public var values: [(name: String, value: Double)]

    public init(replication: UInt32, fingerprint: String, values: [(name: String, value: Double)]) {
        self.replication = replication
        self.fingerprint = fingerprint
        self.values = values
    }

    /// The metrics of a finished run (no hypothesis verdicts: see ``init(_:replication:)-analyzed``).
    public init(_ run: ScenarioRun, replication: UInt32) {
        self.init(
            replication: replication, fingerprint: run.result.fingerprint.description,
            values: SummaryMetrics.flatten(run.summaryJSON()) + SummaryMetrics.experiments(run.experiments))
    }

    /// The metrics of a finished, analysed run: those of its run summary, then its hypotheses'
    /// verdicts and measured values (``SummaryMetrics/hypotheses(_:)``). The summary's `phases`
    /// and `blast_radius` tables are not metrics (hundreds of numbers per run; read them from
    /// `--keep-runs` folders).
    public init(_ analyzed: AnalyzedRun, replication: UInt32) {
        self.init(
            replication: replication, fingerprint: analyzed.run.result.fingerprint.description,
            values: SummaryMetrics.flatten(analyzed.run.summaryJSON()) + SummaryMetrics.hypotheses(analyzed.analysis.hypotheses)
                + SummaryMetrics.experiments(analyzed.run.experiments))
    }

    public func value(_ name: String) -> Double? { values.first { $0.name == name }?.value }

    public static func == (a: RunMetrics, b: RunMetrics) -> Bool {
        a.replication == b.replication && a.fingerprint == b.fingerprint
            && a.values.map(\.name) == b.values.map(\.name) && a.values.map(\.value) == b.values.map(\.value)
    }
}

/// The finished replications of one point: `points/<index>.json` in a sweep folder. Written
/// once all replications are done (atomically, by the CLI), so a file that exists is complete.
public struct PointResult: Sendable, Equatable {
    public var sweepID: String
    public var point: Int
    public var overrides: [ScenarioOverride]
    public var runs: [RunMetrics]

    public init(sweepID: String, point: Int, overrides: [ScenarioOverride], runs: [RunMetrics]) {
        self.sweepID = sweepID
        self.point = point
        self.overrides = overrides
        self.runs = runs
    }

    /// The file name of point `index` (zero-padded, so a listing sorts by point).
    public static func fileName(_ index: Int) -> String {
        let s = String(index)
        return "p" + String(repeating: "0", count: max(0, 6 - s.count)) + s + ".json"
    }

    public func json() -> JSONValue {
        .object([
            ("sweep_id", .string(sweepID)),
            ("point", .integer(Int64(point))),
            ("parameters", .object(overrides.map { ($0.path.text, .string($0.value)) })),
            (
                "runs",
                .array(
                    runs.map { r in
                        .object([
                            ("replication", .integer(Int64(r.replication))),
                            ("fingerprint", .string(r.fingerprint)),
                            ("metrics", .object(r.values.map { ($0.name, .number($0.value)) }))
                        ])
                    })
            )
        ])
    }

    /// Reads a point file back; values read back are exactly those written.
    public init(json text: String, file: String) throws(SweepError) {
        func fail(_ what: String) -> SweepError {
            .folder("\(file): \(what) is missing or malformed (an interrupted or foreign file?).", fix: "delete \(file); the sweep will run that point again")
        }
        let root: DocumentNode
        do { root = try JSONParser.parse(text, file: file).root } catch { throw fail("the JSON") }
        func string(_ node: DocumentNode?) -> String? {
            if case .scalar(let s, _)? = node?.value { return s }
            return nil
        }
        guard let id = string(root["sweep_id"]) else { throw fail("sweep_id") }
        guard let point = string(root["point"]).flatMap({ Int($0) }) else { throw fail("point") }
        guard let params = root["parameters"]?.entries else { throw fail("parameters") }
        var overrides: [ScenarioOverride] = []
        for e in params {
            guard let v = string(e.value) else { throw fail("parameters") }
            overrides.append(ScenarioOverride(path: try OverridePath(parsing: e.key), value: v))
        }
        guard case .sequence(let items)? = root["runs"]?.value else { throw fail("runs") }
        var runs: [RunMetrics] = []
        for item in items {
            guard let r = string(item["replication"]).flatMap({ UInt32($0) }), let fp = string(item["fingerprint"]),
                let metrics = item["metrics"]?.entries
            else { throw fail("runs") }
            var values: [(name: String, value: Double)] = []
            for m in metrics {
                guard let v = string(m.value).flatMap(Double.init) else { throw fail("runs[\(r)].metrics.\(m.key)") }
                values.append((m.key, v))
            }
            runs.append(RunMetrics(replication: r, fingerprint: fp, values: values))
        }
        self.init(sweepID: id, point: point, overrides: overrides, runs: runs)
    }
}
