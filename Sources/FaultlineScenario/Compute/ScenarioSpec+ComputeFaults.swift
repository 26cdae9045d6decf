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
    static func validateComputeFault(
        _ fault: ScenarioFile.FaultFile, spec: FaultParameters, services: [ServiceConfig], azNames: [String],
        doc: DocumentReader
    ) -> FaultConfig? {
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
                let implicit = si != nil ? " ('\(parts[0])' has no hosts: of its own; its implicit host per AZ takes only network actions)" : ""
                err(
                    t, "'\(t.value)' is not a service with hosts; \(action) acts on hosts\(implicit).",
                    fix:
                        "\(hint)name <service>, <service>/<az> or <service>/<az>/<index> of a service with hosts: (\(names.isEmpty ? "none defined" : names.joined(separator: ", ")))"
                )
                ok = false
                continue
            }
            if let wanted, hc.type != wanted {
                err(
                    t, "\(action) acts on \(wanted.rawValue) hosts, but '\(services[si].name)' runs \(hc.type.rawValue) hosts.",
                    fix: "target a service whose hosts are \(wanted.rawValue)")
                ok = false
                continue
            }
            guard let refs = selectHosts(t, service: si, parts: parts, services: services, azNames: azNames, doc: doc) else {
                ok = false
                continue
            }
            if !targets.contains(ServiceID(si)) { targets.append(ServiceID(si)) }
            if wanted != nil { hosts += refs }
        }
        if fault.targets.isEmpty {
            err(fault.name, "the fault '\(fault.name.value)' has no targets.", fix: "list the hosts it acts on under targets")
            ok = false
        }
        if fault.azs != nil {
            err(
                fault.name, "'azs' narrows the hosts of a host network action; \(action) names its hosts in targets.",
                fix: "remove azs; write targets as <service>/<az> or <service>/<az>/<index>")
            ok = false
        }
        let window =
            FaultParameters.durationless.contains(action)
            ? FaultParameters.window(of: action, fault.parameters.map { ($0.key.value, $0.value) }) : fault.duration
        if window > .hours(12) {
            err(fault.name, "the fault lasts \(window); FIS actions last at most 12 hours.", fix: "shorten it to PT12H or less")
            ok = false
        }
        guard let built = spec.build(fault, doc), ok, !targets.isEmpty else { return nil }
        if case .compute(_, .zonalShift(let az)) = built, !azNames.contains(az) {
            let p = fault.parameters.first { $0.key.value == "availabilityZoneIdentifier" }!.key
            err(p, "no AZ is named '\(az)'.", fix: "use one of: \(azNames.joined(separator: ", "))")
            return nil
        }
        if case .compute(_, .insufficientCapacity(let azs, _)) = built {
            let p = fault.parameters.first { $0.key.value == "availabilityZoneIdentifiers" }!.key
            for az in azs where !azNames.contains(az) {
                err(p, "no AZ is named '\(az)'.", fix: "use AZs of the scenario: \(azNames.joined(separator: ", "))")
                return nil
            }
            for t in targets where services[Int(t.index)].autoScaling == nil {
                err(
                    fault.name, "'\(services[Int(t.index)].name)' has no autoScaling:, so there is no Auto Scaling group whose launches could fail.",
                    fix: "add autoScaling: to the service, or target a service that has one")
                return nil
            }
        }
        // An SSM document's own DurationSeconds ends its effect before a longer action does.
        let effect = FaultParameters.effectWindow(action: action, fault.parameters.map { ($0.key.value, $0.value) }, window: window)
        var fc = FaultConfig(name: fault.name.value, action: built, targets: targets, start: .zero + fault.start, end: .zero + fault.start + effect)
        hosts.sort()
        fc.hosts = hosts
        return fc
    }

    /// The hosts a `faults:` target names, once its service `si` is known: every host of the
    /// service (`<service>`), its hosts in one AZ (`<service>/<az>`) or one host
    /// (`<service>/<az>/<index>`). A service without `hosts:` has one implicit host (index 0)
    /// per AZ. Nil (with a diagnostic) when the AZ or index does not exist.
    static func selectHosts(
        _ t: Located<String>, service si: Int, parts: [String], services: [ServiceConfig], azNames: [String],
        doc: DocumentReader
    ) -> [HostRef]? {
        let s = services[si]
        let perAZ = s.hosts?.initialPerAZ ?? 1
        var azs = s.azs
        if parts.count >= 2 {
            guard let a = azNames.firstIndex(of: parts[1]), azs.contains(AZID(a)) else {
                doc.error(
                    path: t.path, location: t.location, "'\(s.name)' has no hosts in an AZ '\(parts[1])'.",
                    fix: "its AZs: \(azs.map { azNames[Int($0.index)] }.joined(separator: ", "))")
                return nil
            }
            azs = [AZID(a)]
        }
        var indices = Array(0..<perAZ)
        if parts.count >= 3 {
            guard parts.count == 3, let k = Int(parts[2]), k >= 0, k < perAZ else {
                doc.error(
                    path: t.path, location: t.location,
                    "'\(t.value)' is not a host: the index must be 0..\(perAZ - 1)\(s.hosts == nil ? " (a service without hosts: has one implicit host per AZ)" : "").",
                    fix: "write <service>/<az>/<index>")
                return nil
            }
            indices = [k]
        }
        return azs.flatMap { az in indices.map { HostRef(service: ServiceID(si), az: az, index: Int32($0)) } }
    }
}
