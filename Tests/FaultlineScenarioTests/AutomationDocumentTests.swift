import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// `aws:ssm:start-automation-execution`: a scenario declares what a document does
/// (`automationDocuments:`), Faultline ships declarations for the public FIS library documents,
/// and an undeclared document is named.
@Suite struct AutomationDocumentTests {
    static func yaml(declarations: String = "", experiment: String = "  - { name: impair, template: t.json, start: 60s, initiationDelay: 0s }") -> String {
        """
        name: automation
        seed: 3
        horizon: 300s
        period: 30s
        regions: [{ name: us-east-1, azs: [us-east-1a, us-east-1b] }]
        services:
          - name: api
            workersPerAZ: 50
            serviceTime: 10ms
            calls:
              - { service: orders, operation: SendMessage, timeout: 1s }
        queues:
          - { name: orders, tags: { team: shop } }
          - { name: other }
        workloads:
          - { name: users, service: api, arrivals: { poisson: { rate: 20 } } }
        \(declarations)
        experiments:
        \(experiment)
        """
    }

    static func template(document: String, parameters: String, maxDuration: String = "PT10M") -> String {
        """
        { "description": "impair", "targets": {},
          "actions": { "impair": { "actionId": "aws:ssm:start-automation-execution",
            "parameters": { "documentArn": "arn:aws:ssm:us-east-1:123456789012:document/\(document)",
                            "documentParameters": "\(parameters)", "maxDuration": "\(maxDuration)" } } },
          "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
        """
    }

    static let declaration = """
        automationDocuments:
          - document: DenyQueueByTag
            description: a queue policy denies every call for Minutes minutes
            parameters:
              TagKey: { required: true }
              TagValue: { default: shop }
              Minutes: { default: "2" }
              AutomationAssumeRole: {}
            effect:
              action: faultline:api-error
              parameters: { statusCode: "403" }
              targets:
                resourceType: aws:sqs:queue
                resourceTags: { "{{ documentParameters.TagKey }}": "{{ documentParameters.TagValue }}" }
              duration: "{{ documentParameters.Minutes }}m"
        """

    /// Errors per 30 s period of `api`, by period start.
    static func errors(_ timeline: String) -> [Double: (errors: Double, calls: Double)] {
        var out: [Double: (Double, Double)] = [:]
        for line in timeline.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5, f[1] == "api", f[3] == "Sum", let t = Double(f[0]), let v = Double(f[4]) else { continue }
            if f[2] == "Errors" { out[t, default: (0, 0)].0 = v }
            if f[2] == "Invocations" { out[t, default: (0, 0)].1 = v }
        }
        return out
    }

    /// A declared document's effect happens on the resources its target selects, inside the
    /// window its duration gives (60 s + 2 min), and nowhere else.
    @Test func declaredDocumentActsInItsWindow() throws {
        let spec = try Fixtures.spec(
            Self.yaml(declarations: Self.declaration),
            files: ["t.json": Self.template(document: "DenyQueueByTag", parameters: #"{\"TagKey\": \"team\"}"#)])
        let out = try Fixtures.outputs(spec)
        let action = try #require(out.run.experiments.first?.actions.first)
        #expect(action.status == .completed && action.start?.seconds == 60 && action.end?.seconds == 180 && action.resources == ["orders"], "\(action)")
        let fault = try #require(out.run.spec.model.faults.first { $0.name == "impair/impair" })
        #expect(fault.start.seconds == 60 && fault.end.seconds == 180)
        guard case .apiError(_, let pct, let status, let ops) = fault.action else {
            Issue.record("\(fault.action)")
            return
        }
        #expect(pct == 100 && status == 403 && ops.isEmpty)
        let e = Self.errors(out.timeline)
        for (t, v) in e.sorted(by: { $0.key < $1.key }) {
            if t >= 60 && t < 180 {
                #expect(v.errors >= 0.99 * v.calls && v.calls > 0, "t=\(t) \(v)")
            } else if t < 60 || t >= 210 {
                #expect(v.errors == 0, "t=\(t) \(v)")
            } else {
                #expect(v.errors <= 2, "t=\(t) \(v)")
            } // a request in flight at the edge
        }
    }

    /// The template's documentParameters are checked against the declaration: unknown (with a
    /// suggestion), missing required; the action's maxDuration cuts a longer effect.
    @Test func documentParametersAreChecked() throws {
        let unknown = Fixtures.diagnostics(
            Self.yaml(declarations: Self.declaration),
            files: ["t.json": Self.template(document: "DenyQueueByTag", parameters: #"{\"TagKey\": \"team\", \"Minute\": \"3\"}"#)])
        let u = try #require(unknown.first { $0.message.contains("has no parameter 'Minute'") }, "\(unknown)")
        #expect(u.file == "t.json" && u.location != nil && (u.fix ?? "").contains("did you mean 'Minutes'?"), "\(u)")
        #expect(u.message.contains("the automation document DenyQueueByTag"))
        let missing = Fixtures.diagnostics(
            Self.yaml(declarations: Self.declaration),
            files: ["t.json": Self.template(document: "DenyQueueByTag", parameters: "{}")])
        #expect(missing.contains { $0.message.contains("requires the parameter 'TagKey'") }, "\(missing)")
        let badDuration = Fixtures.diagnostics(
            Self.yaml(declarations: Self.declaration),
            files: ["t.json": Self.template(document: "DenyQueueByTag", parameters: #"{\"TagKey\": \"team\", \"Minutes\": \"soon\"}"#)])
        #expect(badDuration.contains { $0.message.contains("the automation document DenyQueueByTag lasts 'soonm'") }, "\(badDuration)")
        let capped = try Fixtures.spec(
            Self.yaml(declarations: Self.declaration),
            files: ["t.json": Self.template(document: "DenyQueueByTag", parameters: #"{\"TagKey\": \"team\", \"Minutes\": \"30\"}"#, maxDuration: "PT1M")])
        #expect(capped.experiments.first?.actions.first?.duration == .minutes(1))
    }

    /// A selection mode built from a parameter: COUNT(1) picks one of the two queues; a value
    /// that makes no selection mode is an error naming the document.
    @Test func selectionModeFromAParameter() throws {
        let decl = """
            automationDocuments:
              - document: DenySome
                parameters: { N: { default: "1" }, Note: {} }
                effect:
                  action: faultline:api-error
                  parameters: { statusCode: "403" }
                  targets: { resourceType: aws:sqs:queue, selectionMode: "COUNT({{ documentParameters.N }}){{ documentParameters.Note }}" }
                  duration: 1m
            """
        let one = try Fixtures.spec(Self.yaml(declarations: decl), files: ["t.json": Self.template(document: "DenySome", parameters: "{}")])
        let run = try ScenarioRun.run(one)
        let e = try #require(run.experiments.first)
        #expect(e.targets.first?.candidates == 2 && e.targets.first?.resources.count == 1 && e.actions.first?.status == .completed, "\(e.targets)")
        let bad = Fixtures.diagnostics(Self.yaml(declarations: decl), files: ["t.json": Self.template(document: "DenySome", parameters: #"{\"N\": \"many\"}"#)])
        #expect(
            bad.contains { $0.message.contains("the automation document DenySome selects its targets with 'COUNT(many)'") && $0.file == "t.json" }, "\(bad)")
    }

    /// Declarations are validated where they are written.
    @Test func badDeclarationsAreLocatedErrors() throws {
        let bad = Self.yaml(
            declarations: """
                automationDocuments:
                  - document: Broken
                    parameters: { Minutes: {} }
                    effect:
                      action: aws:network:disrupt-conectivity
                      parameters: { scope: "{{ documentParameters.Scope }}" }
                      targets: { resourceType: aws:s3:bucket, selectionMode: SOME }
                      duration: "{{ documentParameters.Minutes }}m"
                """)
        let d = Fixtures.diagnostics(bad, files: ["t.json": Self.template(document: "Broken", parameters: "{}")])
        func has(_ s: String) -> Bool { d.contains { $0.message.contains(s) && $0.location != nil && $0.file != "t.json" } }
        #expect(has("the effect action 'aws:network:disrupt-conectivity' is not one Faultline models"), "\(d)")
        #expect(d.contains { ($0.fix ?? "").contains("did you mean 'aws:network:disrupt-connectivity'?") })
        #expect(has("'{{ documentParameters.Scope }}' names no parameter of the document Broken"), "\(d)")
        #expect(has("the resource type 'aws:s3:bucket' is not modelled"), "\(d)")
        #expect(has("'SOME' is not a selection mode"), "\(d)")
    }

    /// An undeclared document is an error naming it (unsupported: fail), or a skipped action
    /// with a warning naming it (unsupported: skip).
    @Test func undeclaredDocumentIsNamed() throws {
        let files = ["t.json": Self.template(document: "MyOwnRunbook", parameters: "{}")]
        let d = Fixtures.diagnostics(Self.yaml(), files: files)
        let e = try #require(d.first { $0.message.contains("'MyOwnRunbook'") }, "\(d)")
        #expect(e.message.contains("runs the SSM Automation document 'MyOwnRunbook', which is not declared") && e.file == "t.json" && e.location != nil)
        #expect((e.fix ?? "").contains("automationDocuments:") && (e.fix ?? "").contains("SqsQueueImpairment"))
        let skip = try Fixtures.spec(Self.yaml(experiment: "  - { name: impair, template: t.json, start: 60s, unsupported: skip }"), files: files)
        #expect(skip.warnings.contains { $0.contains("automation document 'MyOwnRunbook' is not declared") }, "\(skip.warnings)")
        #expect(skip.experiments.first?.actions.first?.skipped != nil)
        // faultline plan names it too.
        let plan = try #require(TemplatePlanner.plan(text: files["t.json"]!, file: "t.json", inventory: .synthesize(perType: 1), seed: 1).first)
        #expect(plan.notes.contains { $0.contains("'MyOwnRunbook', which is not declared") } && plan.actions.first?.simulated == false)
    }

    /// The built-in declarations read without a problem, and a scenario's declaration of the
    /// same name replaces the built-in one.
    @Test func libraryIsSound() throws {
        #expect(AutomationDocument.libraryDiagnostics.isEmpty, "\(AutomationDocument.libraryDiagnostics)")
        let names = AutomationDocument.library.map(\.document)
        #expect(names.contains("SqsQueueImpairment") && names.contains("SqsQueueSimulateImpairment") && names.contains("Test-AWSFIS-SSMA-NACL"))
        let spec = try Fixtures.spec(
            Self.yaml(declarations: Self.declaration.replacingOccurrences(of: "DenyQueueByTag", with: "SqsQueueImpairment")),
            files: ["t.json": Self.template(document: "SqsQueueImpairment", parameters: #"{\"TagKey\": \"team\"}"#)])
        let mine = try #require(AutomationDocument.lookup("arn:aws:ssm:us-east-1:1:document/SqsQueueImpairment", declared: spec.automationDocuments))
        #expect(mine.origin != "built-in" && mine.parameters.map(\.name).contains("TagKey"))
        #expect(AutomationDocument.lookup("SqsQueueImpairment", declared: [])?.origin == "built-in")
    }

    /// The built-in NACL document: a deny-all NACL on the subnets of one AZ for `Duration`
    /// (inside `maxDuration`), as the aws-fis-experiment-templates NACL templates run it.
    @Test func builtInNaclDocumentDisruptsTheAZsSubnets() throws {
        let params = #"{\"Region\": \"us-east-1\", \"AvailabilityZone\": \"us-east-1a\", \"VPCId\": \"vpc-1\", \"Duration\": \"PT1M\"}"#
        let spec = try Fixtures.spec(Self.yaml(), files: ["t.json": Self.template(document: "Test-AWSFIS-SSMA-NACL", parameters: params, maxDuration: "PT2M")])
        let out = try Fixtures.outputs(spec)
        let action = try #require(out.run.experiments.first?.actions.first)
        #expect(action.status == .completed && action.start?.seconds == 60 && action.end?.seconds == 120, "\(action)")
        let fault = try #require(out.run.spec.model.faults.first { $0.name == "impair/impair" })
        #expect(fault.action.isNetwork && fault.start.seconds == 60 && fault.end.seconds == 120)
        #expect(fault.subnets.map { out.run.spec.model.topology.azs[Int($0.index)].name } == ["us-east-1a"])
        // Half the requests start in us-east-1a and fail while its subnet is cut off.
        let e = Self.errors(out.timeline)
        let inside = e.filter { $0.key >= 60 && $0.key < 120 }.values
        let share = inside.reduce(0) { $0 + $1.errors } / inside.reduce(0) { $0 + $1.calls }
        #expect(share > 0.35 && share < 0.65, "\(share)")
        #expect(e.filter { $0.key < 60 || $0.key >= 150 }.allSatisfy { $0.value.errors == 0 })
    }

    /// `faultline validate TEMPLATE` notes: the declaration that describes each automation
    /// action's document, or that none does.
    @Test func validateNotesNameTheDocument() throws {
        let report = TemplateValidator.validate(text: Self.template(document: "SqsQueueImpairment", parameters: "{}"), file: "t.json")
        let t = try #require(report.templates.first)
        #expect(
            AutomationDocument.notes(for: t) == [
                "action 'impair': the automation document 'SqsQueueImpairment' is declared built-in: denies access to the queue (sqsQueueUrl) by a queue policy for duration; every call fails with AccessDenied (403)"
            ])
        let other = try #require(TemplateValidator.validate(text: Self.template(document: "Mine", parameters: "{}"), file: "t.json").templates.first)
        #expect(
            AutomationDocument.notes(for: other).first?.hasPrefix("the action 'impair' runs the SSM Automation document 'Mine', which is not declared") == true)
    }

    /// Every corpus template running a built-in document plans with its automation actions
    /// simulated (`plan --synthesize`, no parameters): 10 of the 43 that use the action.
    @Test(.enabled(if: SharedCorpus.isPresent, "needs ../shared/corpus/fis-templates (skipped when absent)"))
    func corpusTemplatesPlanThroughTheBuiltInDeclarations() throws {
        let root = SharedCorpus.fisTemplates
        var using = 0, simulated: [String] = []
        for dir in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let folder = root.appendingPathComponent(dir)
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for f in files.sorted() where f.hasSuffix(".json") {
                let text = try String(contentsOf: folder.appendingPathComponent(f), encoding: .utf8)
                guard text.contains(AutomationDocument.actionID) else { continue }
                using += 1
                guard let plans = try? TemplatePlanner.plan(text: text, file: f, inventory: .synthesize(perType: 2), seed: 1) else { continue }
                let auto = plans.flatMap(\.actions).filter { $0.actionId == AutomationDocument.actionID }
                if !auto.isEmpty && auto.allSatisfy(\.simulated) { simulated.append("\(dir)/\(f)") }
            }
        }
        #expect(using == 43, "\(using)")
        #expect(simulated.count >= 10, "\(simulated)")
        #expect(
            simulated.contains { $0.contains("sqs-queue-impairment__queue-name-based") } && simulated.contains { $0.contains("nacl") }
                && simulated.contains { $0.contains("asg") })
    }

    /// The fis-template-library's SQS queue impairment template, unchanged, replays through the
    /// built-in declaration: four impairments (2, 5, 7, 15 min) with waits between.
    @Test(.enabled(if: SharedCorpus.isPresent, "needs ../shared/corpus/fis-templates (skipped when absent)"))
    func corpusSQSTemplateUsesTheBuiltInDeclaration() throws {
        let url = SharedCorpus.fisTemplates.appendingPathComponent(
            "fis-template-library/sqs-queue-impairment__queue-name-based__sqs-queue-impairment-template.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let yaml = Self.yaml(
            experiment: """
                  - name: impair
                    template: t.json
                    start: 60s
                    initiationDelay: 0s
                    params: { "YOUR REGION": us-east-1, "YOUR AWS ACCOUNT": "123456789012", "YOUR SQS QUEUE": orders, "YOUR ROLE NAME": fis }
                """
        ).replacingOccurrences(of: "horizon: 300s", with: "horizon: 2400s")
        let out = try Fixtures.outputs(try Fixtures.spec(yaml, files: ["t.json": text]))
        let e = try #require(out.run.experiments.first)
        let impair = e.actions.filter { $0.actionId == "aws:ssm:start-automation-execution" }
        #expect(impair.count == 4 && impair.allSatisfy { $0.status == .completed && $0.resources == ["orders"] }, "\(impair)")
        #expect(impair.map { ($0.end!.seconds - $0.start!.seconds) } == [120, 300, 420, 900])
        let faults = out.run.spec.model.faults.filter { $0.name.hasPrefix("impair/") }
        #expect(faults.count == 4)
        // The other queue is untouched, and api fails exactly while orders is denied.
        #expect(faults.allSatisfy { f in f.targets.count == 1 })
        let api = try #require(out.run.result.services.first { $0.name == "api" })
        let denied = impair.reduce(0.0) { $0 + ($1.end!.seconds - $1.start!.seconds) }
        let expected = 20 * denied
        #expect(abs(Double(api.errors) - expected) < 5 * expected.squareRoot(), "\(api.errors) vs \(expected)")
    }
}
