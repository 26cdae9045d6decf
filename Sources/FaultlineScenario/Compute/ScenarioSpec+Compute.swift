import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel
import FaultlineRandom

extension ScenarioSpec {
    /// Hosts as FIS sees them (`aws:ec2:instance`, `aws:ecs:task`, `aws:eks:pod`, with tags, AZ,
    /// `State.Name` and `Placement.AvailabilityZone`) and load balancers
    /// (`aws:arc:zonal-shift-managed-resource`, `aws:elasticloadbalancing:loadbalancer`) and
    /// Auto Scaling groups (`aws:ec2:autoscaling-group`, `<service>-asg`).
    /// IDs in ARNs are derived from the names (FNV-1a), so they are stable across runs.
    static func computeInventory(_ all: [ScenarioFile.ServiceFile], services: [ServiceConfig], topology: Topology, account: String) -> [InventoryResource] {
        var out: [InventoryResource] = []
        for (i, s) in services.enumerated() {
            guard let hc = s.hosts, let lb = s.loadBalancer else { continue }
            let region = s.azs.first.map { topology.regions[Int(topology.azs[Int($0.index)].region.index)].name } ?? "us-east-1"
            let tags = StringPairs((hc.tags + all[i].tags).map { .init(key: $0.key, value: $0.value) })
            for az in s.azs {
                let azName = topology.name(of: az)
                for k in 0..<hc.initialPerAZ {
                    let name = HostsConfig.hostName(service: s.name, az: azName, index: k)
                    let arn: String
                    var attributes = [
                        StringPairs.Pair(key: "State.Name", value: "running"), .init(key: "AvailabilityZoneId", value: azID(az, topology: topology))
                    ]
                    switch hc.type {
                    case .ec2Instance:
                        arn = "arn:aws:ec2:\(region):\(account):instance/\(instanceID(name))"
                        attributes.append(.init(key: "InstanceId", value: instanceID(name)))
                    case .ecsTask:
                        arn = "arn:aws:ecs:\(region):\(account):task/\(hc.cluster)/\(hex(StreamSeed.fnv1a64(name)))\(hex(StreamSeed.fnv1a64(name + "/task")))"
                        attributes += [
                            .init(key: "cluster", value: hc.cluster), .init(key: "service", value: s.name), .init(key: "lastStatus", value: "RUNNING")
                        ]
                    case .eksPod:
                        arn = "arn:aws:eks:\(region):\(account):pod/\(hc.cluster)/\(hc.namespace)/\(podName(s.name, azName, k))"
                        attributes += [
                            .init(key: "clusterIdentifier", value: hc.cluster), .init(key: "namespace", value: hc.namespace),
                            .init(key: "deploymentName", value: s.name), .init(key: "podName", value: podName(s.name, azName, k))
                        ]
                    }
                    var r = InventoryResource(
                        name: name, resourceType: hc.type.resourceType, arn: arn, tags: tags, service: ServiceID(i),
                        hasFISExtension: false, az: azName, attributes: StringPairs(attributes))
                    r.host = HostRef(service: ServiceID(i), az: az, index: Int32(k))
                    out.append(r)
                }
            }
            let kind = lb.kind == .alb ? "app" : "net"
            let lbARN = "arn:aws:elasticloadbalancing:\(region):\(account):loadbalancer/\(kind)/\(lb.name)/\(hex(StreamSeed.fnv1a64(lb.name)))"
            for type in ["aws:arc:zonal-shift-managed-resource", "aws:elasticloadbalancing:loadbalancer"] {
                let lbTags = all[i].compute?.loadBalancer?.tags ?? all[i].tags
                out.append(
                    InventoryResource(
                        name: lb.name, resourceType: type, arn: lbARN, tags: StringPairs(lbTags.map { .init(key: $0.key, value: $0.value) }),
                        service: ServiceID(i), hasFISExtension: false, az: s.azs.map { topology.name(of: $0) }.joined(separator: ",")))
            }
            if hc.type == .ec2Instance, s.autoScaling != nil {
                // The Auto Scaling group (`aws:ec2:autoscaling-group`); its tags propagate to its
                // instances, so it carries the hosts' tags.
                let name = "\(s.name)-asg"
                let h1 = hex(StreamSeed.fnv1a64(name)), h2 = hex(StreamSeed.fnv1a64(name + "/asg"))
                let uuid = "\(h1.prefix(8))-\(h1.dropFirst(8).prefix(4))-\(h1.dropFirst(12).prefix(4))-\(h2.prefix(4))-\(h2.dropFirst(4).prefix(12))"
                out.append(
                    InventoryResource(
                        name: name, resourceType: "aws:ec2:autoscaling-group",
                        arn: "arn:aws:autoscaling:\(region):\(account):autoScalingGroup:\(uuid):autoScalingGroupName/\(name)",
                        tags: StringPairs(hc.tags.map { .init(key: $0.key, value: $0.value) }), service: ServiceID(i), hasFISExtension: false,
                        az: s.azs.map { topology.name(of: $0) }.joined(separator: ",")))
            }
        }
        return out
    }

    /// Turns on the host and group series an alarm or hypothesis names (`hosts.metrics` and
    /// `scaling:` turn them on anyway).
    static func markComputeMetrics(_ services: inout [ServiceConfig], named: Set<String>) {
        for i in services.indices {
            guard var hc = services[i].hosts else { continue }
            let s = services[i]
            let group = hc.type == .ec2Instance ? "\(s.name)-asg" : s.name
            if named.contains(group) { hc.emitGroupMetrics = true }
            if hc.type == .ec2Instance, !hc.emitInstanceMetrics {
                let prefix = s.name + "/"
                hc.emitInstanceMetrics = named.contains { $0.hasPrefix(prefix) }
            }
            services[i].hosts = hc
        }
    }

    /// Resources of the compute model that record their own series: load balancers, Auto Scaling
    /// groups (`<service>-asg`) and EC2 instances (`<service>/<az>/<index>`, every slot).
    static func computeResourceNames(_ model: ModelConfig) -> [String] {
        var out: [String] = []
        for s in model.services {
            guard let hc = s.hosts, let lb = s.loadBalancer else { continue }
            out.append(lb.name)
            if hc.type == .ec2Instance, s.autoScaling != nil { out.append("\(s.name)-asg") }
            guard hc.type == .ec2Instance else { continue }
            for az in s.azs {
                for k in 0..<hc.perAZ { out.append(HostsConfig.hostName(service: s.name, az: model.topology.name(of: az), index: k)) }
            }
        }
        return out
    }

    /// Load balancer names are timeline resources: unique, and not a service's name.
    static func checkLoadBalancerNames(_ all: [ScenarioFile.ServiceFile], services: [ServiceConfig], doc: DocumentReader) {
        var seen: Set<String> = []
        let names = Set(services.map(\.name))
        for (i, s) in services.enumerated() {
            guard let lb = s.loadBalancer, i < all.count else { continue }
            let at = all[i].compute?.loadBalancer?.name ?? all[i].name
            if names.contains(lb.name) || !seen.insert(lb.name).inserted {
                doc.error(
                    path: at.path, location: at.location, "the load balancer name '\(lb.name)' is already used by another service or load balancer.",
                    fix: "give loadBalancer.name a unique name")
            }
        }
    }

    /// `i-` and 17 hex digits, stable for a host name.
    static func instanceID(_ name: String) -> String { "i-0" + hex(StreamSeed.fnv1a64(name)) }

    static func podName(_ service: String, _ az: String, _ k: Int) -> String {
        "\(service)-\(String(hex(StreamSeed.fnv1a64("\(service)/\(az)")).prefix(10)))-\(k)"
    }
}
