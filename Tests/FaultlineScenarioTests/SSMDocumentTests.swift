import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// `aws:ssm:send-command`: each AWSFIS-Run-* document's own `DurationSeconds` ends its effect.
@Suite struct SSMDocumentDurationTests {
    static func cpu(_ params: String, duration: String = "120s") -> String {
        """
          - name: cpu
            action: "aws:ssm:send-command"
            targets: [web]
            start: 60s
            duration: \(duration)
            parameters:
              documentArn: "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress"
              documentParameters: '\(params)'
        """
    }

    /// A 120 s action whose document stresses for 30 s: the stress ends at 90 s, not 180 s.
    @Test func cpuStressEndsAtDurationSeconds() throws {
        let (run, rows) = try ComputeTests.run(
            ComputeTests.yaml(
                azs: ["a1"], perAZ: 1, each: 100, serviceTime: "100ms", rate: 50,
                faults: Self.cpu(#"{"DurationSeconds": "30", "LoadPercent": "50"}"#), horizon: "240s"))
        let c = ComputeTests.changes(run, "web/a1/0")
        #expect(ComputeTests.at(c, "cpu-stress-start") == 60 && ComputeTests.at(c, "cpu-stress-end") == 90, "\(c)")
        let fault = try #require(run.spec.model.faults.first { $0.name == "cpu" })
        #expect(fault.start.seconds == 60 && fault.end.seconds == 90)
        func mean(_ r: Range<Double>) -> Double {
            let d = rows.filter { $0.metric == "Duration" && $0.stat == "Average" && r.contains($0.t) }
            return d.reduce(0) { $0 + $1.value } / Double(d.count)
        }
        // Stretched while the document runs, back to 100 ms after it ends (the action goes on).
        #expect(mean(61..<89) > 150 && abs(mean(95..<180) - 100) < 1e-6, "\(mean(61..<89)) \(mean(95..<180))")
    }

    /// DurationSeconds longer than the action: the action's end wins.
    @Test func actionShorterThanDocumentEndsTheEffect() throws {
        let spec = try Fixtures.spec(ComputeTests.yaml(faults: Self.cpu(#"{"DurationSeconds": "3600"}"#, duration: "60s")))
        let fault = try #require(spec.model.faults.first { $0.name == "cpu" })
        #expect(fault.start.seconds == 60 && fault.end.seconds == 120)
    }

    /// The network documents too, in `faults:` and in a template's action (whose window, as FIS
    /// reports it, stays the action's `duration`).
    @Test func networkDocumentEndsAtDurationSeconds() throws {
        let spec = try Fixtures.spec(
            HostNetworkTests.yaml(
                type: "ec2-instance",
                faults: """
                      - name: net
                        action: aws:ssm:send-command
                        targets: [web/a/2]
                        start: 0s
                        duration: 1h
                        parameters:
                          documentArn: arn:aws:ssm:r::document/AWSFIS-Run-Network-Latency
                          documentParameters: '{"DelayMilliseconds":"100","DurationSeconds":"10"}'
                    """))
        let net = try #require(spec.model.faults.first { $0.name == "net" })
        #expect(net.start.seconds == 0 && net.end.seconds == 10)

        let template = """
            { "description": "latency", "targets": { "I": { "resourceType": "aws:ec2:instance", "selectionMode": "ALL" } },
              "actions": { "slow": { "actionId": "aws:ssm:send-command", "targets": { "Instances": "I" },
                "parameters": { "duration": "PT1M", "documentArn": "arn:aws:ssm:r::document/AWSFIS-Run-Network-Latency",
                                "documentParameters": "{\\"DelayMilliseconds\\":\\"100\\",\\"DurationSeconds\\":\\"5\\"}" } } },
              "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
            """
        let e = try Fixtures.spec(
            HostNetworkTests.yaml(type: "ec2-instance", experiments: "  - { name: x, template: t.json, start: 2s, initiationDelay: 0s }"),
            files: ["t.json": template])
        let (run, _) = try Timeline.run(e)
        let action = try #require(run.experiments.first?.actions.first)
        #expect(action.start?.seconds == 2 && action.end?.seconds == 62, "\(action)")
        let fault = try #require(run.spec.model.faults.first { $0.name == "x/slow" })
        #expect(fault.start.seconds == 2 && fault.end.seconds == 7)
    }

    /// Missing or out-of-range DurationSeconds: an error at documentParameters naming the
    /// document, the parameter and the range.
    @Test func outOfRangeDurationSecondsIsALocatedError() throws {
        for bad in ["0", "43201", "ten", "-5"] {
            let d = Fixtures.diagnostics(ComputeTests.yaml(faults: Self.cpu(#"{"DurationSeconds": "\#(bad)"}"#)))
            let e = try #require(d.first { $0.message.contains("DurationSeconds") }, "\(bad): \(d)")
            #expect(
                e.message.contains("the document AWSFIS-Run-CPU-Stress: DurationSeconds must be a whole number of seconds from 1 to 43200")
                    && e.message.contains("'\(bad)'"))
            #expect(e.path.hasSuffix("documentParameters") && e.location != nil, "\(e)")
        }
        let missing = Fixtures.diagnostics(ComputeTests.yaml(faults: Self.cpu(#"{"LoadPercent": "50"}"#)))
        #expect(missing.contains { $0.message.contains("the document AWSFIS-Run-CPU-Stress requires the parameter DurationSeconds") }, "\(missing)")
        let net = Fixtures.diagnostics(
            HostNetworkTests.yaml(
                type: "ec2-instance",
                faults: """
                      - { name: net, action: aws:ssm:send-command, targets: [web/a/2], start: 0s, duration: 1h,
                          parameters: { documentArn: "arn:aws:ssm:r::document/AWSFIS-Run-Network-Packet-Loss", documentParameters: '{"DurationSeconds":"99999"}' } }
                    """))
        #expect(
            net.contains {
                $0.message.contains("the document AWSFIS-Run-Network-Packet-Loss: DurationSeconds must be a whole number of seconds from 1 to 43200")
                    && $0.location != nil
            }, "\(net)")
    }
}
