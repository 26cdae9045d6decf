import Foundation

/// A progress bar with ETA on standard error, drawn only when standard error is a terminal
/// (so logs and CI output stay clean). It lives in the CLI, outside every run: elapsed real
/// time comes from a monotonic `ContinuousClock` and only reaches stderr, never a run, its
/// random streams or an output file (runs use simulated time only).
final class Progress: @unchecked Sendable {
    private let total: Int
    private var done = 0
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private let lock = NSLock()
    private let enabled: Bool
    private let label: String

    init(total: Int, label: String, enabled: Bool = isatty(2) == 1) {
        self.total = total
        self.label = label
        self.enabled = enabled && total > 0
        self.start = clock.now
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        guard enabled else { return }
        let now = clock.now
        guard done == total || lastDraw.map({ Self.seconds($0.duration(to: now)) >= 0.2 }) ?? true else { return }
        lastDraw = now
        let elapsed = Self.seconds(start.duration(to: now))
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let eta = done == 0 ? "" : "  ETA " + Self.clock(elapsed / Double(done) * Double(total - done))
        var line = "\r\(label) [\(bar)] \(done)/\(total) (\(100 * done / max(1, total))%)  \(Self.clock(elapsed))\(eta)   "
        if done == total { line += "\n" }
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
