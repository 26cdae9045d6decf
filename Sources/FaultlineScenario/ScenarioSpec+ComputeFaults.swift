import FaultlineCloud
import FaultlineDocument
import FaultlineKernel

extension ScenarioSpec {
    /// The host type each compute action targets (nil: load balancers).
    static func hostType(of action: String) -> HostsConfig.HostType? {
        if action.hasPrefix("aws:ec2:") || action.hasPrefix("aws:ssm:") { return .ec2Instance }
        if action.hasPrefix("aws:ecs:") { return .ecsTask }
        if action.hasPrefix("aws:eks:") { return .eksPod }
        return nil
    }

    /// A `faults:` entry with a compute action. Targets name hosts (`<service>/<az>/<index>`),
    /// every host of a service in one AZ (`<service>/<az>`) or of a service (`<service>`);
    /// `aws:arc:start-zonal-autoshift` names services with a load balancer (or the load balancer).
    static func validateComputeFault(_ fault: ScenarioFile.FaultFile, spec: FaultParameters, services: [ServiceConfig], azNames: [String],
                                     doc: DocumentReader) -> FaultConfig? {
        func err<T>(_ l: Located<T>, _ message: String, fix: String? = nil) { doc.error(path: l.path, location: l.location, message, fix: fix) }
        let action = fault.action.value
        let wanted = hostType(of: action)
        var targets: [ServiceID] = []
        var hosts: [HostRef] = []
        var ok = true
        let withHosts = services.indices.filter { services[$0].hosts != nil }
        let names = withHosts.map { services[$0].name }
        for t in fault.targets {
            let parts = t.value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let si = services.firstIndex { $0.name == parts[0] } ?? services.firstIndex { $0.loadBalancer?.name == parts[0] && parts.count == 1 }
            guard let si, let hc = services[si].hosts else {
                let hint = Suggestion.closest(to: parts[0], in: names).map { "did you mean '\($0)'? " } ?? ""
                err(t, "'\(t.value)' is not a service with hosts; \(action) acts on hosts.",
                    fix: "\(hint)name <service>, <service>/<az> or <service>/<az>/<index> of a service with hosts: (\(names.isEmpty ? "none defined" : names.joined(separator: ", ")))")
                ok = false
                continue
            }
            if let wanted, hc.type != wanted {
                err(t, "\(action) acts on \(wanted.rawValue) hosts, but '\(services[si].name)' runs \(hc.type.rawValue) hosts.",
                    fix: "target a service whose hosts are \(wanted.rawValue)")
                ok = false
                continue
            }
            var azs = services[si].azs
            if parts.count >= 2 {
                guard let a = azNames.firstIndex(of: parts[1]), azs.contains(AZID(a)) else {
                    err(t, "'\(services[si].name)' has no hosts in an AZ '\(parts[1])'.", fix: "its AZs: \(azs.map { azNames[Int($0.index)] }.joined(separator: ", "))")
                    ok = false
                    continue
                }
                azs = [AZID(a)]
            }
            var indices = Array(0..<hc.perAZ)
            if parts.count >= 3 {
                guard parts.count == 3, let k = Int(parts[2]), k >= 0, k < hc.perAZ else {
                    err(t, "'\(t.value)' is not a host: the index must be 0..\(hc.perAZ - 1).", fix: "write <service>/<az>/<index>")
                    ok = false
                    continue
                }
                indices = [k]
            }
            if !targets.contains(ServiceID(si)) { targets.append(ServiceID(si)) }
            if wanted != nil {
                for az in azs { for k in indices { hosts.append(HostRef(service: ServiceID(si), az: az, index: Int32(k))) } }
            }
        }
        if fault.targets.isEmpty { err(fault.name, "the fault '\(fault.name.value)' has no targets.", fix: "list the hosts it acts on under targets"); ok = false }
        let window = FaultParameters.durationless.contains(action)
            ? FaultParameters.window(of: action, fault.parameters.map { ($0.key.value, $0.value) }) : fault.duration
        if window > .hours(12) {
            err(fault.name, "the fault lasts \(window); FIS actions last at most 12 hours.", fix: "shorten it to PT12H or less")
            ok = false
        }
        guard let built = spec.build(fault, doc), ok, !targets.isEmpty else { return nil }
        if case let .compute(_, .zonalShift(az)) = built, !azNames.contains(az) {
            let p = fault.parameters.first { $0.key.value == "availabilityZoneIdentifier" }!.key
            err(p, "no AZ is named '\(az)'.", fix: "use one of: \(azNames.joined(separator: ", "))")
            return nil
        }
        var fc = FaultConfig(name: fault.name.value, action: built, targets: targets, start: .zero + fault.start, end: .zero + fault.start + window)
        hosts.sort()
        fc.hosts = hosts
        return fc
    }
}
