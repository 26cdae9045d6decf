import FaultlineKernel

/// What a network fault does to the hops it matches.
///
/// Three families, as FIS injects them:
/// - subnet network ACLs (`aws:network:disrupt-connectivity`): a clone of the subnet's NACL with
///   deny entries; NACLs are stateless, so both directions of a matching flow are dropped;
/// - routes (`aws:network:route-table-disrupt-cross-region-connectivity`,
///   `aws:network:transit-gateway-disrupt-cross-region-connectivity`): traffic routed toward a
///   Region is blackholed;
/// - host traffic control (`aws:ecs:task-network-*`, `aws:eks:pod-network-*`,
///   `AWSFIS-Run-Network-*` SSM documents): `tc netem` delay, jitter and loss on a host's
///   egress (or ingress) toward some sources.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#network-actions-reference-fis
public enum NetworkAction: Sendable, Equatable {
    /// `aws:network:disrupt-connectivity`: deny entries in the NACL of the fault's subnets;
    /// `prefixList` is the `prefixListIdentifier` of `scope: prefix-list` (nil for other scopes).
    case disruptConnectivity(scope: DisruptScope, prefixList: PrefixListRef? = nil)
    /// Route-table (`hostsOnly == false`) or transit-gateway (`hostsOnly == true`: only
    /// VPC-to-VPC traffic) blackhole of traffic from the fault's subnets toward `region`.
    case crossRegionBlackhole(actionID: String, region: String, hostsOnly: Bool)
    /// `tc netem` on the fault's hosts.
    case host(HostImpairment)

    public var actionID: String {
        switch self {
        case .disruptConnectivity: return "aws:network:disrupt-connectivity"
        case .crossRegionBlackhole(let id, _, _): return id
        case .host(let h): return h.actionID
        }
    }
}

/// The `scope` parameter of `aws:network:disrupt-connectivity`.
public enum DisruptScope: String, Sendable, Equatable, CaseIterable {
    /// Deny all traffic in and out of the subnet; traffic inside the subnet still flows.
    case all
    /// Deny traffic to and from subnets in other AZs of the VPC.
    case availabilityZone = "availability-zone"
    /// Deny traffic to and from the Region's DynamoDB endpoint.
    case dynamodb
    /// Deny traffic to and from the resources of a customer-managed prefix list
    /// (`prefixListIdentifier`, see ``PrefixList``).
    case prefixList = "prefix-list"
    /// Deny traffic to and from the Region's S3 endpoint.
    case s3
    /// Deny traffic to the S3 Express One Zone endpoint of the subnet's AZ (not modelled: no
    /// resource of the model is behind it).
    case s3express
    /// Deny traffic entering and leaving the VPC.
    case vpc
}

/// One `sources` entry of a host network fault: which peers the impaired traffic goes to.
public enum NetworkSource: Sendable, Equatable {
    /// `ALL` (or `0.0.0.0/0`): every peer.
    case all
    /// An Availability Zone's address range (name or ID), i.e. VPC hosts in that AZ.
    case az(String)
    /// `DYNAMODB`: the Region's DynamoDB endpoint.
    case dynamodb
    /// `S3`: the Region's S3 endpoint.
    case s3
}

/// Which direction of a host's traffic `tc` impairs.
public enum TrafficDirection: String, Sendable, Equatable {
    /// Packets the host sends (requests it makes, responses it returns).
    case egress
    /// Packets the host receives.
    case ingress
    /// Both.
    case all
}

/// `tc netem` settings of a host network fault.
public struct HostImpairment: Sendable, Equatable {
    public var actionID: String
    /// Added one-way delay.
    public var delay: SimDuration
    /// Uniform jitter: each packet's delay is in `delay ± jitter` (netem's default, no correlation).
    public var jitter: SimDuration
    /// Per-packet loss probability in percent (0..100).
    public var lossPercent: Double
    /// Share of flows affected, in percent (1..100); a flow is one caller request.
    public var flowsPercent: Double
    public var sources: [NetworkSource]
    public var direction: TrafficDirection

    public init(
        actionID: String, delay: SimDuration = .zero, jitter: SimDuration = .zero, lossPercent: Double = 0,
        flowsPercent: Double = 100, sources: [NetworkSource] = [.all], direction: TrafficDirection = .egress
    ) {
        self.actionID = actionID
        self.delay = delay
        self.jitter = jitter
        self.lossPercent = lossPercent
        self.flowsPercent = flowsPercent
        self.sources = sources
        self.direction = direction
    }
}
