import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// Parameters of the network actions: `aws:network:*` on subnets and transit gateways, and the
/// host `tc` actions of ECS tasks, EKS pods and the `AWSFIS-Run-Network-*` SSM documents.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#network-actions-reference-fis
/// https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html
/// https://docs.aws.amazon.com/fis/latest/userguide/eks-pod-actions.html
/// https://docs.aws.amazon.com/fis/latest/userguide/actions-ssm-agent.html
extension FaultParameters {
    /// Network actions whose targets are subnets (`aws:ec2:subnet`).
    static let subnetActions = ["aws:network:disrupt-connectivity", "aws:network:route-table-disrupt-cross-region-connectivity"]
    /// Network actions whose targets are transit gateways (`aws:ec2:transit-gateway`).
    static let transitGatewayActions = ["aws:network:transit-gateway-disrupt-cross-region-connectivity"]
    /// Host actions (instances, tasks, pods).
    static let hostNetworkActions = [
        "aws:ecs:task-network-latency", "aws:ecs:task-network-packet-loss",
        "aws:eks:pod-network-latency", "aws:eks:pod-network-packet-loss", "aws:ssm:send-command"
    ]
    /// The SSM documents that act on a host's network (`tc`).
    static let networkDocuments = [
        "AWSFIS-Run-Network-Latency", "AWSFIS-Run-Network-Latency-Sources",
        "AWSFIS-Run-Network-Packet-Loss", "AWSFIS-Run-Network-Packet-Loss-Sources"
    ]
    static let maxDelayMilliseconds = 900_000

    static let networkActions: [String: FaultParameters] = [
        "aws:network:disrupt-connectivity": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            guard let text = p.choice("scope") else { return nil }
            guard let scope = DisruptScope(rawValue: text) else {
                p.bad(p.value("scope")?.0, "'scope' must be one of \(DisruptScope.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'.")
                return nil
            }
            let key = p.value("scope")?.0 ?? f.action
            // `prefixListIdentifier` names one of the scenario's `prefixLists:` (resolved
            // against them by NetworkFaultCheck); FIS reads it only for scope prefix-list.
            var ref: PrefixListRef?
            if scope == .prefixList {
                guard let identifier = p.string("prefixListIdentifier") else {
                    doc.error(
                        path: key.path, location: key.location,
                        "scope 'prefix-list' requires the parameter 'prefixListIdentifier' (the name, ID or ARN of a customer-managed prefix list).",
                        fix: "add prefixListIdentifier: <name> and define the list under prefixLists: (name, entries: the resources it holds)")
                    return nil
                }
                ref = PrefixListRef(identifier: identifier)
            }
            guard p.ok else { return nil }
            return .network(.disruptConnectivity(scope: scope, prefixList: ref))
        },
        "aws:network:route-table-disrupt-cross-region-connectivity": crossRegion("aws:network:route-table-disrupt-cross-region-connectivity", hostsOnly: false),
        "aws:network:transit-gateway-disrupt-cross-region-connectivity": crossRegion(
            "aws:network:transit-gateway-disrupt-cross-region-connectivity", hostsOnly: true),
        "aws:ecs:task-network-latency": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            return latency(&p, id: "aws:ecs:task-network-latency")
        },
        "aws:eks:pod-network-latency": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            return latency(&p, id: "aws:eks:pod-network-latency")
        },
        "aws:ecs:task-network-packet-loss": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            return packetLoss(&p, id: "aws:ecs:task-network-packet-loss")
        },
        "aws:eks:pod-network-packet-loss": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            return packetLoss(&p, id: "aws:eks:pod-network-packet-loss")
        },
        // One entry for every document: ssmSendCommand dispatches by documentArn.
        "aws:ssm:send-command": FaultParameters { f, doc in ssmSendCommand(f, doc) }
    ]

    static func crossRegion(_ id: String, hostsOnly: Bool) -> FaultParameters {
        FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let region = p.string("region")
            guard p.ok, let region else { return nil }
            return .network(.crossRegionBlackhole(actionID: id, region: region, hostsOnly: hostsOnly))
        }
    }

    /// The EKS pod actions require `kubernetesServiceAccount` (the pod FIS starts runs as it).
    static func podAccount(_ p: inout Reader) {
        if p.action.parameter("kubernetesServiceAccount") != nil { _ = p.string("kubernetesServiceAccount") }
    }

    static func latency(_ p: inout Reader, id: String) -> FaultAction? {
        podAccount(&p)
        let delay = p.int("delayMilliseconds")
        let jitter = p.int("jitterMilliseconds")
        let flows = p.int("flowsPercent")
        let sources = p.string("sources").map(parseSources)
        guard p.ok, let delay, let jitter, let flows, let sources else { return nil }
        return .network(
            .host(
                HostImpairment(
                    actionID: id, delay: .milliseconds(Int64(delay)), jitter: .milliseconds(Int64(jitter)),
                    flowsPercent: Double(flows), sources: sources, direction: .egress)))
    }

    static func packetLoss(_ p: inout Reader, id: String) -> FaultAction? {
        podAccount(&p)
        let loss = p.int("lossPercent")
        let flows = p.int("flowsPercent")
        let sources = p.string("sources").map(parseSources)
        guard p.ok, let loss, let flows, let sources else { return nil }
        return .network(.host(HostImpairment(actionID: id, lossPercent: Double(loss), flowsPercent: Double(flows), sources: sources, direction: .egress)))
    }

    /// `sources`: a comma list of `ALL`, `DYNAMODB`, `S3`, `0.0.0.0/0` (all IPv4) or AZ names/IDs
    /// (checked against the scenario's AZs later, see ``NetworkFaultCheck``).
    static func parseSources(_ text: String) -> [NetworkSource] {
        text.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }.map { s in
            switch s.uppercased() {
            case "ALL", "0.0.0.0/0": return .all
            case "DYNAMODB": return .dynamodb
            case "S3": return .s3
            default: return .az(s)
            }
        }
    }

    /// `aws:ssm:send-command` with one of the `AWSFIS-Run-Network-*` documents (``networkDocuments``,
    /// named `document`): the command's `documentParameters` (a JSON object of strings) become
    /// the host's `tc` settings.
    static func networkDocument(_ f: ScenarioFile.FaultFile, _ doc: DocumentReader, document: String) -> FaultAction? {
        let p = Reader(fault: f, doc: doc)
        guard let (arnKey, _) = p.value("documentArn") else { return nil }
        var values: [(key: String, value: String)] = []
        if let (key, text) = p.value("documentParameters") {
            guard let root = try? JSONParser.parse(text, file: "documentParameters").root, case .mapping(let entries) = root.value else {
                doc.error(
                    path: key.path, location: key.location,
                    "'documentParameters' must be a JSON object of strings, e.g. {\"DelayMilliseconds\":\"200\"}, got '\(text)'.")
                return nil
            }
            for e in entries {
                guard case .scalar(let v, _) = e.value.value else {
                    doc.error(path: key.path, location: key.location, "documentParameters.\(e.key) must be a string.")
                    return nil
                }
                values.append((e.key, v))
            }
        }
        let sourcesDoc = document.hasSuffix("-Sources")
        let latencyDoc = document.contains("Latency")
        var allowed = ["Interface", "DurationSeconds", "InstallDependencies"]
        allowed += latencyDoc ? ["DelayMilliseconds"] : ["LossPercent"]
        if sourcesDoc { allowed += (latencyDoc ? ["JitterMilliseconds"] : []) + ["FlowsPercent", "Sources", "TrafficType"] }
        let key = p.value("documentParameters")?.0 ?? arnKey
        var ok = p.ok
        for (k, _) in values where !allowed.contains(k) {
            let hint = Suggestion.closest(to: k, in: allowed).map { "did you mean '\($0)'? " } ?? ""
            doc.error(
                path: key.path, location: key.location, "the document \(document) has no parameter '\(k)'.",
                fix: "\(hint)its parameters: \(allowed.joined(separator: ", "))")
            ok = false
        }
        func value(_ k: String) -> String? { values.first { $0.key == k }?.value }
        func int(_ k: String, _ d: Int, _ range: ClosedRange<Int>) -> Int? {
            guard let t = value(k) else { return d }
            guard let v = Int(t), range.contains(v) else {
                doc.error(
                    path: key.path, location: key.location,
                    "documentParameters.\(k) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(t)'.")
                ok = false
                return nil
            }
            return v
        }
        let delay = latencyDoc ? int("DelayMilliseconds", 200, 0...maxDelayMilliseconds) : 0
        let jitter = latencyDoc && sourcesDoc ? int("JitterMilliseconds", 10, 0...maxDelayMilliseconds) : 0
        let loss = latencyDoc ? 0 : int("LossPercent", 7, 0...100)
        let flows = sourcesDoc ? int("FlowsPercent", 100, 1...100) : 100
        if !checkDocumentDuration(document, value: value, report: { doc.error(path: key.path, location: key.location, $0, fix: $1) }) { ok = false }
        var sources: [NetworkSource] = [.all]
        var direction = TrafficDirection.egress
        if sourcesDoc {
            if let s = value("Sources") {
                sources = parseSources(s)
            } else {
                doc.error(
                    path: key.path, location: key.location, "the document \(document) requires the parameter 'Sources'.",
                    fix: "add e.g. \\\"Sources\\\":\\\"us-east-1a\\\" to documentParameters (ALL, DYNAMODB, S3 or AZ names, comma-separated)")
                ok = false
            }
            // The -Sources documents impair ingress unless told otherwise.
            direction = .ingress
            if let t = value("TrafficType") {
                guard let d = TrafficDirection(rawValue: t), d != .all else {
                    doc.error(path: key.path, location: key.location, "documentParameters.TrafficType must be 'ingress' or 'egress', got '\(t)'.")
                    return nil
                }
                direction = d
            }
        }
        guard ok, let delay, let jitter, let loss, let flows else { return nil }
        return .network(
            .host(
                HostImpairment(
                    actionID: "aws:ssm:send-command", delay: .milliseconds(Int64(delay)), jitter: .milliseconds(Int64(jitter)),
                    lossPercent: Double(loss), flowsPercent: Double(flows), sources: sources, direction: direction)))
    }
}

/// Checks of network faults against the scenario's topology: Regions and AZ sources must exist,
/// and a `scope: prefix-list` fault must name one of the scenario's prefix lists.
enum NetworkFaultCheck {
    /// Problems with `action` in this topology (empty when it fits).
    static func problems(_ action: FaultAction, topology: Topology, prefixLists: [PrefixList]) -> [(message: String, fix: String)] {
        guard case .network(let n) = action else { return [] }
        switch n {
        case .crossRegionBlackhole(_, let region, _):
            guard topology.regions.contains(where: { $0.name == region }) else {
                return [
                    (
                        "the region '\(region)' is not a region of this scenario, so nothing would be isolated.",
                        "use one of: \(topology.regions.map(\.name).joined(separator: ", "))"
                    )
                ]
            }
        case .host(let h):
            var out: [(String, String)] = []
            for case .az(let name) in h.sources where !topology.azs.contains(where: { $0.name == name }) {
                out.append(
                    (
                        "the source '\(name)' is not an AZ of this scenario; Faultline has no IP addresses or domain names.",
                        "use ALL (or 0.0.0.0/0), DYNAMODB, S3 or AZ names: \(topology.azs.map(\.name).joined(separator: ", "))"
                    ))
            }
            return out
        case .disruptConnectivity(_, let ref?) where ref.list == nil:
            guard prefixLists.contains(where: { $0.matches(ref.identifier) }) else {
                let known =
                    prefixLists.isEmpty
                    ? "the scenario defines no prefix lists"
                    : "the scenario's prefix lists: " + prefixLists.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")
                return [
                    (
                        "the prefixListIdentifier '\(ref.identifier)' matches no prefix list of this scenario by name, ID or ARN (\(known)).",
                        "define it under prefixLists: { name, entries: [<resources>] }, or use one of their names, IDs or ARNs"
                    )
                ]
            }
        case .disruptConnectivity: break
        }
        return []
    }

    /// `action` with its `prefixListIdentifier` resolved to the scenario's list (unchanged for
    /// every other action, and when nothing matches: ``problems`` reports that).
    static func resolved(_ action: FaultAction, prefixLists: [PrefixList]) -> FaultAction {
        guard case .network(.disruptConnectivity(let scope, let ref?)) = action, ref.list == nil,
            let list = prefixLists.first(where: { $0.matches(ref.identifier) })
        else { return action }
        return .network(.disruptConnectivity(scope: scope, prefixList: PrefixListRef(identifier: ref.identifier, list: list)))
    }
}
