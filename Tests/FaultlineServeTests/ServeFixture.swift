import FaultlineServe
import Foundation
import Testing

/// A service over a shipped scenario with a fixed seed and a manual clock at a fixed epoch, so
/// every answer is byte-reproducible; `call` records a transcript line per request.
struct ServeFixture {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// 2026-01-01T00:00:00Z.
    static let epoch: Int64 = 1_767_225_600_000

    let service: FISService
    let clock: ManualClock
    let storage: InMemoryStorage

    static func scenario(_ name: String) throws -> BoundScenario {
        let path = repo.appendingPathComponent("scenarios/\(name).yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let base = repo.appendingPathComponent("scenarios").path
        return try BoundScenario(name: name, file: "scenarios/\(name).yaml", text: text) { rel in
            try String(contentsOfFile: base + "/" + rel, encoding: .utf8)
        }
    }

    static func template(_ name: String) throws -> String {
        try String(contentsOfFile: repo.appendingPathComponent("scenarios/templates/\(name).json").path, encoding: .utf8)
    }

    init(
        scenario: String = "lambda-fis-stop-condition", seed: UInt64 = 2718, pace: Pace = .instant, storage: InMemoryStorage = InMemoryStorage(),
        configure: (inout ServeConfiguration) -> Void = { _ in }
    ) throws {
        var config = ServeConfiguration(seed: seed)
        config.pace = pace
        configure(&config)
        let bound = try Self.scenario(scenario)
        clock = ManualClock(epochMillis: Self.epoch)
        self.storage = storage
        service = try FISService(
            config: config, scenarios: ScenarioResolver(defaultScenario: bound) { name in try Self.scenario(name) },
            storage: storage, clock: clock)
    }

    @discardableResult
    func call(_ method: String, _ target: String, _ body: String = "", headers: [String: String] = [:]) async -> ServeResponse {
        await service.handle(ServeRequest(method, target, body: body, headers: headers))
    }

    /// The parsed JSON body.
    func json(_ method: String, _ target: String, _ body: String = "") async throws -> [String: Any] {
        let r = await call(method, target, body)
        return try #require(JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any], "\(r.status) \(r.bodyText)")
    }

    /// `{"clientToken": ..., ...template}` for CreateExperimentTemplate.
    static func createBody(_ template: String, token: String, tags: [String: String] = [:]) throws -> String {
        var obj = try #require(JSONSerialization.jsonObject(with: Data(template.utf8)) as? [String: Any])
        obj["clientToken"] = token
        if !tags.isEmpty { obj["tags"] = tags }
        return String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self)
    }

    func createTemplate(_ name: String = "lambda-error-stop-condition", token: String = "t1", tags: [String: String] = [:]) async throws -> String {
        let out = try await json("POST", "/experimentTemplates", try Self.createBody(try Self.template(name), token: token, tags: tags))
        return try #require((out["experimentTemplate"] as? [String: Any])?["id"] as? String, "\(out)")
    }

    func start(_ template: String, token: String = "s1", extra: String = "") async throws -> String {
        let out = try await json("POST", "/experiments", "{\"experimentTemplateId\":\"\(template)\",\"clientToken\":\"\(token)\"\(extra)}")
        return try #require((out["experiment"] as? [String: Any])?["id"] as? String, "\(out)")
    }

    func status(_ experiment: String) async throws -> String {
        let out = try await json("GET", "/experiments/\(experiment)")
        return try #require(((out["experiment"] as? [String: Any])?["state"] as? [String: Any])?["status"] as? String)
    }
}
