import FaultlineDocument
import FaultlineScenario
import Foundation
import Testing

@testable import FaultlineSweep

/// Points, shards, metrics, point files, sweep.csv and determinism across thread counts.
@Suite struct SweepTests {
    static func definition(_ sets: [String], replications: Int = 3, metrics: [String] = []) throws -> SweepDefinition {
        SweepDefinition(
            scenarioName: "two-tier", scenarioHash: 42, seed: nil, replications: replications,
            parameters: try sets.map { try SweepParameter(parsing: $0) }, metrics: metrics)
    }

    @Test func pointsAreTheProductWithTheLastParameterFastest() throws {
        let d = try Self.definition(["a=1,2", "b=x,y,z"])
        #expect(d.pointCount == 6)
        #expect((0..<6).map { d.values(ofPoint: $0) } == [["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"]])
        #expect(d.label(ofPoint: 4) == "a=2, b=y")
        #expect(try Self.definition([]).pointCount == 1)
    }

    @Test func shardsPartitionThePoints() throws {
        let d = try Self.definition(["a=1,2,3,4,5,6,7"])
        let shards = (1...3).map { d.points(shard: $0, of: 3) }
        #expect(shards == [[0, 3, 6], [1, 4], [2, 5]])
        #expect(shards.flatMap { $0 }.sorted() == Array(0..<7))
    }

    @Test func theIdCoversRunsNotTheMetricSelection() throws {
        let a = try Self.definition(["a=1,2"]), b = try Self.definition(["a=1,2"], metrics: ["services.**"])
        #expect(a.id == b.id)
        #expect(a.id != (try Self.definition(["a=1,3"])).id)
        #expect(a.id != (try Self.definition(["a=1,2"], replications: 4)).id)
        var c = a
        c.seed = 5
        #expect(a.id != c.id)
        // sweep.json reads back to the same definition.
        let back = try SweepDefinition(json: b.json().rendered(), file: "sweep.json")
        #expect(back == b)
        #expect(back.json().rendered() == b.json().rendered())
    }

    @Test func selectorsMatchByParts() {
        #expect(MetricSelector("services.*.error_rate").matches("services.web.error_rate"))
        #expect(!MetricSelector("services.*.error_rate").matches("services.web.x.error_rate"))
        #expect(MetricSelector("services.**").matches("services.web.latency_ms.p99"))
        #expect(MetricSelector("faults.*.onset_delay_s.p9?").matches("faults.add-delay.onset_delay_s.p95"))
        #expect(!MetricSelector("services.web").matches("services.web.requests"))
        #expect(MetricSelector.expand(["default", "services.*.requests", "x"]).count == SummaryMetrics.defaultSelectors.count + 1)
    }

    @Test func summaryNumbersBecomeNamedMetrics() {
        let summary = JSONValue.object([
            ("horizon_s", .number(7200)), ("warmup_s", .number(0)),
            (
                "services",
                .array([
                    .object([
                        ("name", .string("web")), ("azs", .array([.string("a")])), ("error_rate", .number(0.1234567)),
                        ("latency_ms", .object([("p99", .number(12.5))]))
                    ])
                ])
            ),
            ("functions", .array([.object([("name", .string("f")), ("extension_s3_gets", .integer(90)), ("reserved_concurrency", .null)])])),
            ("ledger", .object([("nothing_lost", .bool(true))])),
            ("hypotheses", .array([.object([("name", .string("h1")), ("result", .string("FAIL"))])]))
        ])
        let m = SummaryMetrics.flatten(summary)
        #expect(
            m.map(\.name) == [
                "horizon_s", "warmup_s", "services.web.error_rate", "services.web.latency_ms.p99",
                "functions.f.extension_s3_gets", "ledger.nothing_lost", "hypotheses.h1.result",
                "functions.f.extension_s3_gets_per_hour"
            ])
        #expect(m.map(\.value) == [7200, 0, 0.123457, 12.5, 90, 1, 0, 45])
    }

    @Test func pointFilesReadBackExactly() throws {
        let p = PointResult(
            sweepID: "fnv1a64:0123456789abcdef", point: 3,
            overrides: [ScenarioOverride(path: try OverridePath(parsing: "services[name=web].x"), value: "1,5")],
            runs: [
                RunMetrics(replication: 0, fingerprint: "ab", values: [("a.b", 0.1), ("c", 123_456_789), ("d", -0.000001)]),
                RunMetrics(replication: 1, fingerprint: "cd", values: [("a.b", 1.0 / 3.0 * 3), ("c", 2)])
            ])
        let back = try PointResult(json: p.json().rendered(), file: "p.json")
        #expect(back == p)
        #expect(PointResult.fileName(3) == "p000003.json")
        #expect(throws: SweepError.self) { try PointResult(json: "{\"sweep_id\": 1}", file: "p.json") }
    }

    @Test func tableRowsHaveMeanSDIntervalAndCount() throws {
        let d = try Self.definition(["services.web.workersPerAZ=1,2"], replications: 2, metrics: ["m.*"])
        func run(_ r: UInt32, _ values: [(String, Double)]) -> RunMetrics { RunMetrics(replication: r, fingerprint: "f", values: values.map { ($0.0, $0.1) }) }
        let points = [
            PointResult(sweepID: d.id, point: 1, overrides: d.overrides(ofPoint: 1), runs: [run(0, [("m.a", 3), ("m.b", 1)]), run(1, [("m.a", 5)])]),
            PointResult(sweepID: d.id, point: 0, overrides: d.overrides(ofPoint: 0), runs: [run(0, [("m.a", 1), ("x", 9)]), run(1, [("m.a", 1)])])
        ]
        let csv = try SweepTable.csv(d, points: points)
        // t(0.975, 1) * sd / sqrt(2) with sd = sqrt(2): 12.706205 -> 4 +- 12.706205
        #expect(
            csv == """
                point,services.web.workersPerAZ,replications,m.a.mean,m.a.sd,m.a.ci95_lo,m.a.ci95_hi,m.a.n,m.b.mean,m.b.sd,m.b.ci95_lo,m.b.ci95_hi,m.b.n
                0,1,2,1,0,1,1,2,,,,,0
                1,2,2,4,1.414214,-8.706205,16.706205,2,1,,,,1

                """)
        #expect(throws: SweepError.self) { try SweepTable.csv(d, points: [points[0]]) }
    }

    /// A sweep's points run on 1 or 3 threads give identical metrics; replication 0 is the plain
    /// run; other replications differ from it.
    @Test func resultsDoNotDependOnTheNumberOfThreads() throws {
        let d = try Self.definition(["services.web.workersPerAZ=3,5"], replications: 3)
        let root = try SweepFixtures.document()
        let prepared = try SweepRunner.prepare(d, points: d.points(), root: root, file: "test.yaml", loadFile: { _ in "" })
        func sweep(jobs: Int) throws -> [RunMetrics] {
            let out = Locked([RunMetrics?](repeating: nil, count: 6))
            try ParallelRunner.run(count: 6, jobs: jobs) { task in
                let run = try SweepRunner.run(prepared[task / 3], options: SweepRunner.options(d, replication: task % 3))
                out.set(task, RunMetrics(run, replication: UInt32(task % 3)))
            }
            return out.value.map { $0! }
        }
        let one = try sweep(jobs: 1), three = try sweep(jobs: 3)
        #expect(one == three)
        #expect(Set(one.map(\.fingerprint)).count == 6, "every run differs")
        let plain = try ScenarioRun.run(try SweepFixtures.spec(["services.web.workersPerAZ=3"]))
        #expect(one[0].fingerprint == plain.result.fingerprint.description)
        #expect(one[0].value("seed") == 7)
    }

    @Test func aFailingRunStopsTheSweepWithItsPoint() throws {
        let d = try Self.definition(["limits={ maxEvents: 10 }"], replications: 2)
        let prepared = try SweepRunner.prepare(d, points: [0], root: try SweepFixtures.document(), file: "test.yaml", loadFile: { _ in "" })
        #expect {
            try ParallelRunner.run(count: 2, jobs: 2) { r in _ = try SweepRunner.run(prepared[0], options: SweepRunner.options(d, replication: r)) }
        } throws: { e in
            guard case .run(let point, let replication, _)? = e as? SweepError else { return false }
            return point == "limits={ maxEvents: 10 }" && replication == 0
        }
    }
}
