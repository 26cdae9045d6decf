/// A customer-managed prefix list (a scenario's `prefixLists:` entry): a named set of CIDR
/// blocks. Faultline has no IP addresses, so each entry stands for the address range of one
/// resource of the model: every host of a service, or the endpoint of a table, queue, topic,
/// function, API route or database.
///
/// `aws:network:disrupt-connectivity` with `scope: prefix-list` denies traffic to and from the
/// list given by `prefixListIdentifier` (name, ID or ARN); FIS accepts lists of at most 10
/// entries for this scope.
///
/// https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html
/// https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#disrupt-connectivity
public struct PrefixList: Sendable, Equatable {
    public var name: String
    /// `pl-` and 17 hex digits.
    public var id: String
    /// `arn:aws:ec2:<region>:<account>:prefix-list/<id>`.
    public var arn: String
    /// The resources whose addresses the list holds, in the order written.
    public var entries: [ServiceID]

    /// The most entries FIS accepts in a prefix list for `scope: prefix-list`.
    public static let maxEntries = 10

    public init(name: String, id: String, arn: String, entries: [ServiceID]) {
        self.name = name
        self.id = id
        self.arn = arn
        self.entries = entries
    }

    /// Whether `identifier` names this list, as FIS's `prefixListIdentifier` does: by name, ID or ARN.
    public func matches(_ identifier: String) -> Bool {
        identifier == name || identifier == id || identifier == arn
    }
}

/// The `prefixListIdentifier` of a `scope: prefix-list` fault: as written, and the list it
/// resolves to among the scenario's prefix lists (nil until resolved; an unresolved reference
/// blocks nothing).
public struct PrefixListRef: Sendable, Equatable {
    public var identifier: String
    public var list: PrefixList?

    public init(identifier: String, list: PrefixList? = nil) {
        self.identifier = identifier
        self.list = list
    }
}
