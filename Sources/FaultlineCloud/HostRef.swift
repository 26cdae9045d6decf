/// One compute unit a fault can act on below the service level: an EC2 instance, ECS task or
/// EKS pod hosting part of a service in one AZ.
///
/// `index` counts the service's hosts in that AZ from 0. A service declared without hosts has
/// one implicit host per AZ (index 0): its whole deployment there. FIS targets individual
/// instances, tasks and pods (`aws:ec2:instance`, `aws:ecs:task`, `aws:eks:pod`), so faults
/// such as `aws:ec2:stop-instances` or `aws:ecs:task-network-latency` carry these.
public struct HostRef: Hashable, Sendable, Comparable {
    public var service: ServiceID
    public var az: AZID
    public var index: Int32

    public init(service: ServiceID, az: AZID, index: Int32) {
        self.service = service
        self.az = az
        self.index = index
    }

    public static func < (a: HostRef, b: HostRef) -> Bool {
        (a.service.index, a.az.index, a.index) < (b.service.index, b.az.index, b.index)
    }
}
