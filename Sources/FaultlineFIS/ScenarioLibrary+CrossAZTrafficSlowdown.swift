import FaultlineKernel

extension ScenarioLibrary {
    /// "Cross-AZ: Traffic Slowdown" (`fis-reference.md` §4.3): packet loss on outbound flows from
    /// targets in one AZ to every other AZ of the Region; EC2 through SSM, ECS and EKS in parallel.
    /// https://docs.aws.amazon.com/fis/latest/userguide/cross-az-traffic-slowdown-scenario.html
    static let crossAZTrafficSlowdown = LibraryScenario(
        name: "cross-az-traffic-slowdown",
        title: "Cross-AZ: Traffic Slowdown",
        summary: "15 % packet loss on 100 % of flows from one AZ to the Region's other AZs for 30 min (EC2, ECS, EKS)",
        parameters: common + [
            .init(key: "az", defaultValue: "us-east-1a", help: "the Availability Zone whose outbound cross-AZ flows lose packets"),
            .init(key: "azs", defaultValue: "", help: "comma list of the Region's AZs (default <region>a,<region>b,<region>c); the others are the sources"),
            .init(key: "loss-percent", defaultValue: "15", help: "packet loss, percent"),
            .init(key: "flows-percent", defaultValue: "100", help: "share of flows affected, percent"),
            .init(key: "duration", defaultValue: "PT30M", help: "how long"),
            .init(key: "tag-key", defaultValue: "CrossAZTrafficSlowdown", help: "tag (EKS: label) key; values PacketLossForEC2/ECS/EKS")
        ] + eksParameters,
        generate: { v throws(ScenarioLibraryError) in
            let az = v["az"], region = v["region"]
            let duration = try v.duration("duration")
            let pct = try v.integer("loss-percent", 0...100)
            _ = try v.integer("flows-percent", 1...100)
            let all = v.list("azs").isEmpty ? ["\(region)a", "\(region)b", "\(region)c"] : v.list("azs")
            let others = all.filter { $0 != az }
            guard !others.isEmpty else {
                throw ScenarioLibraryError("--param azs=\(v["azs"]) leaves no other Availability Zone than \(az) to slow traffic toward")
            }
            let (targets, actions) = computeNetworkActions(
                v, az: az, key: v["tag-key"], suffix: "PacketLoss", fault: .loss(pct),
                sources: others.joined(separator: ","), duration: duration)
            return template(
                v, title: "Cross-AZ: Traffic Slowdown",
                description:
                    "Drop \(pct) % of packets on \(v["flows-percent"]) % of flows from \(az) to \(others.joined(separator: ", ")) for \(iso(duration)).",
                targets: targets, actions: actions)
        })
}
