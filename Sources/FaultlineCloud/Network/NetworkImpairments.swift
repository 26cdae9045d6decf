import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Where one end of a network hop is, as NACLs, routes and `tc` see it.
enum NetPoint: UInt8, Sendable {
    /// A host in a customer VPC subnet: one host of a service with `hosts:` (an EC2 instance,
    /// ECS task or EKS pod), or a generic service's whole deployment in one AZ (its one
    /// implicit host there), or a workload's client.
    case host = 0
    /// The Region's DynamoDB endpoint (a table).
    case dynamodb = 1
    /// The Region's S3 endpoint.
    case s3 = 2
    /// Another regional AWS service endpoint (Lambda, SQS, SNS, API Gateway, RDS): outside the
    /// VPC, in no AZ's address range.
    case regional = 3
}

/// What a compiled network fault acts on.
enum NetworkFaultKind: UInt8, Sendable {
    /// `aws:network:disrupt-connectivity`: NACL deny entries on subnets.
    case disruptConnectivity = 0
    /// `aws:network:route-table-disrupt-cross-region-connectivity` / transit gateway: a blackhole route.
    case crossRegionBlackhole = 1
    /// Host `tc` (SSM documents, ECS/EKS network actions): delay, jitter and loss on a host's hops.
    case hostTC = 2
}

/// What the active network faults do to one hop.
struct HopEffect {
    var delay: Int64 = 0
    var loss: Double = 0
    var blocked = false
}

/// One network fault, compiled against the world's AZs and deployments.
struct CompiledNetworkFault: Sendable {
    /// Index in `ModelConfig.faults`.
    let fault: Int
    let family: NetworkFaultKind
    let scope: DisruptScope
    /// Per AZ: the fault holds that AZ's subnet.
    let subnet: [Bool]
    /// Per point: the fault names that host (exactly the deployments its ``HostRef``s name).
    /// Which instance it holds is ``NetworkImpairments/held``.
    let host: [Bool]
    /// Per deployment: `scope: prefix-list` lists its resource (empty for other faults).
    let prefix: [Bool]
    /// Cross-Region blackhole: the destination Region; only VPC hosts there (transit gateway).
    let region: Int32
    let hostsOnly: Bool
    // Host `tc` settings.
    let delay: Int64
    let jitter: Int64
    let loss: Double
    /// Flows affected, as a fraction (1 = all).
    let flows: Double
    let egress: Bool
    let ingress: Bool
    let anySource: Bool
    /// Per AZ: VPC hosts in that AZ are a source.
    let sourceAZ: [Bool]
    let sourceDynamoDB: Bool
    let sourceS3: Bool
}

/// The network's impairment state: which network faults are active and what they do per hop.
///
/// The hot path asks ``isActive`` first; with no network fault active nothing else is read and
/// no random number is drawn, so runs without network faults are unchanged. Loss and jitter
/// draw from their own streams (`network/loss`, `network/jitter`), so the base latency draws of
/// the `network` stream are the same with and without faults.
///
/// Points are the deployments, then one point per AZ for the load balancer node there
/// (``nodePoint(az:)``): the source of health checks (World+HealthCheckNetwork).
struct NetworkImpairments: @unchecked Sendable {
    private(set) var isActive = false
    let faults: [CompiledNetworkFault]
    /// Indices into `faults` of the active ones, in fault order.
    private(set) var active: [Int32] = []
    /// Per compiled fault, per point: the host `tc` fault holds the instance there now. FIS
    /// resolves targets once and injects into those resources (an ECS task's network
    /// namespace, an instance's interface), so a host that replaces a held one in its slot is
    /// a new resource the fault never reaches (``release(deployment:)``). Bound again to the
    /// slots' current hosts each time the fault's window opens. Subnet and route faults act
    /// on the subnet: whatever runs there, replacements included, is in them.
    private(set) var held: [[Bool]] = []
    /// Number of deployments: points at and after it are load balancer nodes.
    let deploymentCount: Int
    /// Per compiled fault: messages (requests and responses) that crossed a hop it impaired
    /// (blocked, delayed or made lossy) while it was active. Zero at the end means its targets
    /// carried no traffic while the action ran: the fault took no effect.
    private(set) var crossings: [Int64] = []
    /// Per deployment: ``NetPoint`` kind, AZ and Region.
    let kind: [NetPoint]
    let az: [Int32]
    let region: [Int32]
    /// Per deployment: its service (for metrics).
    let service: [Int32]
    let lossStream: RandomStream?
    let jitterStream: RandomStream?
    let lossHandle: StreamHandle?
    let jitterHandle: StreamHandle?
    /// Per service: segments retransmitted and messages dropped on hops it sent.
    let retransmits: [CounterID]
    let drops: [CounterID]

    init(
        config: ModelConfig, deploymentsByService: [[Int32]], deploymentCount: Int, recorder: inout MetricsRecorder,
        seed: UInt64, replication: UInt32
    ) {
        let azCount = config.topology.azs.count
        let pointCount = deploymentCount + azCount
        var kind = [NetPoint](repeating: .regional, count: pointCount)
        var az = [Int32](repeating: 0, count: pointCount)
        var service = [Int32](repeating: -1, count: pointCount)
        // A load balancer node is a VPC host in its AZ's subnet, as a workload's client is.
        for a in 0..<azCount {
            kind[deploymentCount + a] = .host
            az[deploymentCount + a] = Int32(a)
        }
        for (si, s) in config.services.enumerated() {
            let k: NetPoint
            switch s.kind {
            case .generic: k = .host
            case .table: k = .dynamodb
            case .function, .queue, .topic, .apiRoute, .database: k = .regional
            }
            // A service with hosts has `perAZ` deployments per AZ, AZ by AZ (see `World.init`).
            let perAZ = s.hosts?.perAZ ?? 1
            for (i, d) in deploymentsByService[si].enumerated() {
                kind[Int(d)] = k
                az[Int(d)] = s.azs[i / perAZ].index
                service[Int(d)] = Int32(si)
            }
        }
        self.kind = kind
        self.az = az
        self.service = service
        self.deploymentCount = deploymentCount
        let azRegion = config.topology.azs.map { $0.region.index }
        self.region = az.map { azRegion[Int($0)] }
        var compiled: [CompiledNetworkFault] = []
        for (fi, f) in config.faults.enumerated() {
            guard case .network(let action) = f.action else { continue }
            var subnet = [Bool](repeating: false, count: azCount)
            for a in f.subnets { subnet[Int(a.index)] = true }
            var host = [Bool](repeating: false, count: pointCount)
            for h in f.hosts {
                if let d = NetworkImpairments.deployment(of: h, config: config, deploymentsByService: deploymentsByService) { host[Int(d)] = true }
            }
            var family = NetworkFaultKind.disruptConnectivity, scope = DisruptScope.all, region: Int32 = -1, hostsOnly = false
            var tc = HostImpairment(actionID: "")
            var prefix: [Bool] = []
            switch action {
            case .disruptConnectivity(let s, let ref):
                scope = s
                if s == .prefixList {
                    let listed = ref?.list?.entries ?? []
                    prefix = service.map { sv in listed.contains { $0.index == sv } }
                }
            case .crossRegionBlackhole(_, let name, let only):
                family = .crossRegionBlackhole
                hostsOnly = only
                region = Int32(config.topology.regions.firstIndex { $0.name == name } ?? -1)
            case .host(let h):
                family = .hostTC
                tc = h
            }
            var sourceAZ = [Bool](repeating: false, count: azCount)
            for case .az(let name) in tc.sources {
                if let a = config.topology.azs.firstIndex(where: { $0.name == name }) { sourceAZ[a] = true }
            }
            compiled.append(
                CompiledNetworkFault(
                    fault: fi, family: family, scope: scope, subnet: subnet, host: host, prefix: prefix, region: region, hostsOnly: hostsOnly,
                    delay: tc.delay.nanoseconds, jitter: tc.jitter.nanoseconds, loss: tc.lossPercent / 100, flows: tc.flowsPercent / 100,
                    egress: tc.direction != .ingress, ingress: tc.direction != .egress,
                    anySource: tc.sources.contains(.all), sourceAZ: sourceAZ,
                    sourceDynamoDB: tc.sources.contains(.dynamodb), sourceS3: tc.sources.contains(.s3)))
        }
        self.faults = compiled
        self.crossings = [Int64](repeating: 0, count: compiled.count)
        self.held = compiled.map(\.host)
        if compiled.isEmpty {
            lossStream = nil
            jitterStream = nil
            lossHandle = nil
            jitterHandle = nil
            retransmits = []
            drops = []
        } else {
            let loss = RandomStream(master: seed, component: "network/loss", replication: replication, generator: config.generator)
            let jitter = RandomStream(master: seed, component: "network/jitter", replication: replication, generator: config.generator)
            lossStream = loss
            jitterStream = jitter
            lossHandle = loss.handle
            jitterHandle = jitter.handle
            retransmits = config.services.map { recorder.counter($0.name, "NetworkRetransmits", emitted: $0.kind.isGenericOrTable) }
            drops = config.services.map { recorder.counter($0.name, "NetworkMessagesDropped") }
        }
    }

    /// The deployment a host reference names: the `index`-th host of the service in that AZ
    /// (a service without `hosts:` has one implicit host, index 0, per AZ: its deployment there).
    static func deployment(of h: HostRef, config: ModelConfig, deploymentsByService: [[Int32]]) -> Int32? {
        let si = Int(h.service.index)
        guard si >= 0, si < config.services.count else { return nil }
        let s = config.services[si]
        let perAZ = s.hosts?.perAZ ?? 1
        guard h.index >= 0, Int(h.index) < perAZ, let a = s.azs.firstIndex(of: h.az) else { return nil }
        let i = a * perAZ + Int(h.index)
        let ds = deploymentsByService[si]
        return i < ds.count ? ds[i] : nil
    }

    /// Per `ModelConfig.faults` entry of `count`: its ``crossings`` (nil: not a network fault).
    func crossingsByFault(count: Int) -> [Int64?] {
        var out = [Int64?](repeating: nil, count: count)
        for (c, f) in faults.enumerated() where f.fault < count { out[f.fault] = crossings[c] }
        return out
    }

    /// A fault window opens or closes (`fault` indexes `ModelConfig.faults`). Opening binds a
    /// host fault to the hosts in its slots now.
    mutating func setActive(fault: Int, _ on: Bool) {
        guard let c = faults.firstIndex(where: { $0.fault == fault }) else { return }
        active.removeAll { $0 == Int32(c) }
        if on {
            active.append(Int32(c))
            active.sort()
            held[c] = faults[c].host
        }
        isActive = !active.isEmpty
    }

    /// A new host took the slot of deployment `d` (a replacement launched by the ECS service
    /// scheduler, an Auto Scaling group or a ReplicaSet): host `tc` faults no longer hold it.
    mutating func release(deployment d: Int) {
        for c in faults.indices where faults[c].family == .hostTC && held[c][d] { held[c][d] = false }
    }

    /// The point of the load balancer node in AZ `az`.
    func nodePoint(az: Int32) -> Int { deploymentCount + Int(az) }

    /// What the active faults do to a message from deployment `src` to deployment `dst`;
    /// `flow` identifies the caller's request (flowsPercent picks flows by it).
    /// Counts the message in ``crossings`` of every fault that impairs the hop.
    mutating func effect(from src: Int, to dst: Int, flow: UInt64) -> HopEffect {
        var e = HopEffect()
        for c in active {
            let f = faults[Int(c)]
            switch f.family {
            case .disruptConnectivity:
                if disrupts(f, src, dst) {
                    e.blocked = true
                    crossings[Int(c)] += 1
                }
            case .crossRegionBlackhole:
                if kind[src] == .host, f.subnet[Int(az[src])], region[dst] == f.region, region[src] != f.region,
                    !f.hostsOnly || kind[dst] == .host
                {
                    e.blocked = true
                    crossings[Int(c)] += 1
                }
            case .hostTC:
                guard hostHit(Int(c), src, dst, flow: flow) else { continue }
                crossings[Int(c)] += 1
                e.delay += f.delay
                if f.jitter > 0, let h = jitterHandle {
                    e.delay += Int64((h.uniform() * 2 - 1) * Double(f.jitter))
                }
                if f.loss > 0 { e.loss = 1 - (1 - e.loss) * (1 - f.loss) }
            }
        }
        if e.delay < 0 { e.delay = 0 }
        return e
    }

    /// Whether host `tc` fault `c` (active) impairs a message from `src` to `dst` of `flow`:
    /// it leaves a held host toward a matching peer (egress), or reaches one from a matching
    /// peer (ingress), on an affected flow.
    @inline(__always)
    func hostHit(_ c: Int, _ src: Int, _ dst: Int, flow: UInt64) -> Bool {
        let f = faults[c]
        let hit = (f.egress && held[c][src] && matches(f, dst)) || (f.ingress && held[c][dst] && matches(f, src))
        guard hit else { return false }
        return f.flows >= 1 || NetworkImpairments.flowFraction(flow, fault: f.fault) < f.flows
    }

    /// What the active faults do to a health check's message from `src` to `dst`, as
    /// ``effect(from:to:flow:)`` but not counted in ``crossings`` (they count the service's
    /// traffic) and with jitter drawn from `stream` (the load balancer's), so checks leave
    /// the request traffic's draws unchanged.
    func checkEffect(from src: Int, to dst: Int, flow: UInt64, stream: StreamHandle) -> HopEffect {
        var e = HopEffect()
        for c in active {
            let f = faults[Int(c)]
            switch f.family {
            case .disruptConnectivity:
                if disrupts(f, src, dst) { e.blocked = true }
            case .crossRegionBlackhole:
                if kind[src] == .host, f.subnet[Int(az[src])], region[dst] == f.region, region[src] != f.region,
                    !f.hostsOnly || kind[dst] == .host
                {
                    e.blocked = true
                }
            case .hostTC:
                guard hostHit(Int(c), src, dst, flow: flow) else { continue }
                e.delay += f.delay
                if f.jitter > 0 { e.delay += Int64((stream.uniform() * 2 - 1) * Double(f.jitter)) }
                if f.loss > 0 { e.loss = 1 - (1 - e.loss) * (1 - f.loss) }
            }
        }
        if e.delay < 0 { e.delay = 0 }
        return e
    }

    /// A NACL with deny entries on a subnet: does it drop this message? Traffic between two
    /// hosts of the same subnet never crosses the NACL.
    func disrupts(_ f: CompiledNetworkFault, _ src: Int, _ dst: Int) -> Bool {
        let sIn = kind[src] == .host && f.subnet[Int(az[src])]
        let dIn = kind[dst] == .host && f.subnet[Int(az[dst])]
        guard sIn != dIn else { return false }
        let inside = sIn ? src : dst, other = sIn ? dst : src
        let sameRegion = region[other] == region[inside]
        switch f.scope {
        case .all: return true
        case .availabilityZone: return kind[other] == .host && sameRegion && az[other] != az[inside]
        case .dynamodb: return kind[other] == .dynamodb && sameRegion
        case .s3: return kind[other] == .s3 && sameRegion
        case .prefixList: return f.prefix[other]
        case .s3express: return false
        case .vpc: return !(kind[other] == .host && sameRegion)
        }
    }

    /// Whether `tc`'s source filter matches the peer at deployment `p`.
    func matches(_ f: CompiledNetworkFault, _ p: Int) -> Bool {
        if f.anySource { return true }
        switch kind[p] {
        case .host: return f.sourceAZ[Int(az[p])]
        case .dynamodb: return f.sourceDynamoDB
        case .s3: return f.sourceS3
        case .regional: return false
        }
    }

    /// A deterministic number in [0, 1) per (flow, fault): which flows a `flowsPercent` takes.
    static func flowFraction(_ flow: UInt64, fault: Int) -> Double {
        let h = StreamSeed.splitMix64(flow ^ (UInt64(fault) &* 0x9E37_79B9_7F4A_7C15))
        return Double(h >> 11) * 0x1p-53
    }
}

extension ServiceKind {
    var isGenericOrTable: Bool {
        switch self {
        case .generic, .table: return true
        case .function, .queue, .topic, .apiRoute, .database: return false
        }
    }
}
