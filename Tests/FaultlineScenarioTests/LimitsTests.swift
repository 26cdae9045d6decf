import FaultlineDocument
import FaultlineScenario
import Testing

/// Every `limits:` value has a ceiling; numbers are accepted in the notations the docs use
/// (issue 10, "Bounded work" and "Smaller findings").
@Suite struct LimitsTests {
    static func scenario(limits: String) -> String {
        BadInputTests.valid + "\nlimits: { \(limits) }\n"
    }

    @Test func scientificNotationAsTheDocsWriteIt() throws {
        let spec = try Fixtures.spec(Self.scenario(limits: "maxEvents: 1e9, maxInFlight: 2.5e5"))
        #expect(spec.model.limits.maxEvents == 1_000_000_000)
        #expect(spec.model.limits.maxInFlight == 250_000)
        #expect(try Fixtures.spec(Self.scenario(limits: "maxEvents: 2e9")).model.limits.maxEvents == ScenarioSpec.Defaults.maxEvents)
    }

    @Test func ceilingsWithExpectedRanges() {
        let big = Fixtures.diagnostics(Self.scenario(limits: "maxInFlight: 1e12"))
        #expect(big.first?.path == "limits.maxInFlight")
        #expect(big.first?.description.contains("expected a whole number from 1 to \(ScenarioSpec.Ceilings.maxInFlight)") == true, "\(big)")
        let events = Fixtures.diagnostics(Self.scenario(limits: "maxEvents: 9223372036854775807"))
        #expect(events.first?.description.contains("out of range") == true, "\(events)")
        let fraction = Fixtures.diagnostics(Self.scenario(limits: "maxEvents: 1.5e0"))
        #expect(fraction.first?.description.contains("not a whole number") == true, "\(fraction)")
        let huge = Fixtures.diagnostics(Self.scenario(limits: "maxEvents: 1e400"))
        #expect(huge.first?.description.contains("expected a whole number") == true, "\(huge)")
    }

    @Test func hugeDurationsSayWhatIsExpected() {
        let ds = Fixtures.diagnostics(BadInputTests.valid + "\nhorizon: 1e30h\n")
        #expect(ds.first?.description.contains("expected at most about 73 years") == true, "\(ds)")
    }
}
