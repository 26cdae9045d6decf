import FaultlineDocument
import FaultlineScenario
import Foundation

/// The FIS REST-JSON service (API version 2020-12-01) over simulated experiments: request in,
/// response out, no sockets (the command's HTTP adapter forwards every request to
/// ``handle(_:)``). State changes are serialized by the actor; simulations run on a separate
/// serial dispatch queue, off the request handling, so other calls keep answering.
public actor FISService {
    let config: ServeConfiguration
    let scenarios: ScenarioResolver
    let runner: any ExperimentRunner
    let storage: any ServeStorage
    let clock: any ServeClock
    var state: ServeState
    /// Request IDs come from their own stream: the number of polls does not move resource IDs.
    var requestIDs: IDStream
    var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    let simulations = DispatchQueue(label: "faultline.serve.simulations", qos: .utility)

    public init(
        config: ServeConfiguration, scenarios: ScenarioResolver, runner: any ExperimentRunner = InMemoryRunner(),
        storage: any ServeStorage = InMemoryStorage(), clock: any ServeClock = SystemClock()
    ) throws(ServeError) {
        self.config = config
        self.scenarios = scenarios
        self.runner = runner
        self.storage = storage
        self.clock = clock
        requestIDs = IDStream(seed: config.seed ^ 0x5EED_0F_FA17_11AE)
        let saved: [UInt8]?
        do { saved = try storage.loadState() } catch { throw .configuration("cannot read the saved state: \(error)") }
        if let saved {
            do { state = try JSONDecoder().decode(ServeState.self, from: Data(saved)) } catch {
                throw .configuration("the saved state is not a faultline serve state (\(error)); give another --state-dir")
            }
        } else {
            state = ServeState(seed: config.seed)
        }
    }

    /// Restarts the simulations a previous server left unfinished (`--state-dir`).
    public func resume() {
        for (i, e) in state.experiments.enumerated() where e.digest == nil {
            do { launch(e.id, try spec(for: e)) } catch {
                // The scenario changed or vanished since: the experiment fails, it does not hang.
                state.experiments[i].digest = .failed(
                    error.message, code: "InvalidTemplate",
                    actions: (e.template["actions"]?.object ?? [:]).keys.sorted())
            }
        }
        try? persist()
    }

    /// Answers one request. Never throws: errors become FIS error responses
    /// (`x-amzn-ErrorType` header and `{"message", "__type"}` body, status 400/402/404/409).
    public func handle(_ request: ServeRequest) async -> ServeResponse {
        let requestID = requestIDs.requestID()
        let caller = Caller(region: request.signedRegion ?? config.region, account: request.signedAccount ?? config.account)
        do {
            let op = try Operation.route(method: request.method, path: request.path)
            switch try await dispatch(op, request, caller) {
            case .json(let value):
                return ServeResponse(
                    status: 200, headers: [("Content-Type", "application/json"), ("x-amzn-RequestId", requestID)],
                    body: Array(value.rendered().utf8))
            case .file(let bytes, let type):
                return ServeResponse(status: 200, headers: [("Content-Type", type), ("x-amzn-RequestId", requestID)], body: bytes)
            }
        } catch {
            let body = ServeJSON.object(["message": .string(error.message), "__type": .string(error.code)]).rendered()
            return ServeResponse(
                status: error.status,
                headers: [
                    ("Content-Type", "application/json"), ("x-amzn-RequestId", requestID),
                    ("x-amzn-ErrorType", error.code)
                ], body: Array(body.utf8))
        }
    }

    enum Reply {
        case json(ServeJSON)
        case file([UInt8], String)
    }

    /// Who calls: the Region of the SigV4 credential scope (else `--region`) and the account of a
    /// 12-digit access key ID (else `--account`); ARNs of what the call creates use them.
    struct Caller {
        var region: String
        var account: String
    }

    func dispatch(_ op: Operation, _ r: ServeRequest, _ caller: Caller) async throws(ServeError) -> Reply {
        let region = caller.region
        switch op {
        case .createExperimentTemplate: return .json(try createTemplate(r, caller))
        case .getExperimentTemplate(let id): return .json(["experimentTemplate": try template(id).json] as ServeJSON)
        case .updateExperimentTemplate(let id): return .json(try updateTemplate(id, r))
        case .deleteExperimentTemplate(let id): return .json(try deleteTemplate(id))
        case .listExperimentTemplates: return .json(try listTemplates(r))
        case .startExperiment: return .json(try startExperiment(r, caller))
        case .getExperiment(let id): return .json(try await getExperiment(id))
        case .stopExperiment(let id): return .json(try await stopExperiment(id))
        case .listExperiments: return .json(try await listExperiments(r))
        case .listExperimentResolvedTargets(let id): return .json(try await resolvedTargets(id, r))
        case .getAction(let id): return .json(try action(id, region: region))
        case .listActions: return .json(try listActions(r, region: region))
        case .getTargetResourceType(let t): return .json(try resourceType(t))
        case .listTargetResourceTypes: return .json(try listResourceTypes(r))
        case .tagResource(let arn): return .json(try tag(arn, r))
        case .untagResource(let arn): return .json(try untag(arn, r))
        case .listTagsForResource(let arn): return .json(try listTags(arn))
        case .createTargetAccountConfiguration(let t, _):
            _ = try template(t)
            throw .validation(
                "multi-account experiments are not modelled by Faultline: targets resolve against the bound scenario's single account (\(caller.account)).")
        case .getTargetAccountConfiguration(let t, let a), .updateTargetAccountConfiguration(let t, let a), .deleteTargetAccountConfiguration(let t, let a):
            _ = try template(t)
            throw .notFound("Target account configuration \(a) of \(t) not found (multi-account experiments are not modelled by Faultline).")
        case .listTargetAccountConfigurations(let t):
            _ = try template(t)
            return .json(["targetAccountConfigurations": .array([])] as ServeJSON)
        case .getExperimentTargetAccountConfiguration(let e, let a):
            _ = try experimentIndex(e)
            throw .notFound("Target account configuration \(a) of \(e) not found (multi-account experiments are not modelled by Faultline).")
        case .listExperimentTargetAccountConfigurations(let e):
            _ = try experimentIndex(e)
            return .json(["targetAccountConfigurations": .array([])] as ServeJSON)
        case .getSafetyLever(let id): return .json(try safetyLever(id, caller))
        case .updateSafetyLeverState(let id): return .json(try updateSafetyLever(id, r, caller))
        case .runOutput(let id, let file): return try await runOutput(id, file)
        }
    }

    // MARK: helpers shared by the operations

    func now() -> Int64 { clock.nowMillis() }

    /// The request body as a JSON object; an empty body is `{}` (GET and DELETE send none).
    func body(_ r: ServeRequest) throws(ServeError) -> (object: [String: ServeJSON], text: String) {
        guard r.body.count <= config.maxBodyBytes else {
            throw .validation("the request body has \(r.body.count) bytes; at most \(config.maxBodyBytes) are accepted.")
        }
        guard !r.body.isEmpty else { return ([:], "{}") }
        guard let text = String(validating: r.body, as: UTF8.self) else { throw .serialization("the request body is not UTF-8 text.") }
        let parsed: JSONParser.Result
        do { parsed = try JSONParser.parse(text, file: "request body") } catch {
            throw .serialization("the request body is not valid JSON: \(error.diagnostics.first.map(Self.short) ?? "\(error)")")
        }
        guard case .object(let m) = ServeJSON(parsed.root) else {
            throw .serialization("the request body must be a JSON object, got \(parsed.root.kindDescription).")
        }
        return (m, text)
    }

    /// `path: message Fix: ...` without the file name.
    static func short(_ d: Diagnostic) -> String {
        var out = d.location.map { "line \($0.line), column \($0.column): " } ?? ""
        if !d.path.isEmpty { out += "\(d.path): " }
        out += d.message
        if let f = d.fix, !f.isEmpty { out += " Fix: \(f)" }
        return out
    }

    /// Same token and same body: the earlier result; same token, other body: ConflictException.
    func replay(_ op: String, token: String?, body: [String: ServeJSON]) throws(ServeError) -> String? {
        guard let token else { return nil }
        guard let seen = state.tokens["\(op):\(token)"] else { return nil }
        guard seen.fingerprint == Self.fingerprint(body) else {
            throw .conflict("The client token '\(token.prefix(64))' was already used with a different \(op) request; use a new token for a new request.")
        }
        return seen.resourceID
    }

    func remember(_ op: String, token: String?, body: [String: ServeJSON], id: String) {
        guard let token else { return }
        state.tokens["\(op):\(token)"] = TokenRecord(fingerprint: Self.fingerprint(body), resourceID: id)
    }

    static func fingerprint(_ body: [String: ServeJSON]) -> String {
        var b = body
        b["clientToken"] = nil
        return ServeJSON.object(b).rendered()
    }

    func token(_ body: [String: ServeJSON]) throws(ServeError) -> String? {
        guard let t = body["clientToken"] else { return nil }
        guard let s = t.string, !s.isEmpty, s.count <= 1024, !s.contains(where: \.isWhitespace) else {
            throw .validation("clientToken must be 1 to 1024 characters without white space.")
        }
        return s
    }

    /// `maxResults` (1–100, default 100) and the opaque `nextToken` of the six paginated lists.
    func page<T>(_ items: [T], _ r: ServeRequest) throws(ServeError) -> (items: ArraySlice<T>, next: String?) {
        let q = r.queryItems
        var size = 100
        if let m = q["maxResults"]?.last {
            guard let n = Int(m), (1...100).contains(n) else { throw .validation("maxResults must be an integer from 1 to 100, got '\(m.prefix(32))'.") }
            size = n
        }
        var offset = 0
        if let t = q["nextToken"]?.last {
            guard t.hasPrefix("p"), let n = Int(t.dropFirst()), n >= 0, n <= items.count else {
                throw .validation("nextToken '\(t.prefix(64))' is not a token this server gave (or the list changed under it).")
            }
            offset = n
        }
        let end = min(items.count, offset + size)
        return (items[offset..<end], end < items.count ? "p\(end)" : nil)
    }

    func persist() throws(ServeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { try storage.saveState(Array(try encoder.encode(state))) } catch {
            throw .validation("cannot save the server state: \(error)")
        }
    }
}

extension ServeJSON: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, ServeJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
}
