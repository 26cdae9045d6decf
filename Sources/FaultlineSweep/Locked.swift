import Foundation

/// A value shared between threads under a lock (results of parallel runs written by index).
public final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var v: T
    public init(_ v: T) { self.v = v }
    public var value: T {
        lock.lock()
        defer { lock.unlock() }
        return v
    }
    public func set<E>(_ i: Int, _ e: E) where T == [E?] {
        lock.lock()
        v[i] = e
        lock.unlock()
    }
}
