/// Regions and Availability Zones: where every resource is placed.
///
/// AWS names AZs per account (`us-east-1a`) and by zone ID (`use1-az1`); a scenario uses one
/// name per AZ consistently. Traffic between two resources in the same AZ takes the intra-AZ
/// network path, otherwise the cross-AZ path (see ``NetworkModel``).
public struct Topology: Sendable, Equatable {
    public struct Region: Sendable, Equatable {
        public var name: String
        public var azs: [AZID]
        public init(name: String, azs: [AZID]) {
            self.name = name
            self.azs = azs
        }
    }

    public struct AvailabilityZone: Sendable, Equatable {
        public var name: String
        public var region: RegionID
        public init(name: String, region: RegionID) {
            self.name = name
            self.region = region
        }
    }

    public var regions: [Region]
    public var azs: [AvailabilityZone]

    public init(regions: [Region], azs: [AvailabilityZone]) {
        self.regions = regions
        self.azs = azs
    }

    public func name(of az: AZID) -> String { azs[Int(az.index)].name }
}
