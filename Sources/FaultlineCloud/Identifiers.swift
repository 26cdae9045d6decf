/// Typed indices into the world's component arrays (house rule 4): a `ServiceID` can never be
/// passed where an `AZID` is meant.
public struct AZID: Hashable, Sendable, Comparable {
    public let index: Int32
    public init(_ index: Int) { self.index = Int32(index) }
    public static func < (a: AZID, b: AZID) -> Bool { a.index < b.index }
}

public struct RegionID: Hashable, Sendable {
    public let index: Int32
    public init(_ index: Int) { self.index = Int32(index) }
}

public struct ServiceID: Hashable, Sendable {
    public let index: Int32
    public init(_ index: Int) { self.index = Int32(index) }
}

public struct WorkloadID: Hashable, Sendable {
    public let index: Int32
    public init(_ index: Int) { self.index = Int32(index) }
}
