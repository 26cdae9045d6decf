import FaultlineFIS

/// Target `parameters` FIS defines per resource type (`fis-reference.md` §1.2), applied after
/// type, ARNs, tags and filters. https://docs.aws.amazon.com/fis/latest/userguide/targets.html
extension ExperimentPlanner {
    /// The candidates the target's parameters keep:
    /// - `availabilityZoneIdentifier` (EBS volumes, subnets, EKS pods, ElastiCache): resources in
    ///   that AZ, given by name (`us-east-1a`) or AZ ID (`use1-az1`);
    /// - `availabilityZoneIdentifiers` (RDS instances), `writerAvailabilityZoneIdentifiers` (RDS
    ///   clusters): a comma list of AZs, or `all`;
    /// - EKS pods: `clusterIdentifier`, `namespace` (when the resource has them), `selectorType`
    ///   `labelSelector` with `selectorValue` `k=v[,k=v]` matched against the resource's tags (its
    ///   labels), `podName` / `deploymentName` against its `podName` / `deploymentName` attribute
    ///   (else its name);
    /// - ECS tasks: `cluster`, `service` when the resource has them; subnets: `vpc` likewise (a
    ///   cluster or service is given by name or by an ARN ending in it);
    /// - `functionQualifier` (Lambda) and `targetContainerName` (pods) select nothing more here:
    ///   the model has no versions or containers.
    static func applyTargetParameters(_ t: TemplateTarget, to candidates: [InventoryResource]) -> [InventoryResource] {
        guard !t.parameters.isEmpty else { return candidates }
        var out = candidates
        for p in t.parameters {
            switch p.key {
            case "availabilityZoneIdentifier":
                out = out.filter { $0.isIn(azs: [p.value]) }
            case "availabilityZoneIdentifiers", "writerAvailabilityZoneIdentifiers":
                // Databases: `databaseTargetParameters` (the writer's AZ for clusters).
                if t.resourceType.hasPrefix("aws:rds:") { continue }
                let list = p.value.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }
                if !list.contains("all") { out = out.filter { $0.isIn(azs: list) } }
            case "clusterIdentifier", "namespace", "cluster", "service", "vpc":
                // A name, or an ARN ending in it (EKS `clusterIdentifier` is often the cluster ARN).
                out = out.filter { r in r.attributes[p.key].map { $0 == p.value || p.value.hasSuffix("/\($0)") || p.value.hasSuffix(":\($0)") } ?? true }
            case "selectorValue":
                switch t.parameters["selectorType"] ?? "labelSelector" {
                case "labelSelector":
                    let labels = p.value.split(separator: ",").map { pair -> (String, String) in
                        let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: " ") }
                        return (kv.first ?? "", kv.count > 1 ? kv[1] : "")
                    }
                    out = out.filter { r in labels.allSatisfy { l in r.tags.contains { $0.key == l.0 && $0.value == l.1 } } }
                case "podName":
                    out = out.filter { ($0.attributes["podName"] ?? $0.name) == p.value }
                case "deploymentName":
                    out = out.filter { ($0.attributes["deploymentName"] ?? $0.name) == p.value }
                default:
                    out = []
                }
            default:
                break
            }
        }
        return out
    }
}

extension InventoryResource {
    /// Whether the resource is in one of `azs`, each an AZ name or an AZ ID.
    func isIn(azs: [String]) -> Bool {
        let names = (az ?? "").split(separator: ",").map(String.init)
        let ids = (attributes["AvailabilityZoneId"] ?? "").split(separator: ",").map(String.init)
        return azs.contains { names.contains($0) || ids.contains($0) }
    }
}
