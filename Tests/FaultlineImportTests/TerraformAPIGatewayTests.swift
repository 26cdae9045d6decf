import FaultlineImport
import FaultlineScenario
import Testing

/// Terraform plan JSON for API Gateway: an HTTP API (`aws_apigatewayv2_api`, `_integration`,
/// `_route`, `_stage` with default route throttles) and a REST API (`aws_api_gateway_rest_api`,
/// `_resource`, `_method`, `_integration`, `_stage`, `_method_settings`), the Lambda integrations
/// given as `invoke_arn` references. Mapped by the same API Gateway family as CloudFormation.
@Suite struct TerraformAPIGatewayTests {
    static let plan = """
        {
          "format_version": "1.2",
          "terraform_version": "1.9.5",
          "planned_values": { "root_module": { "resources": [
            { "address": "aws_lambda_function.api", "mode": "managed", "type": "aws_lambda_function", "name": "api",
              "values": { "function_name": "orders-api", "memory_size": 256, "timeout": 5, "tags": null } },
            { "address": "aws_apigatewayv2_api.http", "mode": "managed", "type": "aws_apigatewayv2_api", "name": "http",
              "values": { "name": "orders-http", "protocol_type": "HTTP", "tags": null } },
            { "address": "aws_apigatewayv2_integration.api", "mode": "managed", "type": "aws_apigatewayv2_integration", "name": "api",
              "values": { "integration_type": "AWS_PROXY", "payload_format_version": "2.0" } },
            { "address": "aws_apigatewayv2_route.post", "mode": "managed", "type": "aws_apigatewayv2_route", "name": "post",
              "values": { "route_key": "POST /orders" } },
            { "address": "aws_apigatewayv2_stage.default", "mode": "managed", "type": "aws_apigatewayv2_stage", "name": "default",
              "values": { "name": "$default", "auto_deploy": true, "default_route_settings": [{ "throttling_rate_limit": 50, "throttling_burst_limit": 100 }] } },
            { "address": "aws_api_gateway_rest_api.rest", "mode": "managed", "type": "aws_api_gateway_rest_api", "name": "rest",
              "values": { "name": "orders-rest", "tags": null } },
            { "address": "aws_api_gateway_resource.orders", "mode": "managed", "type": "aws_api_gateway_resource", "name": "orders",
              "values": { "path_part": "orders" } },
            { "address": "aws_api_gateway_method.get", "mode": "managed", "type": "aws_api_gateway_method", "name": "get",
              "values": { "http_method": "GET", "authorization": "NONE" } },
            { "address": "aws_api_gateway_integration.get", "mode": "managed", "type": "aws_api_gateway_integration", "name": "get",
              "values": { "http_method": "GET", "type": "AWS_PROXY", "integration_http_method": "POST" } },
            { "address": "aws_api_gateway_deployment.rest", "mode": "managed", "type": "aws_api_gateway_deployment", "name": "rest", "values": {} },
            { "address": "aws_api_gateway_stage.prod", "mode": "managed", "type": "aws_api_gateway_stage", "name": "prod", "values": { "stage_name": "prod" } },
            { "address": "aws_api_gateway_method_settings.all", "mode": "managed", "type": "aws_api_gateway_method_settings", "name": "all",
              "values": { "stage_name": "prod", "method_path": "*/*", "settings": [{ "throttling_rate_limit": 20, "throttling_burst_limit": 40 }] } }
          ] } },
          "configuration": {
            "provider_config": { "aws": { "name": "aws", "expressions": { "region": { "constant_value": "eu-west-1" } } } },
            "root_module": { "resources": [
              { "address": "aws_apigatewayv2_integration.api", "type": "aws_apigatewayv2_integration", "name": "api",
                "expressions": { "api_id": { "references": ["aws_apigatewayv2_api.http.id", "aws_apigatewayv2_api.http"] },
                                 "integration_uri": { "references": ["aws_lambda_function.api.invoke_arn", "aws_lambda_function.api"] } } },
              { "address": "aws_apigatewayv2_route.post", "type": "aws_apigatewayv2_route", "name": "post",
                "expressions": { "api_id": { "references": ["aws_apigatewayv2_api.http.id", "aws_apigatewayv2_api.http"] },
                                 "target": { "references": ["aws_apigatewayv2_integration.api.id", "aws_apigatewayv2_integration.api"] } } },
              { "address": "aws_apigatewayv2_stage.default", "type": "aws_apigatewayv2_stage", "name": "default",
                "expressions": { "api_id": { "references": ["aws_apigatewayv2_api.http.id", "aws_apigatewayv2_api.http"] } } },
              { "address": "aws_api_gateway_resource.orders", "type": "aws_api_gateway_resource", "name": "orders",
                "expressions": { "rest_api_id": { "references": ["aws_api_gateway_rest_api.rest.id", "aws_api_gateway_rest_api.rest"] },
                                 "parent_id": { "references": ["aws_api_gateway_rest_api.rest.root_resource_id", "aws_api_gateway_rest_api.rest"] } } },
              { "address": "aws_api_gateway_method.get", "type": "aws_api_gateway_method", "name": "get",
                "expressions": { "rest_api_id": { "references": ["aws_api_gateway_rest_api.rest.id", "aws_api_gateway_rest_api.rest"] },
                                 "resource_id": { "references": ["aws_api_gateway_resource.orders.id", "aws_api_gateway_resource.orders"] } } },
              { "address": "aws_api_gateway_integration.get", "type": "aws_api_gateway_integration", "name": "get",
                "expressions": { "rest_api_id": { "references": ["aws_api_gateway_rest_api.rest.id", "aws_api_gateway_rest_api.rest"] },
                                 "resource_id": { "references": ["aws_api_gateway_resource.orders.id", "aws_api_gateway_resource.orders"] },
                                 "uri": { "references": ["aws_lambda_function.api.invoke_arn", "aws_lambda_function.api"] } } },
              { "address": "aws_api_gateway_deployment.rest", "type": "aws_api_gateway_deployment", "name": "rest",
                "expressions": { "rest_api_id": { "references": ["aws_api_gateway_rest_api.rest.id", "aws_api_gateway_rest_api.rest"] } } },
              { "address": "aws_api_gateway_stage.prod", "type": "aws_api_gateway_stage", "name": "prod",
                "expressions": { "rest_api_id": { "references": ["aws_api_gateway_rest_api.rest.id", "aws_api_gateway_rest_api.rest"] } } },
              { "address": "aws_api_gateway_method_settings.all", "type": "aws_api_gateway_method_settings", "name": "all",
                "expressions": { "rest_api_id": { "references": ["aws_api_gateway_rest_api.rest.id", "aws_api_gateway_rest_api.rest"] } } }
            ] }
          }
        }
        """

    @Test func httpAndRestAPIsWithLambdaIntegrationsAndThrottles() throws {
        let r = try ImportHarness.run(Self.plan, file: "plan.json", name: "tf")
        let s = r.output.scenario
        #expect(
            ImportHarness.section(s, "apis") == """
                apis:
                  - name: orders-http
                    stage: "$default"
                    throttle: { rate: 50, burst: 100 }
                    routes:
                      - { method: POST, path: "/orders", function: orders-api }
                  - name: orders-rest
                    stage: prod
                    throttle: { rate: 20, burst: 40 }
                    routes:
                      - { method: GET, path: "/orders", function: orders-api }
                """)
        #expect(
            r.system.assumptions.contains(
                "aws_apigatewayv2_api.http: an HTTP API, modelled as an API Gateway REST API (same routes, throttles and 29 s integration timeout)"))
        #expect(r.system.notModelled.map(\.origin.logicalID) == [])
        let spec = try ImportHarness.validate(r.output)
        _ = try ScenarioRun.run(spec, options: RunOptions(horizon: .seconds(300)))
    }

    /// An OpenAPI `body` known at plan time is read for routes; one known only after apply (it
    /// interpolates an `invoke_arn`) is stated as an assumption, not dropped silently.
    @Test func openAPIBodyIsReadOrItsAbsenceStated() throws {
        let body =
            #"{\"openapi\":\"3.0.1\",\"paths\":{\"/items\":{\"get\":{\"x-amazon-apigateway-integration\":{\"type\":\"aws_proxy\",\"httpMethod\":\"POST\",\"uri\":\"arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:items/invocations\"}}}}}"#
        let plan = """
            { "format_version": "1.2", "terraform_version": "1.9.5",
              "planned_values": { "root_module": { "resources": [
                { "address": "aws_lambda_function.items", "mode": "managed", "type": "aws_lambda_function", "name": "items", "values": { "function_name": "items", "tags": null } },
                { "address": "aws_api_gateway_rest_api.known", "mode": "managed", "type": "aws_api_gateway_rest_api", "name": "known", "values": { "name": "items-api", "body": "\(body)" } },
                { "address": "aws_api_gateway_rest_api.later", "mode": "managed", "type": "aws_api_gateway_rest_api", "name": "later", "values": { "name": "later-api" } }
              ] } },
              "configuration": { "provider_config": { "aws": { "name": "aws", "expressions": { "region": { "constant_value": "eu-west-1" } } } },
                "root_module": { "resources": [
                  { "address": "aws_api_gateway_rest_api.later", "type": "aws_api_gateway_rest_api", "name": "later",
                    "expressions": { "body": { "references": ["aws_lambda_function.items.invoke_arn", "aws_lambda_function.items"] } } } ] } } }
            """
        let r = try ImportHarness.run(plan, file: "plan.json", name: "tf")
        #expect(
            ImportHarness.section(r.output.scenario, "apis") == """
                apis:
                  - name: items-api
                    stage: prod
                    routes:
                      - { method: GET, path: "/items", function: items }
                """)
        #expect(r.system.assumptions.contains { $0.hasPrefix("aws_api_gateway_rest_api.later: its OpenAPI body is known only after apply") })
    }
}
