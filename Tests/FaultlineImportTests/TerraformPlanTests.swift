import FaultlineImport
import FaultlineScenario
import Testing

/// Terraform plan JSON (`terraform show -json`), written here as Terraform 1.x writes it: the
/// same families from `aws_*` resources, references to values known only after apply taken from
/// `configuration`, provider `default_tags` (in `tags_all`) on the resources, the FIS template's
/// blocks replayed.
@Suite struct TerraformPlanTests {
    static let plan = """
        {
          "format_version": "1.2",
          "terraform_version": "1.9.5",
          "planned_values": { "root_module": {
            "resources": [
              { "address": "aws_lambda_function.api", "mode": "managed", "type": "aws_lambda_function", "name": "api",
                "values": { "function_name": "orders-api", "memory_size": 512, "timeout": 10, "reserved_concurrent_executions": -1,
                            "layers": ["arn:aws:lambda:eu-west-1:211125607513:layer:aws-fis-extension-x86_64:9"],
                            "environment": [{ "variables": { "AWS_FIS_CONFIGURATION_LOCATION": "arn:aws:s3:::cfg/FisConfigs/", "AWS_LAMBDA_EXEC_WRAPPER": "/opt/aws-fis/bootstrap" } }],
                            "tags": { "App": "orders" }, "tags_all": { "App": "orders", "FIS-Ready": "true" }, "vpc_config": [] } },
              { "address": "aws_sqs_queue.orders", "mode": "managed", "type": "aws_sqs_queue", "name": "orders",
                "values": { "name": "orders", "visibility_timeout_seconds": 60, "message_retention_seconds": 345600, "delay_seconds": 0, "fifo_queue": false, "tags": null } },
              { "address": "aws_lambda_event_source_mapping.orders", "mode": "managed", "type": "aws_lambda_event_source_mapping", "name": "orders",
                "values": { "batch_size": 5, "function_name": "orders-api", "function_response_types": ["ReportBatchItemFailures"], "scaling_config": [] } },
              { "address": "aws_dynamodb_table.items", "mode": "managed", "type": "aws_dynamodb_table", "name": "items",
                "values": { "name": "items", "billing_mode": "PROVISIONED", "read_capacity": 20, "write_capacity": 10, "tags": null } },
              { "address": "aws_iam_policy.extra", "mode": "managed", "type": "aws_iam_policy", "name": "extra", "values": { "name": "extra" } },
              { "address": "aws_fis_experiment_template.delay", "mode": "managed", "type": "aws_fis_experiment_template", "name": "delay",
                "values": { "description": "delay orders-api", "role_arn": "arn:aws:iam::123456789012:role/fis",
                            "action": [{ "name": "delay", "action_id": "aws:lambda:invocation-add-delay", "description": null, "start_after": [],
                                         "parameter": [{ "key": "duration", "value": "PT2M" }, { "key": "startupDelayMilliseconds", "value": "300" }],
                                         "target": [{ "key": "Functions", "value": "fns" }] }],
                            "target": [{ "name": "fns", "resource_type": "aws:lambda:function", "selection_mode": "ALL",
                                         "resource_tag": [{ "key": "FIS-Ready", "value": "true" }], "resource_arns": [], "filter": [] }],
                            "stop_condition": [{ "source": "none", "value": null }], "tags": null } }
            ] } },
          "configuration": {
            "provider_config": { "aws": { "name": "aws", "expressions": { "region": { "constant_value": "eu-west-1" } } } },
            "root_module": { "resources": [
              { "address": "aws_lambda_event_source_mapping.orders", "type": "aws_lambda_event_source_mapping", "name": "orders",
                "expressions": { "event_source_arn": { "references": ["aws_sqs_queue.orders.arn", "aws_sqs_queue.orders"] },
                                 "function_name": { "references": ["aws_lambda_function.api.function_name", "aws_lambda_function.api"] } } }
            ] }
          }
        }
        """

    @Test func planJSONMapsTheSameFamilies() throws {
        let r = try ImportHarness.run(Self.plan, file: "plan.json", name: "tf")
        let s = r.output.scenario
        #expect(s.contains("  - name: eu-west-1\n"))
        #expect(
            ImportHarness.section(s, "functions").contains(
                """
                  - name: orders-api
                    memoryMB: 512
                    timeout: 10s
                """))
        #expect(ImportHarness.section(s, "functions").contains("    fisExtension: true\n    tags: { App: \"orders\", FIS-Ready: \"true\" }\n"))
        #expect(
            ImportHarness.section(s, "queues") == """
                queues:
                  - name: orders
                    visibilityTimeout: 60s
                    retention: 345600s
                    deliveryDelay: 0s
                    consumer: { function: orders-api, batchSize: 5, reportBatchItemFailures: true }
                """)
        #expect(ImportHarness.section(s, "tables").contains("capacity: { readUnits: 20, writeUnits: 10 }"))
        #expect(r.system.notModelled.map(\.origin.logicalID) == ["aws_iam_policy.extra"])
        let spec = try ImportHarness.validate(r.output)
        let run = try ScenarioRun.run(spec, options: RunOptions(horizon: .seconds(900)))
        #expect(run.experiments.map(\.status) == [.completed])
        #expect(run.experiments[0].targets[0].resources.map(\.name) == ["orders-api"])
    }

    @Test func hclIsRefusedWithTheCommandThatMakesPlanJSON() {
        #expect { _ = try ImportHarness.run("resource \"aws_sqs_queue\" \"q\" {}\n", file: "main.tf") } throws: {
            "\($0)".contains("terraform show -json")
        }
    }
}
