import FaultlineAnalysis
import FaultlineScenario
import FaultlineServe
import Foundation
import Testing

/// Experiments over simulated time: the FIS state machine under `--pace`, StopExperiment, the
/// safety lever, the skip-all target preview, and agreement with `faultline run`.
@Suite struct ServedExperimentTests {
    func experiment(_ f: ServeFixture, _ id: String) async throws -> [String: Any] {
        try #require(try await f.json("GET", "/experiments/\(id)")["experiment"] as? [String: Any])
    }

    func actionStatus(_ e: [String: Any], _ name: String) -> String? {
        (((e["actions"] as? [String: Any])?[name] as? [String: Any])?["state"] as? [String: Any])?["status"] as? String
    }

    func state(_ e: [String: Any]) -> (String, String) {
        let s = e["state"] as? [String: Any]
        return (s?["status"] as? String ?? "", s?["reason"] as? String ?? "")
    }

    /// x60: one wall second shows one simulated minute. The action runs from +12 s; the stop
    /// condition fires two minutes in.
    @Test func statesFollowSimulatedTime() async throws {
        let f = try ServeFixture(pace: .accelerated(60))
        let id = try await f.start(try await f.createTemplate())
        await f.service.settle()
        var e = try await experiment(f, id)
        #expect(state(e).0 == "initiating")
        #expect(actionStatus(e, "invocation-error") == "pending")
        f.clock.advance(millis: 1000)
        e = try await experiment(f, id)
        #expect(state(e).0 == "running")
        #expect(actionStatus(e, "invocation-error") == "running")
        #expect(e["endTime"] == nil)
        f.clock.advance(millis: 10_000)
        e = try await experiment(f, id)
        #expect(state(e).0 == "stopped")
        #expect(state(e).1.contains("stop condition checkout-errors fired"))
        #expect(actionStatus(e, "invocation-error") == "stopped")
        #expect(actionStatus(e, "observe") == "cancelled")
        #expect(e["endTime"] != nil)
    }

    @Test func stopMidway() async throws {
        let f = try ServeFixture(pace: .accelerated(60))
        let id = try await f.start(try await f.createTemplate())
        await f.service.settle()
        f.clock.advance(millis: 1000) // +60 s: the error action is running
        let r = try #require(try await f.json("DELETE", "/experiments/\(id)")["experiment"] as? [String: Any])
        #expect(state(r).0 == "stopping")
        await f.service.settle()
        let e = try await experiment(f, id)
        #expect(state(e).0 == "stopped")
        #expect(state(e).1.contains("Experiment stopped by StopExperiment at +1m"))
        #expect(actionStatus(e, "invocation-error") == "stopped")
        #expect(actionStatus(e, "observe") == "cancelled")
        let actions = try #require(e["actions"] as? [String: Any])
        let end = try #require((actions["invocation-error"] as? [String: Any])?["endTime"] as? Double)
        #expect(abs(end - (Double(ServeFixture.epoch) / 1000 + 60)) < 0.01, "the action ends at the stop")
    }

    /// Stopped at once, perhaps before its first simulation finished: still `stopping`, then `stopped`.
    @Test func stopRightAfterStart() async throws {
        let f = try ServeFixture(pace: .accelerated(60))
        let id = try await f.start(try await f.createTemplate())
        let r = try #require(try await f.json("DELETE", "/experiments/\(id)")["experiment"] as? [String: Any])
        #expect(state(r).0 == "stopping")
        await f.service.settle()
        let e = try await experiment(f, id)
        #expect(state(e).0 == "stopped")
        #expect(actionStatus(e, "invocation-error") == "cancelled")
    }

    @Test func safetyLever() async throws {
        let f = try ServeFixture(pace: .accelerated(60))
        let t = try await f.createTemplate()
        let running = try await f.start(t, token: "a")
        await f.service.settle()
        f.clock.advance(millis: 1000)
        let lever = try await f.json("PATCH", "/safetyLevers/default/state", "{\"state\":{\"status\":\"engaged\",\"reason\":\"game day over\"}}")
        #expect(((lever["safetyLever"] as? [String: Any])?["state"] as? [String: Any])?["status"] as? String == "engaged")
        let again = await f.call("PATCH", "/safetyLevers/default/state", "{\"state\":{\"status\":\"engaged\",\"reason\":\"twice\"}}")
        #expect(again.status == 409)
        let cancelled = try await f.start(t, token: "b")
        await f.service.settle()
        #expect(state(try await experiment(f, running)).0 == "stopped")
        #expect(state(try await experiment(f, running)).1.contains("safety lever"))
        #expect(state(try await experiment(f, cancelled)).0 == "cancelled")
        _ = try await f.json("PATCH", "/safetyLevers/default/state", "{\"state\":{\"status\":\"disengaged\",\"reason\":\"ok\"}}")
        #expect((await f.call("GET", "/safetyLevers/other")).status == 404)
    }

    @Test func skipAllIsATargetPreview() async throws {
        let f = try ServeFixture()
        let id = try await f.start(try await f.createTemplate(), extra: ",\"experimentOptions\":{\"actionsMode\":\"skip-all\"}")
        let e = try await experiment(f, id)
        #expect(state(e).0 == "completed")
        #expect(state(e).1.contains("target preview: 1 resource in 1 target"))
        #expect(actionStatus(e, "invocation-error") == "skipped")
        #expect(actionStatus(e, "observe") == "skipped")
        let targets = try #require(try await f.json("GET", "/experiments/\(id)/resolvedTargets")["resolvedTargets"] as? [[String: Any]])
        #expect(targets.count == 1)
        #expect((targets.first?["targetInformation"] as? [String: String])?["arn"] == "arn:aws:lambda:us-east-1:123456789012:function:checkout")
    }

    /// The tag faultline:scenario binds a template to another scenario; the verdict names the
    /// latency the added delay caused.
    @Test func scenarioTagAndLatencyVerdict() async throws {
        let f = try ServeFixture()
        let t = try await f.createTemplate("lambda-add-delay", token: "d", tags: ["faultline:scenario": "lambda-fis-template"])
        let e = try await experiment(f, try await f.start(t))
        #expect(state(e).0 == "completed")
        #expect(state(e).1.contains("Duration p99"), "\(state(e).1)")
        #expect(state(e).1.contains("(steady state"))
    }

    /// An action Faultline does not replay fails the run (the reason says which), but a target
    /// preview still resolves the targets.
    @Test func unreplayedActionFailsButPreviews() async throws {
        let f = try ServeFixture()
        var template = try #require(
            try JSONSerialization.jsonObject(with: Data(try ServeFixture.template("lambda-error-stop-condition").utf8)) as? [String: Any])
        var actions = try #require(template["actions"] as? [String: Any])
        actions["check-alarm"] = [
            "actionId": "aws:cloudwatch:assert-alarm-state",
            "parameters": ["alarmArns": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors", "alarmStates": "OK"]
        ]
        template["actions"] = actions
        template["clientToken"] = "u"
        let body = String(decoding: try JSONSerialization.data(withJSONObject: template), as: UTF8.self)
        let t = try #require((try await f.json("POST", "/experimentTemplates", body)["experimentTemplate"] as? [String: Any])?["id"] as? String)
        let run = try await experiment(f, try await f.start(t, token: "run"))
        #expect(state(run).0 == "failed")
        #expect(state(run).1.contains("aws:cloudwatch:assert-alarm-state"), "\(state(run).1)")
        #expect(((run["state"] as? [String: Any])?["error"] as? [String: Any])?["code"] as? String == "InvalidTemplate")
        let preview = try await f.start(t, token: "preview", extra: ",\"experimentOptions\":{\"actionsMode\":\"skip-all\"}")
        #expect(state(try await experiment(f, preview)).0 == "completed")
        #expect((try await f.json("GET", "/experiments/\(preview)/resolvedTargets")["resolvedTargets"] as? [Any])?.count == 1)
    }

    /// The served experiment is `faultline run`'s: same statuses, same action windows.
    @Test func matchesFaultlineRun() async throws {
        let f = try ServeFixture()
        let id = try await f.start(try await f.createTemplate())
        let e = try await experiment(f, id)
        let bound = try ServeFixture.scenario("lambda-fis-stop-condition")
        let text = try String(contentsOf: ServeFixture.repo.appendingPathComponent(bound.file), encoding: .utf8)
        let spec = try ScenarioSpec.load(text: text, file: bound.file, loadFile: bound.loadFile)
        let run = try AnalyzedRun.run(spec, options: RunOptions(seed: 2718))
        let o = try #require(run.run.experiments.first)
        let start = spec.experiments[0].start
        #expect(state(e).0 == o.status.rawValue)
        for a in o.actions {
            #expect(actionStatus(e, a.name) == a.status.rawValue)
            let served = ((e["actions"] as? [String: Any])?[a.name] as? [String: Any])?["endTime"] as? Double
            if let end = a.end, let served {
                #expect(abs(served - (Double(ServeFixture.epoch) / 1000 + (end.seconds - start.seconds))) < 0.002)
            }
        }
    }

    @Test func stateSurvivesARestart() async throws {
        let storage = InMemoryStorage()
        let f = try ServeFixture(storage: storage)
        let t = try await f.createTemplate()
        let id = try await f.start(t)
        let before = try await experiment(f, id)
        let g = try ServeFixture(storage: storage)
        let after = try await experiment(g, id)
        #expect(state(after).1 == state(before).1)
        #expect((try await g.json("GET", "/experimentTemplates/\(t)")["experimentTemplate"] as? [String: Any])?["id"] as? String == t)
        let next = try await g.createTemplate(token: "another")
        #expect(next != t, "the ID stream continues where it stopped")
        #expect(try await g.createTemplate(token: "t1") == t, "client tokens persist")
    }

    @Test func logConfigurationWritesJSONLines() async throws {
        let f = try ServeFixture()
        var template = try #require(
            try JSONSerialization.jsonObject(with: Data(try ServeFixture.template("lambda-error-stop-condition").utf8)) as? [String: Any])
        template["logConfiguration"] = [
            "logSchemaVersion": 2, "cloudWatchLogsConfiguration": ["logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:/fis/game-day:*"]
        ]
        template["clientToken"] = "logs"
        let body = String(decoding: try JSONSerialization.data(withJSONObject: template), as: UTF8.self)
        let t = try #require((try await f.json("POST", "/experimentTemplates", body)["experimentTemplate"] as? [String: Any])?["id"] as? String)
        let id = try await f.start(t)
        _ = try await experiment(f, id)
        let log = try #require(f.storage.logFiles["logs/cloudwatch/_fis_game-day/\(id).jsonl"], "\(f.storage.logFiles.keys)")
        let types = log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["log_type"] as? String
        }
        #expect(types.first == "experiment-start")
        #expect(types.last == "experiment-end")
        #expect(types.contains("action-start") && types.contains("action-end") && types.contains("target-resolution-detail"))
    }

    @Test func tagsByEncodedARNAndPages() async throws {
        let f = try ServeFixture()
        var ids: [String] = []
        for k in 0..<3 { ids.append(try await f.createTemplate("lambda-add-delay", token: "p\(k)")) }
        let first = try await f.json("GET", "/experimentTemplates?maxResults=2")
        #expect((first["experimentTemplates"] as? [Any])?.count == 2)
        let token = try #require(first["nextToken"] as? String)
        let second = try await f.json("GET", "/experimentTemplates?maxResults=2&nextToken=\(token)")
        #expect((second["experimentTemplates"] as? [[String: Any]])?.map { $0["id"] as? String } == [ids[2]])
        #expect(second["nextToken"] == nil)
        let arn = "arn%3Aaws%3Afis%3Aus-east-1%3A123456789012%3Aexperiment-template%2F\(ids[0])"
        #expect((await f.call("POST", "/tags/\(arn)", "{\"tags\":{\"team\":\"payments\",\"env\":\"test\"}}")).status == 200)
        #expect((await f.call("DELETE", "/tags/\(arn)?tagKeys=env&tagKeys=Name")).status == 200)
        let tags = try await f.json("GET", "/tags/\(arn)")["tags"] as? [String: String]
        #expect(tags == ["team": "payments"])
        let actions = try await f.json("GET", "/actions")["actions"] as? [[String: Any]]
        #expect(actions?.contains { $0["id"] as? String == "aws:lambda:invocation-add-delay" } == true)
    }
}
