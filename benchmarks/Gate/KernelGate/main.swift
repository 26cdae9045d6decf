// The kernel benchmark gate, run by `make test` (scripts/test.sh) in a release build:
//   swift build -c release --product kernel-gate && .build/release/kernel-gate
// For each kernel micro-benchmark it checks two things and exits 1 naming the benchmark when
// either fails (docs/performance.md, "Benchmark gate"):
// - allocations: heap allocations per event in steady state, counted exactly by the counting
//   malloc (Tests/CMallocCounter), so stable on a noisy machine;
// - throughput: the benchmark's speed as a ratio to a reference loop measured in the same run
//   (the C reference simulators' binary heap, benchmarks/Gate/CReferenceHeap, on the same
//   workload), never an absolute time. Both sides are timed alternately, best of `rounds`, in
//   thread CPU time, so a busy machine slows both alike.
import CMallocCounter
import CReferenceHeap
import FaultlineKernel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

typealias Hold = HoldModel

/// CPU time of the calling thread, in nanoseconds.
func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// One timed run of a workload: CPU nanoseconds and mallocs of its measured part.
struct Sample {
    var nanoseconds: UInt64
    var mallocs: UInt64
}

/// `Engine.run` with the hold model: `operations` events after filling and warming up.
func engineHold(pending: Int, operations: Int) -> Sample {
    var engine = Engine(model: Hold(), queue: EventQueue(reservingCapacity: pending))
    for i in 0..<pending { engine.queue.schedule(.tick(UInt32(i)), at: SimInstant(nanoseconds: Int64(i))) }
    // Warm-up: the radix heap's buffers reach their high-water marks (they double a logarithmic
    // number of times in a run, never per event).
    let warmUp = operations
    _ = try? engine.run(until: .distantFuture, maxEvents: warmUp)
    let mallocs = faultline_thread_mallocs()
    let start = threadCPUNanoseconds()
    _ = try? engine.run(until: .distantFuture, maxEvents: warmUp + operations)
    let sample = Sample(nanoseconds: threadCPUNanoseconds() - start, mallocs: faultline_thread_mallocs() - mallocs)
    precondition(engine.dispatched == warmUp + operations)
    return sample
}

/// The event queue alone: pop the earliest, push one later.
func queueHold(pending: Int, operations: Int) -> Sample {
    var q = EventQueue<UInt32>(reservingCapacity: pending)
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    for i in 0..<pending { q.schedule(UInt32(i), at: SimInstant(nanoseconds: Int64(i))) }
    func hold(_ n: Int) {
        for _ in 0..<n {
            let e = q.popFirst().unsafelyUnwrapped
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            q.schedule(e.payload, at: e.time + .nanoseconds(Int64(x >> 40)))
        }
    }
    hold(operations) // warm-up, as in `engineHold`
    let mallocs = faultline_thread_mallocs()
    let start = threadCPUNanoseconds()
    hold(operations)
    let sample = Sample(nanoseconds: threadCPUNanoseconds() - start, mallocs: faultline_thread_mallocs() - mallocs)
    precondition(q.count == pending)
    return sample
}

/// The reference loop: the same hold workload on the C reference heap (its fill is timed too:
/// at most a tenth of the operations, which flatters Faultline's ratio by at most 10 %).
func referenceHold(pending: Int, operations: Int) -> UInt64 {
    let start = threadCPUNanoseconds()
    let checksum = reference_hold(Int64(pending), Int64(operations))
    let elapsed = threadCPUNanoseconds() - start
    if checksum == 42 { print("") } // keep the work
    return elapsed
}

struct GateBenchmark {
    var name: String
    var pending: Int
    /// The lowest accepted speed as a multiple of the reference loop's.
    var floor: Double
    /// Mallocs accepted per million measured events. 0 for the 4-ary heap; for the radix heap
    /// (above 512 pending) a few: its 65 buffers double when a bucket reaches a new high-water
    /// mark, which in a steady state happens about ln(t) times per bucket in a run (records of a
    /// stationary sequence), never per event. The counts are deterministic (measured 6, 10 and
    /// 13 per million after a million-event warm-up); one allocation per 30 000 events fails.
    var mallocsPerMillion: UInt64
    var run: (_ pending: Int, _ operations: Int) -> Sample
}

// Floors: 0.6-0.7 of the ratios measured on the project's 2-core VM (docs/performance.md:
// 1.6-1.8x, 1.2-1.3x (0.8-1.0x before the branch-free child selection), 2.1-2.3x, 2.6-2.8x), so noise passes and a lost design fails (the radix heap falling back
// to the 4-ary heap would measure about 0.9-1.0x at 10 000 pending and 0.7-0.8x at 100 000).
let benchmarks = [
    GateBenchmark(name: "Engine dispatch (1000 pending)", pending: 1_000, floor: 1.15, mallocsPerMillion: 32, run: engineHold),
    GateBenchmark(name: "EventQueue hold (100 pending)", pending: 100, floor: 0.85, mallocsPerMillion: 0, run: queueHold),
    GateBenchmark(name: "EventQueue hold (10000 pending)", pending: 10_000, floor: 1.45, mallocsPerMillion: 32, run: queueHold),
    GateBenchmark(name: "EventQueue hold (100000 pending)", pending: 100_000, floor: 1.60, mallocsPerMillion: 32, run: queueHold)
]

#if DEBUG
    print("kernel gate: FAILED: a debug build measures nothing useful; run swift build -c release --product kernel-gate")
    exit(1)
#endif
let operations = 1_000_000
let rounds = 5
guard faultline_malloc_counting_active() == 1 else {
    print("kernel gate: SKIPPED: the counting malloc is not in effect on this platform (Linux only)")
    exit(0)
}
var failures: [String] = []
let started = threadCPUNanoseconds()
for b in benchmarks {
    var best = UInt64.max, bestReference = UInt64.max, mallocs: UInt64 = 0
    for _ in 0..<rounds {
        bestReference = min(bestReference, referenceHold(pending: b.pending, operations: operations))
        let sample = b.run(b.pending, operations)
        best = min(best, sample.nanoseconds)
        mallocs = max(mallocs, sample.mallocs)
    }
    let referenceNs = Double(bestReference) / Double(operations)
    let ns = Double(best) / Double(operations)
    let ratio = referenceNs / ns
    let allowedMallocs = b.mallocsPerMillion * UInt64(operations) / 1_000_000
    let speedOK = ratio >= b.floor, mallocsOK = mallocs <= allowedMallocs
    func f(_ v: Double) -> String { String(Int((v * 100).rounded())).paddingDigits() }
    print(
        "kernel gate: \(b.name): \(f(ns)) ns/op, C reference heap \(f(referenceNs)) ns/op: "
            + "\(f(ratio))x (floor \(f(b.floor))x) \(speedOK ? "ok" : "FAIL"); "
            + "\(mallocs) mallocs in \(operations) events (limit \(allowedMallocs)) \(mallocsOK ? "ok" : "FAIL")")
    if !speedOK {
        failures.append(
            "\(b.name): \(f(ratio))x the C reference heap's throughput, below the floor of \(f(b.floor))x "
                + "(\(f(ns)) vs \(f(referenceNs)) ns per operation, best of \(rounds))")
    }
    if !mallocsOK {
        failures.append("\(b.name): \(mallocs) heap allocations in \(operations) events, above the limit of \(allowedMallocs)")
    }
}
print("kernel gate: \(benchmarks.count) benchmarks in \(f2(Double(threadCPUNanoseconds() - started) / 1e9)) s of CPU")
if !failures.isEmpty {
    for failure in failures { print("kernel gate FAILED: \(failure)") }
    print("kernel gate: see docs/performance.md (\"Benchmark gate\") to profile and compare the kernel")
    exit(1)
}

func f2(_ v: Double) -> String { String(Int((v * 100).rounded())).paddingDigits() }

extension String {
    /// "1234" (hundredths) as "12.34".
    func paddingDigits() -> String {
        let digits = count < 3 ? String(repeating: "0", count: 3 - count) + self : self
        return digits.dropLast(2) + "." + digits.suffix(2)
    }
}
