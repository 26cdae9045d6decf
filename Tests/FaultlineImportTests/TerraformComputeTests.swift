import FaultlineImport
import FaultlineScenario
import Testing

/// Terraform plan JSON for the network, load-balancing and compute families: `aws_subnet` AZs,
/// an `aws_lb` with its `aws_lb_target_group` health check and `aws_lb_listener` in front of an
/// `aws_autoscaling_group` (subnets and target groups given as references, as `terraform show
/// -json` writes values known only after apply), an `aws_instance`, and the plumbing listed with
/// its reason. Mapped by the same families as CloudFormation.
@Suite struct TerraformComputeTests {
    static let plan = """
        {
          "format_version": "1.2",
          "terraform_version": "1.9.5",
          "planned_values": { "root_module": { "resources": [
            { "address": "aws_vpc.main", "mode": "managed", "type": "aws_vpc", "name": "main", "values": { "cidr_block": "10.0.0.0/16", "tags": null } },
            { "address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a",
              "values": { "availability_zone": "eu-west-1a", "map_public_ip_on_launch": false, "tags": { "Tier": "app" }, "tags_all": { "Tier": "app", "Env": "prod" } } },
            { "address": "aws_subnet.b", "mode": "managed", "type": "aws_subnet", "name": "b",
              "values": { "availability_zone": "eu-west-1b", "map_public_ip_on_launch": false, "tags": { "Tier": "app" }, "tags_all": { "Tier": "app", "Env": "prod" } } },
            { "address": "aws_lb.web", "mode": "managed", "type": "aws_lb", "name": "web",
              "values": { "name": "web-alb", "load_balancer_type": "application", "internal": false, "tags": null, "tags_all": { "Env": "prod" } } },
            { "address": "aws_lb_target_group.web", "mode": "managed", "type": "aws_lb_target_group", "name": "web",
              "values": { "name": "web-tg", "port": 80, "protocol": "HTTP", "deregistration_delay": "30",
                          "health_check": [{ "enabled": true, "interval": 10, "timeout": 5, "healthy_threshold": 2, "unhealthy_threshold": 3, "path": "/health" }] } },
            { "address": "aws_lb_listener.http", "mode": "managed", "type": "aws_lb_listener", "name": "http",
              "values": { "port": 80, "protocol": "HTTP", "default_action": [{ "type": "forward" }] } },
            { "address": "aws_launch_template.web", "mode": "managed", "type": "aws_launch_template", "name": "web", "values": { "instance_type": "t3.micro" } },
            { "address": "aws_autoscaling_group.web", "mode": "managed", "type": "aws_autoscaling_group", "name": "web",
              "values": { "name": "web-asg", "min_size": 2, "max_size": 6, "desired_capacity": 4, "health_check_type": "ELB", "health_check_grace_period": 120,
                          "launch_template": [{ "version": "$Latest" }],
                          "tag": [{ "key": "FIS-Target", "value": "web", "propagate_at_launch": true }, { "key": "Owner", "value": "ops", "propagate_at_launch": false }] } },
            { "address": "aws_autoscaling_policy.cpu", "mode": "managed", "type": "aws_autoscaling_policy", "name": "cpu", "values": { "policy_type": "TargetTrackingScaling" } },
            { "address": "aws_instance.bastion", "mode": "managed", "type": "aws_instance", "name": "bastion",
              "values": { "instance_type": "t3.nano", "tags": { "Name": "bastion" }, "tags_all": { "Name": "bastion", "Env": "prod" } } },
            { "address": "aws_fis_experiment_template.terminate", "mode": "managed", "type": "aws_fis_experiment_template", "name": "terminate",
              "values": { "description": "terminate half the web instances", "role_arn": "arn:aws:iam::123456789012:role/fis",
                          "action": [{ "name": "terminate", "action_id": "aws:ec2:terminate-instances", "description": null, "start_after": [], "parameter": [],
                                       "target": [{ "key": "Instances", "value": "web" }] }],
                          "target": [{ "name": "web", "resource_type": "aws:ec2:instance", "selection_mode": "PERCENT(50)",
                                       "resource_tag": [{ "key": "FIS-Target", "value": "web" }], "resource_arns": [], "filter": [] }],
                          "stop_condition": [{ "source": "none", "value": null }], "tags": null } }
          ] } },
          "configuration": {
            "provider_config": { "aws": { "name": "aws", "expressions": { "region": { "constant_value": "eu-west-1" } } } },
            "root_module": { "resources": [
              { "address": "aws_lb_listener.http", "type": "aws_lb_listener", "name": "http",
                "expressions": { "load_balancer_arn": { "references": ["aws_lb.web.arn", "aws_lb.web"] },
                                 "default_action": [{ "type": { "constant_value": "forward" }, "target_group_arn": { "references": ["aws_lb_target_group.web.arn", "aws_lb_target_group.web"] } }] } },
              { "address": "aws_autoscaling_group.web", "type": "aws_autoscaling_group", "name": "web",
                "expressions": { "vpc_zone_identifier": { "references": ["aws_subnet.a.id", "aws_subnet.a", "aws_subnet.b.id", "aws_subnet.b"] },
                                 "target_group_arns": { "references": ["aws_lb_target_group.web.arn", "aws_lb_target_group.web"] } } },
              { "address": "aws_instance.bastion", "type": "aws_instance", "name": "bastion",
                "expressions": { "subnet_id": { "references": ["aws_subnet.b.id", "aws_subnet.b"] } } }
            ] }
          }
        }
        """

    @Test func subnetsLoadBalancerAutoScalingGroupAndInstance() throws {
        let r = try ImportHarness.run(Self.plan, file: "plan.json", name: "tf")
        let s = r.output.scenario
        #expect(
            ImportHarness.section(s, "subnets") == """
                subnets:
                  - { az: eu-west-1a, tags: { Tier: "app", Env: "prod" } }
                  - { az: eu-west-1b, tags: { Tier: "app", Env: "prod" } }
                """)
        #expect(
            ImportHarness.section(s, "services") == """
                services:
                  - name: web-asg
                    azs: [eu-west-1a, eu-west-1b]
                    hosts: { type: ec2-instance, perAZ: 2, workersEach: 16, tags: { FIS-Target: "web" } }
                    loadBalancer: { name: web-alb, type: alb, healthCheck: { interval: 10s, timeout: 5s, healthyThreshold: 2, unhealthyThreshold: 3 }, deregistrationDelay: 30s }
                    autoScaling: { replaceUnhealthy: true, healthCheckType: ELB, healthCheckGracePeriod: 120s }
                    serviceTime: { lognormal: { p50: 20ms, p99: 100ms } }
                  - name: bastion
                    azs: [eu-west-1b]
                    hosts: { type: ec2-instance, perAZ: 1, workersEach: 16, tags: { Name: "bastion", Env: "prod" } }
                    serviceTime: { lognormal: { p50: 20ms, p99: 100ms } }
                """)
        // The group's MaxSize is stated as an assumption (scaling policies are not modelled).
        #expect(
            r.system.assumptions.contains("aws_autoscaling_group.web: the group stays at its desired capacity 4 (MaxSize 6; scaling policies are not modelled)")
        )
        #expect(r.system.notModelled.map(\.origin.logicalID) == ["aws_vpc.main", "aws_launch_template.web", "aws_autoscaling_policy.cpu"])
        let spec = try ImportHarness.validate(r.output)
        // The FIS template's tag target resolves against the group's instances (the propagated tag).
        let run = try ScenarioRun.run(spec, options: RunOptions(horizon: .seconds(900)))
        #expect(run.experiments.map(\.status) == [.completed])
        #expect(run.experiments[0].targets[0].resources.count == 2)
    }

    /// A function in new subnets (`vpc_config.subnet_ids` known only after apply) is in the VPC:
    /// the no-route-to-S3 lint fires without a NAT gateway or S3 gateway endpoint, and not with one.
    @Test func lambdaSubnetsByReferenceAndTheS3RouteLint() throws {
        func plan(_ extra: String) -> String {
            """
            { "format_version": "1.2", "terraform_version": "1.9.5",
              "planned_values": { "root_module": { "resources": [
                { "address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": { "availability_zone": "eu-west-1a" } },
                { "address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function", "name": "f",
                  "values": { "function_name": "f", "layers": ["arn:aws:lambda:eu-west-1:211125607513:layer:aws-fis-extension-x86_64:9"],
                              "environment": [{ "variables": { "AWS_FIS_CONFIGURATION_LOCATION": "arn:aws:s3:::cfg/FisConfigs/", "AWS_LAMBDA_EXEC_WRAPPER": "/opt/aws-fis/bootstrap" } }],
                              "vpc_config": [{ "security_group_ids": [] }] } }\(extra)
              ] } },
              "configuration": { "provider_config": { "aws": { "name": "aws", "expressions": { "region": { "constant_value": "eu-west-1" } } } },
                "root_module": { "resources": [
                  { "address": "aws_lambda_function.f", "type": "aws_lambda_function", "name": "f",
                    "expressions": { "vpc_config": [{ "subnet_ids": { "references": ["aws_subnet.a.id", "aws_subnet.a"] } }] } } ] } } }
            """
        }
        let bare = try ImportHarness.run(plan(""), file: "plan.json", name: "tf")
        #expect(Lint.check(bare.system).map(\.rule).contains(.noRouteToS3))
        let endpoint =
            #", { "address": "aws_vpc_endpoint.s3", "mode": "managed", "type": "aws_vpc_endpoint", "name": "s3", "values": { "service_name": "com.amazonaws.eu-west-1.s3", "vpc_endpoint_type": "Gateway" } }"#
        #expect(!Lint.check(try ImportHarness.run(plan(endpoint), file: "plan.json", name: "tf").system).map(\.rule).contains(.noRouteToS3))
        let nat = #", { "address": "aws_nat_gateway.n", "mode": "managed", "type": "aws_nat_gateway", "name": "n", "values": {} }"#
        #expect(!Lint.check(try ImportHarness.run(plan(nat), file: "plan.json", name: "tf").system).map(\.rule).contains(.noRouteToS3))
    }

    /// `vpc_zone_identifier = aws_subnet.private[*].id` (a `count` splat): each counted subnet, in index order.
    @Test func countSplatOfSubnets() throws {
        let subnets = (0..<3).map { i in
            #"{ "address": "aws_subnet.private[\#(i)]", "mode": "managed", "type": "aws_subnet", "name": "private", "index": \#(i), "values": { "availability_zone": "eu-west-1\#(["c", "a", "b"][i])" } }"#
        }.joined(separator: ",\n")
        let plan = """
            { "format_version": "1.2", "terraform_version": "1.9.5",
              "planned_values": { "root_module": { "resources": [
                \(subnets),
                { "address": "aws_autoscaling_group.w", "mode": "managed", "type": "aws_autoscaling_group", "name": "w",
                  "values": { "name": "w", "min_size": 3, "max_size": 3, "desired_capacity": 3 } }
              ] } },
              "configuration": { "provider_config": { "aws": { "name": "aws", "expressions": { "region": { "constant_value": "eu-west-1" } } } },
                "root_module": { "resources": [
                  { "address": "aws_autoscaling_group.w", "type": "aws_autoscaling_group", "name": "w",
                    "expressions": { "vpc_zone_identifier": { "references": ["aws_subnet.private"] } } } ] } } }
            """
        let r = try ImportHarness.run(plan, file: "plan.json", name: "tf")
        #expect(r.system.services.map(\.azs) == [["eu-west-1c", "eu-west-1a", "eu-west-1b"]])
    }
}
