import FaultlineImport
import FaultlineScenario
import Testing

/// Each resource family mapped from a small hand-written stack, with the exact scenario text.
@Suite struct MappingTests {
    static func cfnTags(_ id: String) -> String {
        "\"aws:cloudformation:stack-name\": \"shop\", \"aws:cloudformation:logical-id\": \"\(id)\", \"aws:cloudformation:stack-id\": \"arn:aws:cloudformation:eu-west-1:111122223333:stack/shop/\(stackID)\""
    }
    static let stackID: String = {
        // The stack ID suffix is FNV-derived from the stack name; read it from one import.
        let r = try! ImportHarness.run("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", overlay: overlay)
        let line = r.output.scenario.split(separator: "\n").first { $0.contains("stack/shop/") }!
        return String(line.split(separator: "/").last!.prefix(8))
    }()
    static let overlay = "stackName: shop\nregion: eu-west-1\naccount: \"111122223333\"\nazs: [eu-west-1a, eu-west-1b]\n"

    @Test func lambdaFunctionWithFISExtension() throws {
        let stack = """
            Parameters:
              Env: { Type: String, Default: prod }
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  FunctionName: !Sub "orders-${Env}"
                  MemorySize: 512
                  Timeout: 10
                  ReservedConcurrentExecutions: 50
                  Layers: [arn:aws:lambda:eu-west-1:211125607513:layer:aws-fis-extension-x86_64:9]
                  Environment:
                    Variables:
                      AWS_FIS_CONFIGURATION_LOCATION: !Sub "arn:aws:s3:::${Bucket}/FisConfigs/"
                      AWS_LAMBDA_EXEC_WRAPPER: /opt/aws-fis/bootstrap
                      AWS_FIS_SLOW_POLL_INTERVAL_SECONDS: "30"
                      AWS_FIS_POLL_MAX_WAIT_MILLISECONDS: "500"
                  Tags: [{ Key: FIS-Ready, Value: "true" }]
              Bucket: { Type: AWS::S3::Bucket, Properties: { BucketName: fis-config } }
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        #expect(
            ImportHarness.section(r.output.scenario, "functions") == """
                functions:
                  - name: orders-prod
                    memoryMB: 512
                    timeout: 10s
                    reservedConcurrency: 50
                    duration: { lognormal: { p50: 50ms, p99: 250ms } }   # assumed (overlay: functions.orders-prod.duration)
                    errorRate: 0   # assumed (overlay: functions.orders-prod.errorRate)
                    fisExtension: { slowPoll: 30s, pollMaxWait: 500ms }
                    tags: { FIS-Ready: "true", \(Self.cfnTags("Fn")) }
                    calls: []   # assumed: no downstream calls (overlay: functions.orders-prod.calls)
                """)
        #expect(r.system.notModelled.map(\.origin.logicalID) == ["Bucket"])
        _ = try ImportHarness.validate(r.output)
    }

    @Test func sqsQueueWithRedriveAndEventSourceMapping() throws {
        let stack = """
            Resources:
              Orders:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: orders
                  VisibilityTimeout: 60
                  MessageRetentionPeriod: 86400
                  RedrivePolicy: { deadLetterTargetArn: !GetAtt DLQ.Arn, maxReceiveCount: 5 }
              DLQ: { Type: AWS::SQS::Queue, Properties: { QueueName: orders-dlq } }
              Worker: { Type: AWS::Lambda::Function, Properties: { FunctionName: worker, Timeout: 30 } }
              Mapping:
                Type: AWS::Lambda::EventSourceMapping
                Properties:
                  FunctionName: !Ref Worker
                  EventSourceArn: !GetAtt Orders.Arn
                  BatchSize: 5
                  MaximumBatchingWindowInSeconds: 2
                  ScalingConfig: { MaximumConcurrency: 5 }
                  FunctionResponseTypes: [ReportBatchItemFailures]
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        #expect(
            ImportHarness.section(r.output.scenario, "queues") == """
                queues:
                  - name: orders
                    visibilityTimeout: 60s
                    retention: 86400s
                    redrive: { deadLetterQueue: orders-dlq, maxReceiveCount: 5 }
                    consumer: { function: worker, batchSize: 5, batchingWindow: 2s, maximumConcurrency: 5, reportBatchItemFailures: true }
                    tags: { \(Self.cfnTags("Orders")) }
                  - name: orders-dlq
                    tags: { \(Self.cfnTags("DLQ")) }
                """)
        // The queue has no producer in the stack: it gets the stated default load.
        #expect(ImportHarness.section(r.output.scenario, "workloads").contains("service: \"orders\""))
        _ = try ImportHarness.validate(r.output)
    }

    @Test func snsTopicSubscriptionsAndDynamoDB() throws {
        let stack = """
            Resources:
              Topic: { Type: AWS::SNS::Topic, Properties: { TopicName: events } }
              Q: { Type: AWS::SQS::Queue, Properties: { QueueName: audit } }
              Sub: { Type: AWS::SNS::Subscription, Properties: { TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Q.Arn } }
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: items
                  BillingMode: PROVISIONED
                  ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 50 }
              OnDemand: { Type: AWS::DynamoDB::Table, Properties: { TableName: logs, BillingMode: PAY_PER_REQUEST } }
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        #expect(
            ImportHarness.section(r.output.scenario, "topics") == """
                topics:
                  - name: events
                    subscriptions: [audit]
                    tags: { \(Self.cfnTags("Topic")) }
                """)
        #expect(
            ImportHarness.section(r.output.scenario, "tables") == """
                tables:
                  - name: items
                    capacity: { readUnits: 100, writeUnits: 50 }
                    tags: { \(Self.cfnTags("Table")) }
                  - name: logs
                    tags: { \(Self.cfnTags("OnDemand")) }
                """)
        // No compute in the stack: the stand-in service calls each resource (stated).
        #expect(
            ImportHarness.section(r.output.scenario, "services").contains(
                "calls: [{ service: items, operation: GetItem }, { service: logs, operation: GetItem }, { service: audit, operation: SendMessage }, { service: events, operation: Publish }]"
            ))
        _ = try ImportHarness.validate(r.output)
    }

    @Test func restAPIRoutesAndStageThrottle() throws {
        let stack = """
            Resources:
              Fn: { Type: AWS::Lambda::Function, Properties: { FunctionName: api-fn } }
              Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: shop-api } }
              Items: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items } }
              One: { Type: AWS::ApiGateway::Resource, Properties: { RestApiId: !Ref Api, ParentId: !Ref Items, PathPart: "{id}" } }
              Get:
                Type: AWS::ApiGateway::Method
                Properties:
                  RestApiId: !Ref Api
                  ResourceId: !Ref One
                  HttpMethod: GET
                  Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations" }
              Stage:
                Type: AWS::ApiGateway::Stage
                Properties:
                  RestApiId: !Ref Api
                  StageName: live
                  MethodSettings: [{ ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 200, ThrottlingBurstLimit: 100 }]
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        #expect(
            ImportHarness.section(r.output.scenario, "apis") == """
                apis:
                  - name: shop-api
                    stage: live
                    throttle: { rate: 200, burst: 100 }
                    routes:
                      - { method: GET, path: "/items/{id}", function: api-fn }
                """)
        #expect(
            ImportHarness.section(r.output.scenario, "workloads") == """
                workloads:
                  - name: load-1   # assumed: 10/s Poisson into the API route
                    service: "shop-api GET /items/{id}"
                    arrivals: { poisson: { rate: 10 } }
                """)
        _ = try ImportHarness.validate(r.output)
    }

    @Test func samFunctionEventsGlobalsAndSimpleTable() throws {
        let stack = """
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function: { Timeout: 9, MemorySize: 256, Environment: { Variables: { A: "1" } } }
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: hello
                  Handler: app.handler
                  Runtime: python3.12
                  CodeUri: ./src
                  Events:
                    Get: { Type: Api, Properties: { Path: /hello, Method: get } }
                    Tick: { Type: Schedule, Properties: { Schedule: rate(1 minute) } }
              Table: { Type: AWS::Serverless::SimpleTable }
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        let s = r.output.scenario
        #expect(
            ImportHarness.section(s, "apis") == """
                apis:
                  - name: shop
                    stage: Prod
                    routes:
                      - { method: GET, path: "/hello", function: hello }
                """)
        #expect(ImportHarness.section(s, "functions").contains("    memoryMB: 256\n    timeout: 9s\n"))
        #expect(ImportHarness.section(s, "functions").contains("\"lambda:createdBy\": \"SAM\""))
        #expect(ImportHarness.section(s, "tables").contains("  - name: shop-Table"))
        #expect(r.system.notModelled.map(\.origin.logicalID) == ["Fn.Events.Tick"])
        _ = try ImportHarness.validate(r.output)
    }

    @Test func autoScalingGroupBehindALBAndSubnets() throws {
        let stack = """
            Resources:
              SubnetA: { Type: AWS::EC2::Subnet, Properties: { AvailabilityZone: !Select [0, !GetAZs ""], Tags: [{ Key: Tier, Value: app }] } }
              SubnetB: { Type: AWS::EC2::Subnet, Properties: { AvailabilityZone: !Select [1, !GetAZs ""] } }
              LB: { Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: { Name: web-alb, Subnets: [!Ref SubnetA, !Ref SubnetB] } }
              TG:
                Type: AWS::ElasticLoadBalancingV2::TargetGroup
                Properties: { Name: web-tg, Port: 80, Protocol: HTTP, HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 3, UnhealthyThresholdCount: 2 }
              Listener: { Type: AWS::ElasticLoadBalancingV2::Listener, Properties: { LoadBalancerArn: !Ref LB, Port: 80, DefaultActions: [{ Type: forward, TargetGroupArn: !Ref TG }] } }
              ASG:
                Type: AWS::AutoScaling::AutoScalingGroup
                Properties:
                  AutoScalingGroupName: web
                  MinSize: "4"
                  MaxSize: "8"
                  DesiredCapacity: "4"
                  VPCZoneIdentifier: [!Ref SubnetA, !Ref SubnetB]
                  TargetGroupARNs: [!Ref TG]
                  HealthCheckType: ELB
                  HealthCheckGracePeriod: 120
                  Tags: [{ Key: Role, Value: web, PropagateAtLaunch: true }, { Key: Cost, Value: x, PropagateAtLaunch: false }]
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        let s = r.output.scenario
        #expect(
            ImportHarness.section(s, "services").hasPrefix(
                """
                services:
                  - name: web
                    azs: [eu-west-1a, eu-west-1b]
                    hosts: { type: ec2-instance, perAZ: 2, workersEach: 16, tags: { Role: "web", \(Self.cfnTags("ASG")) } }
                    loadBalancer: { name: web-alb, type: alb, healthCheck: { interval: 10s, timeout: 5s, healthyThreshold: 3, unhealthyThreshold: 2 }, tags: { \(Self.cfnTags("LB")) } }
                    autoScaling: { replaceUnhealthy: true, healthCheckType: ELB, healthCheckGracePeriod: 120s }
                    serviceTime: { lognormal: { p50: 20ms, p99: 100ms } }
                """))
        #expect(
            ImportHarness.section(s, "subnets") == """
                subnets:
                  - { az: eu-west-1a, tags: { Tier: "app", \(Self.cfnTags("SubnetA")) } }
                  - { az: eu-west-1b, tags: { \(Self.cfnTags("SubnetB")) } }
                """)
        _ = try ImportHarness.validate(r.output)
    }

    @Test func ecsServiceAuroraClusterAndAlarm() throws {
        let stack = """
            Resources:
              SubnetA: { Type: AWS::EC2::Subnet, Properties: { AvailabilityZone: eu-west-1a } }
              SubnetB: { Type: AWS::EC2::Subnet, Properties: { AvailabilityZone: eu-west-1b } }
              Svc:
                Type: AWS::ECS::Service
                Properties:
                  ServiceName: checkout
                  Cluster: shop-cluster
                  DesiredCount: 4
                  NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [!Ref SubnetA, !Ref SubnetB] } }
              Db: { Type: AWS::RDS::DBCluster, Properties: { DBClusterIdentifier: orders-db, Engine: aurora-postgresql } }
              Db1: { Type: AWS::RDS::DBInstance, Properties: { DBClusterIdentifier: !Ref Db, DBInstanceClass: db.r6g.large, Engine: aurora-postgresql } }
              Db2: { Type: AWS::RDS::DBInstance, Properties: { DBClusterIdentifier: !Ref Db, DBInstanceClass: db.r6g.large, Engine: aurora-postgresql } }
              Fn: { Type: AWS::Lambda::Function, Properties: { FunctionName: f } }
              Errors:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  AlarmName: f-errors
                  Namespace: AWS/Lambda
                  MetricName: Errors
                  Dimensions: [{ Name: FunctionName, Value: !Ref Fn }]
                  Statistic: Sum
                  Period: 60
                  EvaluationPeriods: 3
                  DatapointsToAlarm: 2
                  Threshold: 5
                  ComparisonOperator: GreaterThanThreshold
                  TreatMissingData: notBreaching
              Cpu:
                Type: AWS::CloudWatch::Alarm
                Properties: { Namespace: AWS/EC2, MetricName: CPUUtilization, Statistic: Average, Period: 60, EvaluationPeriods: 1, Threshold: 90, ComparisonOperator: GreaterThanThreshold }
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        let s = r.output.scenario
        #expect(
            ImportHarness.section(s, "services").contains(
                "hosts: { type: ecs-task, perAZ: 2, workersEach: 16, tags: { \(Self.cfnTags("Svc")) }, cluster: shop-cluster }"))
        #expect(
            ImportHarness.section(s, "databases") == """
                databases:
                  - name: orders-db
                    engine: aurora-postgresql
                    writer: eu-west-1a
                    readers: [eu-west-1b]
                    tags: { \(Self.cfnTags("Db")) }
                """)
        #expect(
            ImportHarness.section(s, "alarms") == """
                alarms:
                  - { name: f-errors, resource: "f", metric: Errors, statistic: Sum, period: 60s, threshold: 5, comparison: GreaterThanThreshold, evaluationPeriods: 3, datapointsToAlarm: 2, treatMissingData: notBreaching }
                """)
        #expect(r.system.notModelled.contains { $0.origin.logicalID == "Cpu" && $0.reason.contains("AWS/EC2 CPUUtilization") })
        _ = try ImportHarness.validate(r.output)
    }

    @Test func fisTemplateResolvedAndReplayed() throws {
        let stack = """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  FunctionName: target-fn
                  Layers: [arn:aws:lambda:eu-west-1:211125607513:layer:aws-fis-extension-x86_64:9]
                  Environment: { Variables: { AWS_FIS_CONFIGURATION_LOCATION: "arn:aws:s3:::cfg/FisConfigs/", AWS_LAMBDA_EXEC_WRAPPER: /opt/aws-fis/bootstrap } }
              Role: { Type: AWS::IAM::Role, Properties: { RoleName: fis-role, AssumeRolePolicyDocument: {} } }
              Exp:
                Type: AWS::FIS::ExperimentTemplate
                Properties:
                  Description: delay
                  RoleArn: !GetAtt Role.Arn
                  StopConditions: [{ Source: none }]
                  Targets:
                    Fns: { ResourceType: aws:lambda:function, ResourceArns: [!GetAtt Fn.Arn], SelectionMode: ALL }
                  Actions:
                    Delay:
                      ActionId: aws:lambda:invocation-add-delay
                      Parameters: { duration: PT2M, startupDelayMilliseconds: "500" }
                      Targets: { Functions: Fns }
                  Tags: { Name: delay }
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        #expect(r.output.templates.map(\.path) == ["t/Exp.json"])
        let t = r.output.templates[0].text
        #expect(t.contains("\"ResourceArns\": [\n          \"arn:aws:lambda:eu-west-1:111122223333:function:target-fn\"\n        ]"))
        #expect(t.contains("\"RoleArn\": \"arn:aws:iam::111122223333:role/fis-role\""))
        #expect(
            ImportHarness.section(r.output.scenario, "experiments") == """
                experiments:
                  - name: Exp
                    template: "t/Exp.json"
                    start: 300s
                    unsupported: skip   # actions Faultline does not replay are skipped (with a warning), as FIS skips an action
                """)
        let spec = try ImportHarness.validate(r.output)
        let run = try ScenarioRun.run(spec, options: RunOptions(horizon: .seconds(900)))
        #expect(run.experiments.map(\.status) == [.completed])
        #expect(run.experiments[0].targets[0].resources.map(\.name) == ["target-fn"])
    }

    @Test func namesSharedAcrossServicesAreMadeUniqueAndStated() throws {
        let stack = """
            Resources:
              Q: { Type: AWS::SQS::Queue, Properties: { QueueName: orders } }
              T: { Type: AWS::DynamoDB::Table, Properties: { TableName: orders, BillingMode: PAY_PER_REQUEST } }
              A:
                Type: AWS::CloudWatch::Alarm
                Properties: { Namespace: AWS/DynamoDB, MetricName: ThrottledRequests, Dimensions: [{ Name: TableName, Value: orders }], Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: GreaterThanThreshold }
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        #expect(r.system.queues.map(\.name) == ["orders"])
        #expect(r.system.tables.map(\.name) == ["orders-table"])
        #expect(r.system.alarms.map(\.resource) == ["orders-table"])
        #expect(
            r.output.assumptions.contains("T: the table 'orders' shares its name with another resource; in the scenario (one namespace) it is 'orders-table'"))
        _ = try ImportHarness.validate(r.output)
    }

    @Test func cdkCloudAssemblyFolderByManifest() throws {
        let stackA = "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"QueueName\": \"a-queue\"}}}}"
        let stackB =
            "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"TopicName\": \"b-topic\"}}, \"CDKMetadata\": {\"Type\": \"AWS::CDK::Metadata\", \"Properties\": {}}}}"
        let manifest = """
            { "version": "36.0.0", "artifacts": {
                "Tree": { "type": "cdk:tree", "properties": { "file": "tree.json" } },
                "AppA": { "type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region", "properties": { "templateFile": "AppA.template.json" } },
                "AppB": { "type": "aws:cloudformation:stack", "properties": { "templateFile": "AppB.template.json" } } } }
            """
        let files = MemoryFiles(files: [
            "/app/cdk.out/manifest.json": manifest, "/app/cdk.out/AppA.template.json": stackA,
            "/app/cdk.out/AppB.template.json": stackB, "/app/cdk.out/tree.json": "{}",
            "/app/cdk.out/Other.template.json": "{\"Resources\": {}}"
        ])
        let system = try Importer.importSystem(["/app/cdk.out"], files: files, options: .init())
        #expect(system.stacks == ["/app/cdk.out/AppA.template.json", "/app/cdk.out/AppB.template.json"])
        #expect(system.queues.map(\.name) == ["a-queue"])
        #expect(system.topics.map(\.name) == ["b-topic"])
        #expect(system.notModelled.map(\.origin.logicalID) == ["CDKMetadata"])
        #expect(system.queues[0].tags.contains { $0 == ("aws:cloudformation:stack-name", "AppA") })
        // A manifest pointing outside the assembly is refused.
        let escaping = MemoryFiles(files: [
            "/app/cdk.out/manifest.json":
                "{\"artifacts\": {\"X\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"../x.json\"}}}}"
        ])
        #expect { _ = try Importer.importSystem(["/app/cdk.out"], files: escaping, options: .init()) } throws: {
            "\($0)".contains("outside the cloud assembly")
        }
    }

    @Test func dashboardMetricWidgets() throws {
        let stack = """
            Resources:
              Fn: { Type: AWS::Lambda::Function, Properties: { FunctionName: f } }
              Q: { Type: AWS::SQS::Queue, Properties: { QueueName: q } }
              Dash:
                Type: AWS::CloudWatch::Dashboard
                Properties:
                  DashboardName: ops
                  DashboardBody: !Sub |
                    { "widgets": [
                      { "type": "text", "properties": { "markdown": "# Ops" } },
                      { "type": "metric", "properties": { "title": "Lambda", "stat": "Sum", "period": 60,
                        "metrics": [ ["AWS/Lambda", "Invocations", "FunctionName", "${Fn}"], [".", "Errors", ".", ".", { "stat": "Maximum" }] ] } },
                      { "type": "metric", "properties": { "title": "Backlog", "stat": "Maximum", "metrics": [ ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "q"] ] } },
                      { "type": "metric", "properties": { "title": "CPU", "metrics": [ ["AWS/EC2", "CPUUtilization", "InstanceId", "i-1"] ] } },
                      { "type": "log", "properties": { "query": "fields @message" } } ] }
            """
        let r = try ImportHarness.run(stack, overlay: Self.overlay)
        #expect(
            ImportHarness.section(r.output.scenario, "dashboards") == """
                dashboards:
                  - name: ops
                    widgets:
                      - { title: "Lambda (1)", resource: "f", metric: Invocations, statistic: Sum, source: "AWS/Lambda Invocations FunctionName=f, Sum, 60 s" }
                      - { title: "Lambda (2)", resource: "f", metric: Errors, statistic: Maximum, source: "AWS/Lambda Errors FunctionName=f, Maximum, 60 s" }
                      - { title: "Backlog", resource: "q", metric: ApproximateNumberOfMessagesVisible, statistic: Maximum, source: "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=q, Maximum, 300 s" }
                """)
        #expect(
            r.output.scenario.contains("#   - dashboard ops: widget 'CPU' (AWS/EC2 CPUUtilization InstanceId=i-1, Average, 300 s): not a modelled resource"))
        #expect(r.system.dashboards[0].skippedWidgets == ["text", "log"])
        _ = try ImportHarness.validate(r.output)
    }
}
