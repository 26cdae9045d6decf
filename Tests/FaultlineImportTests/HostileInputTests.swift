import FaultlineImport
import Testing

/// Hostile stacks (generated here, not committed) meet limits with clear errors, never a crash
/// or a hang: deep nesting, huge files, too many resources, cyclic references, cyclic
/// conditions, cyclic or escaping nested stacks, too deep nested stacks.
@Suite struct HostileInputTests {
    func expectError(_ text: String, extra: [String: String] = [:], file: String = "template.yaml", _ needles: [String]) {
        #expect { _ = try ImportHarness.run(text, file: file, extra: extra) } throws: { e in
            let t = "\(e)"
            let ok = needles.allSatisfy { t.contains($0) }
            if !ok { Issue.record("unexpected error: \(t)") }
            return ok
        }
    }

    @Test func deepNestingHitsTheDepthLimit() {
        // Deeper than the importer's limit, within the document parser's 256 levels.
        let depth = 100
        let value = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        expectError(
            "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: \(value)\n",
            ["nesting depth", "exceeds the limit of \(ImportLimits.maxDepth)"])
    }

    @Test func veryDeepNestingIsRefusedWithoutCrashing() {
        let depth = 100_000
        let value = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        expectError("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: \(value)\n", ["template.yaml:5:", "nesting"])
    }

    @Test func hugeFilesAreRefusedBeforeParsing() {
        let filler = "# " + String(repeating: "x", count: 1000) + "\n"
        let text = "Resources:\n  Q: { Type: AWS::SQS::Queue }\n" + String(repeating: filler, count: ImportLimits.maxFileBytes / 1000 + 10)
        expectError(text, ["the file size", "exceeds the limit of \(ImportLimits.maxFileBytes)"])
    }

    @Test func tooManyResources() {
        var text = "Resources:\n"
        for i in 0...ImportLimits.maxResources { text += "  Q\(i): { Type: AWS::SQS::Queue }\n" }
        expectError(text, ["the number of resources", "exceeds the limit of \(ImportLimits.maxResources)"])
    }

    @Test func cyclicReferencesThroughNames() {
        let text = """
            Resources:
              A: { Type: AWS::SQS::Queue, Properties: { QueueName: !Sub "${B}-a" } }
              B: { Type: AWS::SNS::Topic, Properties: { TopicName: !GetAtt C.QueueName } }
              C: { Type: AWS::SQS::Queue, Properties: { QueueName: !GetAtt A.QueueName } }
            """
        expectError(text, ["cyclic reference", "B -> C -> A -> B", "Resources.B.Properties.TopicName"])
    }

    @Test func cyclicConditions() {
        let text = """
            Conditions:
              X: !Condition Y
              Y: !Not [!Condition X]
            Resources:
              Q: { Type: AWS::SQS::Queue, Condition: X }
            """
        expectError(text, ["cyclic condition"])
    }

    @Test func cyclicNestedStacks() {
        let a = "Resources:\n  Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: b.yaml } }\n"
        let b = "Resources:\n  Back: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ./template.yaml } }\n"
        expectError(a, extra: ["b.yaml": b], ["cyclic nested stacks", "template.yaml -> b.yaml -> template.yaml"])
    }

    @Test func nestedStacksMayNotLeaveTheFolder() {
        let a = "Resources:\n  Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ../secret.yaml } }\n"
        expectError(a, ["outside the top stack's folder", "Resources.Child.TemplateURL"])
    }

    @Test func nestedStacksHaveADepthLimit() {
        var extra: [String: String] = [:]
        for i in 1...(ImportLimits.maxStackDepth + 1) {
            extra["s\(i).yaml"] =
                "Resources:\n  Q: { Type: AWS::SQS::Queue }\n  Next: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: s\(i + 1).yaml } }\n"
        }
        extra["s\(ImportLimits.maxStackDepth + 2).yaml"] = "Resources:\n  Q: { Type: AWS::SQS::Queue }\n"
        let top = "Resources:\n  Next: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: s1.yaml } }\n"
        expectError(top, extra: extra, ["nesting depth of stacks", "exceeds the limit of \(ImportLimits.maxStackDepth)"])
    }

    @Test func nestedStacksWithinTheLimitAreImportedWithParameters() throws {
        let top = """
            Resources:
              Child: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: nested/queue.yaml, Parameters: { Name: orders } } }
            """
        let child = "Parameters:\n  Name: { Type: String }\nResources:\n  Q: { Type: AWS::SQS::Queue, Properties: { QueueName: !Ref Name } }\n"
        let r = try ImportHarness.run(top, extra: ["nested/queue.yaml": child])
        #expect(r.system.queues.map(\.name) == ["orders"])
        #expect(r.system.queues[0].tags.contains { $0.0 == "aws:cloudformation:stack-name" && $0.1 == "stack-Child" })
    }

    @Test func errorsPointAtFileLogicalIDAndPropertyPath() {
        let text = """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  MemorySize: 99999
            """
        expectError(text, ["/stack/template.yaml:2", "Resources.Fn.Properties.MemorySize", "128 to 10240"])
        expectError(
            "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: !Ref Nope\n",
            ["/stack/template.yaml:2", "Resources.Fn.Properties.FunctionName.Ref", "'Nope' is not a resource or parameter"])
        expectError("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: !Bogus x\n", ["unknown YAML tag !Bogus"])
    }
}
