import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

/// A value read from a file, with where it was written (for cross-reference errors).
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var path: String
    public var location: SourceLocation?
}

/// The scenario file as written: the first of the two parsing steps (house rule 9).
///
/// Every field is optional here; types, ranges and unknown keys are checked while reading, and
/// ``ScenarioSpec`` resolves names, fills every default and checks the whole.
public struct ScenarioFile: Sendable {
    public var name: String?
    public var description: String?
    public var seed: UInt64?
    public var horizon: SimDuration?
    public var period: SimDuration?
    public var warmup: SimDuration?
    public var maxEvents: Int?
    public var maxInFlight: Int?
    public var generator: RandomGenerator?
    public var regions: [RegionFile] = []
    public var regionsNode: Located<Int>?
    public var network = NetworkFile()
    public var services: [ServiceFile] = []
    public var workloads: [WorkloadFile] = []
    public var functions: [ServiceFile] = []
    /// Tables, queues, topics and API routes, in file order.
    public var managed: [ServiceFile] = []
    public var faults: [FaultFile] = []
    /// `experiments:` — FIS templates replayed as faults.
    public var experiments: [ExperimentFile] = []
    /// `automationDocuments:` — what the SSM Automation documents the templates run do.
    public var automationDocuments: [AutomationDocument] = []
    /// `alarms:` — simulated CloudWatch alarms (experiment stop conditions).
    public var alarms: [AlarmFile] = []
    /// `hypotheses:` — steady-state statements checked after the run (`FaultlineAnalysis`).
    public var hypotheses: [HypothesisFile] = []
    /// CloudWatch dashboards to render in report.html (``ScenarioFile/readDashboards(_:doc:)``).
    public var dashboards: [DashboardFile] = []
    /// `account:` — the account ID in derived ARNs.
    public var account: Located<String>?
    public var lambdaAccount: LambdaAccountFile?
    public var ledger: LedgerFile?
    /// `subnets:` — tags of the AZs' subnets (one subnet per AZ), for `aws:ec2:subnet` targets.
    public var subnets: [SubnetFile] = []
    /// `transitGateways:` — tags of the Regions' transit gateways (one per Region).
    public var transitGateways: [TransitGatewayFile] = []
    /// `prefixLists:` — customer-managed prefix lists for `scope: prefix-list` network faults.
    public var prefixLists: [PrefixListFile] = []
    public var root: Located<Int>

    /// A `transitGateways:` entry: the transit gateway of one Region and its tags.
    public struct TransitGatewayFile: Sendable {
        public var region: Located<String>
        public var tags: [(key: String, value: String)]
    }

    /// A `subnets:` entry: the subnet of one AZ and its tags.
    public struct SubnetFile: Sendable {
        public var az: Located<String>
        public var tags: [(key: String, value: String)]
    }

    /// `ledger:` — where accepted work must end up (`accepted = stored + buffered + dead-lettered`).
    public struct LedgerFile: Sendable {
        public var accepted: Located<String>
        public var stored: Located<String>
        public var buffers: [Located<String>]
    }

    public struct LambdaAccountFile: Sendable {
        public var concurrencyLimit: Int?
        public var unreservedMinimum: Int?
        public var node: Located<Int>
    }

    /// The Lambda-specific part of a function (a `functions:` entry).
    public struct FunctionFile: Sendable {
        public var memoryMB: Int?
        public var reservedConcurrency: Located<Int>?
        public var provisionedConcurrency: Located<Int>?
        public var prewarmed: Located<Int>?
        public var scaleUpPer10Seconds: Int?
        public var initDuration: Sampler?
        public var idleLifetime: Sampler?
        public var fisExtension: ExtensionFile?
        public var maximumRetryAttempts: Int?
        public var maximumEventAge: SimDuration?
        public var onFailure: Located<String>?
        /// Application Auto Scaling of provisioned concurrency (Lambda/ScenarioSpec+LambdaScaling).
        public var scaling: ScalingFile?
    }

    public struct ExtensionFile: Sendable {
        public var slowPoll: Located<SimDuration>?
        public var pollDuration: Sampler?
        public var pollMaxWait: SimDuration?
        public var frozenPoll: FISExtensionConfig.FrozenPoll?
        public var resumeWithin: Located<SimDuration>?
    }

    /// A fault scheduled directly in the scenario, in the shape of a FIS action.
    public struct FaultFile: Sendable {
        public var name: Located<String>
        public var action: Located<String>
        public var targets: [Located<String>]
        public var start: SimDuration
        public var duration: SimDuration
        /// FIS action parameters, as strings (FIS's own form).
        public var parameters: [(key: Located<String>, value: String)]
        public var parametersNode: Located<Int>
        /// Host network faults: only the targets' hosts in these AZs (nil: every AZ).
        public var azs: [Located<String>]? = nil
    }

    /// An `experiments:` entry: an unchanged FIS template started at a time.
    public struct ExperimentFile: Sendable {
        public var name: Located<String>
        public var template: Located<String>
        /// The template's text (nil when it could not be read; the diagnostic is recorded).
        public var text: String?
        public var start: SimDuration
        public var params: [(key: String, value: String)]
        public var initiationDelay: SimDuration?
        /// When StopExperiment is called (as `start`, from the beginning of the run).
        public var stopAt: Located<SimDuration>? = nil
        /// What to do with actions the model cannot replay (`unsupported: skip|fail`).
        public var unsupported: UnsupportedActions? = nil
        /// The final state the scenario expects (`expect:`), e.g. `failed` for a run that shows a
        /// stop condition already in ALARM; nil: `completed` or `stopped`.
        public var expect: ExperimentOutcome.FinalState? = nil
    }

    public struct RegionFile: Sendable {
        public var name: Located<String>
        public var azs: [Located<String>]
    }

    public struct NetworkFile: Sendable {
        public var intraAZ: Sampler?
        public var crossAZ: Sampler?
        public var crossRegion: Sampler?
    }

    public struct ServiceFile: Sendable {
        public var name: Located<String>
        public var azs: [Located<String>]?
        public var workersPerAZ: Int?
        /// nil: not given; .some(nil): unlimited.
        public var queueCapacity: Int??
        public var serviceTime: Sampler?
        public var timeout: SimDuration??
        public var errorRate: Double?
        public var calls: [CallFile] = []
        /// Set for `functions:` entries.
        public var function: FunctionFile?
        /// Set for tables, queues, topics and API routes.
        public var managed: ManagedFile?
        /// `tags:` — resource tags, for FIS `resourceTags` targeting.
        public var tags: [(key: String, value: String)] = []
        /// `hosts:`, `loadBalancer:`, `autoScaling:` (generic services only).
        public var compute: ComputeFile?
        /// `platform:` — shorthand for a service without `hosts:`: what its one implicit host per
        /// AZ (its whole deployment there) is for FIS targeting: `ec2` (`aws:ec2:instance`),
        /// `ecs` (`aws:ecs:task`) or `eks` (`aws:eks:pod`). With `hosts:`, `hosts.type` says it.
        public var platform: Located<String>? = nil
    }

    public struct CallFile: Sendable {
        public var service: Located<String>
        public var routing: CallConfig.Routing?
        public var onError: CallConfig.OnError?
        public var invocation: CallConfig.Invocation?
        public var operation: String?
        public var timeout: SimDuration?
        public var retry: RetryPolicy?
        public var circuitBreaker: CircuitBreaker.Configuration?
        public var fallback: [CallFile] = []
        public var fallbackStatus: Int?
        /// `connection:` — the pool of a call to a database.
        public var connection: DatabaseConnection? = nil
    }

    /// What a `tables:`, `queues:`, `topics:` or `apis:` entry adds to a service.
    public enum ManagedFile: Sendable {
        case table(latency: [(operation: String, latency: Sampler)], capacity: (read: Int, write: Int)?)
        case queue(QueueFile)
        case topic(subscriptions: [Located<String>])
        case apiRoute(
            api: String, method: String, path: String, rate: Double, burst: Int, integrationTimeout: SimDuration,
            function: Located<String>, apiIndex: Int)
        case database(DatabaseFile)
    }

    public struct QueueFile: Sendable {
        public var visibilityTimeout: SimDuration?
        public var retention: SimDuration?
        public var deliveryDelay: SimDuration?
        public var deadLetterQueue: Located<String>?
        public var maxReceiveCount: Int?
        public var consumer: ConsumerFile?
    }

    public struct ConsumerFile: Sendable {
        public var function: Located<String>
        public var batchSize: Int?
        public var batchingWindow: SimDuration?
        public var maximumConcurrency: Int?
        public var reportBatchItemFailures: Bool?
    }

    public struct WorkloadFile: Sendable {
        public var name: Located<String>
        public var service: Located<String>
        /// The clients' SDK behaviour: their one call to `service` (timeout, retry, breaker).
        public var client: CallFile?
        public var azWeights: [(az: Located<String>, weight: Double)]?
        public var arrivals: ArrivalsFile?
    }

    public enum ArrivalsFile: Sendable {
        case poisson(rate: Double)
        case schedule([(at: SimDuration, rate: Double)], Located<Int>)
        case trace([SimDuration])
    }
}
