import FaultlineDocument

/// Terraform plan JSON (`terraform show -json plan.tfplan`), the second input format: each
/// `aws_*` resource of `planned_values` (root and child modules) is translated to the
/// CloudFormation type and property names of the same resource, then mapped by the same families.
/// Values Terraform only knows after apply (ARNs, IDs) are taken from the reference in
/// `configuration` (`aws_sqs_queue.orders.arn`) and derived as for CloudFormation.
struct TerraformPlan {
    let file: String
    let root: CFValue
    /// Every translated resource's identity by address (`aws_subnet.a`), for references.
    var names: [String: ResourceIdentity] = [:]
    /// What the translation had to assume (stated in the scenario's assumptions).
    var assumptions: [String] = []

    /// The `stack` of translated resources (no CloudFormation stack tags are derived for them).
    static let stackName = "terraform"

    /// The AWS provider's Region when the configuration gives it as a constant.
    static func region(_ root: CFValue) -> String? {
        root["configuration"]?["provider_config"]?["aws"]?["expressions"]?["region"]?["constant_value"]?.text
    }

    static func isPlan(_ v: CFValue) -> Bool { v["format_version"] != nil && (v["planned_values"] != nil || v["terraform_version"] != nil) }

    /// Terraform type -> CloudFormation type and (terraform attribute -> CloudFormation property).
    static let types: [String: (String, [String: String])] = familyTypes.merging(simpleTypes) { a, _ in a }
    static let simpleTypes: [String: (String, [String: String])] = [
        "aws_lambda_function": (
            "AWS::Lambda::Function",
            [
                "function_name": "FunctionName", "memory_size": "MemorySize", "timeout": "Timeout",
                "reserved_concurrent_executions": "ReservedConcurrentExecutions", "layers": "Layers", "tags": "Tags"
            ]
        ),
        "aws_sqs_queue": (
            "AWS::SQS::Queue",
            [
                "name": "QueueName", "visibility_timeout_seconds": "VisibilityTimeout", "message_retention_seconds": "MessageRetentionPeriod",
                "delay_seconds": "DelaySeconds", "redrive_policy": "RedrivePolicy", "fifo_queue": "FifoQueue", "tags": "Tags"
            ]
        ),
        "aws_sns_topic": ("AWS::SNS::Topic", ["name": "TopicName", "tags": "Tags"]),
        "aws_sns_topic_subscription": ("AWS::SNS::Subscription", ["topic_arn": "TopicArn", "protocol": "Protocol", "endpoint": "Endpoint"]),
        "aws_dynamodb_table": ("AWS::DynamoDB::Table", ["name": "TableName", "billing_mode": "BillingMode", "tags": "Tags"]),
        "aws_lambda_event_source_mapping": (
            "AWS::Lambda::EventSourceMapping",
            [
                "function_name": "FunctionName", "event_source_arn": "EventSourceArn",
                "batch_size": "BatchSize", "maximum_batching_window_in_seconds": "MaximumBatchingWindowInSeconds",
                "function_response_types": "FunctionResponseTypes"
            ]
        ),
        "aws_cloudwatch_metric_alarm": (
            "AWS::CloudWatch::Alarm",
            [
                "alarm_name": "AlarmName", "namespace": "Namespace", "metric_name": "MetricName",
                "statistic": "Statistic", "extended_statistic": "ExtendedStatistic", "period": "Period",
                "threshold": "Threshold", "comparison_operator": "ComparisonOperator",
                "evaluation_periods": "EvaluationPeriods", "datapoints_to_alarm": "DatapointsToAlarm",
                "treat_missing_data": "TreatMissingData"
            ]
        ),
        "aws_cloudwatch_dashboard": ("AWS::CloudWatch::Dashboard", ["dashboard_name": "DashboardName", "dashboard_body": "DashboardBody"]),
        "aws_fis_experiment_template": ("AWS::FIS::ExperimentTemplate", ["description": "Description", "role_arn": "RoleArn", "tags": "Tags"]),
        "aws_s3_bucket": ("AWS::S3::Bucket", ["bucket": "BucketName", "tags": "Tags"]),
        "aws_iam_role": ("AWS::IAM::Role", ["name": "RoleName"])
    ]

    /// Every resource of a module and its child modules, with its address.
    static func resources(_ module: CFValue?) -> [CFValue] {
        guard let module else { return [] }
        var out = module["resources"]?.list ?? []
        var stack = module["child_modules"]?.list ?? []
        var n = 0
        while let m = stack.popLast(), n < 10_000 {
            out += m["resources"]?.list ?? []
            stack += m["child_modules"]?.list ?? []
            n += 1
        }
        return out
    }

    /// The first reference of an attribute's expression in `configuration` (e.g. `aws_sqs_queue.q.arn`).
    func reference(address: String, attribute: String) -> String? {
        expressions(address: address)?[attribute]?["references"]?.list?.first?.text
    }

    mutating func translate(region: String, account: String) throws -> [ResolvedResource] {
        var out: [ResolvedResource] = []
        names = [:]
        let all = Self.resources(root["planned_values"]?["root_module"]).filter { $0["mode"]?.text != "data" }
        // First pass: identities (names) of every resource, for references.
        for r in all {
            guard let type = r["type"]?.text, let address = r["address"]?.text, let (cfn, props) = Self.types[type] else { continue }
            let v = r["values"] ?? .map([])
            let nameKey = props.first { $0.value == (Naming.nameProperty[cfn] ?? "") }?.key
            let name = nameKey.flatMap { v[$0]?.text } ?? (r["name"]?.text ?? address)
            names[address.split(separator: ".").suffix(2).joined(separator: ".")] = ResourceIdentity(
                type: cfn, logicalID: address, name: name, region: region, account: account, stack: "terraform")
        }
        for r in all {
            guard let type = r["type"]?.text, let address = r["address"]?.text else { continue }
            let v = r["values"] ?? .map([])
            guard let (cfn, props) = Self.types[type], let id = names[address.split(separator: ".").suffix(2).joined(separator: ".")] else {
                out.append(
                    ResolvedResource(
                        file: file, stack: "terraform", logicalID: address, type: type, properties: .map([]),
                        identity: ResourceIdentity(type: type, logicalID: address, name: address, region: region, account: account, stack: "terraform")))
                continue
            }
            var p: [(String, CFValue)] = []
            for (tf, cf) in props.sorted(by: { $0.key < $1.key }) {
                var value = v[tf]
                if value == nil || value == .null, let ref = reference(address: address, attribute: tf) { value = resolveRef(ref) }
                guard let value, value != .null else { continue }
                if tf == "reserved_concurrent_executions", value.int == -1 { continue }
                // tags_all holds the resource's tags merged with the provider's default_tags (what the account sees).
                if tf == "tags", let all = v["tags_all"], all != .null {
                    p.append((cf, all))
                    continue
                }
                p.append((cf, value))
            }
            switch type {
            case "aws_lambda_function":
                if let vars = v["environment"]?.list?.first?["variables"] { p.append(("Environment", .map([("Variables", vars)]))) }
                // Subnet IDs are known only after apply when the subnets are new: read from the references.
                let subnets = listAttribute(v, address: address, ["vpc_config", "subnet_ids"])
                if !subnets.isEmpty { p.append(("VpcConfig", .map([("SubnetIds", .list(subnets))]))) }
            case "aws_dynamodb_table":
                if v["billing_mode"]?.text != "PAY_PER_REQUEST", let rc = v["read_capacity"], let wc = v["write_capacity"] {
                    p.append(("ProvisionedThroughput", .map([("ReadCapacityUnits", rc), ("WriteCapacityUnits", wc)])))
                }
            case "aws_lambda_event_source_mapping":
                if let mc = v["scaling_config"]?.list?.first?["maximum_concurrency"] { p.append(("ScalingConfig", .map([("MaximumConcurrency", mc)]))) }
            case "aws_cloudwatch_metric_alarm":
                if let dims = v["dimensions"]?.entries { p.append(("Dimensions", .list(dims.map { .map([("Name", .string($0.0)), ("Value", $0.1)]) }))) }
            case "aws_fis_experiment_template":
                p += Self.fisProperties(v)
            default: p += try familyProperties(type: type, values: v, address: address)
            }
            out.append(ResolvedResource(file: file, stack: "terraform", logicalID: address, type: cfn, properties: .map(p), identity: id))
        }
        return out
    }

    /// `aws_fis_experiment_template` blocks (`action`, `target`, `stop_condition`) as the CloudFormation properties.
    static func fisProperties(_ v: CFValue) -> [(String, CFValue)] {
        func kv(_ list: [CFValue]?) -> CFValue { .map((list ?? []).compactMap { e in e["key"]?.text.map { ($0, e["value"] ?? .null) } }) }
        var actions: [(String, CFValue)] = [], targets: [(String, CFValue)] = []
        for a in v["action"]?.list ?? [] {
            guard let name = a["name"]?.text else { continue }
            var body: [(String, CFValue)] = [("ActionId", a["action_id"] ?? .null)]
            if let d = a["description"], d != .null { body.append(("Description", d)) }
            body.append(("Parameters", kv(a["parameter"]?.list)))
            body.append(("Targets", kv(a["target"]?.list)))
            if let s = a["start_after"]?.list, !s.isEmpty { body.append(("StartAfter", .list(s))) }
            actions.append((name, .map(body)))
        }
        for t in v["target"]?.list ?? [] {
            guard let name = t["name"]?.text else { continue }
            var body: [(String, CFValue)] = [("ResourceType", t["resource_type"] ?? .null), ("SelectionMode", t["selection_mode"] ?? .string("ALL"))]
            if let tags = t["resource_tag"]?.list, !tags.isEmpty { body.append(("ResourceTags", kv(tags))) }
            if let arns = t["resource_arns"]?.list, !arns.isEmpty { body.append(("ResourceArns", .list(arns))) }
            if let f = t["filter"]?.list, !f.isEmpty {
                body.append(("Filters", .list(f.map { .map([("Path", $0["path"] ?? .null), ("Values", $0["values"] ?? .list([]))]) })))
            }
            targets.append((name, .map(body)))
        }
        let stops = (v["stop_condition"]?.list ?? []).map { s -> CFValue in
            var b: [(String, CFValue)] = [("Source", s["source"] ?? .string("none"))]
            if let val = s["value"], val != .null { b.append(("Value", val)) }
            return .map(b)
        }
        return [
            ("Actions", .map(actions)), ("Targets", .map(targets)), ("StopConditions", .list(stops.isEmpty ? [.map([("Source", .string("none"))])] : stops))
        ]
    }
}

extension Importer {
    /// Adds a Terraform plan's resources to the resolved set (mapped with the CloudFormation ones).
    mutating func addTerraform(_ plan: TerraformPlan) throws {
        var p = plan
        let rs = try p.translate(region: system.region, account: system.account)
        if rs.count > ImportLimits.maxResources {
            throw ImportError.limit(
                file: plan.file, what: "the number of resources (\(rs.count))", limit: ImportLimits.maxResources, fix: "import fewer modules at once")
        }
        system.stacks.append(plan.file)
        system.assumptions += p.assumptions
        system.logicalIDs += rs.map(\.logicalID)
        resolved += rs
    }
}
