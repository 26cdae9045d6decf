import FaultlineDocument
import FaultlineScenario
import Foundation
import Testing

/// Bad input gets a clear error naming file, key path, line and fix — never a crash or silence.
@Suite struct BadInputTests {
    static let valid = """
        name: ok
        regions: [{ name: us-east-1, azs: [az1, az2] }]
        services:
          - name: api
            workersPerAZ: 4
            serviceTime: { lognormal: { p50: 10ms, p99: 80ms } }
        workloads:
          - { name: users, service: api, arrivals: { poisson: { rate: 5 } } }
        """

    func diagnostics(_ yaml: String, files: [String: String] = [:]) -> [Diagnostic] { Fixtures.diagnostics(yaml, files: files) }

    func expectOne(
        _ yaml: String, path: String, contains words: [String], line: Int? = nil, files: [String: String] = [:],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let ds = diagnostics(yaml, files: files)
        let match = ds.first { $0.path == path && words.allSatisfy($0.description.contains) } ?? ds.first { $0.path == path }
        #expect(match != nil, "no diagnostic at \(path); got \(ds.map(\.description))", sourceLocation: sourceLocation)
        guard let d = match else { return }
        for w in words { #expect(d.description.contains(w), "'\(w)' missing from: \(d)", sourceLocation: sourceLocation) }
        #expect(d.file == "test.yaml", sourceLocation: sourceLocation)
        if let line { #expect(d.location?.line == line, "\(d)", sourceLocation: sourceLocation) }
    }

    @Test func validScenarioLoads() throws {
        let spec = try Fixtures.spec(Self.valid)
        #expect(spec.model.services[0].azs.count == 2, "a service defaults to every AZ of the first region")
        #expect(spec.model.period == .seconds(60))
        #expect(spec.defaultSeed == 1)
    }

    @Test func malformedYAMLGivesLineAndColumn() {
        let ds = diagnostics("name: x\nservices: [\n  - a\n")
        #expect(ds.count == 1)
        #expect(ds.first?.location != nil)
        #expect(ds.first?.description.contains("not valid YAML") == true)
    }

    @Test func malformedJSONGivesLineAndColumn() {
        let ds = diagnostics("{\n  \"name\": \"x\",\n  \"regions\": [\n}\n")
        #expect(ds.first?.location?.line != nil)
    }

    @Test func emptyFile() {
        #expect(diagnostics("").first?.description.contains("empty") == true)
    }

    @Test func unknownKeySuggestsTheRightOne() {
        expectOne(
            Self.valid.replacingOccurrences(of: "workersPerAZ: 4", with: "workersPerAZ: 4\n    workerPerAZ: 4"),
            path: "services[0].workerPerAZ", contains: ["unknown key", "did you mean 'workersPerAZ'"], line: 6)
    }

    @Test func wrongType() {
        expectOne(
            Self.valid.replacingOccurrences(of: "workersPerAZ: 4", with: "workersPerAZ: many"),
            path: "services[0].workersPerAZ", contains: ["expected a whole number", "'many'"], line: 5)
    }

    @Test func negativeRate() {
        expectOne(
            Self.valid.replacingOccurrences(of: "rate: 5", with: "rate: -5"),
            path: "workloads[0].arrivals.poisson.rate", contains: ["-5 is out of range", "requests per second"])
    }

    @Test func invalidDistributionParameters() {
        expectOne(
            Self.valid.replacingOccurrences(of: "p50: 10ms, p99: 80ms", with: "p50: 80ms, p99: 10ms"),
            path: "services[0].serviceTime.lognormal.p99", contains: ["p99 is 0.01", "> p50"], line: 6)
        expectOne(
            Self.valid.replacingOccurrences(of: "{ lognormal: { p50: 10ms, p99: 80ms } }", with: "{ lognormal: { mu: 0, sigma: -1 } }"),
            path: "services[0].serviceTime.lognormal.sigma", contains: ["sigma is -1", ">= 0"], line: 6)
        expectOne(
            Self.valid.replacingOccurrences(of: "{ lognormal: { p50: 10ms, p99: 80ms } }", with: "{ lognormol: { p50: 10ms, p99: 80ms } }"),
            path: "services[0].serviceTime", contains: ["did you mean 'lognormal'"])
        expectOne(
            Self.valid.replacingOccurrences(of: "{ lognormal: { p50: 10ms, p99: 80ms } }", with: "{ empirical: { p50: 10ms, p99: 80ms } }"),
            path: "services[0].serviceTime.empirical", contains: ["max"])
        expectOne(
            Self.valid.replacingOccurrences(of: "{ lognormal: { p50: 10ms, p99: 80ms } }", with: "{ exponential: { mean: fast } }"),
            path: "services[0].serviceTime.exponential.mean", contains: ["not a duration", "250ms"])
    }

    @Test func unknownServiceReference() {
        expectOne(
            Self.valid.replacingOccurrences(of: "service: api", with: "service: apii"),
            path: "workloads[0].service", contains: ["unknown service 'apii'", "did you mean 'api'"], line: 8)
    }

    @Test func unknownAZReference() {
        expectOne(
            Self.valid.replacingOccurrences(of: "workersPerAZ: 4", with: "workersPerAZ: 4\n    azs: [az3]"),
            path: "services[0].azs[0]", contains: ["unknown AZ 'az3'", "az1, az2"])
    }

    @Test func missingRequiredKey() {
        expectOne(
            Self.valid.replacingOccurrences(of: "    workersPerAZ: 4\n", with: ""),
            path: "services[0]", contains: ["'workersPerAZ' is missing", "workersPerAZ: 10"])
    }

    @Test func callCycleIsRefused() {
        let yaml = """
            name: cycle
            regions: [{ name: r, azs: [a] }]
            services:
              - { name: x, workersPerAZ: 1, serviceTime: 1ms, calls: [{ service: y }] }
              - { name: y, workersPerAZ: 1, serviceTime: 1ms, calls: [{ service: x }] }
            """
        expectOne(yaml, path: "services[0].name", contains: ["cycle", "x -> y -> x"])
    }

    @Test func missingTraceFileAndColumn() {
        let yaml = Self.valid.replacingOccurrences(of: "{ poisson: { rate: 5 } }", with: "{ trace: { file: t.csv, column: when } }")
        expectOne(yaml, path: "workloads[0].arrivals.trace.file", contains: ["could not be read"])
        expectOne(yaml, path: "workloads[0].arrivals.trace.file", contains: ["no column 'when'", "t_s"], files: ["t.csv": "t_s\n1\n"])
        let bad = Self.valid.replacingOccurrences(of: "{ poisson: { rate: 5 } }", with: "{ trace: { file: t.csv } }")
        expectOne(bad, path: "workloads[0].arrivals.trace.file", contains: ["line 3", "seconds >= 0"], files: ["t.csv": "t_s\n1\nsoon\n"])
    }

    @Test func badDurationsAndChoices() {
        expectOne(Self.valid + "\nhorizon: 5 parsecs\n", path: "horizon", contains: ["unknown unit 'parsecs'"])
        expectOne(Self.valid + "\nperiod: 0s\n", path: "period", contains: ["longer than zero"])
        expectOne(Self.valid + "\nrandom: { generator: mersenne }\n", path: "random.generator", contains: ["mt19937"])
    }

    @Test func allErrorsAreReportedAtOnce() {
        let yaml = """
            name: many
            regions: [{ name: r, azs: [a] }]
            services:
              - { name: x, workersPerAZ: 0, serviceTime: 1ms, colour: blue }
            workloads:
              - { name: w, service: nope, arrivals: { poisson: { rate: -1 } } }
            """
        let ds = diagnostics(yaml)
        #expect(ds.count >= 4, "\(ds.map(\.description))")
    }

    @Test func tooManyPeriodsIsRefused() {
        expectOne(Self.valid + "\nhorizon: 2h\nperiod: 1ms\n", path: "", contains: ["7200000 metric periods", "at least"])
    }

    @Test func warmupMustBeShorterThanHorizon() {
        expectOne(Self.valid + "\nhorizon: 10m\nwarmup: 10m\n", path: "", contains: ["warm-up"])
    }
}
