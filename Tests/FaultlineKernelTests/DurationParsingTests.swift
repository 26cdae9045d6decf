import FaultlineKernel
import Testing

@Suite struct DurationParsingTests {
    @Test(arguments: [
        ("250ms", Int64(250_000_000)), ("2s", 2_000_000_000), ("5m", 300_000_000_000), ("1h30m", 5_400_000_000_000),
        ("1.5s", 1_500_000_000), ("500us", 500_000), ("10ns", 10), ("PT5M", 300_000_000_000), ("PT30S", 30_000_000_000),
        ("PT1H30M", 5_400_000_000_000), ("PT0.5S", 500_000_000), ("P1D", 86_400_000_000_000), ("pt12h", 43_200_000_000_000),
        (" 3s ", 3_000_000_000), ("2 min", 120_000_000_000)
    ])
    func parses(text: String, nanoseconds: Int64) throws {
        #expect(try SimDuration.parse(text).nanoseconds == nanoseconds)
    }

    @Test(arguments: ["", "fast", "5", "5 parsecs", "PT", "P5H", "PT5", "-3s", "PT5X", "ms", "1e400s"])
    func rejectsWithReason(text: String) {
        #expect(throws: KernelError.self) { try SimDuration.parse(text) }
        do {
            _ = try SimDuration.parse(text)
        } catch {
            #expect("\(error)".contains("is not a duration"))
            #expect("\(error)".contains("250ms"), "the message shows a valid example")
        }
    }

    @Test func missingUnitSuggestsOne() {
        do {
            _ = try SimDuration.parse("5")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("5s"))
        }
    }

    @Test(arguments: ["250ms", "2s", "5m", "1h30m", "1.5s", "500us", "10ns", "2h", "1m0.25s"])
    func formatRoundTrips(text: String) throws {
        let d = try SimDuration.parse(text)
        #expect(try SimDuration.parse(d.description) == d)
    }

    @Test func formatIsShortest() throws {
        #expect(try SimDuration.parse("PT5M").description == "5m")
        #expect(try SimDuration.parse("90s").description == "1m30s")
        #expect(SimDuration.milliseconds(250).description == "250ms")
    }

    @Test func fractionalSecondsRoundToNanoseconds() {
        #expect(SimDuration.fromSeconds(1.0000000004).nanoseconds == 1_000_000_000)
        #expect(SimDuration.fromSeconds(-1.0) == .zero)
        #expect(SimDuration.fromSeconds(Double.nan) == .zero)
        #expect(SimDuration.fromSeconds(1e30) == .max)
    }
}

/// Scientific notation as the docs write large values, with a range check (issue 10).
@Suite struct DurationNotationTests {
    @Test func scientificNotation() throws {
        #expect(try SimDuration.parse("1e3s") == .seconds(1000))
        #expect(try SimDuration.parse("2.5E-3s") == .microseconds(2500))
        #expect(try SimDuration.parse("1e1m") == .minutes(10))
    }

    @Test func hugeValuesAreOutOfRangeNotUnknownUnits() {
        for text in ["1e30h", "1e300s", "99999999999h"] {
            do {
                _ = try SimDuration.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                let message = "\(error)"
                #expect(message.contains("longer than Faultline can represent"), "\(message)")
                #expect(message.contains("expected at most about 73 years"), "\(message)")
                #expect(!message.contains("unknown unit"), "\(message)")
            }
        }
    }
}
