import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

extension ScenarioFile {
    /// A call: `{ service, routing, onError, invocation, operation, timeout, retry,
    /// circuitBreaker, fallback, fallbackStatus }`.
    static func readCall(_ node: DocumentNode, doc: DocumentReader) -> CallFile? {
        guard let cm = doc.mapping(node, what: "a call such as { service: db, routing: same-az }") else { return nil }
        defer { cm.finish() }
        guard let target = cm.required("service").flatMap({ located($0, doc.string) }) else { return nil }
        var call = CallFile(service: target)
        call.routing = cm.optional("routing").flatMap { doc.choice($0, CallConfig.Routing.allCases.map(\.rawValue)) }.flatMap(
            CallConfig.Routing.init(rawValue:))
        call.onError = cm.optional("onError").flatMap { doc.choice($0, CallConfig.OnError.allCases.map(\.rawValue)) }.flatMap(
            CallConfig.OnError.init(rawValue:))
        call.invocation = cm.optional("invocation").flatMap { doc.choice($0, CallConfig.Invocation.allCases.map(\.rawValue)) }.flatMap(
            CallConfig.Invocation.init(rawValue:))
        call.operation = cm.optional("operation").flatMap(doc.string)
        call.connection = cm.optional("connection").flatMap { readConnection($0, doc: doc) }
        readCallOptions(cm, into: &call, doc: doc)
        if let fb = cm.optional("fallback") {
            if case .sequence = fb.value {
                for item in doc.sequence(fb) ?? [] { if let c = readCall(item, doc: doc) { call.fallback.append(c) } }
            } else if let c = readCall(fb, doc: doc) {
                call.fallback.append(c)
            }
        }
        call.fallbackStatus = cm.optional("fallbackStatus").flatMap { doc.int($0, in: 100...599, rangeText: "an HTTP status from 100 to 599") }
        return call
    }

    /// The SDK client settings a call and a workload's `client:` share.
    static func readCallOptions(_ cm: MappingReader, into call: inout CallFile, doc: DocumentReader) {
        call.timeout = cm.optional("timeout").flatMap { doc.duration($0, allowZero: false) }
        if let r = cm.optional("retry") {
            call.retry = readRetry(r, doc: doc)
        }
        if let b = cm.optional("circuitBreaker"), let bm = doc.mapping(b, what: "circuit breaker settings") {
            var c = CircuitBreaker.Configuration()
            if let v = bm.optional("windowSize").flatMap({ doc.int($0, in: 1...100_000, rangeText: "calls from 1 to 100000") }) { c.windowSize = v }
            if let v = bm.optional("minimumCalls").flatMap({ doc.int($0, in: 1...100_000, rangeText: "calls from 1 to 100000") }) { c.minimumCalls = v }
            if let v = bm.optional("failureRateThreshold").flatMap({ doc.double($0, in: 0.0001...1, rangeText: "a fraction in (0, 1]") }) {
                c.failureRateThreshold = v
            }
            if let v = bm.optional("openDuration").flatMap({ doc.duration($0, allowZero: false) }) { c.openDuration = v }
            if let v = bm.optional("halfOpenProbes").flatMap({ doc.int($0, in: 1...10_000, rangeText: "calls from 1 to 10000") }) { c.halfOpenProbes = v }
            bm.finish()
            if bm.optional("minimumCalls") == nil { c.minimumCalls = min(c.minimumCalls, c.windowSize) }
            if c.minimumCalls > c.windowSize {
                doc.error(
                    b, "minimumCalls (\(c.minimumCalls)) exceeds windowSize (\(c.windowSize)); the breaker could never judge.",
                    fix: "make minimumCalls at most windowSize")
                return
            }
            call.circuitBreaker = c
        }
    }

    /// `retry: standard` or `{ mode: standard, maxAttempts: 5 }`.
    static func readRetry(_ node: DocumentNode, doc: DocumentReader) -> RetryPolicy? {
        let modes = ["none", "legacy", "standard", "adaptive"]
        func preset(_ name: String) -> RetryPolicy {
            switch name {
            case "legacy": return .legacy
            case "standard": return .standard
            case "adaptive": return .adaptive
            default: return .none
            }
        }
        if case .scalar = node.value { return doc.choice(node, modes).map(preset) }
        guard let m = doc.mapping(node, what: "a retry mode (none, legacy, standard, adaptive) or { mode, maxAttempts, maxBackoff }") else { return nil }
        defer { m.finish() }
        guard var p = m.required("mode").flatMap({ doc.choice($0, modes) }).map(preset) else { return nil }
        if let n = m.optional("maxAttempts").flatMap({ doc.int($0, in: 1...100, rangeText: "total attempts from 1 to 100 (AWS_MAX_ATTEMPTS)") }) {
            p.maxAttempts = n
        }
        if let d = m.optional("maxBackoff").flatMap({ doc.duration($0, allowZero: false) }) { p.maxBackoff = d }
        if let d = m.optional("baseDelay").flatMap({ doc.duration($0, allowZero: false) }) { p.baseDelay = d }
        return p
    }

    /// One `tables:`/`queues:`/`topics:` entry (a service), or an API's routes (one each).
    static func readManaged(_ key: String, _ item: DocumentNode, index: Int, doc: DocumentReader, dists: DistributionReader) -> [ServiceFile] {
        if key == "databases" { return readDatabase(item, doc: doc, dists: dists).map { [$0] } ?? [] }
        guard let m = doc.mapping(item) else { return [] }
        defer { m.finish() }
        guard let name = m.required("name").flatMap({ located($0, doc.string) }) else { return [] }
        var s = ServiceFile(name: name)
        s.azs = m.optional("azs").flatMap { stringList($0, doc) }
        s.workersPerAZ = 10_000_000
        s.queueCapacity = .some(0)
        s.serviceTime = try? Sampler(.constant(0))
        if key != "apis" { s.tags = readTags(m, doc: doc) }
        switch key {
        case "tables":
            s.serviceTime = m.optional("latency").flatMap(dists.sampler) ?? (try? Sampler(ScenarioSpec.Defaults.tableLatency))
            var ops: [(operation: String, latency: Sampler)] = []
            if let o = m.optional("operations"),
                let om = doc.mapping(o, what: "latency per operation, e.g. { PutItem: { lognormal: { p50: 6ms, p99: 20ms } } }")
            {
                for e in om.entries {
                    om.accept(e.key)
                    if let sampler = dists.sampler(e.value) { ops.append((e.key, sampler)) }
                }
            }
            var capacity: (read: Int, write: Int)?
            if let c = m.optional("capacity") {
                if case .scalar(let text, _) = c.value, text == "on-demand" {
                    capacity = nil
                } else if let cm = doc.mapping(c, what: "'on-demand' or { readUnits: 100, writeUnits: 50 }") {
                    let r = cm.required("readUnits").flatMap { doc.int($0, in: 1...10_000_000, rangeText: "units per second >= 1") }
                    let w = cm.required("writeUnits").flatMap { doc.int($0, in: 1...10_000_000, rangeText: "units per second >= 1") }
                    cm.finish()
                    if let r, let w { capacity = (r, w) }
                }
            }
            s.managed = .table(latency: ops, capacity: capacity)
        case "queues":
            var q = QueueFile()
            q.visibilityTimeout = m.optional("visibilityTimeout").flatMap { within($0, doc, .zero, .hours(12), "0s to 12h") }
            q.retention = m.optional("retention").flatMap { within($0, doc, .seconds(60), .hours(336), "60s to 14 days (336h)") }
            q.deliveryDelay = m.optional("deliveryDelay").flatMap { within($0, doc, .zero, .minutes(15), "0s to 15m") }
            if let r = m.optional("redrive"), let rm = doc.mapping(r, what: "{ deadLetterQueue: name, maxReceiveCount: 5 }") {
                q.deadLetterQueue = rm.required("deadLetterQueue").flatMap { located($0, doc.string) }
                q.maxReceiveCount = rm.optional("maxReceiveCount").flatMap { doc.int($0, in: 1...1_000, rangeText: "a whole number from 1 to 1000") }
                rm.finish()
            }
            if let c = m.optional("consumer"), let cm = doc.mapping(c, what: "a Lambda event source mapping { function, batchSize, ... }") {
                if let fn = cm.required("function").flatMap({ located($0, doc.string) }) {
                    var consumer = ConsumerFile(function: fn)
                    consumer.batchSize = cm.optional("batchSize").flatMap {
                        doc.int($0, in: 1...64, rangeText: "1 to 64 (SQS allows 10000; the model processes up to 64 per batch)")
                    }
                    consumer.batchingWindow = cm.optional("batchingWindow").flatMap { within($0, doc, .zero, .seconds(300), "0s to 300s") }
                    consumer.maximumConcurrency = cm.optional("maximumConcurrency").flatMap {
                        doc.int($0, in: 2...1_000, rangeText: "2 to 1000 (ScalingConfig.MaximumConcurrency)")
                    }
                    consumer.reportBatchItemFailures = cm.optional("reportBatchItemFailures").flatMap(doc.bool)
                    q.consumer = consumer
                }
                cm.finish()
            }
            s.managed = .queue(q)
        case "topics":
            let subs =
                m.required("subscriptions", fix: "list the queues and functions subscribed, e.g. subscriptions: [my-queue]").flatMap { stringList($0, doc) }
                ?? []
            s.managed = .topic(subscriptions: subs)
        default: // apis
            let stage = m.optional("stage").flatMap(doc.string) ?? "prod"
            var rate = 10_000.0, burst = 5_000
            if let t = m.optional("throttle"), let tm = doc.mapping(t, what: "{ rate: 10000, burst: 5000 }") {
                rate = tm.optional("rate").flatMap { doc.double($0, in: 0.001...1e9, rangeText: "requests per second > 0") } ?? rate
                burst = tm.optional("burst").flatMap { doc.int($0, in: 1...100_000_000, rangeText: "a whole number >= 1") } ?? burst
                tm.finish()
            }
            let timeout =
                m.optional("integrationTimeout").flatMap { within($0, doc, .milliseconds(50), .seconds(29), "50ms to 29s (REST API)") } ?? .seconds(29)
            var routes: [ServiceFile] = []
            for r in doc.sequence(
                m.required("routes", fix: "add e.g. routes: [{ method: POST, path: /items, function: create-item }]") ?? item, what: "a list of routes") ?? []
            {
                guard let rm = doc.mapping(r, what: "a route { method, path, function }") else { continue }
                defer { rm.finish() }
                let method = rm.optional("method").flatMap { doc.choice($0, ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]) } ?? "ANY"
                guard let path = rm.required("path").flatMap(doc.string), let fn = rm.required("function").flatMap({ located($0, doc.string) }) else {
                    continue
                }
                var route = ServiceFile(name: Located(value: "\(name.value) \(method) \(path)", path: r.path, location: r.location))
                route.azs = s.azs
                route.workersPerAZ = 10_000_000
                route.queueCapacity = .some(0)
                route.serviceTime = try? Sampler(.constant(0))
                route.managed = .apiRoute(
                    api: "\(name.value)/\(stage)", method: method, path: path, rate: rate, burst: burst,
                    integrationTimeout: timeout, function: fn, apiIndex: index)
                routes.append(route)
            }
            return routes
        }
        return [s]
    }

    static func within(_ node: DocumentNode, _ doc: DocumentReader, _ lo: SimDuration, _ hi: SimDuration, _ text: String) -> SimDuration? {
        guard let d = doc.duration(node) else { return nil }
        guard d >= lo, d <= hi else {
            doc.error(node, "\(d) is out of range: AWS allows \(text).")
            return nil
        }
        return d
    }
}
