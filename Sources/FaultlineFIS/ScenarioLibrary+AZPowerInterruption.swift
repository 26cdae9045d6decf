import FaultlineKernel

extension ScenarioLibrary {
    /// "AZ Availability: Power Interruption" (`fis-reference.md` §4.1): zonal compute stopped and
    /// restarted after the outage, no launches or ASG scaling into the AZ, the AZ's subnets cut
    /// off for a short while (timeouts, DNS refresh), Aurora failover away from a writer in the
    /// AZ, ElastiCache nodes of the AZ powered off, ARC zonal autoshift after a delay, and EBS I/O
    /// paused during the recovery phase. Every target is tagged `<tag-key>=<role>`; AZ scoping is
    /// by filters and target parameters, as the console writes it.
    /// https://docs.aws.amazon.com/fis/latest/userguide/az-availability-scenario.html
    static let azPowerInterruption = LibraryScenario(
        name: "az-power-interruption",
        title: "AZ Availability: Power Interruption",
        summary:
            "power loss in one AZ: instances stopped, no capacity, subnets cut, RDS/ElastiCache failover, autoshift, EBS I/O paused in recovery (30 min + 30 min)",
        parameters: common + [
            .init(key: "az", defaultValue: "us-east-1a", help: "the affected Availability Zone"),
            .init(key: "outage", defaultValue: "PT30M", help: "interruption duration (instances stay stopped, no capacity)"),
            .init(key: "recovery", defaultValue: "PT30M", help: "recovery duration (EBS I/O paused after the instances restart)"),
            .init(key: "network", defaultValue: "PT2M", help: "how long the AZ's subnets lose connectivity"),
            .init(key: "autoshift-delay", defaultValue: "PT5M", help: "wait before the ARC zonal autoshift starts"),
            .init(key: "tag-key", defaultValue: "AzImpairmentPower", help: "tag key of every target (values: StopInstances, IceAsg, DisruptSubnet, ...)"),
            .init(
                key: "ice-role-arns", defaultValue: "",
                help: "comma list of IAM roles that launch instances (default arn:aws:iam::<account>:role/LaunchInstancesRole)")
        ],
        generate: { v throws(ScenarioLibraryError) in
            let az = v["az"], key = v["tag-key"]
            let outage = try v.duration("outage"), recovery = try v.duration("recovery")
            let network = try v.duration("network"), delay = try v.duration("autoshift-delay")
            guard delay < outage else {
                throw ScenarioLibraryError(
                    "--param autoshift-delay=\(v["autoshift-delay"]) must be shorter than outage=\(v["outage"]) (the autoshift runs for the rest of the outage)"
                )
            }
            let roles = v.list("ice-role-arns").isEmpty ? ["arn:aws:iam::\(v["account"]):role/LaunchInstancesRole"] : v.list("ice-role-arns")
            let running: (String, [String]) = ("State.Name", ["running"])
            let inAZ: (String, [String]) = ("Placement.AvailabilityZone", [az])
            let targets: [(String, TemplateJSON)] = [
                ("ARC-Managed-Resources", target("aws:arc:zonal-shift-managed-resource", tags: [(key, "RecoverAutoshiftResources")])),
                ("ASG", target("aws:ec2:autoscaling-group", tags: [(key, "IceAsg")])),
                ("ASG-EC2-Instances", target("aws:ec2:instance", tags: [(key, "IceAsg")], filters: [running, inAZ])),
                (
                    "EBS-Volumes",
                    target(
                        "aws:ec2:ebs-volume", tags: [(key, "ApiPauseVolume")], filters: [("Attachments.DeleteOnTermination", ["false"])],
                        parameters: [("availabilityZoneIdentifier", az)], mode: "COUNT(1)")
                ),
                ("EC2-Instances", target("aws:ec2:instance", tags: [(key, "StopInstances")], filters: [running, inAZ])),
                (
                    "ElastiCache-Cluster",
                    target(
                        "aws:elasticache:replicationgroup", tags: [(key, "ElasticacheImpact")],
                        parameters: [("availabilityZoneIdentifier", az)])
                ),
                ("IAM-role", target("aws:iam:role", arns: roles)),
                ("RDS-Cluster", target("aws:rds:cluster", tags: [(key, "DisruptRds")], parameters: [("writerAvailabilityZoneIdentifiers", az)])),
                ("Subnet", target("aws:ec2:subnet", tags: [(key, "DisruptSubnet")], filters: [("AvailabilityZone", [az])]))
            ]
            let actions: [(String, TemplateJSON)] = [
                (
                    "Failover-RDS",
                    action(
                        "aws:rds:failover-db-cluster", description: "Fail over Aurora clusters whose writer is in \(az)",
                        parameters: [], targets: [("Clusters", "RDS-Cluster")])
                ),
                (
                    "Pause-ASG-Scaling",
                    action(
                        "aws:ec2:asg-insufficient-instance-capacity-error",
                        description: "Fail Auto Scaling launches in \(az) with InsufficientInstanceCapacity",
                        parameters: [("availabilityZoneIdentifiers", az), ("duration", iso(outage)), ("percentage", "100")],
                        targets: [("AutoScalingGroups", "ASG")])
                ),
                (
                    "Pause-EBS-IO",
                    action(
                        "aws:ebs:pause-volume-io", description: "Pause I/O of a volume in \(az) during recovery",
                        parameters: [("duration", iso(recovery))], targets: [("Volumes", "EBS-Volumes")],
                        startAfter: ["Stop-Instances", "Stop-ASG-Instances"])
                ),
                (
                    "Pause-ElastiCache",
                    action(
                        "aws:elasticache:replicationgroup-interrupt-az-power", description: "Power off ElastiCache nodes in \(az)",
                        parameters: [("duration", iso(outage))], targets: [("ReplicationGroups", "ElastiCache-Cluster")])
                ),
                (
                    "Pause-Instance-Launches",
                    action(
                        "aws:ec2:api-insufficient-instance-capacity-error", description: "Fail instance launches in \(az) with InsufficientInstanceCapacity",
                        parameters: [("availabilityZoneIdentifiers", az), ("duration", iso(outage)), ("percentage", "100")],
                        targets: [("Roles", "IAM-role")])
                ),
                (
                    "Pause-network-connectivity",
                    action(
                        "aws:network:disrupt-connectivity", description: "Cut the subnets of \(az) off",
                        parameters: [("duration", iso(network)), ("scope", "all")], targets: [("Subnets", "Subnet")])
                ),
                (
                    "Start-ARC-Zonal-Autoshift",
                    action(
                        "aws:arc:start-zonal-autoshift", description: "Shift traffic away from \(az) for the rest of the outage",
                        parameters: [("availabilityZoneIdentifier", az), ("duration", iso(outage - delay))],
                        targets: [("ManagedResources", "ARC-Managed-Resources")], startAfter: ["Wait-Before-Autoshift"])
                ),
                (
                    "Stop-ASG-Instances",
                    action(
                        "aws:ec2:stop-instances", description: "Stop Auto Scaling instances in \(az), restart after the outage",
                        parameters: [("completeIfInstancesTerminated", "true"), ("startInstancesAfterDuration", iso(outage))],
                        targets: [("Instances", "ASG-EC2-Instances")])
                ),
                (
                    "Stop-Instances",
                    action(
                        "aws:ec2:stop-instances", description: "Stop instances in \(az), restart after the outage",
                        parameters: [("completeIfInstancesTerminated", "true"), ("startInstancesAfterDuration", iso(outage))],
                        targets: [("Instances", "EC2-Instances")])
                ),
                (
                    "Wait-Before-Autoshift",
                    action(
                        "aws:fis:wait", description: "Let the impairment be detected before the autoshift",
                        parameters: [("duration", iso(delay))])
                )
            ]
            return template(
                v, title: "AZ Availability: Power Interruption",
                description:
                    "Affect multiple resource types in \(az) to approximate a power interruption in one Availability Zone (\(iso(outage)) outage, \(iso(recovery)) recovery).",
                targets: targets, actions: actions)
        })
}
