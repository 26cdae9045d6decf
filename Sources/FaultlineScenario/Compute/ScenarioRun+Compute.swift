import FaultlineCloud
import FaultlineKernel

extension ScenarioRun {
    /// Whether the run writes `faults.json`: Lambda fault reports or compute faults.
    public var writesFaultsFile: Bool { !result.faults.isEmpty || spec.model.faults.contains { $0.action.isCompute } }

    /// Per host: state at the end, requests, errors and time out of service (`summary.json`).
    static func hostJSON(_ h: HostSummary) -> JSONValue {
        .object([
            ("name", .string(h.name)), ("service", .string(h.service)), ("az", .string(h.az)), ("index", .integer(Int64(h.index))),
            ("type", .string(h.type)), ("state_at_end", .string(h.stateAtEnd)), ("healthy_at_end", .bool(h.healthyAtEnd)),
            ("routed", .integer(h.routed)), ("served", .integer(h.served)), ("failed", .integer(h.failed)),
            ("load_balancer_5xx", .integer(h.loadBalancerErrors)), ("replacements", .integer(Int64(h.replacements))),
            ("down_s", .number(h.downSeconds)), ("unhealthy_s", .number(h.unhealthySeconds))
        ])
    }

    /// One scaling activity in summary.json (`scaling_activities`).
    static func scalingActivityJSON(_ a: ScalingActivity) -> JSONValue {
        .object([
            ("at_s", .number(a.at.seconds)), ("group", .string(a.group)), ("policy", .string(a.policy)),
            ("from", .integer(Int64(a.from))), ("to", .integer(Int64(a.to))), ("cause", .string(a.cause))
        ])
    }

    static func loadBalancerJSON(_ l: LoadBalancerSummary) -> JSONValue {
        .object([
            ("name", .string(l.name)), ("service", .string(l.service)), ("requests", .integer(l.requests)),
            ("target_2xx", .integer(l.target2xx)), ("target_5xx", .integer(l.target5xx)), ("elb_5xx", .integer(l.elb5xx))
        ])
    }

    /// The changes of one host, optionally only those caused by fault `fault` (a `model.faults` index).
    func hostChanges(host: Int, fault: Int? = nil) -> [HostChange] {
        result.hostChanges.filter { $0.host == Int32(host) && (fault == nil || $0.fault == Int32(fault!)) }
    }

    static func changesJSON(_ changes: [HostChange]) -> JSONValue {
        .array(changes.map { .object([("event", .string($0.event)), ("at_s", .number($0.at.seconds))]) })
    }

    /// For one compute fault and one host: when it took effect and when the host was back.
    func hostEffectJSON(fault fi: Int, host h: Int) -> [(String, JSONValue)] {
        let changes = hostChanges(host: h, fault: fi)
        let f = spec.model.faults[fi]
        func first(_ events: [String]) -> JSONValue { changes.first { events.contains($0.event) }.map { .number($0.at.seconds) } ?? .null }
        let down = Self.hostDownEvents
        let back = changes.last { $0.event == "running" || $0.event == "app-up" || $0.event == "cpu-stress-end" }
        return [
            ("first_effect_s", first(down)),
            ("unhealthy_s", first(["unhealthy"])),
            ("serving_again_s", back.map { .number($0.at.seconds) } ?? .null),
            ("healthy_again_s", changes.last { $0.event == "healthy" }.map { .number($0.at.seconds) } ?? .null),
            ("window_end_s", .number(f.end.seconds)),
            ("changes", Self.changesJSON(changes))
        ]
    }

    func hostIndex(named name: String) -> Int? { result.hosts.firstIndex { $0.name == name } }

    /// `faults.json` entries of compute faults: per fault its window and per host its changes.
    func computeFaultsJSON() -> [JSONValue] {
        spec.model.faults.indices.filter { spec.model.faults[$0].action.isCompute }.map { fi in
            let f = spec.model.faults[fi]
            let hosts = result.hosts.indices.filter { h in f.hosts.contains { hostRefMatches($0, h) } }
            return .object([
                ("name", .string(f.name)), ("action", .string(f.action.actionID)),
                ("targets", .array(f.targets.map { .string(spec.model.services[Int($0.index)].name) })),
                ("start_s", .number(f.start.seconds)), ("end_s", .number(f.end.seconds)),
                ("hosts", .array(hosts.map { h in .object([("host", .string(result.hosts[h].name))] + hostEffectJSON(fault: fi, host: h)) }))
            ])
        }
    }

    func hostRefMatches(_ ref: HostRef, _ h: Int) -> Bool {
        let s = result.hosts[h]
        return spec.model.services[Int(ref.service.index)].name == s.service && spec.model.topology.name(of: ref.az) == s.az && Int(ref.index) == s.index
    }
}
