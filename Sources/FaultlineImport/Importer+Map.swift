/// Dispatches each resolved resource to its family (one folder per family), in three phases:
/// resources first, then what links them (event source mappings, subscriptions, API methods,
/// load balancers to services, alarms), then FIS templates and dashboards, which refer to the
/// imported inventory. Every type is either imported or listed as not modelled.
extension Importer {
    /// Types read only for references or for the lint: no effect on the simulated request path.
    static let noRuntimeEffect: [String: String] = [
        "AWS::IAM::": "IAM (permissions are not simulated)", "AWS::Logs::": "CloudWatch Logs", "AWS::S3::": "S3 (read for the FIS extension lint)",
        "AWS::KMS::": "KMS", "AWS::SSM::": "Systems Manager", "AWS::CertificateManager::": "ACM", "AWS::Route53::": "Route 53 DNS records",
        "AWS::SecretsManager::": "Secrets Manager", "AWS::EC2::SecurityGroup": "security groups (all traffic is allowed)",
        "AWS::EC2::VPC": "VPC plumbing", "AWS::EC2::Route": "routes", "AWS::EC2::SubnetRouteTableAssociation": "routes",
        "AWS::EC2::InternetGateway": "internet gateway", "AWS::EC2::VPCGatewayAttachment": "internet gateway", "AWS::EC2::EIP": "Elastic IP",
        "AWS::EC2::NatGateway": "NAT gateway (read for the S3-route lint)", "AWS::EC2::VPCEndpoint": "VPC endpoint (read for the S3-route lint)",
        "AWS::Lambda::Permission": "resource policy", "AWS::Lambda::Version": "versions (the function is modelled)",
        "AWS::Lambda::LayerVersion": "layer content", "AWS::Serverless::LayerVersion": "layer content",
        "AWS::SQS::QueuePolicy": "resource policy", "AWS::SNS::TopicPolicy": "resource policy",
        "AWS::ApiGateway::Account": "account settings", "AWS::ApiGateway::Model": "models", "AWS::ApiGateway::Deployment": "read with the API",
        "AWS::ApiGateway::Stage": "read with the API", "AWS::ApiGateway::Resource": "read with the API", "AWS::ApiGateway::Method": "read with the API",
        "AWS::ApiGatewayV2::Route": "read with the API", "AWS::ApiGatewayV2::Integration": "read with the API", "AWS::ApiGatewayV2::Stage": "read with the API",
        "AWS::ElasticLoadBalancingV2::Listener": "read with the load balancer", "AWS::ElasticLoadBalancingV2::TargetGroup": "read with the service behind it",
        "AWS::ElasticLoadBalancingV2::LoadBalancer": "read with the service behind it",
        "AWS::ElasticLoadBalancing::LoadBalancer": "read with the Auto Scaling group behind it",
        "AWS::AutoScaling::LaunchConfiguration": "launch settings", "AWS::EC2::LaunchTemplate": "launch settings",
        "AWS::AutoScaling::ScalingPolicy": "scaling policies (the group's size is fixed at its desired capacity)",
        "AWS::ApplicationAutoScaling::ScalingPolicy": "scaling policies (capacity fixed at the scalable target's minimum)",
        "AWS::ECS::Cluster": "read with its services", "AWS::ECS::TaskDefinition": "task settings",
        "AWS::RDS::DBSubnetGroup": "read with the database", "AWS::RDS::DBParameterGroup": "engine parameters",
        "AWS::RDS::DBClusterParameterGroup": "engine parameters",
        "AWS::RDS::DBSecurityGroup": "EC2-Classic security group", "AWS::CloudFormation::WaitConditionHandle": "deployment plumbing",
        "AWS::CloudFormation::WaitCondition": "deployment plumbing", "AWS::CDK::Metadata": "CDK metadata",
        // Terraform types with no CloudFormation resource of their own.
        "aws_api_gateway_integration": "read with the API (the method's integration)"
    ]

    mutating func mapAll() throws {
        var later: [ResolvedResource] = []
        var last: [ResolvedResource] = []
        for r in resolved {
            switch r.type {
            case "AWS::Lambda::Function", "AWS::Serverless::Function": try mapFunction(r)
            case "AWS::SQS::Queue": try mapQueue(r)
            case "AWS::SNS::Topic": try mapTopic(r)
            case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable": try mapTable(r)
            case "AWS::EC2::Subnet": mapSubnet(r)
            case "AWS::S3::Bucket":
                system.bucketNames.append(r.identity.name)
                later.append(r)
            case "AWS::IAM::Role":
                readFISRole(r)
                later.append(r)
            case "AWS::EC2::NatGateway":
                system.hasNATGateway = true
                later.append(r)
            case "AWS::EC2::VPCEndpoint":
                let service = r.properties["ServiceName"]?.text ?? ""
                if service.hasSuffix(".s3"), (r.properties["VpcEndpointType"]?.text ?? "Gateway") == "Gateway" { system.hasS3GatewayEndpoint = true }
                later.append(r)
            default: later.append(r)
            }
        }
        linkDeadLetterQueues()
        for r in later {
            switch r.type {
            case "AWS::Lambda::EventSourceMapping": try mapEventSourceMapping(r)
            case "AWS::SNS::Subscription": try mapSubscription(r)
            case "AWS::ApiGateway::RestApi", "AWS::Serverless::Api": try mapRestAPI(r)
            case "AWS::ApiGatewayV2::Api", "AWS::Serverless::HttpApi": try mapHttpAPI(r)
            case "AWS::AutoScaling::AutoScalingGroup": try mapAutoScalingGroup(r)
            case "AWS::ECS::Service": try mapECSService(r)
            case "AWS::EC2::Instance": try mapInstance(r)
            case "AWS::RDS::DBCluster", "AWS::RDS::DBInstance": try mapDatabase(r)
            case "AWS::ApplicationAutoScaling::ScalableTarget": try mapScalableTarget(r)
            case "AWS::Lambda::Alias": try mapAlias(r)
            default: last.append(r)
            }
        }
        mapSAMEvents()
        // Alarms before FIS templates (their stop conditions name alarms).
        last.sort { ($0.type == "AWS::CloudWatch::Alarm" ? 0 : 1) < ($1.type == "AWS::CloudWatch::Alarm" ? 0 : 1) }
        for r in last {
            switch r.type {
            case "AWS::CloudWatch::Alarm": try mapAlarm(r)
            case "AWS::FIS::ExperimentTemplate": try mapExperiment(r)
            case "AWS::CloudWatch::Dashboard": try mapDashboard(r)
            default: classifyUnmapped(r)
            }
        }
        resolveNameCollisions()
    }

    /// Resources of different services may share a name in AWS (a queue and a table both called
    /// `orders`); the scenario has one namespace. Functions and APIs keep their names; a queue,
    /// topic, table, database or host service whose name is taken gets `-<kind>` appended, every
    /// reference to it is rewritten, and the renaming is stated (ARN-based targets use the new name).
    mutating func resolveNameCollisions() {
        var taken = Set(system.functions.map(\.name))
        func claim(_ name: String, _ kind: String, _ origin: ImportedSystem.Origin) -> String {
            if taken.insert(name).inserted { return name }
            var n = "\(name)-\(kind)", k = 2
            while taken.contains(n) {
                n = "\(name)-\(kind)-\(k)"
                k += 1
            }
            taken.insert(n)
            system.assumptions.append(
                "\(origin.logicalID): the \(kind) '\(name)' shares its name with another resource; in the scenario (one namespace) it is '\(n)'")
            return n
        }
        for i in system.apis.indices where !system.apis[i].routes.isEmpty {
            let old = system.apis[i].name, new = claim(old, "api", system.apis[i].origin)
            guard new != old else { continue }
            system.apis[i].name = new
            for j in system.alarms.indices where system.alarms[j].namespace == "AWS/ApiGateway" && system.alarms[j].resource.hasPrefix(old + " ") {
                system.alarms[j].resource = new + system.alarms[j].resource.dropFirst(old.count)
            }
            for d in system.dashboards.indices {
                for w in system.dashboards[d].widgets.indices where system.dashboards[d].widgets[w].namespace == "AWS/ApiGateway" {
                    if let r = system.dashboards[d].widgets[w].resource, r.hasPrefix(old + " ") {
                        system.dashboards[d].widgets[w].resource = new + r.dropFirst(old.count)
                    }
                }
            }
        }
        func renameMetrics(_ ns: String, _ old: String, _ new: String) {
            for j in system.alarms.indices where system.alarms[j].namespace == ns && system.alarms[j].resource == old { system.alarms[j].resource = new }
            for d in system.dashboards.indices {
                for w in system.dashboards[d].widgets.indices
                where system.dashboards[d].widgets[w].namespace == ns && system.dashboards[d].widgets[w].resource == old {
                    system.dashboards[d].widgets[w].resource = new
                }
            }
        }
        for i in system.queues.indices {
            let old = system.queues[i].name, new = claim(old, "queue", system.queues[i].origin)
            guard new != old else { continue }
            system.queues[i].name = new
            for j in system.queues.indices where system.queues[j].deadLetterQueue == old { system.queues[j].deadLetterQueue = new }
            for t in system.topics.indices { system.topics[t].subscriptions = system.topics[t].subscriptions.map { $0 == old ? new : $0 } }
            renameMetrics("AWS/SQS", old, new)
        }
        for i in system.topics.indices {
            let old = system.topics[i].name, new = claim(old, "topic", system.topics[i].origin)
            if new != old {
                system.topics[i].name = new
                renameMetrics("AWS/SNS", old, new)
            }
        }
        for i in system.tables.indices {
            let old = system.tables[i].name, new = claim(old, "table", system.tables[i].origin)
            if new != old {
                system.tables[i].name = new
                renameMetrics("AWS/DynamoDB", old, new)
            }
        }
        for i in system.databases.indices { system.databases[i].name = claim(system.databases[i].name, "database", system.databases[i].origin) }
        for i in system.services.indices {
            system.services[i].name = claim(system.services[i].name, "service", system.services[i].origin)
            if let lb = system.services[i].loadBalancer {
                let origin = system.services[i].origin
                let n = claim(lb.name, "lb", origin)
                system.services[i].loadBalancer?.name = n
            }
        }
    }

    /// The S3 prefixes a role FIS assumes may write (for the FIS-extension location lint).
    mutating func readFISRole(_ r: ResolvedResource) {
        let principals = (r.properties["AssumeRolePolicyDocument"]?["Statement"]?.list ?? []).flatMap { st -> [String] in
            let svc = st["Principal"]?["Service"]
            return (svc?.list ?? [svc].compactMap { $0 }).compactMap(\.text)
        }
        guard principals.contains("fis.amazonaws.com") else { return }
        for policy in r.properties["Policies"]?.list ?? [] {
            for st in policy["PolicyDocument"]?["Statement"]?.list ?? [] where st["Effect"]?.text != "Deny" {
                let actions = (st["Action"]?.list ?? [st["Action"]].compactMap { $0 }).compactMap(\.text)
                guard actions.contains(where: { $0 == "s3:PutObject" || $0 == "s3:*" || $0 == "*" }) else { continue }
                system.fisWritablePrefixes += (st["Resource"]?.list ?? [st["Resource"]].compactMap { $0 }).compactMap(\.text)
            }
        }
    }

    /// A resource no family imports: listed as not modelled, with why.
    mutating func classifyUnmapped(_ r: ResolvedResource) {
        if let reason = Self.noRuntimeEffect.first(where: { r.type == $0.key || ($0.key.hasSuffix("::") && r.type.hasPrefix($0.key)) })?.value {
            if reason.hasPrefix("read with") {
                system.supporting.append((r.origin, reason))
                return
            }
            system.notModelled.append(.init(origin: r.origin, reason: "no effect on the simulated request path: \(reason)"))
            return
        }
        system.notModelled.append(.init(origin: r.origin, reason: "this resource type is not modelled by Faultline"))
    }

    /// `Tags` as a list of `{Key, Value}` (CloudFormation) or a mapping (SAM), plus the tags
    /// CloudFormation adds to every resource it creates (`aws:cloudformation:stack-name`,
    /// `aws:cloudformation:logical-id`, `aws:cloudformation:stack-id`).
    func tags(_ r: ResolvedResource, key: String = "Tags", onlyPropagated: Bool = false) -> [(String, String)] {
        var out: [(String, String)] = []
        if let list = r.properties[key]?.list {
            for t in list {
                guard let k = t["Key"]?.text, let v = t["Value"]?.text else { continue }
                if onlyPropagated, t["PropagateAtLaunch"]?.boolValue == false { continue }
                out.append((k, v))
            }
        } else if let map = r.properties[key]?.entries {
            for (k, v) in map { if let t = v.text { out.append((k, t)) } }
        }
        // Terraform sets no aws:cloudformation:* tags (its default_tags are in tags_all, read as Tags).
        if r.stack == TerraformPlan.stackName { return out }
        out.append(("aws:cloudformation:stack-name", r.stack))
        out.append(("aws:cloudformation:logical-id", r.logicalID))
        out.append(
            ("aws:cloudformation:stack-id", "arn:aws:cloudformation:\(system.region):\(system.account):stack/\(r.stack)/\(Naming.id(r.stack, length: 8))"))
        return out
    }

    /// The resolved resource whose `Ref`, ARN or name is `text`.
    func resource(named text: String) -> ResolvedResource? {
        resolved.first { $0.identity.ref.text == text || $0.identity.arn == text || $0.identity.name == text }
    }

    /// The function a name, ARN (`...:function:NAME[:qualifier]`) or alias ARN names.
    func functionName(_ text: String) -> String? {
        var name = text
        if let range = text.range(of: ":function:") {
            name = String(text[range.upperBound...].split(separator: ":").first ?? "")
        }
        return system.functions.first { $0.name == name }?.name
    }

    /// The queue an ARN or URL names.
    func queueName(_ text: String) -> String? {
        let name = text.split(whereSeparator: { $0 == ":" || $0 == "/" }).last.map(String.init) ?? text
        return system.queues.first { $0.name == name }?.name
    }

    func azs(ofSubnets ids: [String]) -> [String] {
        var out: [String] = []
        for id in ids {
            guard let s = resolved.first(where: { $0.type == "AWS::EC2::Subnet" && $0.identity.ref.text == id }),
                let az = s.properties["AvailabilityZone"]?.text, system.azNames.contains(az)
            else { continue }
            if !out.contains(az) { out.append(az) }
        }
        return out
    }
}
