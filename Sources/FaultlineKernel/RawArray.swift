/// A growable array with a single owner and no copy-on-write: the storage for the simulator's
/// hot state (request slabs, metric accumulators, histogram buckets).
///
/// Swift's `Array` checks uniqueness and bounds on every element write; in a model that writes
/// a handful of fields per event those checks were ~15 % of the instructions of an M/M/c run
/// (`docs/performance.md`). `RawArray` is non-copyable, so its buffer cannot be shared, and
/// frees it in `deinit`. Indices are checked with `assert` (debug builds); callers index with
/// IDs they allocated themselves.
public struct RawArray<Element: ~Copyable>: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var _count: Int = 0
    @usableFromInline var capacity: Int

    public init(capacity: Int = 16) {
        self.capacity = Swift.max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: _count)
        base.deallocate()
    }

    @inlinable public var count: Int { _count }
    @inlinable public var isEmpty: Bool { _count == 0 }

    /// Appends `element`; the buffer doubles when full (amortised O(1)).
    @inlinable public mutating func append(_ element: consuming Element) {
        if _count == capacity { grow() }
        (base + _count).initialize(to: element)
        _count &+= 1
    }

    @inlinable public subscript(index: Int) -> Element {
        unsafeAddress {
            assert(index >= 0 && index < _count, "RawArray index \(index) out of range 0..<\(_count)")
            return UnsafePointer(base + index)
        }
        unsafeMutableAddress {
            assert(index >= 0 && index < _count, "RawArray index \(index) out of range 0..<\(_count)")
            return base + index
        }
    }

    @usableFromInline mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: _count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

extension RawArray: @unchecked Sendable where Element: Sendable & ~Copyable {}

extension RawArray where Element: Copyable {
    /// An array of `count` copies of `value`.
    @inlinable public init(repeating value: Element, count: Int) {
        self.init(capacity: count)
        // One call, not `count` appends through the unspecialised generic path (that was
        // 231 M instructions of set-up for the 10k-function scenario; docs/performance.md).
        base.initialize(repeating: value, count: count)
        _count = count
    }

    /// Removes and returns the last element, if any.
    @inlinable public mutating func popLast() -> Element? {
        guard _count > 0 else { return nil }
        _count &-= 1
        return (base + _count).move()
    }

    /// Sets every element in `range` to `value` (for zeroing histogram buckets).
    @inlinable public mutating func fill(_ range: ClosedRange<Int>, with value: Element) {
        assert(range.lowerBound >= 0 && range.upperBound < _count)
        (base + range.lowerBound).update(repeating: value, count: range.count)
    }
}
