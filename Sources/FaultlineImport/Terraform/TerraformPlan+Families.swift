import FaultlineDocument

/// Terraform resources of the networking, load-balancing, compute and database families, translated
/// to the CloudFormation types and properties of the same AWS resources so the CloudFormation
/// families (`Importer+Compute`, `Importer+RDS`, ...) map them: `aws_subnet` (AZ, public IPs),
/// `aws_lb`/`aws_lb_target_group` (health check, deregistration delay)/`aws_lb_listener`,
/// `aws_autoscaling_group` (sizes, AZs or subnets, health check, `tag` blocks, target groups),
/// `aws_instance`, `aws_ecs_service` (desired count, subnets, target groups),
/// `aws_rds_cluster`/`aws_rds_cluster_instance`/`aws_db_instance`, and the plumbing that is read
/// for the lint or listed with its reason (VPC, gateways, endpoints, launch templates, ...).
///
/// Attributes Terraform knows only after apply (`aws_subnet.a.id`, `aws_lb_target_group.web.arn`)
/// are absent from `planned_values`; they are taken from the references in `configuration`
/// (including inside blocks such as `default_action` and `network_configuration`, and lists such
/// as `vpc_zone_identifier`), and derived as for CloudFormation.
extension TerraformPlan {
    /// Terraform type -> CloudFormation type and the scalar attributes read as properties
    /// (blocks and lists of references are read by ``familyProperties(type:values:address:)``).
    static let familyTypes: [String: (String, [String: String])] = [
        "aws_subnet": ("AWS::EC2::Subnet", ["availability_zone": "AvailabilityZone", "map_public_ip_on_launch": "MapPublicIpOnLaunch", "tags": "Tags"]),
        "aws_vpc": ("AWS::EC2::VPC", ["tags": "Tags"]),
        "aws_internet_gateway": ("AWS::EC2::InternetGateway", [:]),
        "aws_nat_gateway": ("AWS::EC2::NatGateway", [:]),
        "aws_eip": ("AWS::EC2::EIP", [:]),
        "aws_route_table": ("AWS::EC2::RouteTable", [:]),
        "aws_route": ("AWS::EC2::Route", [:]),
        "aws_route_table_association": ("AWS::EC2::SubnetRouteTableAssociation", [:]),
        "aws_security_group": ("AWS::EC2::SecurityGroup", [:]),
        "aws_vpc_endpoint": ("AWS::EC2::VPCEndpoint", ["service_name": "ServiceName", "vpc_endpoint_type": "VpcEndpointType"]),
        "aws_lb": ("AWS::ElasticLoadBalancingV2::LoadBalancer", ["name": "Name", "load_balancer_type": "Type", "tags": "Tags"]),
        "aws_alb": ("AWS::ElasticLoadBalancingV2::LoadBalancer", ["name": "Name", "load_balancer_type": "Type", "tags": "Tags"]),
        "aws_lb_target_group": ("AWS::ElasticLoadBalancingV2::TargetGroup", ["name": "Name", "protocol": "Protocol", "tags": "Tags"]),
        "aws_alb_target_group": ("AWS::ElasticLoadBalancingV2::TargetGroup", ["name": "Name", "protocol": "Protocol", "tags": "Tags"]),
        "aws_lb_listener": ("AWS::ElasticLoadBalancingV2::Listener", ["load_balancer_arn": "LoadBalancerArn"]),
        "aws_alb_listener": ("AWS::ElasticLoadBalancingV2::Listener", ["load_balancer_arn": "LoadBalancerArn"]),
        "aws_launch_template": ("AWS::EC2::LaunchTemplate", [:]),
        "aws_launch_configuration": ("AWS::AutoScaling::LaunchConfiguration", [:]),
        "aws_autoscaling_group": (
            "AWS::AutoScaling::AutoScalingGroup",
            [
                "name": "AutoScalingGroupName", "min_size": "MinSize", "max_size": "MaxSize",
                "desired_capacity": "DesiredCapacity", "availability_zones": "AvailabilityZones",
                "health_check_type": "HealthCheckType", "health_check_grace_period": "HealthCheckGracePeriod"
            ]
        ),
        "aws_autoscaling_policy": ("AWS::AutoScaling::ScalingPolicy", [:]),
        "aws_instance": ("AWS::EC2::Instance", ["availability_zone": "AvailabilityZone", "subnet_id": "SubnetId", "tags": "Tags"]),
        "aws_ecs_cluster": ("AWS::ECS::Cluster", ["name": "ClusterName"]),
        "aws_ecs_task_definition": ("AWS::ECS::TaskDefinition", [:]),
        "aws_ecs_service": (
            "AWS::ECS::Service",
            [
                "name": "ServiceName", "desired_count": "DesiredCount", "cluster": "Cluster",
                "health_check_grace_period_seconds": "HealthCheckGracePeriodSeconds", "tags": "Tags"
            ]
        ),
        "aws_rds_cluster": ("AWS::RDS::DBCluster", ["cluster_identifier": "DBClusterIdentifier", "engine": "Engine", "tags": "Tags"]),
        "aws_rds_cluster_instance": (
            "AWS::RDS::DBInstance", ["identifier": "DBInstanceIdentifier", "cluster_identifier": "DBClusterIdentifier", "tags": "Tags"]
        ),
        "aws_db_instance": (
            "AWS::RDS::DBInstance",
            [
                "identifier": "DBInstanceIdentifier", "multi_az": "MultiAZ",
                "replicate_source_db": "SourceDBInstanceIdentifier", "tags": "Tags"
            ]
        ),
        "aws_db_subnet_group": ("AWS::RDS::DBSubnetGroup", [:]),
        "aws_rds_cluster_parameter_group": ("AWS::RDS::DBClusterParameterGroup", [:]),
        "aws_db_parameter_group": ("AWS::RDS::DBParameterGroup", [:]),
        "aws_apigatewayv2_api": ("AWS::ApiGatewayV2::Api", ["name": "Name", "tags": "Tags"]),
        "aws_apigatewayv2_integration": (
            "AWS::ApiGatewayV2::Integration",
            [
                "api_id": "ApiId", "integration_uri": "IntegrationUri",
                "integration_type": "IntegrationType", "integration_subtype": "IntegrationSubtype"
            ]
        ),
        "aws_apigatewayv2_route": ("AWS::ApiGatewayV2::Route", ["api_id": "ApiId", "route_key": "RouteKey"]),
        "aws_apigatewayv2_stage": ("AWS::ApiGatewayV2::Stage", ["api_id": "ApiId", "name": "StageName"]),
        "aws_api_gateway_rest_api": ("AWS::ApiGateway::RestApi", ["name": "Name", "tags": "Tags"]),
        "aws_api_gateway_resource": ("AWS::ApiGateway::Resource", ["rest_api_id": "RestApiId", "parent_id": "ParentId", "path_part": "PathPart"]),
        "aws_api_gateway_method": ("AWS::ApiGateway::Method", ["rest_api_id": "RestApiId", "resource_id": "ResourceId", "http_method": "HttpMethod"]),
        "aws_api_gateway_deployment": ("AWS::ApiGateway::Deployment", ["rest_api_id": "RestApiId", "stage_name": "StageName"]),
        "aws_api_gateway_stage": ("AWS::ApiGateway::Stage", ["rest_api_id": "RestApiId", "stage_name": "StageName"]),
        // A stage's method settings are a property of the stage in CloudFormation (`MethodSettings`).
        "aws_api_gateway_method_settings": ("AWS::ApiGateway::Stage", ["rest_api_id": "RestApiId", "stage_name": "StageName"])
    ]

    /// What a reference (`aws_subnet.a.id`, `aws_lb.web.arn`, `aws_rds_cluster.db`) evaluates to:
    /// `id` is the CloudFormation `Ref` (for target groups and load balancers the ARN, as in
    /// Terraform), `arn` the ARN, `name` the name.
    func resolveRef(_ ref: String) -> CFValue? {
        let parts = ref.split(separator: ".").map(String.init)
        guard parts.count >= 2, let id = names["\(parts[0]).\(parts[1])"] else { return nil }
        guard parts.count >= 3 else { return id.ref }
        switch parts[2] {
        case "id": return id.ref
        case "name": return .string(id.name)
        case "arn": return id.attribute("Arn")
        // A Lambda function's `invoke_arn`: the API Gateway integration URI of the function.
        case "invoke_arn": return .string("arn:aws:apigateway:\(id.region):lambda:path/2015-03-31/functions/\(id.arn)/invocations")
        case "root_resource_id": return id.attribute("RootResourceId")
        default: return id.attribute(parts[2])
        }
    }

    /// The `configuration` expressions of a resource.
    func expressions(address: String) -> CFValue? {
        let configs = Self.resources(root["configuration"]?["root_module"])
        let bare = address.split(separator: ".").suffix(2).joined(separator: ".")
        let plain = bare.split(separator: "[").first.map(String.init) ?? bare
        return configs.first { $0["address"]?.text == bare || $0["address"]?.text == address || $0["address"]?.text == plain }?["expressions"]
    }

    /// The values of every resource an expression refers to, in order (`[aws_subnet.a.id,
    /// aws_subnet.b.id]`; a splat `aws_subnet.private[*].id` names each instance of the `count`).
    func referencedValues(_ expression: CFValue?) -> [CFValue] {
        var out: [CFValue] = []
        var seen: Set<String> = []
        let refs = (expression?["references"]?.list ?? []).compactMap(\.text)
        for ref in refs {
            let parts = ref.split(separator: ".").map(String.init)
            guard parts.count >= 2 else { continue }
            let resource = "\(parts[0]).\(parts[1])"
            // `aws_subnet.a` follows `aws_subnet.a.id` in Terraform's list: one value per resource.
            guard !seen.contains(resource) else { continue }
            let attribute = parts.count >= 3 ? "." + parts[2...].joined(separator: ".") : ""
            if names[resource] != nil, let v = resolveRef(ref) {
                seen.insert(resource)
                out.append(v)
                continue
            }
            // In index order (`[2]` before `[10]`; `for_each` keys by name).
            let counted = names.keys.filter { $0.hasPrefix(resource + "[") }.sorted {
                let a = Int($0.dropFirst(resource.count + 1).dropLast()), b = Int($1.dropFirst(resource.count + 1).dropLast())
                if let a, let b { return a < b }
                return $0 < $1
            }
            guard !counted.isEmpty, parts.count >= 3 || refs.filter({ $0.hasPrefix(resource + ".") }).isEmpty else { continue }
            seen.insert(resource)
            out += counted.compactMap { resolveRef($0 + attribute) }
        }
        return out
    }

    /// A list attribute (possibly inside a block, `path` like `network_configuration.subnets`):
    /// the imported resources its configuration refers to, else its planned value.
    func listAttribute(_ values: CFValue, address: String, _ path: [String], index: Int = 0) -> [CFValue] {
        var expr = expressions(address: address), planned: CFValue? = values
        for (i, key) in path.enumerated() {
            expr = expr?[key]
            planned = planned?[key]
            if i < path.count - 1 {
                expr = expr?.list?.dropFirst(i == 0 ? index : 0).first
                planned = planned?.list?.dropFirst(i == 0 ? index : 0).first
            }
        }
        let refs = referencedValues(expr)
        if !refs.isEmpty { return refs }
        if let l = planned?.list { return l.filter { $0 != .null } }
        if let p = planned, p != .null { return [p] }
        return []
    }

    /// The block-shaped and reference-list properties of the family types.
    mutating func familyProperties(type: String, values v: CFValue, address: String) throws -> [(String, CFValue)] {
        var p: [(String, CFValue)] = []
        switch type {
        case "aws_api_gateway_rest_api", "aws_apigatewayv2_api":
            // An OpenAPI `body` (a JSON or YAML string) is the API's `Body`; its routes are read by the family.
            if let body = v["body"]?.text {
                do {
                    var conv = CFConverter(file: file)
                    p.append(("Body", try conv.convert(try DocumentParser.parse(body, file: file))))
                } catch {
                    throw ImportError.input(
                        file: file, line: nil, logicalID: address, path: "values.body", message: "the OpenAPI body is not JSON or YAML (\(error)).",
                        fix: "give the API's body as jsonencode({...}) or a YAML document")
                }
            } else if expressions(address: address)?["body"] != nil {
                assumptions.append(
                    "\(address): its OpenAPI body is known only after apply (it interpolates values such as invoke_arn); its routes are not imported: define them as aws_api_gateway_method / aws_apigatewayv2_route resources, or describe them in the overlay"
                )
            }
        case "aws_lb_target_group", "aws_alb_target_group":
            if let hc = v["health_check"]?.list?.first {
                for (tf, cf) in [
                    ("interval", "HealthCheckIntervalSeconds"), ("timeout", "HealthCheckTimeoutSeconds"),
                    ("healthy_threshold", "HealthyThresholdCount"), ("unhealthy_threshold", "UnhealthyThresholdCount"),
                    ("path", "HealthCheckPath")
                ] {
                    if let x = hc[tf], x != .null { p.append((cf, x)) }
                }
            }
            if let d = v["deregistration_delay"], d != .null {
                p.append(("TargetGroupAttributes", .list([.map([("Key", .string("deregistration_delay.timeout_seconds")), ("Value", d)])])))
            }
        case "aws_lb_listener", "aws_alb_listener":
            let actions = v["default_action"]?.list ?? []
            p.append(
                (
                    "DefaultActions",
                    .list(
                        actions.indices.map { i in
                            var a: [(String, CFValue)] = [("Type", actions[i]["type"] ?? .null)]
                            if let tg = listAttribute(v, address: address, ["default_action", "target_group_arn"], index: i).first {
                                a.append(("TargetGroupArn", tg))
                            }
                            return .map(a)
                        })
                ))
        case "aws_autoscaling_group":
            let subnets = listAttribute(v, address: address, ["vpc_zone_identifier"])
            if !subnets.isEmpty { p.append(("VPCZoneIdentifier", .list(subnets))) }
            let tgs = listAttribute(v, address: address, ["target_group_arns"])
            if !tgs.isEmpty { p.append(("TargetGroupARNs", .list(tgs))) }
            let elbs = listAttribute(v, address: address, ["load_balancers"])
            if !elbs.isEmpty { p.append(("LoadBalancerNames", .list(elbs))) }
            // `tag` blocks (`key`, `value`, `propagate_at_launch`): the instances carry the propagated ones.
            let tags = (v["tag"]?.list ?? []).compactMap { t -> CFValue? in
                guard let k = t["key"], let val = t["value"] else { return nil }
                return .map([("Key", k), ("Value", val), ("PropagateAtLaunch", t["propagate_at_launch"] ?? .bool(false))])
            }
            if !tags.isEmpty { p.append(("Tags", .list(tags))) }
        case "aws_ecs_service":
            let subnets = listAttribute(v, address: address, ["network_configuration", "subnets"])
            if !subnets.isEmpty { p.append(("NetworkConfiguration", .map([("AwsvpcConfiguration", .map([("Subnets", .list(subnets))]))]))) }
            let lbs = v["load_balancer"]?.list ?? []
            let tgs = lbs.indices.compactMap { listAttribute(v, address: address, ["load_balancer", "target_group_arn"], index: $0).first }
            if !tgs.isEmpty { p.append(("LoadBalancers", .list(tgs.map { .map([("TargetGroupArn", $0)]) }))) }
        case "aws_apigatewayv2_route":
            // `target = "integrations/${aws_apigatewayv2_integration.x.id}"`, unknown until apply.
            if let t = v["target"], t != .null {
                p.append(("Target", t))
            } else if let ref = (expressions(address: address)?["target"]?["references"]?.list ?? []).compactMap(\.text).first,
                let integ = names[ref.split(separator: ".").prefix(2).joined(separator: ".")]
            {
                p.append(("Target", .string("integrations/" + integ.opaqueID)))
            }
        case "aws_apigatewayv2_stage":
            if let d = v["default_route_settings"]?.list?.first {
                p.append(
                    (
                        "DefaultRouteSettings",
                        .map([("ThrottlingRateLimit", d["throttling_rate_limit"] ?? .null), ("ThrottlingBurstLimit", d["throttling_burst_limit"] ?? .null)])
                    ))
            }
        case "aws_api_gateway_method_settings":
            if let d = v["settings"]?.list?.first {
                let path = v["method_path"]?.text ?? "*/*"
                let (resource, method) =
                    path == "*/*"
                    ? ("/*", "*")
                    : ("/" + path.split(separator: "/").dropLast().joined(separator: "/"), path.split(separator: "/").last.map(String.init) ?? "*")
                p.append(
                    (
                        "MethodSettings",
                        .list([
                            .map([
                                ("ResourcePath", .string(resource)), ("HttpMethod", .string(method)),
                                ("ThrottlingRateLimit", d["throttling_rate_limit"] ?? .null), ("ThrottlingBurstLimit", d["throttling_burst_limit"] ?? .null)
                            ])
                        ])
                    ))
            }
        case "aws_api_gateway_method":
            // The method's `aws_api_gateway_integration` (same API, resource and HTTP method) is its `Integration`.
            let plan = self
            func key(_ values: CFValue, _ address: String) -> [String?] {
                ["rest_api_id", "resource_id", "http_method"].map { plan.scalar(values, address: address, $0)?.text }
            }
            let mine = key(v, address)
            if let integ = Self.resources(root["planned_values"]?["root_module"]).first(where: {
                $0["type"]?.text == "aws_api_gateway_integration" && key($0["values"] ?? .map([]), $0["address"]?.text ?? "") == mine
            }) {
                let iv = integ["values"] ?? .map([])
                var body: [(String, CFValue)] = [("Type", iv["type"] ?? .null)]
                if let uri = scalar(iv, address: integ["address"]?.text ?? "", "uri") { body.append(("Uri", uri)) }
                p.append(("Integration", .map(body)))
            }
        default: break
        }
        return p
    }

    /// A scalar attribute: its planned value, else what its configuration refers to.
    func scalar(_ values: CFValue, address: String, _ attribute: String) -> CFValue? {
        if let x = values[attribute], x != .null { return x }
        return reference(address: address, attribute: attribute).flatMap(resolveRef)
    }
}
