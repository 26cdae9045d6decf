import Foundation

/// Runs independent tasks on `jobs` threads. Each task is a whole simulation run with its own
/// random streams and world, so tasks share nothing but what the caller locks; the result of
/// a task does not depend on which thread ran it or when (docs/architecture.md, "Sweeps").
public enum ParallelRunner {
    /// Calls `body(i)` for every i in 0..<count, at most `jobs` at a time, lowest i first.
    /// After a task throws no new task starts; the error of the lowest failing index is thrown.
    public static func run(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        guard count > 0 else { return }
        let state = State()
        let threads = max(1, min(jobs, count))
        let done = DispatchGroup()
        for _ in 0..<threads {
            done.enter()
            let t = Thread {
                while let i = state.next(count) {
                    do { try body(i) } catch { state.fail(i, error) }
                }
                done.leave()
            }
            t.stackSize = 16 << 20
            t.start()
        }
        done.wait()
        if let e = state.firstError { throw e }
    }

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var failures: [(Int, Error)] = []

        func next(_ count: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard failures.isEmpty, nextIndex < count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func fail(_ i: Int, _ e: Error) {
            lock.lock()
            failures.append((i, e))
            lock.unlock()
        }

        var firstError: Error? {
            lock.lock()
            defer { lock.unlock() }
            return failures.min { $0.0 < $1.0 }?.1
        }
    }
}
