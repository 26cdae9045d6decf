import FaultlineImport
import FaultlineScenario
import Testing

/// The overlay: the skeleton `import` writes is itself a valid overlay that reproduces the
/// scenario; values given replace the assumptions; Artillery phases become a schedule; errors
/// name the overlay file and key.
@Suite struct OverlayTests {
    static let stack = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: hello
              Events: { Get: { Type: Api, Properties: { Path: /hello, Method: get } } }
          Table: { Type: AWS::DynamoDB::Table, Properties: { TableName: items, BillingMode: PAY_PER_REQUEST } }
        """

    @Test func theSkeletonIsAnOverlayThatReproducesTheScenario() throws {
        let first = try ImportHarness.run(Self.stack)
        let second = try ImportHarness.run(Self.stack, overlay: first.output.skeleton)
        // Same system; only the "assumed" comments differ (the values are now given).
        let strip = { (s: String) in ImportHarness.body(s).split(separator: "\n").map { $0.components(separatedBy: "   # assumed")[0] } }
        #expect(strip(first.output.scenario).filter { !$0.contains("- name: load-") } == strip(second.output.scenario).filter { !$0.contains("- name: load-") })
        #expect(first.output.skeleton.contains("  hello: { duration: { lognormal: { p50: 50ms, p99: 250ms } }, errorRate: 0, calls: [] }   # assumed"))
        _ = try ImportHarness.validate(second.output)
    }

    @Test func givenValuesReplaceAssumptions() throws {
        let overlay = """
            stackName: shop
            region: eu-central-1
            account: "210987654321"
            azs: { eu-central-1a: euc1-az2, eu-central-1b: euc1-az3, eu-central-1c: euc1-az1 }
            horizon: 20m
            seed: 9
            load:
              - { target: "shop GET /hello", rate: 42 }
            functions:
              hello:
                duration: { lognormal: { p50: 20ms, p99: 90ms } }
                errorRate: 0.01
                calls: [{ service: items, operation: GetItem, timeout: 1s, retry: standard }]
            """
        let r = try ImportHarness.run(Self.stack, overlay: overlay)
        let s = r.output.scenario
        // AZ names ordered by AZ ID, so position k is <code>-az<k> as the scenario derives it.
        #expect(s.contains("  - name: eu-central-1\n    azs: [eu-central-1c, eu-central-1a, eu-central-1b]\naccount: \"210987654321\""))
        #expect(s.contains("seed: 9\nhorizon: 20m\n"))
        #expect(ImportHarness.section(s, "functions").contains("    duration: { lognormal: { p50: 20ms, p99: 90ms } }\n    errorRate: 0.01\n"))
        #expect(ImportHarness.section(s, "functions").contains("    calls: [{ service: items, operation: GetItem, timeout: 1s, retry: standard }]"))
        #expect(
            ImportHarness.section(s, "workloads") == """
                workloads:
                  - name: load-1
                    service: "shop GET /hello"
                    arrivals: { poisson: { rate: 42 } }
                """)
        #expect(!s.contains("# assumed (overlay: functions.hello.duration)"))
        let spec = try ImportHarness.validate(r.output)
        #expect(spec.defaultSeed == 9)
    }

    @Test func artilleryPhasesBecomeASchedule() throws {
        let artillery = """
            config:
              target: "https://abc.execute-api.eu-west-1.amazonaws.com/Prod"
              phases:
                - { duration: 60, arrivalRate: 5, name: warm }
                - { duration: 120, arrivalRate: 5, rampTo: 50 }
            scenarios: [{ flow: [{ get: { url: /hello } }] }]
            """
        let overlay = "stackName: shop\nload:\n  - { target: \"shop GET /hello\", artillery: load.yml }\n"
        let r = try ImportHarness.run(Self.stack, extra: ["load.yml": artillery], overlay: overlay)
        #expect(
            ImportHarness.section(r.output.scenario, "workloads").contains(
                "arrivals: { schedule: [{ at: 0s, rate: 5 }, { at: 60s, rate: 5 }, { at: 60s, rate: 5 }, { at: 180s, rate: 50 }] }"))
        _ = try ImportHarness.validate(r.output)
    }

    @Test func overlayErrorsNameTheFileAndKey() throws {
        #expect { _ = try ImportHarness.run(Self.stack, overlay: "functions:\n  hello: { durration: 5ms }\n") } throws: { e in
            let t = "\(e)"
            return t.contains("/stack/overlay.yaml:2") && t.contains("functions.hello.durration") && t.contains("allowed: duration")
        }
        #expect { _ = try ImportHarness.run(Self.stack, overlay: "acount: \"1\"\n") } throws: { "\($0)".contains("unknown overlay key 'acount'") }
        #expect { _ = try ImportHarness.run(Self.stack, overlay: "account: \"12\"\n") } throws: { "\($0)".contains("12 digits") }
    }
}
