import FaultlineFIS

/// Template targets -> scenario resources: one ``ScenarioSynthesizer/Unit`` per function,
/// table, queue, topic, database or host service, with the target's tags, AZ filters and
/// target parameters, so the target resolves to them as FIS would resolve it.
extension ScenarioSynthesizer {
    /// What a unit is in the scenario file.
    enum UnitKind: Equatable {
        /// A service with `hosts:` (`ec2-instance`, `ecs-task`, `eks-pod`).
        case hosts(type: String, perAZ: Int, cluster: String?, namespace: String?, autoScaling: Bool, lbTags: StringPairs?)
        case function, table, queue, topic
        /// A cluster: writer in `azs[0]`, a reader in each other AZ.
        case database
        /// Tags on the subnets of `azs` (one subnet per AZ).
        case subnets
        /// Tags on the transit gateway of the first Region.
        case transitGateway
    }

    struct Unit {
        var target: String
        var name: String
        var kind: UnitKind
        var azs: [String]
        var tags: StringPairs
        /// Which inventory entries of this unit stand for the target's `resourceArns`, in order
        /// (by inventory name); filled in after the first load.
        var arnSlots: [(template: String, resourceType: String, nameHint: String?)] = []
    }

    /// Filter paths the model's resources answer (`InventoryResource.matches`).
    static let modelledFilterPaths: Set<String> = ["Placement.AvailabilityZone", "AvailabilityZone", "State.Name", "State"]

    /// Unique, file-safe scenario names (letters, digits, `-`, `_`, `.`, not first).
    static func safeName(_ s: String) -> String {
        var out = String(
            s.unicodeScalars.map { c in
                (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "." ? Character(c) : "-"
            })
        while out.first == "." || out.first == "-" { out.removeFirst() }
        if out.count > 80 { out = String(out.prefix(80)) }
        return out.isEmpty ? "r" : out
    }

    /// The last part of an ARN or name (`arn:...:cluster/web` -> `web`).
    static func lastComponent(_ s: String) -> String {
        String(s.split(whereSeparator: { $0 == "/" || $0 == ":" }).last ?? Substring(s))
    }

    /// The name a concrete ARN gives its resource, when the model can carry that name, and
    /// whether its Region and account are the scenario's.
    static func concreteName(_ arn: String, type: String, region: String, account: String) -> Result<String, ReplayBlocker> {
        let p = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard p.count >= 6, p[0] == "arn" else { return .failure(.init(.concreteARN, "'\(arn)' is not an ARN")) }
        if p[3] != region || p[4] != account {
            return .failure(.init(.concreteARN, "'\(arn)' is in Region '\(p[3])' / account '\(p[4])', not the template's first (\(region) / \(account))"))
        }
        let resource = p[5...].joined(separator: ":")
        let name: String?
        switch type {
        case "aws:lambda:function": name = p.count >= 7 && p[5] == "function" ? p[6] : nil
        case "aws:dynamodb:table", "aws:dynamodb:global-table": name = resource.hasPrefix("table/") ? String(resource.dropFirst(6)) : nil
        case "aws:sqs:queue", "aws:sns:topic": name = resource
        case "aws:rds:cluster": name = p.count >= 7 && p[5] == "cluster" ? p[6] : nil
        default: name = nil
        }
        guard let name, !name.isEmpty, safeName(name) == name else {
            return .failure(.init(.concreteARN, "\(type) '\(arn)': the model derives this resource's ID itself; target it by tags, or use a placeholder ARN"))
        }
        return .success(name)
    }

    /// The units of one target (empty with a blocker when the model cannot stand for it).
    static func units(
        for t: TemplateTarget, guessedArns: [String], region: String, account: String, allAZs: [String], perType: Int,
        blockers: inout [ReplayBlocker], taken: inout Set<String>
    ) -> [Unit] {
        func unique(_ base: String) -> String {
            var n = safeName(base), k = 2
            while taken.contains(n) {
                n = "\(safeName(base))-\(k)"
                k += 1
            }
            taken.insert(n)
            return n
        }
        for f in t.filters where !modelledFilterPaths.contains(f.path) {
            blockers.append(.init(.targetFilter, "target '\(t.name)' filters on '\(f.path)', an attribute the model's resources do not have"))
            return []
        }
        let azFilter = t.filters.first { $0.path == "Placement.AvailabilityZone" || $0.path == "AvailabilityZone" }?.values
        let azParam = ["availabilityZoneIdentifier", "availabilityZoneIdentifiers", "writerAvailabilityZoneIdentifiers"].compactMap { t.parameters[$0] }.first
            .map { azList($0) }
        let azs = [azFilter, azParam].compactMap { $0 }.map { $0.filter(allAZs.contains) }.first { !$0.isEmpty } ?? allAZs
        let wanted: Int
        switch t.selectionMode {
        case .count(let n): wanted = max(perType, n)
        // PERCENT rounds down: enough resources that the share selects at least one.
        case .percent(let n) where n > 0: wanted = max(perType, (100 + n - 1) / n)
        default: wanted = perType
        }
        let base = t.name
        let placeholderARNs = t.resourceArns.filter {
            Placeholder.isPlaceholder($0) || !Placeholder.tokens(in: $0).filter { $0.hasPrefix("${") || $0.hasPrefix("<") }.isEmpty
        }
        switch t.resourceType {
        case "aws:lambda:function", "aws:dynamodb:table", "aws:dynamodb:global-table", "aws:sqs:queue", "aws:sns:topic", "aws:rds:cluster":
            let kind: UnitKind =
                switch t.resourceType {
                case "aws:lambda:function": .function
                case "aws:sqs:queue": .queue
                case "aws:sns:topic": .topic
                case "aws:rds:cluster": .database
                default: .table
                }
            let resourceType = t.resourceType == "aws:dynamodb:global-table" ? "aws:dynamodb:table" : t.resourceType
            var out: [Unit] = []
            if t.resourceArns.isEmpty {
                for i in 1...wanted {
                    out.append(Unit(target: t.name, name: unique("\(base)-\(i)"), kind: kind, azs: rotate(azs, i - 1, kind, all: allAZs), tags: t.resourceTags))
                }
                return out
            }
            for (i, arn) in t.resourceArns.enumerated() {
                if placeholderARNs.contains(arn) {
                    // A literal name with a placeholder Region or account keeps its name.
                    let literal = try? concreteName(i < guessedArns.count ? guessedArns[i] : arn, type: t.resourceType, region: region, account: account).get()
                    let name = literal.flatMap { n in
                        Self.lastComponent(arn).contains("$") || Self.lastComponent(arn).contains("<") || taken.contains(n) ? nil : n
                    }
                    if let name { taken.insert(name) }
                    var u = Unit(
                        target: t.name, name: name ?? unique("\(base)-\(i + 1)"), kind: kind, azs: rotate(azs, i, kind, all: allAZs), tags: t.resourceTags)
                    u.arnSlots = [(arn, resourceType, nil)]
                    out.append(u)
                } else {
                    switch concreteName(arn, type: t.resourceType, region: region, account: account) {
                    case .success(let name) where !taken.contains(name):
                        taken.insert(name)
                        out.append(Unit(target: t.name, name: name, kind: kind, azs: rotate(azs, i, kind, all: allAZs), tags: t.resourceTags))
                    case .success: continue // listed twice
                    case .failure(let b):
                        blockers.append(b)
                        return []
                    }
                }
            }
            return out
        case "aws:rds:db":
            // Instances are <cluster>-instance-N: one cluster per three instances wanted.
            var out: [Unit] = []
            if t.resourceArns.isEmpty {
                let clusters = (wanted + azs.count - 1) / max(1, azs.count)
                for i in 1...max(1, clusters) {
                    out.append(
                        Unit(
                            target: t.name, name: unique("\(base)-\(i)"), kind: .database, azs: rotate(azs, i - 1, .database, all: allAZs), tags: t.resourceTags
                        ))
                }
                return out
            }
            for (i, arn) in t.resourceArns.enumerated() {
                if placeholderARNs.contains(arn) {
                    var u = Unit(
                        target: t.name, name: unique("\(base)-\(i + 1)"), kind: .database, azs: rotate(azs, i, .database, all: allAZs), tags: t.resourceTags)
                    u.arnSlots = [(arn, "aws:rds:db", "\(u.name)-instance-1")]
                    out.append(u)
                    continue
                }
                let p = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                if p.count == 7, p[5] == "db", p[3] == region, p[4] == account, let r = p[6].range(of: "-instance-", options: .backwards),
                    let n = Int(p[6][r.upperBound...]), n >= 1, n <= allAZs.count, safeName(String(p[6][..<r.lowerBound])) == String(p[6][..<r.lowerBound])
                {
                    let cluster = String(p[6][..<r.lowerBound])
                    if taken.insert(cluster).inserted {
                        out.append(Unit(target: t.name, name: cluster, kind: .database, azs: rotate(azs, 0, .database, all: allAZs), tags: t.resourceTags))
                    }
                } else {
                    blockers.append(
                        .init(
                            .concreteARN,
                            "aws:rds:db '\(arn)': the model names DB instances <cluster>-instance-N; target them by tags, or use a placeholder ARN"))
                    return []
                }
            }
            return out
        case "aws:ec2:instance", "aws:ecs:task", "aws:eks:pod", "aws:ec2:autoscaling-group", "aws:arc:zonal-shift-managed-resource",
            "aws:elasticloadbalancing:loadbalancer":
            if t.resourceArns.count > placeholderARNs.count {
                blockers.append(
                    .init(
                        .concreteARN,
                        "\(t.resourceType) '\(t.resourceArns.first { !placeholderARNs.contains($0) }!)': the model derives this resource's ID from its name; target it by tags, or use a placeholder ARN"
                    ))
                return []
            }
            if t.parameters["selectorType"] == "podName" {
                blockers.append(
                    .init(.concreteARN, "target '\(t.name)' selects the pod named '\(t.parameters["selectorValue"] ?? "")'; the model names pods itself"))
                return []
            }
            var tags = t.resourceTags
            var name = base
            var cluster: String?, namespace: String?
            let type: String
            switch t.resourceType {
            case "aws:ecs:task":
                type = "ecs-task"
                cluster = t.parameters["cluster"].map(lastComponent)
                if let s = t.parameters["service"] { name = lastComponent(s) }
            case "aws:eks:pod":
                type = "eks-pod"
                cluster = t.parameters["clusterIdentifier"].map(lastComponent)
                namespace = t.parameters["namespace"]
                if let v = t.parameters["selectorValue"] {
                    switch t.parameters["selectorType"] ?? "labelSelector" {
                    case "deploymentName": name = v
                    default:
                        for pair in v.split(separator: ",") {
                            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: " ") }
                            tags.pairs.append(.init(key: kv.first ?? "", value: kv.count > 1 ? kv[1] : ""))
                        }
                    }
                }
            default: type = "ec2-instance"
            }
            let isLB = t.resourceType == "aws:arc:zonal-shift-managed-resource" || t.resourceType == "aws:elasticloadbalancing:loadbalancer"
            let slots = max(wanted, placeholderARNs.count)
            let perAZ = isLB || t.resourceType == "aws:ec2:autoscaling-group" ? 2 : max(1, (slots + azs.count - 1) / azs.count)
            var u = Unit(
                target: t.name, name: unique(name),
                kind: .hosts(
                    type: type, perAZ: perAZ, cluster: cluster, namespace: namespace,
                    autoScaling: type == "ec2-instance", lbTags: isLB ? t.resourceTags : nil),
                azs: azs, tags: isLB ? StringPairs() : tags)
            u.arnSlots = placeholderARNs.map { ($0, t.resourceType, nil) }
            return [u]
        case "aws:ec2:subnet", "aws:ec2:transit-gateway":
            if t.resourceArns.count > placeholderARNs.count {
                blockers.append(
                    .init(
                        .concreteARN,
                        "\(t.resourceType) '\(t.resourceArns.first { !placeholderARNs.contains($0) }!)': the model derives subnet and gateway IDs itself; target them by tags, or use a placeholder ARN"
                    ))
                return []
            }
            var u = Unit(target: t.name, name: t.name, kind: t.resourceType == "aws:ec2:subnet" ? .subnets : .transitGateway, azs: azs, tags: t.resourceTags)
            u.arnSlots = placeholderARNs.map { ($0, t.resourceType, nil) }
            return [u]
        default:
            blockers.append(.init(.targetType, t.resourceType))
            return []
        }
    }

    /// AZ names in a target parameter (comma or space separated; `all` is every AZ).
    static func azList(_ s: String) -> [String] {
        s.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { $0 != "all" && !$0.isEmpty }
    }

    /// Databases get their writer in a different AZ per index, so a writer-AZ filter finds some.
    /// A database has an instance in every AZ, its writer in one of the AZs the target asks for.
    private static func rotate(_ azs: [String], _ i: Int, _ kind: UnitKind, all: [String]) -> [String] {
        guard kind == .database else { return azs }
        let k = azs.isEmpty ? 0 : i % azs.count
        let first = azs.isEmpty ? [] : Array(azs[k...] + azs[..<k])
        return first + all.filter { !first.contains($0) }
    }
}
