import FaultlineKernel

/// A fault in effect on some targets over a window of simulated time.
///
/// The scenario file can schedule these directly; replayed FIS templates produce the same
/// values. Lambda faults do not act directly: FIS writes a configuration object to S3 at action
/// start and deletes it at action end, and each execution environment's extension only applies
/// what its last completed poll saw (``FISExtensionConfig``).
public struct FaultConfig: Sendable {
    /// The fault's name in outputs (e.g. the FIS action name).
    public var name: String
    public var action: FaultAction
    public var targets: [ServiceID]
    /// When the configuration appears (FIS action start).
    public var start: SimInstant
    /// When it is deleted (action end or experiment stop).
    public var end: SimInstant
    /// Host-level targets (instances, tasks, pods), for actions that act on individual hosts
    /// rather than whole services; empty for service-level faults.
    public var hosts: [HostRef] = []
    /// Subnet targets (`aws:ec2:subnet`), one per AZ: the AZs whose subnet the fault acts on
    /// (network ACL and route-table actions); empty for other faults.
    public var subnets: [AZID] = []

    public init(name: String, action: FaultAction, targets: [ServiceID], start: SimInstant, end: SimInstant) {
        self.name = name
        self.action = action
        self.targets = targets
        self.start = start
        self.end = end
    }
}

/// What a fault does.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#fis-actions-reference-lambda
public enum FaultAction: Sendable, Equatable {
    /// `aws:lambda:invocation-add-delay`: wait `startupDelay` between receiving the invocation
    /// and running the handler (billed, inside the function timeout).
    case lambdaAddDelay(startupDelay: SimDuration, invocationPercentage: Double)
    /// `aws:lambda:invocation-error`: the invocation fails; with `preventExecution` the handler
    /// never runs, otherwise it runs (side effects happen) and its result is replaced.
    case lambdaError(invocationPercentage: Double, preventExecution: Bool)
    /// `aws:lambda:invocation-http-integration-response`: a synthetic HTTP response with this
    /// status (a successful invocation as Lambda counts it; the caller sees the status).
    case lambdaHTTPResponse(statusCode: Int, contentType: String, invocationPercentage: Double, preventExecution: Bool)
    /// `aws:fis:inject-api-*-error`, LocalStack `localstack:generic:api-error`: the given
    /// percentage of matching API calls to the targets fail at once with `status`
    /// (429 throttling, 500 internal, 503 unavailable, or the `errorCode` given).
    case apiError(actionID: String, percentage: Double, status: UInt16, operations: [String])
    /// LocalStack `localstack:generic:latency` (and `api-error` with `latency`): matching calls
    /// are answered `delay` later.
    case apiLatency(actionID: String, delay: SimDuration, operations: [String])
    /// EC2 instance, ECS task and EKS pod actions and ARC zonal shifts: they act on
    /// ``FaultConfig/hosts`` (or the targets' load balancers) at the window's edges.
    case compute(actionID: String, effect: ComputeEffect)
    /// A network fault (`aws:network:*`, host `tc` actions): acts on hops, see ``NetworkAction``.
    case network(NetworkAction)
    /// `aws:rds:failover-db-cluster` (FailoverDBCluster) and `aws:rds:reboot-db-instances`
    /// (RebootDBInstance, `forceFailover`): see ``DatabaseConfig`` and `World+Database`.
    case databaseFailover
    case databaseReboot(forceFailover: Bool)

    /// The FIS action identifier.
    public var actionID: String {
        switch self {
        case .lambdaAddDelay: return "aws:lambda:invocation-add-delay"
        case .lambdaError: return "aws:lambda:invocation-error"
        case .lambdaHTTPResponse: return "aws:lambda:invocation-http-integration-response"
        case .apiError(let id, _, _, _), .apiLatency(let id, _, _), .compute(let id, _): return id
        case .network(let n): return n.actionID
        case .databaseFailover: return "aws:rds:failover-db-cluster"
        case .databaseReboot: return "aws:rds:reboot-db-instances"
        }
    }

    /// The share of invocations a Lambda fault intends to hit, in percent (100 for other faults).
    public var invocationPercentage: Double {
        switch self {
        case .lambdaAddDelay(_, let p), .lambdaError(let p, _), .lambdaHTTPResponse(_, _, let p, _): return p
        case .apiError, .apiLatency, .compute, .network, .databaseFailover, .databaseReboot: return 100
        }
    }

    /// Which part of the model acts on the fault: decided here and nowhere else.
    public var family: FaultFamily {
        switch self {
        case .lambdaAddDelay, .lambdaError, .lambdaHTTPResponse: return .lambda
        case .apiError, .apiLatency: return .api
        case .compute: return .compute
        case .network: return .network
        case .databaseFailover, .databaseReboot: return .database
        }
    }

    /// Whether the fault reaches its target through the FIS Lambda extension.
    public var isLambda: Bool { family == .lambda }

    /// Whether the fault acts on hosts or load balancers (not on API calls).
    public var isCompute: Bool { family == .compute }

    /// Whether the fault acts on a database cluster or instance (once, at its start).
    public var isDatabase: Bool { family == .database }

    /// Whether the fault acts on network hops rather than on requests at a service.
    public var isNetwork: Bool { family == .network }
}

/// The part of the model a ``FaultAction`` acts through (``FaultAction/family``). Every place
/// that treats faults differently by family switches over this enum, so a new family is a
/// compile error wherever it must be handled.
public enum FaultFamily: UInt8, Sendable, CaseIterable {
    /// Lambda invocation faults: configurations the FIS extension of each execution
    /// environment picks up at its polls (``FISExtensionConfig``); no fault-edge events.
    case lambda
    /// API errors and latency answered at a service's admission while the window is open.
    case api
    /// EC2 / ECS / EKS host actions and ARC zonal shifts, at the window's edges.
    case compute
    /// Network impairments of hops (NACLs, routes, host `tc`) while the window is open.
    case network
    /// RDS / Aurora failovers and reboots, started once at the window's start.
    case database
}

extension FaultAction {
    /// What a Lambda fault does, as the Lambda component applies it (nil for other families).
    var lambdaEffect: LambdaFaultEffect? {
        switch self {
        case .lambdaAddDelay(let delay, let p): return .addDelay(startupDelay: delay, percentage: p)
        case .lambdaError(let p, let prevent): return .error(percentage: p, preventExecution: prevent)
        case .lambdaHTTPResponse(let status, _, let p, let prevent):
            return .httpResponse(status: UInt16(clamping: status), percentage: p, preventExecution: prevent)
        case .apiError, .apiLatency, .compute, .network, .databaseFailover, .databaseReboot: return nil
        }
    }

    /// What an API fault does at admission (nil for other families).
    var apiEffect: APIFaultEffect? {
        switch self {
        case .apiError(_, let p, let status, let ops): return .error(percentage: p, status: status, operations: ops)
        case .apiLatency(_, let delay, let ops): return .latency(delay: delay, operations: ops)
        case .lambdaAddDelay, .lambdaError, .lambdaHTTPResponse, .compute, .network, .databaseFailover, .databaseReboot: return nil
        }
    }

    /// What a database fault starts (nil for other families).
    var databaseEffect: DatabaseFaultEffect? {
        switch self {
        case .databaseFailover: return .failover
        case .databaseReboot(let force): return .reboot(forceFailover: force)
        case .lambdaAddDelay, .lambdaError, .lambdaHTTPResponse, .apiError, .apiLatency, .compute, .network: return nil
        }
    }
}
