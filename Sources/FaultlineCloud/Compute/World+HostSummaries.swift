import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension World {
    // MARK: Results

    func hostSummaries(at end: SimInstant) -> [HostSummary] {
        compute.hosts.map { h in
            let s = services[Int(h.service)].config
            let down = h.downTotal + (h.downSince >= 0 ? end.nanoseconds - h.downSince : 0)
            let unhealthy = h.unhealthyTotal + (h.unhealthySince >= 0 ? end.nanoseconds - h.unhealthySince : 0)
            return HostSummary(
                name: HostsConfig.hostName(service: s.name, az: config.topology.azs[Int(h.az)].name, index: Int(h.index)),
                service: s.name, az: config.topology.azs[Int(h.az)].name, index: Int(h.index), type: s.hosts!.type.rawValue,
                stateAtEnd: h.state == .running && !h.appUp ? "running (application down)" : (h.state == .rebooting ? "rebooting" : h.state.stateName),
                healthyAtEnd: h.registered && h.healthy, routed: h.routed, served: h.served, failed: h.failed,
                loadBalancerErrors: h.loadBalancerErrors, replacements: Int(h.replacements),
                downSeconds: Double(down) / 1e9, unhealthySeconds: Double(unhealthy) / 1e9)
        }
    }

    func loadBalancerSummaries() -> [LoadBalancerSummary] {
        compute.loadBalancers.map {
            LoadBalancerSummary(
                name: $0.config.name, service: services[Int($0.service)].config.name, requests: $0.requests,
                target2xx: $0.target2xx, target5xx: $0.target5xx, elb5xx: $0.elb5xx)
        }
    }
}
