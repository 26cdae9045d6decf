/// String keys and values in file order (tags, parameters, action targets): deterministic to
/// iterate, unlike a dictionary (house rule 7).
public struct StringPairs: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Pair: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public var pairs: [Pair]

    public init(_ pairs: [Pair] = []) { self.pairs = pairs }
    public init(dictionaryLiteral elements: (String, String)...) { pairs = elements.map { Pair(key: $0.0, value: $0.1) } }

    /// The value of `key` (the last one if repeated).
    public subscript(key: String) -> String? { pairs.last { $0.key == key }?.value }

    public var keys: [String] { pairs.map(\.key) }
    public var count: Int { pairs.count }
    public var isEmpty: Bool { pairs.isEmpty }
    public func makeIterator() -> IndexingIterator<[Pair]> { pairs.makeIterator() }
}
