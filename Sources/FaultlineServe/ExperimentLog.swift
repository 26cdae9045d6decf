/// FIS experiment logging (`logConfiguration`, log schema version 2): one JSON record per
/// event — experiment start, target resolution, action start and end, experiment end — as
/// JSON lines, one file per experiment, under `--out-dir/logs/cloudwatch/<log group>/` and
/// `--out-dir/logs/s3/<bucket>/<prefix>/`.
extension FISService {
    func writeLogs(_ e: ExperimentRecord) {
        guard let config = e.template["logConfiguration"]?.object, let d = e.digest else { return }
        var files: [[String]] = []
        if let arn = config["cloudWatchLogsConfiguration"]?["logGroupArn"]?.string {
            // arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let name = parts.count > 6 ? parts[6] : arn
            files.append(["logs", "cloudwatch", Self.safeName(name), "\(e.id).jsonl"])
        }
        if let bucket = config["s3Configuration"]?["bucketName"]?.string {
            let prefix = (config["s3Configuration"]?["prefix"]?.string ?? "").split(separator: "/").prefix(8).map { Self.safeName(String($0)) }
            files.append(["logs", "s3", Self.safeName(bucket)] + prefix + ["\(e.id).jsonl"])
        }
        guard !files.isEmpty else { return }
        let text = Self.logRecords(e, d, account: self.config.account).map { $0.rendered() + "\n" }.joined()
        for f in files { try? storage.writeLog(f, text) }
    }

    /// A path component from a user-given name: letters, digits, `.`, `_`, `-`; nothing else,
    /// never `..` or a leading dot, at most 128 characters.
    static func safeName(_ s: String) -> String {
        var out = String(s.prefix(128).map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        while out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out.isEmpty ? "_" : out
    }

    static func logRecords(_ e: ExperimentRecord, _ d: ExperimentDigest, account: String) -> [ServeJSON] {
        func at(_ ns: Int64) -> ServeJSON { .string(ISOTime.string(millis: e.startMillis + ns / 1_000_000)) }
        func record(_ type: String, _ ns: Int64, _ details: [String: ServeJSON]) -> ServeJSON {
            ["id": .string(e.id), "log_type": .string(type), "event_timestamp": at(ns), "version": .string("2"), "details": .object(details)]
        }
        var out: [ServeJSON] = [
            record(
                "experiment-start", 0,
                [
                    "account_id": .string(account), "experiment_template_id": .string(e.templateID),
                    "template_content": .object(e.template)
                ])
        ]
        for t in d.targets {
            out.append(
                record(
                    "target-resolution-detail", 0,
                    [
                        "target_name": .string(t.name), "target_resolution_status": .string("completed"),
                        "resolved_targets": .array(t.resources.map { ["arn": .string($0.arn)] })
                    ]))
        }
        var events: [(Int64, Int, ServeJSON)] = []
        for (k, a) in d.actions.enumerated() {
            let actionId = e.template["actions"]?[a.name]?["actionId"] ?? .string("")
            if let s = a.start {
                events.append((s, 2 * k, record("action-start", s, ["action_name": .string(a.name), "action_id": actionId])))
            }
            let end = a.end ?? d.endAt
            events.append(
                (
                    end, 2 * k + 1,
                    record(
                        "action-end", end,
                        [
                            "action_name": .string(a.name), "action_id": actionId,
                            "action_state": ["status": .string(a.status.rawValue), "reason": .string(a.note ?? "")]
                        ])
                ))
        }
        out += events.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        out.append(record("experiment-end", d.endAt, ["experiment_state": ["status": .string(d.finalStatus.rawValue), "reason": .string(d.verdict)]]))
        return out
    }
}

/// `2026-01-01T00:00:12.345Z` from epoch milliseconds (proleptic Gregorian, UTC).
enum ISOTime {
    static func string(millis: Int64) -> String {
        let ms = Int(((millis % 1000) + 1000) % 1000)
        let secs = (millis - Int64(ms)) / 1000
        var days = Int(secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400)
        let rem = Int(secs - Int64(days) * 86_400)
        // Howard Hinnant's civil_from_days.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func p(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(p(year, 4))-\(p(month, 2))-\(p(day, 2))T\(p(rem / 3600, 2)):\(p(rem / 60 % 60, 2)):\(p(rem % 60, 2)).\(p(ms, 3))Z"
    }
}
