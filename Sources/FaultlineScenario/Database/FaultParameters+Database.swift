import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

extension FaultParameters {
    /// `aws:rds:failover-db-cluster` (no parameters) and `aws:rds:reboot-db-instances`
    /// (`forceFailover`, default false).
    ///
    /// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#rds-actions-reference-fis
    static let databaseActions: [String: FaultParameters] = [
        "aws:rds:failover-db-cluster": FaultParameters { f, doc in
            let p = Reader(fault: f, doc: doc)
            return p.ok ? .databaseFailover : nil
        },
        "aws:rds:reboot-db-instances": FaultParameters { f, doc in
            var p = Reader(fault: f, doc: doc)
            let force = p.bool("forceFailover")
            guard p.ok, let force else { return nil }
            return .databaseReboot(forceFailover: force)
        }
    ]

    /// Actions without a `duration`: FIS ends them once the API call is accepted (about 1 s
    /// observed for the RDS actions); what they start goes on in the model.
    static let instantActions: [String: SimDuration] = [
        "aws:rds:failover-db-cluster": .seconds(1),
        "aws:rds:reboot-db-instances": .seconds(1)
    ]
}
