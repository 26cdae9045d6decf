/// Physical names, `Ref` values, ARNs and `Fn::GetAtt` values of resources, derived as
/// CloudFormation and the services derive them, so FIS targets (ARNs, tags) resolve against the
/// imported inventory as they would in the account. Where AWS appends a random suffix to a
/// generated name (`<stack>-<LogicalId>-<random>`), Faultline leaves it out (deterministic).
enum Naming {
    /// The property that names a resource, per type.
    static let nameProperty: [String: String] = [
        "AWS::Lambda::Function": "FunctionName", "AWS::SQS::Queue": "QueueName", "AWS::SNS::Topic": "TopicName",
        "AWS::DynamoDB::Table": "TableName", "AWS::S3::Bucket": "BucketName", "AWS::IAM::Role": "RoleName",
        "AWS::Logs::LogGroup": "LogGroupName", "AWS::ApiGateway::RestApi": "Name", "AWS::ApiGatewayV2::Api": "Name",
        "AWS::ElasticLoadBalancingV2::LoadBalancer": "Name", "AWS::ElasticLoadBalancingV2::TargetGroup": "Name",
        "AWS::ElasticLoadBalancing::LoadBalancer": "LoadBalancerName",
        "AWS::AutoScaling::AutoScalingGroup": "AutoScalingGroupName", "AWS::ECS::Cluster": "ClusterName",
        "AWS::ECS::Service": "ServiceName", "AWS::RDS::DBCluster": "DBClusterIdentifier", "AWS::RDS::DBInstance": "DBInstanceIdentifier",
        "AWS::CloudWatch::Alarm": "AlarmName", "AWS::CloudWatch::Dashboard": "DashboardName", "AWS::SSM::Parameter": "Name",
        "AWS::SSM::Document": "Name"
    ]

    /// Types whose `Ref` is an opaque ID (`subnet-…`, a REST API ID, ...), with the ID prefix.
    static let idPrefix: [String: String] = [
        "AWS::EC2::Subnet": "subnet-", "AWS::EC2::VPC": "vpc-", "AWS::EC2::SecurityGroup": "sg-", "AWS::EC2::Instance": "i-",
        "AWS::EC2::InternetGateway": "igw-", "AWS::EC2::NatGateway": "nat-", "AWS::EC2::RouteTable": "rtb-",
        "AWS::EC2::VPCEndpoint": "vpce-", "AWS::EC2::EIP": "eipalloc-", "AWS::ApiGateway::RestApi": "",
        "AWS::ApiGateway::Resource": "", "AWS::ApiGateway::Deployment": "", "AWS::ApiGatewayV2::Api": "",
        "AWS::ApiGatewayV2::VpcLink": "", "AWS::FIS::ExperimentTemplate": "EXT", "AWS::KMS::Key": ""
    ]

    /// A deterministic hexadecimal ID of `length` characters for a resource (FNV-1a 64).
    static func id(_ seed: String, length: Int = 17) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var out = ""
        var round: UInt64 = 0
        while out.count < length {
            for b in (seed + "#\(round)").utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            out += String(h, radix: 16)
            round += 1
        }
        return String(out.prefix(length))
    }

    /// CloudFormation's generated name when the template names none: `<stack>-<LogicalId>`.
    static func generated(stack: String, logicalID: String, type: String) -> String {
        var n = "\(stack)-\(logicalID)"
        switch type {
        case "AWS::S3::Bucket", "AWS::RDS::DBCluster", "AWS::RDS::DBInstance": n = n.lowercased()
        case "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::TargetGroup": n = String(n.prefix(32))
        default: break
        }
        if type == "AWS::Lambda::Function" { n = String(n.prefix(64)) }
        return n
    }
}

/// What a resource's `Ref` and ARN are, given its physical name.
struct ResourceIdentity {
    var type: String
    var logicalID: String
    var name: String
    var region: String
    var account: String
    var stack: String

    var opaqueID: String {
        let p = Naming.idPrefix[type] ?? ""
        return p + Naming.id("\(stack)/\(logicalID)", length: p.isEmpty ? 10 : 17)
    }

    var arn: String {
        let r = region, a = account
        switch type {
        case "AWS::Lambda::Function", "AWS::Lambda::Alias", "AWS::Lambda::Version": return "arn:aws:lambda:\(r):\(a):function:\(name)"
        case "AWS::SQS::Queue": return "arn:aws:sqs:\(r):\(a):\(name)"
        case "AWS::SNS::Topic": return "arn:aws:sns:\(r):\(a):\(name)"
        case "AWS::DynamoDB::Table": return "arn:aws:dynamodb:\(r):\(a):table/\(name)"
        case "AWS::S3::Bucket": return "arn:aws:s3:::\(name)"
        case "AWS::IAM::Role": return "arn:aws:iam::\(a):role/\(name)"
        case "AWS::Logs::LogGroup": return "arn:aws:logs:\(r):\(a):log-group:\(name):*"
        case "AWS::RDS::DBCluster": return "arn:aws:rds:\(r):\(a):cluster:\(name)"
        case "AWS::RDS::DBInstance": return "arn:aws:rds:\(r):\(a):db:\(name)"
        case "AWS::CloudWatch::Alarm": return "arn:aws:cloudwatch:\(r):\(a):alarm:\(name)"
        case "AWS::ElasticLoadBalancingV2::LoadBalancer":
            return "arn:aws:elasticloadbalancing:\(r):\(a):loadbalancer/app/\(name)/\(Naming.id(logicalID, length: 16))"
        case "AWS::ElasticLoadBalancingV2::TargetGroup":
            return "arn:aws:elasticloadbalancing:\(r):\(a):targetgroup/\(name)/\(Naming.id(logicalID, length: 16))"
        case "AWS::ECS::Cluster": return "arn:aws:ecs:\(r):\(a):cluster/\(name)"
        case "AWS::ECS::Service": return "arn:aws:ecs:\(r):\(a):service/\(name)"
        case "AWS::SSM::Document": return "arn:aws:ssm:\(r):\(a):document/\(name)"
        case "AWS::SSM::Parameter": return "arn:aws:ssm:\(r):\(a):parameter/\(name.hasPrefix("/") ? String(name.dropFirst()) : name)"
        case "AWS::FIS::ExperimentTemplate": return "arn:aws:fis:\(r):\(a):experiment-template/\(opaqueID)"
        case "AWS::KMS::Key": return "arn:aws:kms:\(r):\(a):key/\(opaqueID)"
        case "AWS::Lambda::LayerVersion": return "arn:aws:lambda:\(r):\(a):layer:\(name):1"
        case "AWS::StepFunctions::StateMachine": return "arn:aws:states:\(r):\(a):stateMachine:\(name)"
        default:
            let service = type.split(separator: ":").dropFirst(2).first.map { $0.lowercased() } ?? "unknown"
            return "arn:aws:\(service):\(r):\(a):\(name)"
        }
    }

    /// `{ "Ref": logicalID }`.
    var ref: CFValue {
        switch type {
        case "AWS::SQS::Queue": return .string("https://sqs.\(region).amazonaws.com/\(account)/\(name)")
        case "AWS::SNS::Topic", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::TargetGroup",
            "AWS::ECS::Service", "AWS::ElasticLoadBalancingV2::Listener", "AWS::Lambda::LayerVersion", "AWS::Lambda::Alias", "AWS::Lambda::Version":
            return .string(arn)
        default:
            if Naming.nameProperty[type] != nil && type != "AWS::ApiGateway::RestApi" && type != "AWS::ApiGatewayV2::Api" { return .string(name) }
            if Naming.idPrefix[type] != nil { return .string(opaqueID) }
            return .string(name)
        }
    }

    /// `{ "Fn::GetAtt": [logicalID, attribute] }`.
    func attribute(_ attr: String) -> CFValue {
        switch (type, attr) {
        case (_, "Arn"): return .string(arn)
        case ("AWS::SNS::Topic", "TopicArn"): return .string(arn)
        case ("AWS::SNS::Topic", "TopicName"), ("AWS::SQS::Queue", "QueueName"): return .string(name)
        case ("AWS::SQS::Queue", "QueueUrl"): return ref
        case ("AWS::DynamoDB::Table", "StreamArn"): return .string(arn + "/stream/2026-01-01T00:00:00.000")
        case ("AWS::S3::Bucket", "DomainName"): return .string("\(name).s3.amazonaws.com")
        case ("AWS::S3::Bucket", "RegionalDomainName"): return .string("\(name).s3.\(region).amazonaws.com")
        case ("AWS::ApiGateway::RestApi", "RootResourceId"): return .string(Naming.id("\(stack)/\(logicalID)/root", length: 10))
        case ("AWS::ApiGateway::RestApi", "RestApiId"), ("AWS::ApiGatewayV2::Api", "ApiId"): return .string(opaqueID)
        case ("AWS::ApiGatewayV2::Api", "ApiEndpoint"): return .string("https://\(opaqueID).execute-api.\(region).amazonaws.com")
        case ("AWS::ElasticLoadBalancingV2::LoadBalancer", "DNSName"): return .string("\(name)-\(Naming.id(logicalID, length: 10)).\(region).elb.amazonaws.com")
        case ("AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerFullName"): return .string("app/\(name)/\(Naming.id(logicalID, length: 16))")
        case ("AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerName"), ("AWS::ElasticLoadBalancingV2::TargetGroup", "TargetGroupName"):
            return .string(name)
        case ("AWS::ElasticLoadBalancingV2::TargetGroup", "TargetGroupFullName"): return .string("targetgroup/\(name)/\(Naming.id(logicalID, length: 16))")
        case ("AWS::RDS::DBCluster", "Endpoint.Address"), ("AWS::RDS::DBInstance", "Endpoint.Address"):
            return .string("\(name).cluster-\(Naming.id(stack, length: 12)).\(region).rds.amazonaws.com")
        case ("AWS::RDS::DBCluster", "Endpoint.Port"), ("AWS::RDS::DBInstance", "Endpoint.Port"): return .string("3306")
        case ("AWS::EC2::Subnet", "AvailabilityZone"): return .string("\(region)a")
        default: return .string("\(name).\(attr)")
        }
    }
}
