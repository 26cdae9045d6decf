import FaultlineDocument
import FaultlineScenario
import Foundation

@testable import FaultlineSweep

enum SweepFixtures {
    /// A small two-service scenario (used by the override and sweep tests).
    static let yaml = """
        name: two-tier
        seed: 7
        horizon: 10m
        period: 60s
        regions:
          - name: us-east-1
            azs: [use1-az1, use1-az2]
        services:
          - name: web
            workersPerAZ: 4
            queueCapacity: 50
            serviceTime: { exponential: { mean: 50ms } }
            calls: [ { service: db } ]
          - name: db
            workersPerAZ: 2
            serviceTime: { exponential: { mean: 10ms } }
        workloads:
          - name: users
            service: web
            arrivals: { poisson: { rate: 40 } }
        """

    static func document(_ text: String = yaml) throws -> DocumentNode {
        try DocumentParser.parse(text, file: "test.yaml")
    }

    /// The scenario with `overrides` (each `path=value`) applied and validated.
    static func spec(_ overrides: [String], text: String = yaml) throws -> ScenarioSpec {
        let parsed = try overrides.map { o -> ScenarioOverride in
            let p = try SweepParameter(parsing: o)
            return ScenarioOverride(path: p.path, value: p.values[0])
        }
        return try SweepRunner.prepare(parsed, root: document(text), file: "test.yaml", scenarioHash: 1, loadFile: { _ in "" }).spec
    }

    /// The error applying `override` throws.
    static func overrideError(_ override: String, text: String = yaml) -> SweepError? {
        do {
            _ = try spec([override], text: text)
            return nil
        } catch let e as SweepError {
            return e
        } catch {
            return .argument("\(error)", fix: "")
        }
    }
}
