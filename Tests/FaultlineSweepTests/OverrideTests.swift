import FaultlineDocument
import FaultlineScenario
import Testing

@testable import FaultlineSweep

/// `--set` paths: syntax, the ways of naming a list item, new keys, and the errors.
@Suite struct OverrideTests {
    @Test func pathSyntax() throws {
        #expect(try OverridePath(parsing: "services.web.workersPerAZ").steps == [.key("services"), .key("web"), .key("workersPerAZ")])
        #expect(
            try OverridePath(parsing: "functions[name=get-item].fisExtension.slowPoll").steps
                == [.key("functions"), .match(field: "name", value: "get-item"), .key("fisExtension"), .key("slowPoll")])
        #expect(
            try OverridePath(parsing: "services[0].calls[1].timeout").steps
                == [.key("services"), .index(0), .key("calls"), .index(1), .key("timeout")])
        #expect(try OverridePath(parsing: "functions[*].x").steps == [.key("functions"), .all, .key("x")])
        #expect(try OverridePath(parsing: "tags[app.tier]").steps == [.key("tags"), .bracket("app.tier")])
        for bad in ["", "a..b", ".a", "a.", "a[", "a]", "a[]", "a[0]b", "a[=x]", "a[-1]"] {
            #expect(throws: SweepError.self, "\(bad)") { try OverridePath(parsing: bad) }
        }
    }

    @Test func everyWayOfNamingAServiceSetsTheSameKey() throws {
        for path in ["services.db.workersPerAZ", "services[db].workersPerAZ", "services[name=db].workersPerAZ", "services[1].workersPerAZ"] {
            let spec = try SweepFixtures.spec(["\(path)=9"])
            let db = try #require(spec.model.services.first { $0.name == "db" })
            #expect(db.workersPerAZ == 9, "\(path)")
            #expect(spec.model.services.first { $0.name == "web" }?.workersPerAZ == 4, "\(path) must leave web alone")
        }
    }

    @Test func wildcardSetsEveryItemThatHasTheKey() throws {
        let spec = try SweepFixtures.spec(["services[*].workersPerAZ=3"])
        #expect(spec.model.services.filter { $0.name == "web" || $0.name == "db" }.allSatisfy { $0.workersPerAZ == 3 })
        // queueCapacity exists only on web: [*] skips db.
        let q = try SweepFixtures.spec(["services[*].queueCapacity=7"])
        #expect(q.model.services.first { $0.name == "web" }?.queueCapacity == 7)
    }

    @Test func valuesAreYAMLAndTopLevelKeysWork() throws {
        let spec = try SweepFixtures.spec(["seed=99", "horizon=20m", "services.web.serviceTime={ constant: 5ms }"])
        #expect(spec.defaultSeed == 99)
        #expect(spec.model.horizon == .minutes(20))
        let s = try SweepFixtures.spec(["regions[0].azs=[use1-az1]", "services.web.queueCapacity=unlimited"])
        #expect(s.model.services.first { $0.name == "web" }?.azs.count == 1)
    }

    @Test func aNewLastKeyIsAddedAndCheckedByTheScenarioReader() throws {
        let spec = try SweepFixtures.spec(["services.db.queueCapacity=3"])
        #expect(spec.model.services.first { $0.name == "db" }?.queueCapacity == 3)
        // An unknown key reaches the scenario reader, which names it and suggests the right one.
        guard case .invalidPoint(let point, let error)? = SweepFixtures.overrideError("services.db.workersPerAz=3") else {
            Issue.record("expected an invalid point")
            return
        }
        #expect(point == "services.db.workersPerAz=3")
        #expect(
            error.diagnostics.contains { $0.path == "services[1].workersPerAz" && $0.description.contains("workersPerAZ") },
            "\(error)")
    }

    @Test func wrongValuesGetTheScenarioDiagnosticWithThePath() throws {
        guard case .invalidPoint(_, let error)? = SweepFixtures.overrideError("services[web].workersPerAZ=many") else {
            Issue.record("expected an invalid point")
            return
        }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].path == "services[0].workersPerAZ")
        #expect(error.diagnostics[0].location == nil)
    }

    @Test func pathsThatDoNotExistSayWhatDoes() {
        let e1 = SweepFixtures.overrideError("services.cache.workersPerAZ=3")?.description ?? ""
        #expect(e1.contains("services has no item named 'cache'; its names are web, db"), "\(e1)")
        let e2 = SweepFixtures.overrideError("servics.web.workersPerAZ=3")?.description ?? ""
        #expect(e2.contains("the top level has no key 'servics'"), "\(e2)")
        #expect(e2.contains("services"), "\(e2)")
        let e3 = SweepFixtures.overrideError("services[5].workersPerAZ=3")?.description ?? ""
        #expect(e3.contains("has 2 items, so there is no index 5"), "\(e3)")
        let e4 = SweepFixtures.overrideError("services.web.workersPerAZ.x=3")?.description ?? ""
        #expect(e4.contains("services[0].workersPerAZ is '4', so key 'x' cannot be looked up"), "\(e4)")
        let e5 = SweepFixtures.overrideError("services[*].nothing.x=3")?.description ?? ""
        #expect(e5.contains("has no key 'nothing'"), "\(e5)")
        let e6 = SweepFixtures.overrideError("services[kind=table].x=3")?.description ?? ""
        #expect(e6.contains("no item of services has kind = 'table'"), "\(e6)")
    }

    @Test func setArgumentsSplitAtTopLevelCommas() throws {
        let p = try SweepParameter(parsing: "functions[name=a].x=1, 2,[3, 4],{ a: 1, b: 2 },'5,6'")
        #expect(p.path.text == "functions[name=a].x")
        #expect(p.values == ["1", "2", "[3, 4]", "{ a: 1, b: 2 }", "'5,6'"])
        #expect(throws: SweepError.self) { try SweepParameter(parsing: "services.web.workersPerAZ") }
        #expect(throws: SweepError.self) { try SweepParameter(parsing: "services.web.workersPerAZ=") }
    }
}
