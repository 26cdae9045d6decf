/// Compute: `AWS::EC2::Subnet` (AZ, tags), Auto Scaling groups (`MinSize`, `MaxSize`,
/// `DesiredCapacity`, `AvailabilityZones`/`VPCZoneIdentifier`, `HealthCheckType`,
/// `HealthCheckGracePeriod`, propagated tags, `TargetGroupARNs`/`LoadBalancerNames`), ECS
/// services (`DesiredCount`, subnets, `LoadBalancers`), `AWS::EC2::Instance`, and the load
/// balancers in front of them (`AWS::ElasticLoadBalancingV2::LoadBalancer`/`TargetGroup` health
/// checks, classic `AWS::ElasticLoadBalancing::LoadBalancer`).
extension Importer {
    mutating func mapSubnet(_ r: ResolvedResource) {
        guard let az = r.properties["AvailabilityZone"]?.text, system.azNames.contains(az) else {
            system.notModelled.append(
                .init(
                    origin: r.origin,
                    reason:
                        "subnet in AZ '\(r.properties["AvailabilityZone"]?.text ?? "?")', which is not one of the scenario's AZs (\(system.azNames.joined(separator: ", "))); list it under azs: in the overlay"
                ))
            return
        }
        let t = tags(r)
        // The network model has one subnet per AZ: a second subnet in an AZ is merged into the first
        // (its tags added where the first has no value for the key), and the merge is stated.
        if let i = system.subnets.firstIndex(where: { $0.az == az }) {
            for (k, v) in t where !system.subnets[i].tags.contains(where: { $0.0 == k }) { system.subnets[i].tags.append((k, v)) }
            system.assumptions.append(
                "\(r.logicalID): a second subnet in \(az), merged into \(system.subnets[i].origin.logicalID) (the network model has one subnet per AZ)")
            system.supporting.append((r.origin, "merged into the subnet \(system.subnets[i].origin.logicalID)"))
            return
        }
        system.subnets.append(.init(origin: r.origin, az: az, tags: t, isPublic: r.properties["MapPublicIpOnLaunch"]?.boolValue ?? false))
    }

    /// The load balancer in front of target groups (by ARN), with the target group's health check.
    func loadBalancer(targetGroups: [String], serviceName: String) -> ImportedSystem.LoadBalancer? {
        guard let tgARN = targetGroups.first,
            let tg = resolved.first(where: { $0.type == "AWS::ElasticLoadBalancingV2::TargetGroup" && $0.identity.arn == tgARN })
        else { return nil }
        let listener = resolved.first { l in
            l.type == "AWS::ElasticLoadBalancingV2::Listener" && (l.properties["DefaultActions"]?.list ?? []).contains { $0["TargetGroupArn"]?.text == tgARN }
        }
        let lbARN = listener?.properties["LoadBalancerArn"]?.text
        let lb = resolved.first { $0.type == "AWS::ElasticLoadBalancingV2::LoadBalancer" && $0.identity.arn == lbARN }
        let p = tg.properties
        let dereg = (p["TargetGroupAttributes"]?.list ?? []).first { $0["Key"]?.text == "deregistration_delay.timeout_seconds" }?["Value"]?.int
        let type = (lb?.properties["Type"]?.text ?? (p["Protocol"]?.text == "TCP" ? "network" : "application")) == "network" ? "nlb" : "alb"
        return .init(
            name: lb?.identity.name ?? "\(serviceName)-\(type)", type: type, interval: p["HealthCheckIntervalSeconds"]?.int,
            timeout: p["HealthCheckTimeoutSeconds"]?.int, healthy: p["HealthyThresholdCount"]?.int, unhealthy: p["UnhealthyThresholdCount"]?.int,
            deregistrationDelay: dereg, tags: lb.map { tags($0) } ?? [])
    }

    func classicLoadBalancer(_ names: [String]) -> ImportedSystem.LoadBalancer? {
        guard let n = names.first, let lb = resolved.first(where: { $0.type == "AWS::ElasticLoadBalancing::LoadBalancer" && $0.identity.ref.text == n }) else {
            return nil
        }
        let hc = lb.properties["HealthCheck"]
        return .init(
            name: lb.identity.name, type: "alb", interval: hc?["Interval"]?.int, timeout: hc?["Timeout"]?.int,
            healthy: hc?["HealthyThreshold"]?.int, unhealthy: hc?["UnhealthyThreshold"]?.int, deregistrationDelay: nil, tags: tags(lb))
    }

    mutating func mapAutoScalingGroup(_ r: ResolvedResource) throws {
        let p = r.properties
        let minSize = p["MinSize"]?.int ?? 0
        let desired = p["DesiredCapacity"]?.int ?? minSize
        var azs = (p["AvailabilityZones"]?.list ?? []).compactMap(\.text).filter { system.azNames.contains($0) }
        if azs.isEmpty { azs = self.azs(ofSubnets: (p["VPCZoneIdentifier"]?.list ?? []).compactMap(\.text)) }
        var lb = loadBalancer(targetGroups: (p["TargetGroupARNs"]?.list ?? []).compactMap(\.text), serviceName: r.identity.name)
        if lb == nil { lb = classicLoadBalancer((p["LoadBalancerNames"]?.list ?? []).compactMap(\.text)) }
        if desired < 1 {
            system.notModelled.append(.init(origin: r.origin, reason: "Auto Scaling group with desired capacity \(desired): no instances to model"))
            return
        }
        system.services.append(
            .init(
                origin: r.origin, name: r.identity.name, hostType: "ec2-instance", desired: desired, azCount: azs.isEmpty ? nil : azs.count,
                tags: tags(r, onlyPropagated: true), loadBalancer: lb, autoScaling: true,
                healthCheckType: p["HealthCheckType"]?.text, gracePeriod: p["HealthCheckGracePeriod"]?.int, cluster: nil, azs: azs))
        if let max = p["MaxSize"]?.int, max > desired {
            system.assumptions.append("\(r.logicalID): the group stays at its desired capacity \(desired) (MaxSize \(max); scaling policies are not modelled)")
        }
    }

    mutating func mapECSService(_ r: ResolvedResource) throws {
        let p = r.properties
        let desired = p["DesiredCount"]?.int ?? 1
        if p["DesiredCount"] == nil { system.assumptions.append("\(r.logicalID): no DesiredCount; ECS's default of 1 task") }
        let subnets = (p["NetworkConfiguration"]?["AwsvpcConfiguration"]?["Subnets"]?.list ?? []).compactMap(\.text)
        let azs = self.azs(ofSubnets: subnets)
        let lb = loadBalancer(targetGroups: (p["LoadBalancers"]?.list ?? []).compactMap { $0["TargetGroupArn"]?.text }, serviceName: r.identity.name)
        let cluster = p["Cluster"]?.text.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        if desired < 1 {
            system.notModelled.append(.init(origin: r.origin, reason: "ECS service with DesiredCount 0"))
            return
        }
        system.services.append(
            .init(
                origin: r.origin, name: r.identity.name, hostType: "ecs-task", desired: desired, azCount: azs.isEmpty ? nil : azs.count,
                tags: tags(r), loadBalancer: lb, autoScaling: false, healthCheckType: nil,
                gracePeriod: p["HealthCheckGracePeriodSeconds"]?.int, cluster: cluster, azs: azs))
    }

    mutating func mapInstance(_ r: ResolvedResource) throws {
        let p = r.properties
        var azs = [p["AvailabilityZone"]?.text].compactMap { $0 }.filter { system.azNames.contains($0) }
        if azs.isEmpty, let s = p["SubnetId"]?.text { azs = self.azs(ofSubnets: [s]) }
        if azs.isEmpty {
            azs = [system.azNames[0]]
            system.assumptions.append("\(r.logicalID): the instance's AZ is not given; assumed \(azs[0])")
        }
        system.services.append(
            .init(
                origin: r.origin, name: r.identity.name, hostType: "ec2-instance", desired: 1, azCount: 1, tags: tags(r),
                loadBalancer: nil, autoScaling: false, healthCheckType: nil, gracePeriod: nil, cluster: nil, azs: azs))
    }
}
