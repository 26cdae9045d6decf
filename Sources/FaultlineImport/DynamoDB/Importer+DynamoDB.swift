/// DynamoDB: `AWS::DynamoDB::Table` and `AWS::Serverless::SimpleTable` — `BillingMode`
/// (`PAY_PER_REQUEST` is on-demand) and `ProvisionedThroughput` (read and write capacity units).
extension Importer {
    mutating func mapTable(_ r: ResolvedResource) throws {
        let p = r.properties
        var read: Int?, write: Int?
        let onDemand = p["BillingMode"]?.text == "PAY_PER_REQUEST" || (r.type == "AWS::Serverless::SimpleTable" && p["ProvisionedThroughput"] == nil)
        if !onDemand, let pt = p["ProvisionedThroughput"] {
            read = pt["ReadCapacityUnits"]?.int
            write = pt["WriteCapacityUnits"]?.int
            for (k, v) in [("ReadCapacityUnits", read), ("WriteCapacityUnits", write)] where v == nil || !(1...10_000_000).contains(v!) {
                throw r.fail(
                    "ProvisionedThroughput.\(k)", "\(k) must be a whole number from 1 to 10000000.",
                    "give the table's provisioned capacity, or BillingMode: PAY_PER_REQUEST")
            }
        }
        system.tables.append(.init(origin: r.origin, name: r.identity.name, readUnits: read, writeUnits: write, tags: tags(r)))
    }
}
