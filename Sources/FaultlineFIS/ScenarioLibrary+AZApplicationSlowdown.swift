import FaultlineKernel

extension ScenarioLibrary {
    /// The EC2 / ECS / EKS network actions the two slowdown scenarios share: one per compute
    /// kind, in parallel, each on targets tagged (EKS: labelled) `<tag-key>=<Kind><suffix>` in the AZ.
    static func computeNetworkActions(
        _ v: LibraryScenario.Values, az: String, key: String, suffix: String, fault: NetworkFault,
        sources: String, duration: SimDuration
    ) -> (targets: [(String, TemplateJSON)], actions: [(String, TemplateJSON)]) {
        let seconds = "\(duration.nanoseconds / 1_000_000_000)"
        let (ssmDoc, ecsID, eksID, docFault, taskFault): (String, String, String, [(String, String)], [(String, String)])
        switch fault {
        case .latency(let ms):
            ssmDoc = "AWSFIS-Run-Network-Latency-Sources"
            ecsID = "aws:ecs:task-network-latency"
            eksID = "aws:eks:pod-network-latency"
            docFault = [("DelayMilliseconds", ms)]
            taskFault = [("delayMilliseconds", ms)]
        case .loss(let pct):
            ssmDoc = "AWSFIS-Run-Network-Packet-Loss-Sources"
            ecsID = "aws:ecs:task-network-packet-loss"
            eksID = "aws:eks:pod-network-packet-loss"
            docFault = [("LossPercent", pct)]
            taskFault = [("lossPercent", pct)]
        }
        let flows = v["flows-percent"]
        let what = fault.label
        let targets: [(String, TemplateJSON)] = [
            (
                "\(suffix)ForEC2",
                target(
                    "aws:ec2:instance", tags: [(key, "\(suffix)ForEC2")],
                    filters: [("State.Name", ["running"]), ("Placement.AvailabilityZone", [az])])
            ),
            ("\(suffix)ForECS", target("aws:ecs:task", tags: [(key, "\(suffix)ForECS")], filters: [("AvailabilityZone", [az])])),
            (
                "\(suffix)ForEKS",
                target(
                    "aws:eks:pod",
                    parameters: [
                        ("availabilityZoneIdentifier", az), ("clusterIdentifier", v["eks-cluster"]), ("namespace", v["eks-namespace"]),
                        ("selectorType", "labelSelector"), ("selectorValue", "\(key)=\(suffix)ForEKS")
                    ])
            )
        ]
        let docParams = documentParameters(
            docFault + [
                ("Sources", sources), ("Interface", "DEFAULT"), ("TrafficType", "egress"),
                ("DurationSeconds", seconds), ("FlowsPercent", flows), ("InstallDependencies", "True")
            ])
        let actions: [(String, TemplateJSON)] = [
            (
                "\(suffix)ForEC2",
                action(
                    "aws:ssm:send-command", description: "\(what) on EC2 instances in \(az)",
                    parameters: [
                        ("documentArn", "arn:aws:ssm:\(v["region"])::document/\(ssmDoc)"), ("documentParameters", docParams),
                        ("duration", iso(duration))
                    ],
                    targets: [("Instances", "\(suffix)ForEC2")])
            ),
            (
                "\(suffix)ForECS",
                action(
                    ecsID, description: "\(what) on ECS tasks in \(az)",
                    parameters: taskFault + [
                        ("duration", iso(duration)), ("flowsPercent", flows), ("sources", sources),
                        ("useEcsFaultInjectionEndpoints", "true")
                    ],
                    targets: [("Tasks", "\(suffix)ForECS")])
            ),
            (
                "\(suffix)ForEKS",
                action(
                    eksID, description: "\(what) on EKS pods in \(az)",
                    parameters: taskFault + [
                        ("duration", iso(duration)), ("flowsPercent", flows), ("interface", "DEFAULT"),
                        ("kubernetesServiceAccount", v["eks-service-account"]), ("sources", sources)
                    ],
                    targets: [("Pods", "\(suffix)ForEKS")])
            )
        ]
        return (targets, actions)
    }

    enum NetworkFault {
        case latency(String)
        case loss(String)
        var label: String {
            switch self {
            case .latency(let ms): return "add \(ms) ms latency"
            case .loss(let p): return "drop \(p) % of packets"
            }
        }
    }

    static let eksParameters: [LibraryScenario.Parameter] = [
        .init(key: "eks-cluster", defaultValue: "my-eks-cluster", help: "EKS cluster of the pods (the console requires it)"),
        .init(key: "eks-namespace", defaultValue: "default", help: "Kubernetes namespace of the pods"),
        .init(key: "eks-service-account", defaultValue: "fis-service-account", help: "service account of the FIS pod")
    ]

    /// "AZ: Application Slowdown" (`fis-reference.md` §4.2): latency on flows between targets
    /// inside one AZ (egress toward sources in the same AZ), EC2 through SSM, ECS and EKS actions
    /// in parallel, each skipped when nothing carries its tag.
    /// https://docs.aws.amazon.com/fis/latest/userguide/az-application-slowdown-scenario.html
    static let azApplicationSlowdown = LibraryScenario(
        name: "az-application-slowdown",
        title: "AZ: Application Slowdown",
        summary: "gray failure: 200 ms latency on 100 % of flows between targets inside one AZ for 30 min (EC2, ECS, EKS)",
        parameters: common + [
            .init(key: "az", defaultValue: "us-east-1a", help: "the Availability Zone whose internal flows slow down"),
            .init(key: "latency-ms", defaultValue: "200", help: "added latency, milliseconds"),
            .init(key: "flows-percent", defaultValue: "100", help: "share of flows affected, percent"),
            .init(key: "duration", defaultValue: "PT30M", help: "how long"),
            .init(key: "tag-key", defaultValue: "AZApplicationSlowdown", help: "tag (EKS: label) key; values LatencyForEC2/ECS/EKS")
        ] + eksParameters,
        generate: { v throws(ScenarioLibraryError) in
            let az = v["az"]
            let duration = try v.duration("duration")
            let ms = try v.integer("latency-ms", 0...60_000)
            _ = try v.integer("flows-percent", 1...100)
            let (targets, actions) = computeNetworkActions(
                v, az: az, key: v["tag-key"], suffix: "Latency", fault: .latency(ms), sources: az, duration: duration)
            return template(
                v, title: "AZ: Application Slowdown",
                description: "Add \(ms) ms latency to \(v["flows-percent"]) % of network flows between resources in \(az) for \(iso(duration)).",
                targets: targets, actions: actions)
        })
}
