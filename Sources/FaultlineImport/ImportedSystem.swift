/// What the importer read from the stacks: the resources Faultline models, in the scenario's
/// terms (names as AWS names them), plus everything it did not model, by logical ID.
public struct ImportedSystem: Sendable {
    public struct Origin: Sendable, Equatable {
        public var file: String
        public var logicalID: String
        public var type: String
    }

    public struct FISExtension: Sendable, Equatable {
        public var slowPoll: Int?
        public var pollMaxWaitMs: Int?
        public var configurationLocation: String?
        public var execWrapper: String?
        public var layerARN: String?
    }

    public struct Function: Sendable {
        public var origin: Origin
        public var name: String
        public var memoryMB: Int?
        public var timeout: Int?
        public var reservedConcurrency: Int?
        public var provisionedConcurrency: Int?
        public var tags: [(String, String)]
        public var fis: FISExtension?
        /// Environment variable names starting AWS_FIS / AWS_LAMBDA_EXEC_WRAPPER without the layer.
        public var fisEnvironmentWithoutLayer = false
        public var subnets: [String] = []
    }

    public struct Queue: Sendable {
        public var origin: Origin
        public var name: String
        public var visibilityTimeout: Int?
        public var retention: Int?
        public var delay: Int?
        public var deadLetterQueue: String?
        public var maxReceiveCount: Int?
        public var consumer: Consumer?
        public var tags: [(String, String)]
    }

    public struct Consumer: Sendable {
        public var function: String
        public var batchSize: Int?
        public var batchingWindow: Int?
        public var maximumConcurrency: Int?
        public var reportBatchItemFailures: Bool
    }

    public struct Topic: Sendable {
        public var origin: Origin
        public var name: String
        public var subscriptions: [String]
        public var tags: [(String, String)]
    }

    public struct Table: Sendable {
        public var origin: Origin
        public var name: String
        public var readUnits: Int?
        public var writeUnits: Int?
        public var tags: [(String, String)]
    }

    public struct Route: Sendable, Equatable {
        public var method: String
        public var path: String
        public var function: String
    }

    public struct API: Sendable {
        public var origin: Origin
        public var name: String
        public var stage: String
        public var rate: Double?
        public var burst: Int?
        public var routes: [Route]
        /// Integrations that are not Lambda proxies (AWS service, HTTP, VPC link), as `METHOD path -> what`.
        public var otherIntegrations: [String] = []
    }

    public struct HostService: Sendable {
        public var origin: Origin
        public var name: String
        public var hostType: String // ec2-instance, ecs-task
        public var desired: Int
        public var azCount: Int?
        public var tags: [(String, String)]
        public var loadBalancer: LoadBalancer?
        public var autoScaling: Bool
        public var healthCheckType: String?
        public var gracePeriod: Int?
        public var cluster: String?
        /// The AZs it runs in (from subnets or AvailabilityZones); empty: every AZ.
        public var azs: [String] = []
    }

    public struct LoadBalancer: Sendable {
        public var name: String
        public var type: String // alb, nlb
        public var interval: Int?
        public var timeout: Int?
        public var healthy: Int?
        public var unhealthy: Int?
        public var deregistrationDelay: Int?
        public var tags: [(String, String)]
    }

    public struct Database: Sendable {
        public var origin: Origin
        public var name: String
        public var engine: String // aurora-mysql, aurora-postgresql, rds-multi-az
        public var instances: Int
        public var tags: [(String, String)]
    }

    public struct Alarm: Sendable {
        public var origin: Origin
        public var name: String
        /// The CloudWatch namespace of the metric (AWS/Lambda, AWS/SQS, ...).
        public var namespace: String = ""
        public var resource: String
        public var metric: String
        public var statistic: String
        public var period: Int
        public var threshold: Double
        public var comparison: String
        public var evaluationPeriods: Int?
        public var datapointsToAlarm: Int?
        public var treatMissingData: String?
    }

    public struct Experiment: Sendable {
        public var origin: Origin
        /// The template's name in the scenario (its `Name` tag, else the logical ID).
        public var name: String
        /// The resource with every intrinsic resolved: `{Type, Properties}`.
        public var template: CFValue
        /// Length of the experiment in seconds (longest chain of action durations).
        public var lengthSeconds: Int
        public var dashboards: [String]
    }

    public struct Widget: Sendable, Equatable {
        public var title: String
        public var namespace: String
        public var metric: String
        public var dimensions: [(String, String)]
        public var statistic: String
        public var period: Int
        /// The scenario resource the metric's dimensions name, if it is modelled.
        public var resource: String?
        public static func == (a: Widget, b: Widget) -> Bool {
            a.title == b.title && a.namespace == b.namespace && a.metric == b.metric && a.statistic == b.statistic && a.period == b.period
                && a.dimensions.map { $0.0 + "=" + $0.1 } == b.dimensions.map { $0.0 + "=" + $0.1 }
        }
    }

    public struct Dashboard: Sendable {
        public var origin: Origin
        public var name: String
        public var widgets: [Widget]
        /// Widgets that are not metric graphs (text, logs, alarms), by type, counted.
        public var skippedWidgets: [String]
    }

    public struct Subnet: Sendable {
        public var origin: Origin
        public var az: String
        public var tags: [(String, String)]
        public var isPublic: Bool
    }

    public struct NotModelled: Sendable, Equatable {
        public var origin: Origin
        public var reason: String
    }

    public var region = "us-east-1"
    public var account = "123456789012"
    public var azNames: [String] = []
    public var functions: [Function] = []
    public var queues: [Queue] = []
    public var topics: [Topic] = []
    public var tables: [Table] = []
    public var apis: [API] = []
    public var services: [HostService] = []
    public var databases: [Database] = []
    public var alarms: [Alarm] = []
    public var experiments: [Experiment] = []
    public var dashboards: [Dashboard] = []
    public var subnets: [Subnet] = []
    public var notModelled: [NotModelled] = []
    /// Resources read only for the lint or as parts of others (IAM roles, permissions, S3 buckets, ...), by logical ID.
    public var supporting: [(Origin, String)] = []
    /// Values the importer had to assume (they go into the overlay skeleton and the scenario's comments).
    public var assumptions: [String] = []
    /// Facts the lint needs: S3 buckets by name, gateway endpoints / NAT gateways present.
    public var bucketNames: [String] = []
    public var hasS3GatewayEndpoint = false
    public var hasNATGateway = false
    public var stacks: [String] = []
    /// FIS templates left out because a stop-condition alarm is not modelled: (template, alarm ARN).
    public var unmodelledStopConditions: [(origin: Origin, alarm: String)] = []
    /// Every logical ID read from the inputs (each is imported, part of an imported resource, or not modelled).
    public var logicalIDs: [String] = []
    /// `s3:PutObject` resources granted to roles that FIS (`fis.amazonaws.com`) assumes, as `arn:aws:s3:::bucket/prefix*` patterns.
    public var fisWritablePrefixes: [String] = []

    /// The logical IDs that are imported, read as part of another resource, or listed as not modelled.
    public var accountedLogicalIDs: Set<String> {
        var out = Set(notModelled.map(\.origin.logicalID) + supporting.map(\.0.logicalID))
        out.formUnion(functions.map(\.origin.logicalID) + queues.map(\.origin.logicalID) + topics.map(\.origin.logicalID))
        out.formUnion(tables.map(\.origin.logicalID) + apis.map(\.origin.logicalID) + services.map(\.origin.logicalID))
        out.formUnion(databases.map(\.origin.logicalID) + alarms.map(\.origin.logicalID) + experiments.map(\.origin.logicalID))
        out.formUnion(dashboards.map(\.origin.logicalID) + subnets.map(\.origin.logicalID))
        return out
    }
}
