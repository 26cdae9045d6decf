import FaultlineDocument
import FaultlineScenario
import Foundation
import Testing

/// Bad Lambda and FIS input gets a `DocumentError` naming the key path, what AWS would do and
/// the fix — never a crash or a silently different model.
@Suite struct LambdaBadInputTests {
    static let valid = """
        name: ok
        regions: [{ name: us-east-1, azs: [az1] }]
        services:
          - { name: dlq, workersPerAZ: 4, serviceTime: 1ms }
          - name: caller
            workersPerAZ: 4
            serviceTime: 1ms
            calls: [ { service: fn, invocation: async } ]
        functions:
          - name: fn
            duration: 50ms
            reservedConcurrency: 10
            fisExtension: { slowPoll: 30s }
            async: { onFailure: dlq }
        workloads:
          - { name: users, service: caller, arrivals: { poisson: { rate: 5 } } }
        faults:
          - name: delay
            action: aws:lambda:invocation-add-delay
            targets: [fn]
            start: 1m
            duration: 2m
            parameters: { startupDelayMilliseconds: "1000" }
        """

    func diagnostics(_ yaml: String, files: [String: String] = [:]) -> [Diagnostic] { Fixtures.diagnostics(yaml, files: files) }

    /// One diagnostic at `path` containing every word, in a message that names the path and says
    /// how to fix it (a `Fix:` or the allowed values).
    func expectOne(
        _ yaml: String, path: String, contains words: [String], needsFix: Bool = true,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let ds = diagnostics(yaml)
        let match = ds.first { $0.path == path && words.allSatisfy($0.description.contains) } ?? ds.first { $0.path == path }
        #expect(match != nil, "no diagnostic at \(path); got \(ds.map(\.description))", sourceLocation: sourceLocation)
        guard let d = match else { return }
        for w in words { #expect(d.description.contains(w), "'\(w)' missing from: \(d)", sourceLocation: sourceLocation) }
        #expect(d.file == "test.yaml" && d.description.contains("\(path): "), "\(d)", sourceLocation: sourceLocation)
        #expect(d.location != nil, "a line and column: \(d)", sourceLocation: sourceLocation)
        if needsFix { #expect(d.fix?.isEmpty == false, "a fix: \(d)", sourceLocation: sourceLocation) }
    }

    func edit(_ old: String, _ new: String) -> String {
        precondition(Self.valid.contains(old), old)
        return Self.valid.replacingOccurrences(of: old, with: new)
    }

    @Test func validScenarioLoadsAndRuns() throws {
        let spec = try Fixtures.spec(Self.valid)
        let run = try ScenarioRun.run(spec, options: RunOptions(horizon: .minutes(4)))
        #expect(run.result.functions[0].asyncEventsReceived > 0)
    }

    @Test func unknownFunctionReferences() {
        expectOne(
            edit("service: fn, invocation", "service: fnn, invocation"),
            path: "services[1].calls[0].service", contains: ["unknown service 'fnn'", "did you mean 'fn'"])
        expectOne(edit("targets: [fn]", "targets: [fm]"), path: "faults[0].targets[0]", contains: ["unknown service 'fm'", "did you mean 'fn'"])
        expectOne(edit("onFailure: dlq", "onFailure: dlqq"), path: "functions[0].async.onFailure", contains: ["unknown service 'dlqq'", "did you mean 'dlq'"])
    }

    @Test func badConcurrency() {
        expectOne(
            edit("reservedConcurrency: 10", "reservedConcurrency: -1"),
            path: "functions[0].reservedConcurrency", contains: ["-1 is out of range", "a whole number >= 0"], needsFix: false)
        expectOne(
            edit("reservedConcurrency: 10", "reservedConcurrency: 2.5"),
            path: "functions[0].reservedConcurrency", contains: ["expected a whole number"], needsFix: false)
        expectOne(
            edit("reservedConcurrency: 10", "reservedConcurrency: 10\n    provisionedConcurrency: 20"),
            path: "functions[0].provisionedConcurrency", contains: ["(20) exceeds", "reserved concurrency (10)", "provisioned <= reserved"])
        expectOne(
            edit("reservedConcurrency: 10", "reservedConcurrency: 950"),
            path: "functions[0].name", contains: ["reserve 950", "leaving 50", "at least 100 unreserved", "lower reservedConcurrency"])
    }

    @Test func slowPollBelowTheExtensionMinimum() {
        expectOne(
            edit("slowPoll: 30s", "slowPoll: 10s"),
            path: "functions[0].fisExtension.slowPoll", contains: ["minimum of 20s", "falling back to the 60s default", "use 20s or more"])
    }

    @Test func unknownFISActionListsTheSupportedOnes() {
        expectOne(
            edit("action: aws:lambda:invocation-add-delay", "action: aws:lambda:invocation-delay"),
            path: "faults[0].action",
            contains: [
                "'aws:lambda:invocation-delay' is not supported", "did you mean 'aws:lambda:invocation-add-delay'",
                "aws:lambda:invocation-error", "aws:lambda:invocation-http-integration-response"
            ])
    }

    @Test func faultOnAFunctionWithoutTheExtension() {
        expectOne(
            edit("    fisExtension: { slowPoll: 30s }\n", ""),
            path: "faults[0].targets[0]", contains: ["no FIS extension layer", "no effect", "experiment still completes", "fisExtension: true"])
        expectOne(edit("targets: [fn]", "targets: [dlq]"), path: "faults[0].targets[0]", contains: ["not a Lambda function", "target functions only"])
    }

    @Test func badFaultParameters() {
        expectOne(
            edit("{ startupDelayMilliseconds: \"1000\" }", "{ startupDelayMilliseconds: \"1000\", invocationPercentage: \"0\" }"),
            path: "faults[0].parameters.invocationPercentage", contains: ["from 1 to 100", "got '0'"], needsFix: false)
        expectOne(
            edit("{ startupDelayMilliseconds: \"1000\" }", "{ startupDelayMilliseconds: \"-1\" }"),
            path: "faults[0].parameters.startupDelayMilliseconds", contains: ["from 0 to 900000", "got '-1'"], needsFix: false)
        expectOne(
            edit("action: aws:lambda:invocation-add-delay", "action: aws:lambda:invocation-error")
                .replacingOccurrences(of: "{ startupDelayMilliseconds: \"1000\" }", with: "{ invocationPercentage: \"50\" }"),
            path: "faults[0].parameters", contains: ["requires the parameter 'preventExecution'", "preventExecution: \"true\""])
        expectOne(
            edit("{ startupDelayMilliseconds: \"1000\" }", "{ startupDelay: \"1000\" }"),
            path: "faults[0].parameters.startupDelay",
            contains: ["no parameter 'startupDelay'", "its parameters: invocationPercentage, startupDelayMilliseconds"])
    }

    @Test func asyncInvocationOfANonFunction() {
        expectOne(
            edit("service: fn, invocation: async", "service: dlq, invocation: async"),
            path: "services[1].calls[0].service", contains: ["'dlq' is not a Lambda function", "drop 'invocation: async'"])
    }

    @Test func badAsyncSettings() {
        expectOne(
            edit("async: { onFailure: dlq }", "async: { onFailure: dlq, maximumRetryAttempts: 3 }"),
            path: "functions[0].async.maximumRetryAttempts", contains: ["0, 1 or 2"], needsFix: false)
        expectOne(
            edit("async: { onFailure: dlq }", "async: { onFailure: dlq, maximumEventAge: 30s }"),
            path: "functions[0].async.maximumEventAge", contains: ["from 60s to 6h"], needsFix: false)
    }
}
