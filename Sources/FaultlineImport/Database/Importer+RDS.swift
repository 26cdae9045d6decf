/// RDS: `AWS::RDS::DBCluster` (Aurora: `Engine` aurora-mysql / aurora-postgresql, its
/// `AWS::RDS::DBInstance`s as writer and readers over the AZs) and stand-alone
/// `AWS::RDS::DBInstance`s (`MultiAZ`: a writer and a standby, `rds-multi-az`). Read replicas
/// (`SourceDBInstanceIdentifier`) are listed as not modelled.
extension Importer {
    mutating func mapDatabase(_ r: ResolvedResource) throws {
        let p = r.properties
        if r.type == "AWS::RDS::DBCluster" {
            let engine = (p["Engine"]?.text ?? "aurora-postgresql").contains("postgres") ? "aurora-postgresql" : "aurora-mysql"
            let members = resolved.filter { $0.type == "AWS::RDS::DBInstance" && $0.properties["DBClusterIdentifier"]?.text == r.identity.name }
            system.databases.append(.init(origin: r.origin, name: r.identity.name, engine: engine, instances: max(1, members.count), tags: tags(r)))
            if !(p["Engine"]?.text ?? "aurora").hasPrefix("aurora") {
                system.assumptions.append("\(r.logicalID): engine \(p["Engine"]?.text ?? "?") (a Multi-AZ DB cluster) modelled as \(engine)")
            }
            return
        }
        if let cluster = p["DBClusterIdentifier"]?.text {
            system.supporting.append((r.origin, "instance of the cluster \(cluster)"))
            return
        }
        if let source = p["SourceDBInstanceIdentifier"]?.text {
            system.notModelled.append(.init(origin: r.origin, reason: "read replica of \(source) (asynchronous replicas are not modelled)"))
            return
        }
        let multiAZ = p["MultiAZ"]?.boolValue ?? false
        system.databases.append(.init(origin: r.origin, name: r.identity.name, engine: "rds-multi-az", instances: multiAZ ? 2 : 1, tags: tags(r)))
        if !multiAZ {
            system.assumptions.append("\(r.logicalID): a Single-AZ instance, modelled as rds-multi-az with no standby (failover recreates the writer)")
        }
    }
}
