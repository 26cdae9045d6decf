import FaultlineDocument
import FaultlineScenario
import Foundation
import Testing

/// Bad input for the serverless and managed resources: a clear diagnostic naming the key path
/// and the fix — never a crash, a precondition failure at run time, or silence.
@Suite struct ManagedBadInputTests {
    /// A valid base: API -> function -> table, an SNS topic feeding a queue with a consumer.
    static func base(
        queue: String = "", extraQueues: String = "", topic: String = "[work]", route: String = "handler",
        call: String = "{ service: Items, operation: PutItem }", consumerTimeout: String = "timeout: 5s",
        faults: String = "", ledger: String = ""
    ) -> String {
        """
        name: managed
        regions: [{ name: r, azs: [a] }]
        apis:
          - { name: api, routes: [{ method: POST, path: /items, function: \(route) }] }
        functions:
          - { name: handler, duration: 5ms, calls: [\(call)] }
          - { name: worker, duration: 5ms, \(consumerTimeout) }
        tables:
          - { name: Items }
        topics:
          - { name: events, subscriptions: \(topic) }
        queues:
          - name: work
            \(queue.isEmpty ? "consumer: { function: worker }" : queue)
          - name: work-dlq
        \(extraQueues)
        workloads:
          - { name: users, service: api POST /items, arrivals: { poisson: { rate: 1 } } }
        \(faults)
        \(ledger)
        """
    }

    func diagnostics(_ yaml: String, files: [String: String] = [:]) -> [Diagnostic] { Fixtures.diagnostics(yaml, files: files) }

    /// Exactly the problems expected: one diagnostic at `path` containing `words`.
    func expectOne(_ yaml: String, path: String, contains words: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let ds = diagnostics(yaml)
        #expect(ds.count == 1, "expected one diagnostic, got \(ds.map(\.description))", sourceLocation: sourceLocation)
        let match = ds.first { $0.path == path }
        #expect(match != nil, "no diagnostic at \(path); got \(ds.map { "\($0.path): \($0.description)" })", sourceLocation: sourceLocation)
        guard let d = match else { return }
        for w in words { #expect(d.description.contains(w), "'\(w)' missing from: \(d)", sourceLocation: sourceLocation) }
        #expect(d.file == "test.yaml" && d.location != nil, sourceLocation: sourceLocation)
    }

    @Test func theBaseIsValid() {
        #expect(diagnostics(Self.base()).isEmpty, "\(diagnostics(Self.base()).map(\.description))")
    }

    @Test func unknownReferences() {
        expectOne(Self.base(queue: "consumer: { function: wroker }"), path: "queues[0].consumer.function", contains: ["wroker", "worker"])
        expectOne(Self.base(queue: "redrive: { deadLetterQueue: nowhere }"), path: "queues[0].redrive.deadLetterQueue", contains: ["nowhere"])
        expectOne(Self.base(topic: "[work, missing]"), path: "topics[0].subscriptions[1]", contains: ["missing"])
        expectOne(Self.base(route: "handlr"), path: "apis[0].routes[0].function", contains: ["handlr", "handler"])
        expectOne(
            Self.base(ledger: "ledger: { accepted: api POST /nope, stored: Items, buffers: [work] }"), path: "ledger.accepted", contains: ["api POST /nope"])
        expectOne(Self.base(ledger: "ledger: { accepted: api POST /items, stored: Itmes, buffers: [work] }"), path: "ledger.stored", contains: ["Itmes"])
        expectOne(Self.base(ledger: "ledger: { accepted: api POST /items, stored: Items, buffers: [wrk] }"), path: "ledger.buffers[0]", contains: ["wrk"])
    }

    @Test func referencesOfTheWrongKind() {
        expectOne(Self.base(queue: "consumer: { function: Items }"), path: "queues[0].consumer.function", contains: ["not a Lambda function"])
        expectOne(Self.base(queue: "redrive: { deadLetterQueue: worker }"), path: "queues[0].redrive.deadLetterQueue", contains: ["not an SQS queue"])
        expectOne(Self.base(queue: "redrive: { deadLetterQueue: work }"), path: "queues[0].redrive.deadLetterQueue", contains: ["own dead-letter queue"])
        expectOne(Self.base(topic: "[Items]"), path: "topics[0].subscriptions[0]", contains: ["not an SQS queue or a Lambda function"])
        expectOne(Self.base(route: "Items"), path: "apis[0].routes[0].function", contains: ["not a Lambda function"])
        expectOne(Self.base(ledger: "ledger: { accepted: api POST /items, stored: work, buffers: [work] }"), path: "ledger.stored", contains: ["table"])
        expectOne(
            Self.base(ledger: "ledger: { accepted: api POST /items, stored: Items, buffers: [Items] }"), path: "ledger.buffers[0]",
            contains: ["not an SQS queue"])
    }

    @Test func eventSourceMappingRules() {
        // Lambda rejects a mapping whose function timeout exceeds the queue's visibility timeout.
        expectOne(
            Self.base(queue: "visibilityTimeout: 2s\n    consumer: { function: worker }"), path: "queues[0].consumer.function",
            contains: ["timeout", "visibility"])
        // ... including the default 3 s timeout when none is written.
        expectOne(
            Self.base(queue: "visibilityTimeout: 2s\n    consumer: { function: worker }", consumerTimeout: "memoryMB: 128"),
            path: "queues[0].consumer.function", contains: ["3s", "visibility"])
        expectOne(
            Self.base(queue: "consumer: { function: worker, batchSize: 20 }"), path: "queues[0].consumer.function",
            contains: ["batching window", "1s"])
        #expect(diagnostics(Self.base(queue: "consumer: { function: worker, batchSize: 20, batchingWindow: 1s }")).isEmpty)
        expectOne(Self.base(queue: "consumer: { function: worker, batchSize: 65, batchingWindow: 1s }"), path: "queues[0].consumer.batchSize", contains: ["64"])
        expectOne(Self.base(queue: "consumer: { function: worker, maximumConcurrency: 1 }"), path: "queues[0].consumer.maximumConcurrency", contains: ["2"])
    }

    @Test func queueAttributesOutOfRange() {
        expectOne(Self.base(queue: "visibilityTimeout: 13h"), path: "queues[0].visibilityTimeout", contains: ["12h"])
        expectOne(Self.base(queue: "retention: 30s"), path: "queues[0].retention", contains: ["60s"])
        expectOne(Self.base(queue: "retention: 15d"), path: "queues[0].retention", contains: ["14 days"])
        expectOne(Self.base(queue: "deliveryDelay: 16m"), path: "queues[0].deliveryDelay", contains: ["15m"])
        expectOne(Self.base(queue: "redrive: { deadLetterQueue: work-dlq, maxReceiveCount: 0 }"), path: "queues[0].redrive.maxReceiveCount", contains: ["1000"])
    }

    @Test func clientSettings() {
        expectOne(Self.base(call: "{ service: Items, retry: aggressive }"), path: "functions[0].calls[0].retry", contains: ["aggressive", "standard"])
        expectOne(
            Self.base(call: "{ service: Items, retry: { mode: standard, maxAttempts: 0 } }"), path: "functions[0].calls[0].retry.maxAttempts",
            contains: ["1 to 100"])
        expectOne(
            Self.base(call: "{ service: Items, circuitBreaker: { windowSize: 10, minimumCalls: 20 } }"),
            path: "functions[0].calls[0].circuitBreaker", contains: ["minimumCalls", "windowSize"])
        expectOne(Self.base(call: "{ service: Items, fallbackStatus: 700 }"), path: "functions[0].calls[0].fallbackStatus", contains: ["599"])
        expectOne(Self.base(call: "{ service: Items, invocation: async }"), path: "functions[0].calls[0].service", contains: ["asynchronously"])
    }

    @Test func faultParameters() {
        expectOne(
            Self.base(
                faults: """
                    faults:
                      - { name: f, action: aws:fis:inject-api-internal-error, targets: [Items], start: 1s, duration: 1s, parameters: { percentage: "100", bogus: "1" } }
                    """), path: "faults[0].parameters.bogus", contains: ["bogus"])
        expectOne(
            Self.base(
                faults: """
                    faults:
                      - { name: f, action: localstack:generic:api-error, start: 1s, duration: 1s, parameters: { service: dynamodb, latencyMs: "5" } }
                    """), path: "faults[0].parameters.latencyMs", contains: ["latencyMs"])
        // LocalStack's service filter must match some resource of the scenario.
        expectOne(
            Self.base(
                faults: """
                    faults:
                      - { name: f, action: localstack:generic:api-error, start: 1s, duration: 1s, parameters: { service: s3 } }
                    """), path: "faults[0].action", contains: ["s3", "matches"])
    }
}
