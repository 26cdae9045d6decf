import FaultlineKernel

extension ScenarioLibrary {
    /// "Cross-Region: Connectivity" (`fis-reference.md` §4.4): application traffic from the
    /// experiment Region to a destination Region blocked (transit gateway, subnet route tables,
    /// interface VPC endpoints) and cross-Region replication paused (S3, DynamoDB global tables,
    /// MemoryDB multi-Region clusters), all in parallel, each skipped when nothing carries its tag.
    /// Tags are the documentation prose's defaults (`DisruptSubnet=Allowed`, ...).
    /// https://docs.aws.amazon.com/fis/latest/userguide/cross-region-scenario.html
    static let crossRegionConnectivity = LibraryScenario(
        name: "cross-region-connectivity",
        title: "Cross-Region: Connectivity",
        summary: "block traffic to a destination Region and pause cross-Region replication for 3 h",
        parameters: common + [
            .init(key: "destination-region", defaultValue: "us-west-2", help: "the Region to isolate"),
            .init(key: "duration", defaultValue: "PT3H", help: "how long (at most PT12H)"),
            .init(key: "tag-value", defaultValue: "Allowed", help: "value of every target tag (keys DisruptTransitGateway, DisruptSubnet, ...)")
        ],
        generate: { v throws(ScenarioLibraryError) in
            let dest = v["destination-region"], value = v["tag-value"]
            let duration = try v.duration("duration")
            guard dest != v["region"] else {
                throw ScenarioLibraryError("--param destination-region=\(dest) is the experiment's own Region; name another one")
            }
            let d = ("duration", iso(duration))
            let targets: [(String, TemplateJSON)] = [
                ("DynamoDB-Global-Table", target("aws:dynamodb:global-table", tags: [("DisruptDynamoDb", value)])),
                ("MemoryDB-Cluster", target("aws:memorydb:multi-region-cluster", tags: [("DisruptMemoryDB", value)])),
                ("S3-Bucket", target("aws:s3:bucket", tags: [("DisruptS3", value)])),
                ("Subnet", target("aws:ec2:subnet", tags: [("DisruptSubnet", value)])),
                ("Transit-Gateway", target("aws:ec2:transit-gateway", tags: [("DisruptTransitGateway", value)])),
                ("VPC-Endpoint", target("aws:ec2:vpc-endpoint", tags: [("DisruptVpcEndpoint", value)]))
            ]
            let actions: [(String, TemplateJSON)] = [
                (
                    "Disrupt-Subnet-Connectivity",
                    action(
                        "aws:network:route-table-disrupt-cross-region-connectivity",
                        description: "Blackhole routes from the subnets to \(dest)",
                        parameters: [d, ("region", dest)], targets: [("Subnets", "Subnet")])
                ),
                (
                    "Disrupt-Transit-Gateway-Connectivity",
                    action(
                        "aws:network:transit-gateway-disrupt-cross-region-connectivity",
                        description: "Block transit gateway peering traffic to \(dest)",
                        parameters: [d, ("region", dest)], targets: [("TransitGateways", "Transit-Gateway")])
                ),
                (
                    "Disrupt-Vpc-Endpoint",
                    action(
                        "aws:network:disrupt-vpc-endpoint", description: "Drop traffic of interface VPC endpoints",
                        parameters: [d], targets: [("VPCEndpoints", "VPC-Endpoint")])
                ),
                (
                    "Pause-DynamoDB-Replication",
                    action(
                        "aws:dynamodb:global-table-pause-replication", description: "Pause global table replication",
                        parameters: [d], targets: [("Tables", "DynamoDB-Global-Table")])
                ),
                (
                    "Pause-MemoryDB-Multi-Region-Cluster-Replication",
                    action(
                        "aws:memorydb:multi-region-cluster-pause-replication",
                        description: "Pause MemoryDB multi-Region replication",
                        parameters: [d], targets: [("MultiRegionClusters", "MemoryDB-Cluster")])
                ),
                (
                    "Pause-S3-Replication",
                    action(
                        "aws:s3:bucket-pause-replication", description: "Pause S3 replication to \(dest)",
                        parameters: [d, ("region", dest)], targets: [("Buckets", "S3-Bucket")])
                )
            ]
            return template(
                v, title: "Cross-Region: Connectivity",
                description: "Block application traffic from \(v["region"]) to \(dest) and pause cross-Region replication for \(iso(duration)).",
                targets: targets, actions: actions)
        })
}
