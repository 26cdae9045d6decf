import FaultlineImport
import FaultlineScenario
import Testing

/// Terraform plan JSON for the database and container families: an Aurora `aws_rds_cluster` with
/// two `aws_rds_cluster_instance`s (a `count`, the cluster named by reference), a Multi-AZ
/// `aws_db_instance`, a read replica (listed as not modelled), and an `aws_ecs_service` whose
/// subnets and target group are references. Mapped by the same families as CloudFormation.
@Suite struct TerraformDatabaseTests {
    static let plan = """
        {
          "format_version": "1.2",
          "terraform_version": "1.9.5",
          "planned_values": { "root_module": { "resources": [
            { "address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": { "availability_zone": "us-east-2a", "tags": null } },
            { "address": "aws_subnet.c", "mode": "managed", "type": "aws_subnet", "name": "c", "values": { "availability_zone": "us-east-2c", "tags": null } },
            { "address": "aws_rds_cluster.orders", "mode": "managed", "type": "aws_rds_cluster", "name": "orders",
              "values": { "cluster_identifier": "orders-db", "engine": "aurora-postgresql", "tags": { "Team": "orders" }, "tags_all": { "Team": "orders" } } },
            { "address": "aws_rds_cluster_instance.orders[0]", "mode": "managed", "type": "aws_rds_cluster_instance", "name": "orders", "index": 0,
              "values": { "identifier": "orders-db-0", "engine": "aurora-postgresql", "instance_class": "db.r6g.large" } },
            { "address": "aws_rds_cluster_instance.orders[1]", "mode": "managed", "type": "aws_rds_cluster_instance", "name": "orders", "index": 1,
              "values": { "identifier": "orders-db-1", "engine": "aurora-postgresql", "instance_class": "db.r6g.large" } },
            { "address": "aws_db_instance.legacy", "mode": "managed", "type": "aws_db_instance", "name": "legacy",
              "values": { "identifier": "legacy", "engine": "mysql", "multi_az": true, "replicate_source_db": null, "tags": null } },
            { "address": "aws_db_instance.replica", "mode": "managed", "type": "aws_db_instance", "name": "replica",
              "values": { "identifier": "legacy-replica", "engine": "mysql", "multi_az": false, "replicate_source_db": "legacy", "tags": null } },
            { "address": "aws_ecs_cluster.main", "mode": "managed", "type": "aws_ecs_cluster", "name": "main", "values": { "name": "main" } },
            { "address": "aws_lb_target_group.api", "mode": "managed", "type": "aws_lb_target_group", "name": "api",
              "values": { "name": "api-tg", "protocol": "HTTP", "deregistration_delay": "300",
                          "health_check": [{ "interval": 30, "timeout": 5, "healthy_threshold": 5, "unhealthy_threshold": 2, "path": "/" }] } },
            { "address": "aws_ecs_service.api", "mode": "managed", "type": "aws_ecs_service", "name": "api",
              "values": { "name": "api", "desired_count": 3, "health_check_grace_period_seconds": 60, "launch_type": "FARGATE",
                          "network_configuration": [{ "assign_public_ip": false }], "load_balancer": [{ "container_name": "api", "container_port": 8080 }],
                          "tags": { "Service": "api" }, "tags_all": { "Service": "api" } } }
          ] } },
          "configuration": {
            "provider_config": { "aws": { "name": "aws", "expressions": { "region": { "constant_value": "us-east-2" } } } },
            "root_module": { "resources": [
              { "address": "aws_rds_cluster_instance.orders", "type": "aws_rds_cluster_instance", "name": "orders",
                "expressions": { "cluster_identifier": { "references": ["aws_rds_cluster.orders.id", "aws_rds_cluster.orders"] } }, "count_expression": { "constant_value": 2 } },
              { "address": "aws_ecs_service.api", "type": "aws_ecs_service", "name": "api",
                "expressions": { "cluster": { "references": ["aws_ecs_cluster.main.id", "aws_ecs_cluster.main"] },
                                 "network_configuration": [{ "subnets": { "references": ["aws_subnet.a.id", "aws_subnet.a", "aws_subnet.c.id", "aws_subnet.c"] } }],
                                 "load_balancer": [{ "target_group_arn": { "references": ["aws_lb_target_group.api.arn", "aws_lb_target_group.api"] } }] } }
            ] }
          }
        }
        """

    @Test func auroraClusterMultiAZInstanceAndECSService() throws {
        let r = try ImportHarness.run(Self.plan, file: "plan.json", name: "tf")
        let s = r.output.scenario
        #expect(
            ImportHarness.section(s, "databases") == """
                databases:
                  - name: orders-db
                    engine: aurora-postgresql
                    writer: us-east-2a
                    readers: [us-east-2b]
                    tags: { Team: "orders" }
                  - name: legacy
                    engine: rds-multi-az
                    writer: us-east-2a
                    readers: [us-east-2b]
                """)
        #expect(
            ImportHarness.section(s, "services") == """
                services:
                  - name: api
                    azs: [us-east-2a, us-east-2c]
                    hosts: { type: ecs-task, perAZ: 2, workersEach: 16, tags: { Service: "api" }, cluster: main }
                    loadBalancer: { name: api-alb, type: alb, healthCheck: { interval: 30s, timeout: 5s, healthyThreshold: 5, unhealthyThreshold: 2 }, deregistrationDelay: 300s }
                    serviceTime: { lognormal: { p50: 20ms, p99: 100ms } }
                """)
        #expect(r.system.notModelled.map(\.origin.logicalID) == ["aws_db_instance.replica"])
        #expect(r.system.notModelled[0].reason.contains("read replica of legacy"))
        let spec = try ImportHarness.validate(r.output)
        _ = try ScenarioRun.run(spec, options: RunOptions(horizon: .seconds(300)))
    }
}
