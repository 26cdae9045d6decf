import FaultlineScenario
import Testing

/// Warnings for set-ups that load but probably do not do what their author expects.
@Suite struct ScenarioWarningsTests {
    func yaml(pollMaxWait: String?) -> String {
        let ext = pollMaxWait.map { "{ pollMaxWait: \($0) }" } ?? "true"
        return """
            name: pe
            horizon: 5m
            regions: [{ name: r, azs: [a1] }]
            functions:
              - { name: fn, duration: 50ms, fisExtension: \(ext) }
            workloads:
              - { name: w, service: fn, arrivals: { poisson: { rate: 5 } } }
            faults:
              - { name: err, action: "aws:lambda:invocation-error", targets: [fn], start: 1m, duration: 1m, parameters: { preventExecution: "true" } }
            """
    }

    @Test func preventExecutionWithoutPollMaxWaitIsWarned() throws {
        let spec = try Fixtures.spec(yaml(pollMaxWait: nil))
        #expect(spec.warnings.count == 1)
        #expect(spec.warnings.first?.contains("AWS_FIS_POLL_MAX_WAIT_MILLISECONDS") == true)
        #expect(spec.warnings.first?.contains("'err'") == true)
    }

    @Test func aPollMaxWaitSilencesIt() throws {
        #expect(try Fixtures.spec(yaml(pollMaxWait: "2s")).warnings.isEmpty)
    }
}
