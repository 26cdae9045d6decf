import FaultlineCloud
import FaultlineKernel
import FaultlineMetrics
import FaultlineScenario
import Foundation
import Testing

/// A run's timeline rows with the lookups the managed-service tests need.
struct Timeline {
    let rows: [TimelineRow]

    /// (period start in seconds, value) of one series, in time order.
    func series(_ resource: String, _ metric: String, _ statistic: String = "Sum") -> [(t: Double, v: Double)] {
        rows.filter { $0.resource == resource && $0.metric == metric && $0.statistic == statistic }
            .map { (Double($0.time.nanoseconds) / 1e9, $0.value) }
    }

    /// Sum of a series over the periods starting in [from, to).
    func sum(_ resource: String, _ metric: String, from: Double = 0, to: Double = .infinity, _ statistic: String = "Sum") -> Double {
        series(resource, metric, statistic).filter { $0.t >= from && $0.t < to }.reduce(0) { $0 + $1.v }
    }

    /// Runs a spec and keeps its timeline in memory.
    static func run(_ spec: ScenarioSpec, options: RunOptions = RunOptions()) throws -> (run: ScenarioRun, timeline: Timeline) {
        let sink = InMemoryTimeline()
        let run = try ScenarioRun.run(spec, options: options, sink: sink)
        return (run, Timeline(rows: sink.rows))
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    var int: Int64? { if case .integer(let i) = self { return i } else { return nil } }
}

extension ScenarioRun {
    func service(_ name: String) -> ServiceSummary? { result.services.first { $0.name == name } }
    func queue(_ name: String) -> QueueSummary? { result.queues.first { $0.name == name } }
    func table(_ name: String) -> TableSummary? { result.tables.first { $0.name == name } }
    func route(_ name: String) -> RouteStatuses? { result.routeStatuses.first { $0.name == name } }
}

/// SQS, SNS, DynamoDB and API Gateway as the model imitates them, checked against what AWS
/// documents: exact counts where the model is deterministic in structure, binomial bounds where
/// it draws. Bounds are 4 standard deviations (two-sided p ≈ 6e-5) unless stated.
@Suite struct ManagedServicesTests {
    static let route = "products-api POST /productApi"

    // MARK: Product API (seed scenario 1)

    /// With the SNS -> SQS buffer the API never answers 5XX during the DynamoDB outage; every
    /// product the API accepted is stored by the end (the queue drains once the table is back).
    @Test func productAPIBufferLosesNothing() throws {
        let (run, tl) = try Timeline.run(Fixtures.load("product-api.yaml"))
        #expect(tl.sum(Self.route, "5XXError") == 0, "the buffer answers 200 throughout")
        let offeredInOutage = tl.sum(Self.route, "Count", from: 300, to: 600)
        #expect(offeredInOutage > 5_000, "≈ 20/s over the 5-minute outage: \(offeredInOutage)")
        // Every request in the outage fell back to the topic; each publish is one queued message.
        let fallbacks = tl.sum("add-product", "Fallbacks")
        #expect(abs(fallbacks - offeredInOutage) <= 0.01 * offeredInOutage, "fallbacks \(fallbacks) vs outage requests \(offeredInOutage)")
        let q = try #require(run.queue("ProductEventsQueue"))
        let dlq = try #require(run.queue("ProductEventsDLQ"))
        #expect(Double(q.sent) == fallbacks && tl.sum("ProductEventsTopic", "NumberOfMessagesPublished") == fallbacks)
        #expect(q.held == 0 && q.deleted == q.sent, "drained: \(q)")
        #expect(dlq.sent == 0, "2-minute visibility over a 5-minute outage: at most 3 receives of 20")
        #expect(q.expired == 0)
        let ledger = try #require(run.ledgerJSON())
        let accepted = try #require(ledger["accepted"]?.int), stored = try #require(ledger["stored"]?.int)
        let buffered = try #require(ledger["buffered"]?.int), dead = try #require(ledger["dead_lettered"]?.int)
        #expect(ledger["nothing_lost"] == .bool(true) && ledger["lost"]?.int == 0)
        #expect(accepted == stored + buffered + dead && buffered == 0 && dead == 0, "\(ledger.rendered())")
        // No duplicates either: a consumer batch fails at its first message during the outage
        // (nothing of it stored yet), and no write outlives its 1 s client timeout.
        #expect(ledger["stored_beyond_accepted"]?.int == 0)
        #expect(accepted == run.service(Self.route)?.admitted, "every admitted request was accepted")
    }

    /// Without the buffer the API fails (502: the handler's unhandled DynamoDB error) for
    /// exactly the outage window, and only then.
    @Test func productAPIUnbufferedFailsDuringTheOutageOnly() throws {
        let (run, tl) = try Timeline.run(Fixtures.load("product-api-unbuffered.yaml"))
        let errors = tl.series(Self.route, "5XXError").filter { $0.v > 0 }
        // The last request of the window fails within the SDK's retries (≤ 1 s + 2 s backoff
        // plus three attempts), so it is recorded in the period starting at 600 s at the latest.
        #expect(!errors.isEmpty && errors.allSatisfy { $0.t >= 300 && $0.t <= 600 }, "5XX periods: \(errors.map(\.t))")
        let total = tl.sum(Self.route, "5XXError")
        let offered = tl.sum(Self.route, "Count", from: 300, to: 600)
        #expect(abs(total - offered) <= 5, "every request in the window fails: 5XX \(total) vs requests \(offered)")
        let statuses = try #require(run.route(Self.route))
        #expect(Double(statuses.count(502)) == total && statuses.count(500) == 0 && statuses.count(504) == 0, "\(statuses.counts)")
        #expect(tl.sum("add-product", "Errors") == total, "each 502 is one function error")
        #expect(tl.sum("add-product", "RetryQuotaExhausted") > 0, "10 quota per failed call empties the 500 within seconds")
    }

    /// Latency instead of errors: every call is 4 s slow, longer than the 1 s SDK timeout. The
    /// handler gives up on its SNS fallback too and answers 502, but the publish was only slow,
    /// not lost: SNS delivers it, the consumer stores the product after the fault, and the
    /// ledger shows writes the API never acknowledged — ghost writes. (add-product's own timed-out
    /// PutItems land too; the ledger counts only acknowledged writes, so those are not in it.)
    @Test func productAPILatencyLeavesGhostWrites() throws {
        let (run, _) = try Timeline.run(Fixtures.load("product-api-latency.yaml"))
        let ledger = try #require(run.ledgerJSON())
        let ghosts = try #require(ledger["stored_beyond_accepted"]?.int)
        #expect(ghosts > 0, "\(ledger.rendered())")
        #expect(ledger["lost"]?.int == 0, "what the API accepted is still stored")
        #expect((run.route(Self.route)?.count(502) ?? 0) > 0, "clients saw failures for those products")
    }

    // MARK: SQS visibility timeout and redrive

    static func redriveYAML(errorRate: Double, reportFailures: Bool, visibility: String, arrivals: String, horizon: String) -> String {
        """
        name: redrive
        horizon: \(horizon)
        period: 1s
        regions: [{ name: r, azs: [a] }]
        network: { intraAZ: 0s }
        functions:
          - { name: consumer, duration: 10ms, timeout: 1s, errorRate: \(errorRate), initDuration: 0s }
        queues:
          - name: work
            visibilityTimeout: \(visibility)
            redrive: { deadLetterQueue: work-dlq, maxReceiveCount: 3 }
            consumer: { function: consumer, batchSize: 10, reportBatchItemFailures: \(reportFailures) }
          - name: work-dlq
        workloads:
          - { name: producer, service: work, arrivals: \(arrivals) }
        """
    }

    /// A consumer that always fails: each message is received exactly maxReceiveCount = 3 times
    /// (each time it returns after the visibility timeout) and moves to the DLQ at the next
    /// receive, 3 visibility timeouts after it was sent (SQS RedrivePolicy semantics).
    @Test func alwaysFailingConsumerDeadLettersAfterThreeReceives() throws {
        // 20 messages 100 ms apart from 0.05 s; with no network delay each is received at once.
        let trace = "t_s\n" + (0..<20).map { String(format: "%.2f", 0.05 + 0.1 * Double($0)) }.joined(separator: "\n") + "\n"
        let spec = try Fixtures.spec(
            Self.redriveYAML(
                errorRate: 1, reportFailures: false, visibility: "5s",
                arrivals: "{ trace: { file: t.csv } }", horizon: "40s"), files: ["t.csv": trace])
        let (run, tl) = try Timeline.run(spec)
        let q = try #require(run.queue("work")), dlq = try #require(run.queue("work-dlq"))
        #expect(q.sent == 20 && q.received == 60 && q.deleted == 0 && q.movedToDLQ == 20 && q.held == 0, "\(q)")
        #expect(dlq.sent == 20 && dlq.held == 20, "\(dlq)")
        #expect(run.service("consumer")?.admitted == 60 && run.service("consumer")?.errors == 60, "one failed invocation per receive")
        // Sent at 0.05 + 0.1 i, moved at exactly 15 s later: periods [15, 16) and [16, 17).
        let moved = tl.series("work", "NumberOfMessagesMovedToDLQ").filter { $0.v > 0 }
        #expect(moved.map(\.t) == [15, 16] && moved.map(\.v) == [10, 10], "\(moved)")
    }

    /// With ReportBatchItemFailures each message fails on its own with probability p per
    /// receive: it is deleted unless it fails 3 times (then dead-lettered), so DLQ moves are
    /// Binomial(N, p³) and receives per message 1 + p + p² on average.
    @Test func partialBatchFailuresMatchTheBinomial() throws {
        let p = 0.5
        let spec = try Fixtures.spec(
            Self.redriveYAML(
                errorRate: p, reportFailures: true, visibility: "2s",
                arrivals: "{ schedule: [{ at: 0s, rate: 20 }, { at: 100s, rate: 20 }, { at: 100s, rate: 0 }] }", horizon: "130s"))
        let (run, _) = try Timeline.run(spec)
        let q = try #require(run.queue("work"))
        let n = Double(q.sent)
        #expect(n > 1_800 && q.held == 0 && q.deleted + q.movedToDLQ == q.sent, "every message deleted or dead-lettered: \(q)")
        let p3 = p * p * p
        #expect(abs(Double(q.movedToDLQ) - n * p3) <= 4 * (n * p3 * (1 - p3)).squareRoot(), "DLQ \(q.movedToDLQ) vs \(n * p3)")
        // Receives per message K: P(1) = 1 - p, P(2) = p(1 - p), P(3) = p².
        let mean = 1 + p + p * p
        let second = (1 - p) + 4 * p * (1 - p) + 9 * p * p
        #expect(abs(Double(q.received) - n * mean) <= 4 * (n * (second - mean * mean)).squareRoot(), "received \(q.received) vs \(n * mean)")
        #expect(run.service("consumer")?.errors == 0, "a partial batch response is a successful invocation")
    }

    // MARK: Event source mapping scaling

    /// A backlog of 5,000 one-second messages: the mapping starts 5 batches and adds 5 per second
    /// (300 a minute) while messages wait, up to maximumConcurrency 100, never beyond it.
    @Test func eventSourceMappingScalesBy300PerMinuteToItsMaximum() throws {
        let trace = "t_s\n" + String(repeating: "0\n", count: 5_000)
        let spec = try Fixtures.spec(
            """
            name: esm-scaling
            horizon: 50s
            period: 1s
            regions: [{ name: r, azs: [a] }]
            network: { intraAZ: 0s }
            functions:
              - { name: worker, duration: 1s, timeout: 3s, initDuration: 0s }
            queues:
              - name: backlog
                visibilityTimeout: 30s
                consumer: { function: worker, batchSize: 1, maximumConcurrency: 100 }
            workloads:
              - { name: burst, service: backlog, arrivals: { trace: { file: t.csv } } }
            """, files: ["t.csv": trace])
        let (run, tl) = try Timeline.run(spec)
        let peak = tl.series("worker", "ConcurrentExecutions", "Maximum")
        #expect(run.service("worker")?.maxConcurrency == 100, "reaches and never exceeds maximumConcurrency")
        for (t, v) in peak where t < 18 {
            // 5 + 5 per second of backlog: within [5 + 5t, 5 + 5(t + 1)] in the period [t, t + 1).
            #expect(v >= 5 + 5 * t && v <= 5 + 5 * (t + 1), "concurrency \(v) in the period at \(t) s")
        }
        for (t, v) in peak where t >= 20 && t < 40 { #expect(v == 100, "at the maximum while backlogged: \(v) at \(t) s") }
    }

    // MARK: DynamoDB provisioned capacity

    /// 20 writes/s against writeUnits 10: the bucket holds 300 s of capacity (3,000) at the start
    /// and refills at 10/s, so it runs dry at 300 s; after that exactly 10 of the 20 writes a
    /// second pass. Accepted by the last arrival (399.95 s): floor(3000 + 10 × 399.95) = 6,999.
    @Test func provisionedWritesThrottleAtTheTokenBucketRate() throws {
        let trace = "t_s\n" + (0..<8_000).map { String(format: "%.2f", Double($0) / 20) }.joined(separator: "\n") + "\n"
        let spec = try Fixtures.spec(
            """
            name: ddb-capacity
            horizon: 400s
            period: 10s
            regions: [{ name: r, azs: [a] }]
            network: { intraAZ: 0s }
            services:
              - name: writer
                workersPerAZ: 1000
                serviceTime: 0s
                calls: [{ service: Items, operation: PutItem, onError: continue }]
            tables:
              - { name: Items, latency: 1ms, capacity: { readUnits: 1, writeUnits: 10 } }
            workloads:
              - { name: w, service: writer, arrivals: { trace: { file: t.csv } } }
            """, files: ["t.csv": trace])
        let (run, tl) = try Timeline.run(spec)
        let table = try #require(run.service("Items"))
        #expect(table.requests == 8_000 && table.admitted == 6_999 && table.throttled == 1_001, "\(table)")
        #expect(run.table("Items")?.acknowledgedWrites == 6_999)
        let throttles = tl.series("Items", "ThrottledRequests")
        // Arrivals 0 ... t take 20t + 1 tokens of 3000 + 10t: the first throttle is at 299.95 s.
        #expect(throttles.filter { $0.t < 290 }.allSatisfy { $0.v == 0 }, "the burst covers the first 300 s")
        #expect(throttles.first { $0.t == 290 }?.v == 1)
        for (t, v) in throttles where t >= 310 { #expect(abs(v - 100) <= 1, "100 of 200 writes per 10 s throttled at \(t): \(v)") }
    }
}
