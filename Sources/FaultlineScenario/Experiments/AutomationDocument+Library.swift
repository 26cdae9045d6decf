import FaultlineDocument

/// Built-in declarations for the SSM Automation documents of the public FIS template library
/// (aws-samples/fis-template-library) and the FIS workshops that corpus templates run through
/// `aws:ssm:start-automation-execution`. They are written in the scenario's own
/// `automationDocuments:` form and read by the same reader, so they obey the same checks; a
/// scenario's declaration of the same document name replaces the built-in one.
extension AutomationDocument {
    /// The built-in declarations (read once; a broken one is a programming error the tests catch).
    public static let library: [AutomationDocument] = {
        let doc = DocumentReader(file: "<built-in automation documents>")
        guard let root = try? DocumentParser.parse(libraryText, file: doc.file) else { return [] }
        let out = ScenarioFile.readAutomationDocuments(root, doc: doc, origin: "built-in")
        return doc.diagnostics.isEmpty ? out : []
    }()

    /// The problems of the built-in declarations (empty when they are sound; tests check it).
    public static var libraryDiagnostics: [Diagnostic] {
        let doc = DocumentReader(file: "<built-in automation documents>")
        do {
            let root = try DocumentParser.parse(libraryText, file: doc.file)
            _ = ScenarioFile.readAutomationDocuments(root, doc: doc, origin: "built-in")
        } catch { doc.error(path: "", location: nil, "\(error)") }
        return doc.diagnostics
    }

    static let libraryText = """
        # sqs-queue-impairment (fis-template-library): the document adds a statement to the queue's
        # policy that denies the SQS API to every principal for `duration`, then removes it; producers
        # and consumers get AccessDenied (HTTP 403) meanwhile.
        - document: SqsQueueImpairment
          description: denies access to the queue (sqsQueueUrl) by a queue policy for duration; every call fails with AccessDenied (403)
          parameters:
            sqsQueueUrl: { required: true }
            sqsQueueArn: {}
            duration: { required: true }
            AutomationAssumeRole: {}
          effect:
            action: faultline:api-error
            parameters: { statusCode: "403", percentage: "100" }
            targets:
              resourceType: aws:sqs:queue
              resourceArns: ["{{ documentParameters.sqsQueueUrl }}"]
            duration: "{{ documentParameters.duration }}"
        # The tag-based variant: every queue tagged tagKey=tagValue.
        - document: SqsQueueSimulateImpairment
          description: denies access to every queue tagged tagKey=tagValue by a queue policy for duration; every call fails with AccessDenied (403)
          parameters:
            tagKey: { default: FIS-Ready }
            tagValue: { default: "True" }
            duration: { required: true }
            AutomationAssumeRole: {}
          effect:
            action: faultline:api-error
            parameters: { statusCode: "403", percentage: "100" }
            targets:
              resourceType: aws:sqs:queue
              resourceTags: { "{{ documentParameters.tagKey }}": "{{ documentParameters.tagValue }}" }
            duration: "{{ documentParameters.duration }}"
        # network-access-control-list-faults (aws-samples/aws-fis-experiment-templates): the document
        # associates a deny-all network ACL with the VPC's subnets in AvailabilityZone for Duration,
        # then restores the original associations (embedded-script and Lambda variants).
        - document: Test-AWSFIS-SSMA-NACL
          description: replaces the NACL of the subnets in AvailabilityZone with a deny-all one for Duration
          parameters:
            Region: {}
            AvailabilityZone: { required: true }
            VPCId: {}
            Duration: { default: PT1M }
            AutomationAssumeRole: {}
          effect:
            action: aws:network:disrupt-connectivity
            parameters: { scope: all }
            targets:
              resourceType: aws:ec2:subnet
              filters: { AvailabilityZone: "{{ documentParameters.AvailabilityZone }}" }
            duration: "{{ documentParameters.Duration }}"
        - document: Test-AWSFIS-SSMA-NACL-LAMBDA
          description: replaces the NACL of the subnets in AvailabilityZone with a deny-all one for Duration (through Lambda functions)
          parameters:
            Region: {}
            AvailabilityZone: { required: true }
            VPCId: {}
            Duration: { default: PT1M }
            AutomationAssumeRole: {}
            FunctionNameInject: {}
            FunctionNameRollback: {}
          effect:
            action: aws:network:disrupt-connectivity
            parameters: { scope: all }
            targets:
              resourceType: aws:ec2:subnet
              filters: { AvailabilityZone: "{{ documentParameters.AvailabilityZone }}" }
            duration: "{{ documentParameters.Duration }}"
        # auto-scaling-group-faults and the FIS workshop's SSM chapter: the document terminates the
        # Auto Scaling group's instances in AvailabilityZone (the group replaces them).
        - document: Test-AWSFIS-SSMA-ASG
          description: terminates the instances of the Auto Scaling group AutoscalingGroupName in AvailabilityZone
          parameters:
            AvailabilityZone: { required: true }
            AutoscalingGroupName: { required: true }
            AutomationAssumeRole: {}
          effect:
            action: aws:ec2:terminate-instances
            targets:
              resourceType: aws:ec2:instance
              resourceTags: { "aws:autoscaling:groupName": "{{ documentParameters.AutoscalingGroupName }}" }
              filters: { Placement.AvailabilityZone: "{{ documentParameters.AvailabilityZone }}" }
        - document: TerminateAsgInstancesWithSsm
          description: terminates the instances of the Auto Scaling group AutoscalingGroupName in AvailabilityZone
          parameters:
            AvailabilityZone: { required: true }
            AutoscalingGroupName: { required: true }
            AutomationAssumeRole: {}
          effect:
            action: aws:ec2:terminate-instances
            targets:
              resourceType: aws:ec2:instance
              resourceTags: { "aws:autoscaling:groupName": "{{ documentParameters.AutoscalingGroupName }}" }
              filters: { Placement.AvailabilityZone: "{{ documentParameters.AvailabilityZone }}" }
        - document: TerminateAllAsgInstancesInAz
          description: terminates every instance of the Auto Scaling group AutoscalingGroupName in AvailabilityZone
          parameters:
            AvailabilityZone: { required: true }
            AutoscalingGroupName: { required: true }
            AutomationAssumeRole: {}
          effect:
            action: aws:ec2:terminate-instances
            targets:
              resourceType: aws:ec2:instance
              resourceTags: { "aws:autoscaling:groupName": "{{ documentParameters.AutoscalingGroupName }}" }
              filters: { Placement.AvailabilityZone: "{{ documentParameters.AvailabilityZone }}" }
        """
}
