import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

extension ScenarioSpec {
    /// A written call, with its fallbacks, resolved and checked.
    static func resolveCall(
        _ c: ScenarioFile.CallFile, all: [ScenarioFile.ServiceFile], resolveService: (Located<String>) -> ServiceID?,
        doc: DocumentReader
    ) -> CallConfig? {
        guard let t = resolveService(c.service) else { return nil }
        let callee = all[Int(t.index)]
        if c.invocation == .async, callee.function == nil {
            doc.error(
                path: c.service.path, location: c.service.location,
                "'\(c.service.value)' is not a Lambda function, so it cannot be invoked asynchronously.",
                fix: "drop 'invocation: async' or call a function")
        }
        if case .apiRoute = callee.managed {
        } else if callee.name.value.hasPrefix("client/") {
            doc.error(path: c.service.path, location: c.service.location, "'\(c.service.value)' is a workload's client and cannot be called.")
        }
        checkDatabaseCall(c, callee: callee, doc: doc)
        let fallback = c.fallback.compactMap { resolveCall($0, all: all, resolveService: resolveService, doc: doc) }
        var call = CallConfig(
            target: t, routing: c.routing ?? .sameAZ, onError: c.onError ?? .fail, invocation: c.invocation ?? .sync,
            operation: c.operation, timeout: c.timeout, retry: c.retry ?? .none, circuitBreaker: c.circuitBreaker,
            fallback: fallback, fallbackStatus: UInt16(c.fallbackStatus ?? 200))
        if case .database = callee.managed { call.connection = c.connection ?? DatabaseConnection() }
        return call
    }

    /// The kind of a table, queue, topic or API route, with its references resolved.
    static func resolveManaged(
        _ s: ScenarioFile.ServiceFile, _ managed: ScenarioFile.ManagedFile, all: [ScenarioFile.ServiceFile],
        resolveService: (Located<String>) -> ServiceID?, doc: DocumentReader
    ) -> ServiceKind? {
        func kindCheck(_ l: Located<String>, _ ok: (ScenarioFile.ServiceFile) -> Bool, _ what: String) -> ServiceID? {
            guard let id = resolveService(l) else { return nil }
            guard ok(all[Int(id.index)]) else {
                doc.error(path: l.path, location: l.location, "'\(l.value)' is not \(what).", fix: "name \(what)")
                return nil
            }
            return id
        }
        let isQueue: (ScenarioFile.ServiceFile) -> Bool = { if case .queue = $0.managed { return true } else { return false } }
        let isFunction: (ScenarioFile.ServiceFile) -> Bool = { $0.function != nil }
        switch managed {
        case .table(let latency, let capacity):
            return .table(
                TableConfig(operationLatency: latency, capacity: capacity.map { .provisioned(readUnits: $0.read, writeUnits: $0.write) } ?? .onDemand))
        case .queue(let q):
            var config = QueueConfig(
                visibilityTimeout: q.visibilityTimeout ?? .seconds(30), retention: q.retention ?? .hours(96),
                deliveryDelay: q.deliveryDelay ?? .zero, maxReceiveCount: q.maxReceiveCount ?? 10)
            if let dlq = q.deadLetterQueue {
                guard let id = kindCheck(dlq, isQueue, "an SQS queue") else { return nil }
                if dlq.value == s.name.value {
                    doc.error(path: dlq.path, location: dlq.location, "a queue cannot be its own dead-letter queue.")
                    return nil
                }
                config.deadLetterQueue = id
            }
            if let c = q.consumer {
                guard let fn = kindCheck(c.function, isFunction, "a Lambda function") else { return nil }
                let window = c.batchingWindow ?? .zero
                if (c.batchSize ?? 10) > 10, window < .seconds(1) {
                    doc.error(
                        path: c.function.path, location: c.function.location,
                        "a batch size above 10 needs a batching window of at least 1s (Lambda rejects the mapping otherwise).",
                        fix: "set batchingWindow: 1s or more, or batchSize: 10 or less")
                    return nil
                }
                // An unwritten timeout is Lambda's default (3 s), which the visibility timeout must cover too.
                if let ft = all[Int(fn.index)].timeout ?? Defaults.functionTimeout, ft > config.visibilityTimeout {
                    doc.error(
                        path: c.function.path, location: c.function.location,
                        "the function's timeout (\(ft)) exceeds the queue's visibility timeout (\(config.visibilityTimeout)); Lambda rejects such a mapping.",
                        fix: "raise visibilityTimeout (AWS recommends 6 x the function timeout) or shorten the function's timeout")
                    return nil
                }
                config.consumer = EventSourceMapping(
                    function: fn, batchSize: c.batchSize ?? 10, batchingWindow: window,
                    maximumConcurrency: c.maximumConcurrency, reportBatchItemFailures: c.reportBatchItemFailures ?? false)
            }
            return .queue(config)
        case .topic(let subs):
            let ids = subs.compactMap { kindCheck($0, { isQueue($0) || isFunction($0) }, "an SQS queue or a Lambda function") }
            guard ids.count == subs.count else { return nil }
            return .topic(TopicConfig(subscriptions: ids))
        case .database(let d):
            return resolveDatabase(s, d, doc: doc)
        case .apiRoute(let api, let method, let path, let rate, let burst, let timeout, let fn, let apiIndex):
            guard kindCheck(fn, isFunction, "a Lambda function") != nil else { return nil }
            return .apiRoute(
                APIRouteConfig(
                    api: api, method: method, path: path, throttleRate: rate, throttleBurst: burst,
                    integrationTimeout: timeout, apiIndex: apiIndex))
        }
    }
}
