import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

extension ScenarioFile {
    /// A service's `hosts:`, `loadBalancer:` and `autoScaling:` as written.
    public struct ComputeFile: Sendable {
        public var hostsNode: Located<Int>
        public var type: HostsConfig.HostType?
        public var perAZ: Int?
        public var workersEach: Int?
        public var tags: [(key: String, value: String)] = []
        public var bootTime: Sampler?
        public var rebootTime: Sampler?
        public var restartDelay: SimDuration?
        public var replacementDelay: SimDuration?
        public var oomPercent: Double?
        public var vcpus: Int?
        public var cluster: String?
        public var namespace: String?
        public var loadBalancer: LoadBalancerFile?
        public var autoScaling: AutoScalingFile?
        public var scaling: ScalingFile?
        public var requestBytes: Int?
        public var responseBytes: Int?
        public var memoryPercent: Double?
        public var metrics: Bool?
    }

    public struct LoadBalancerFile: Sendable {
        public var node: Located<Int>
        public var name: Located<String>?
        public var kind: LoadBalancerConfig.Kind?
        public var crossZone: Bool?
        public var algorithm: LoadBalancerConfig.Algorithm?
        public var interval: SimDuration?
        public var timeout: SimDuration?
        public var healthyThreshold: Int?
        public var unhealthyThreshold: Int?
        public var deregistrationDelay: SimDuration?
        /// The load balancer's own tags (FIS targeting); nil: it carries the service's tags.
        public var tags: [(key: String, value: String)]?
    }

    public struct AutoScalingFile: Sendable {
        public var node: Located<Int>
        public var replaceUnhealthy: Bool?
        public var healthCheckType: AutoScalingConfig.HealthCheckType?
        public var healthCheckGracePeriod: SimDuration?
        public var detectionDelay: SimDuration?
        public var launchTime: Sampler?
    }

    /// Reads `hosts:`, `loadBalancer:` and `autoScaling:` of a service (all optional; the
    /// latter two need `hosts:`).
    static func readCompute(_ m: MappingReader, service: Located<String>, doc: DocumentReader, dists: DistributionReader) -> ComputeFile? {
        let lbNode = m.optional("loadBalancer")
        let asgNode = m.optional("autoScaling")
        let scalingNode = m.optional("scaling")
        guard let h = m.optional("hosts") else {
            for (key, n) in [("loadBalancer", lbNode), ("autoScaling", asgNode), ("scaling", scalingNode)] {
                if let n {
                    doc.error(
                        n, "'\(key)' needs 'hosts:' on the service '\(service.value)'.", fix: "add e.g. hosts: { type: ec2-instance, perAZ: 4, workersEach: 8 }"
                    )
                }
            }
            return nil
        }
        guard let hm = doc.mapping(h, what: "hosts { type, perAZ, workersEach, tags, bootTime, ... }") else { return nil }
        var c = ComputeFile(hostsNode: Located(value: 0, path: h.path, location: h.location))
        c.type = hm.required("type", fix: "type: ec2-instance, ecs-task or eks-pod").flatMap { doc.choice($0, HostsConfig.HostType.allCases.map(\.rawValue)) }
            .flatMap(HostsConfig.HostType.init(rawValue:))
        c.perAZ = hm.required("perAZ", fix: "how many hosts each AZ runs, e.g. perAZ: 4").flatMap {
            doc.int($0, in: 1...1_000, rangeText: "a whole number from 1 to 1000")
        }
        c.workersEach = hm.required("workersEach", fix: "requests one host serves at once, e.g. workersEach: 8").flatMap {
            doc.int($0, in: 1...1_000_000, rangeText: "a whole number from 1 to 1000000")
        }
        c.tags = readTags(hm, doc: doc)
        c.bootTime = hm.optional("bootTime").flatMap(dists.sampler)
        c.rebootTime = hm.optional("rebootTime").flatMap(dists.sampler)
        c.restartDelay = hm.optional("restartDelay").flatMap { doc.duration($0) }
        c.replacementDelay = hm.optional("replacementDelay").flatMap { doc.duration($0) }
        c.oomPercent = hm.optional("oomPercent").flatMap { doc.double($0, in: 1...100, rangeText: "a percentage from 1 to 100") }
        c.vcpus = hm.optional("vcpus").flatMap { doc.int($0, in: 1...1_024, rangeText: "a whole number from 1 to 1024") }
        c.cluster = hm.optional("cluster").flatMap(doc.string)
        c.namespace = hm.optional("namespace").flatMap(doc.string)
        c.requestBytes = hm.optional("requestBytes").flatMap { doc.int($0, in: 1...1_073_741_824, rangeText: "a whole number of bytes from 1 to 1073741824") }
        c.responseBytes = hm.optional("responseBytes").flatMap { doc.int($0, in: 1...1_073_741_824, rangeText: "a whole number of bytes from 1 to 1073741824") }
        c.metrics = hm.optional("metrics").flatMap(doc.bool)
        c.memoryPercent = hm.optional("memoryPercent").flatMap { doc.double($0, in: 0...100, rangeText: "a percentage from 0 to 100") }
        hm.finish()
        c.scaling = scalingNode.flatMap { readScaling($0, doc: doc) }
        if let n = lbNode, let lm = doc.mapping(n, what: "loadBalancer { name, type, crossZone, algorithm, healthCheck, deregistrationDelay, tags }") {
            var lb = LoadBalancerFile(node: Located(value: 0, path: n.path, location: n.location))
            lb.name = lm.optional("name").flatMap { located($0, doc.string) }
            lb.kind = lm.optional("type").flatMap { doc.choice($0, LoadBalancerConfig.Kind.allCases.map(\.rawValue)) }.flatMap(
                LoadBalancerConfig.Kind.init(rawValue:))
            lb.crossZone = lm.optional("crossZone").flatMap(doc.bool)
            lb.algorithm = lm.optional("algorithm").flatMap { doc.choice($0, LoadBalancerConfig.Algorithm.allCases.map(\.rawValue)) }
                .flatMap(LoadBalancerConfig.Algorithm.init(rawValue:))
            lb.deregistrationDelay = lm.optional("deregistrationDelay").flatMap { doc.duration($0) }
            if lm.optional("tags") != nil { lb.tags = readTags(lm, doc: doc) }
            if let hc = lm.optional("healthCheck"), let hcm = doc.mapping(hc, what: "healthCheck { interval, timeout, healthyThreshold, unhealthyThreshold }") {
                lb.interval = hcm.optional("interval").flatMap { doc.duration($0, allowZero: false) }
                lb.timeout = hcm.optional("timeout").flatMap { doc.duration($0, allowZero: false) }
                lb.healthyThreshold = hcm.optional("healthyThreshold").flatMap { doc.int($0, in: 2...10, rangeText: "a whole number from 2 to 10") }
                lb.unhealthyThreshold = hcm.optional("unhealthyThreshold").flatMap { doc.int($0, in: 2...10, rangeText: "a whole number from 2 to 10") }
                hcm.finish()
            }
            lm.finish()
            c.loadBalancer = lb
        }
        if let n = asgNode,
            let am = doc.mapping(n, what: "autoScaling { replaceUnhealthy, healthCheckType, healthCheckGracePeriod, detectionDelay, launchTime }")
        {
            var a = AutoScalingFile(node: Located(value: 0, path: n.path, location: n.location))
            a.replaceUnhealthy = am.optional("replaceUnhealthy").flatMap(doc.bool)
            a.healthCheckType = am.optional("healthCheckType").flatMap { doc.choice($0, AutoScalingConfig.HealthCheckType.allCases.map(\.rawValue)) }
                .flatMap(AutoScalingConfig.HealthCheckType.init(rawValue:))
            a.healthCheckGracePeriod = am.optional("healthCheckGracePeriod").flatMap { doc.duration($0) }
            a.detectionDelay = am.optional("detectionDelay").flatMap { doc.duration($0) }
            a.launchTime = am.optional("launchTime").flatMap(dists.sampler)
            am.finish()
            c.autoScaling = a
        }
        return c
    }
}

extension ScenarioSpec {
    /// Defaults of hosts, load balancers and Auto Scaling groups (docs/scenario-format.md).
    public enum ComputeDefaults {
        /// EC2 instance boot to serving; ECS task and EKS pod start.
        public static func bootTime(_ t: HostsConfig.HostType) -> Distribution {
            switch t {
            case .ec2Instance: return try! .lognormal(p50: 40, p99: 90)
            case .ecsTask: return try! .lognormal(p50: 15, p99: 45)
            case .eksPod: return try! .lognormal(p50: 5, p99: 20)
            }
        }
        public static let rebootTime = try! Distribution.lognormal(p50: 45, p99: 120)
        public static let restartDelay = SimDuration.seconds(10)
        public static func replacementDelay(_ t: HostsConfig.HostType) -> SimDuration { t == .eksPod ? .seconds(1) : .seconds(10) }
        public static let launchTime = try! Distribution.lognormal(p50: 30, p99: 90)
    }

    /// Builds a generic service's hosts, load balancer and Auto Scaling group; nil on errors
    /// (recorded in `doc`).
    static func validateCompute(_ c: ScenarioFile.ComputeFile, service: ScenarioFile.ServiceFile, azCount: Int, period: SimDuration, doc: DocumentReader)
        -> (hosts: HostsConfig, lb: LoadBalancerConfig, asg: AutoScalingConfig?)?
    {
        func at(_ l: Located<Int>, _ message: String, fix: String) { doc.error(path: l.path, location: l.location, message, fix: fix) }
        if let lb = c.loadBalancer, let t = lb.timeout, let i = lb.interval, t >= i {
            at(lb.node, "the health check timeout (\(t)) must be shorter than its interval (\(i)).", fix: "e.g. healthCheck: { interval: 30s, timeout: 5s }")
            return nil
        }
        if c.autoScaling != nil, let t = c.type, t != .ec2Instance {
            at(
                c.autoScaling!.node, "autoScaling applies to EC2 instances; \(t.rawValue) hosts are replaced by their scheduler.",
                fix: "remove autoScaling, or set hosts.replacementDelay for ECS tasks and EKS pods")
            return nil
        }
        guard let type = c.type, let perAZ = c.perAZ, let each = c.workersEach else { return nil }
        func sampler(_ given: Sampler?, _ d: Distribution) -> Sampler { given ?? (try! Sampler(d)) }
        var scaling: ScalingConfig?
        if let sf = c.scaling {
            guard
                let sc = validateScaling(
                    sf, type: type, hasAutoScaling: c.autoScaling != nil, initial: perAZ * azCount, service: service.name.value,
                    period: period, doc: doc)
            else { return nil }
            scaling = sc
        }
        // With scaling, every AZ has a slot per unit of maximum capacity (a group may put all its
        // instances in one AZ when the others cannot take any); `perAZ` run at the start.
        var hosts = HostsConfig(
            type: type, perAZ: max(perAZ, scaling?.maxCapacity ?? 0), workersEach: each, tags: c.tags,
            bootTime: sampler(c.bootTime, ComputeDefaults.bootTime(type)), rebootTime: sampler(c.rebootTime, ComputeDefaults.rebootTime),
            restartDelay: c.restartDelay ?? ComputeDefaults.restartDelay,
            replacementDelay: c.replacementDelay ?? ComputeDefaults.replacementDelay(type), oomPercent: c.oomPercent ?? 90,
            vcpus: c.vcpus ?? 2, cluster: c.cluster ?? service.name.value, namespace: c.namespace ?? "default",
            initialPerAZ: perAZ, scaling: scaling, requestBytes: c.requestBytes ?? HostsConfig.defaultRequestBytes,
            responseBytes: c.responseBytes ?? HostsConfig.defaultResponseBytes, memoryPercent: c.memoryPercent ?? 30)
        hosts.emitInstanceMetrics = c.metrics ?? false
        hosts.emitGroupMetrics = (c.metrics ?? false) || scaling != nil
        let f = c.loadBalancer
        let kind = f?.kind ?? .alb
        // ALB: cross-zone on, health checks 30 s / 5 s / 5 healthy / 2 unhealthy;
        // NLB: cross-zone off, 30 s / 10 s / 3 / 3.
        let lb = LoadBalancerConfig(
            name: f?.name?.value ?? "\(service.name.value)-\(kind.rawValue)", kind: kind, crossZone: f?.crossZone ?? (kind == .alb),
            algorithm: f?.algorithm ?? .roundRobin, interval: f?.interval ?? .seconds(30),
            timeout: f?.timeout ?? .seconds(kind == .alb ? 5 : 10), healthyThreshold: f?.healthyThreshold ?? (kind == .alb ? 5 : 3),
            unhealthyThreshold: f?.unhealthyThreshold ?? (kind == .alb ? 2 : 3),
            deregistrationDelay: f?.deregistrationDelay ?? .seconds(300))
        if lb.timeout >= lb.interval, let n = f?.node {
            at(
                n, "the health check timeout (\(lb.timeout)) must be shorter than its interval (\(lb.interval)).",
                fix: "give both, e.g. healthCheck: { interval: 30s, timeout: 5s }")
            return nil
        }
        var asg: AutoScalingConfig?
        if let a = c.autoScaling {
            asg = AutoScalingConfig(
                replaceUnhealthy: a.replaceUnhealthy ?? true, healthCheckType: a.healthCheckType ?? .ec2,
                healthCheckGracePeriod: a.healthCheckGracePeriod ?? .seconds(300), detectionDelay: a.detectionDelay ?? .seconds(10),
                launchTime: a.launchTime ?? (try! Sampler(ComputeDefaults.launchTime)))
        }
        return (hosts, lb, asg)
    }
}
