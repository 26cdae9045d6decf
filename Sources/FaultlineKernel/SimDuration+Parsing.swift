/// Parsing and formatting of durations as engineers write them.
///
/// Two forms are accepted, as in FIS templates and in scenario files:
/// - ISO-8601 durations as FIS uses them for `duration` (`PT5M`, `PT30S`, `PT1H30M`, `PT0.5S`,
///   `P1D`), see https://docs.aws.amazon.com/fis/latest/userguide/actions.html;
/// - human units, optionally combined: `250ms`, `2s`, `5m`, `1h30m`, `1.5s`, `500us`, `10ns`, with
///   numbers in decimal or scientific notation (`1e3s`).
extension SimDuration {
    /// Parses `text` or throws ``KernelError/invalidDuration(_:reason:)`` saying what was expected.
    public static func parse(_ text: String) throws(KernelError) -> SimDuration {
        let s = text.trimmingSpaces()
        guard !s.isEmpty else { throw .invalidDuration(text, reason: "it is empty") }
        if s.first == "P" || s.first == "p" { return try parseISO8601(s, original: text) }
        return try parseHuman(s, original: text)
    }

    private static func parseISO8601(_ s: String, original: String) throws(KernelError) -> SimDuration {
        var total = 0.0
        var inTime = false
        var number = ""
        var sawComponent = false
        let units: [Character: Double] = ["D": 86_400, "H": 3_600, "S": 1, "W": 604_800]
        for ch in s.uppercased().dropFirst() {
            if ch == "T" {
                guard !inTime, number.isEmpty else { throw .invalidDuration(original, reason: "'T' is misplaced") }
                inTime = true
                continue
            }
            if ch.isNumber || ch == "." || ch == "," {
                number.append(ch == "," ? "." : ch)
                continue
            }
            guard let value = Double(number) else {
                throw .invalidDuration(original, reason: "expected a number before '\(ch)'")
            }
            let factor: Double
            switch ch {
            case "M": factor = inTime ? 60 : 2_592_000 // a month is taken as 30 days
            case "Y":
                guard !inTime else { throw .invalidDuration(original, reason: "'Y' cannot follow 'T'") }
                factor = 31_536_000
            case "D", "W":
                guard !inTime else { throw .invalidDuration(original, reason: "'\(ch)' cannot follow 'T'") }
                factor = units[ch]!
            case "H", "S":
                guard inTime else { throw .invalidDuration(original, reason: "'\(ch)' must follow 'T' (write PT\(number)\(ch))") }
                factor = units[ch]!
            default: throw .invalidDuration(original, reason: "unknown designator '\(ch)'")
            }
            total += value * factor
            number = ""
            sawComponent = true
        }
        guard number.isEmpty else { throw .invalidDuration(original, reason: "the number '\(number)' has no unit designator") }
        guard sawComponent else { throw .invalidDuration(original, reason: "it has no components") }
        return try fromSeconds(total, original: original)
    }

    private static func parseHuman(_ s: String, original: String) throws(KernelError) -> SimDuration {
        var total = 0.0
        var i = s.startIndex
        var sawComponent = false
        while i < s.endIndex {
            var number = ""
            while i < s.endIndex, s[i].isNumber || s[i] == "." {
                number.append(s[i])
                i = s.index(after: i)
            }
            // Scientific notation, as the docs write large values: 1e30h, 2.5E-3s.
            if i < s.endIndex, s[i] == "e" || s[i] == "E", !number.isEmpty {
                var j = s.index(after: i)
                var exponent = String(s[i])
                if j < s.endIndex, s[j] == "+" || s[j] == "-" {
                    exponent.append(s[j])
                    j = s.index(after: j)
                }
                if j < s.endIndex, s[j].isASCII, s[j].isNumber {
                    while j < s.endIndex, s[j].isASCII, s[j].isNumber {
                        exponent.append(s[j])
                        j = s.index(after: j)
                    }
                    number += exponent
                    i = j
                }
            }
            while i < s.endIndex, s[i] == " " { i = s.index(after: i) }
            var unit = ""
            while i < s.endIndex, s[i].isLetter || s[i] == "µ" {
                unit.append(s[i])
                i = s.index(after: i)
            }
            while i < s.endIndex, s[i] == " " { i = s.index(after: i) }
            guard let value = Double(number), value.isFinite else {
                throw .invalidDuration(original, reason: "expected a number followed by a unit (ns, us, ms, s, m, h, d)")
            }
            let factor: Double
            switch unit.lowercased() {
            case "ns": factor = 1e-9
            case "us", "µs": factor = 1e-6
            case "ms": factor = 1e-3
            case "s", "sec", "secs", "second", "seconds": factor = 1
            case "m", "min", "mins", "minute", "minutes": factor = 60
            case "h", "hr", "hour", "hours": factor = 3_600
            case "d", "day", "days": factor = 86_400
            case "": throw .invalidDuration(original, reason: "'\(number)' has no unit; write e.g. \(number)s or \(number)ms")
            default: throw .invalidDuration(original, reason: "unknown unit '\(unit)' (use ns, us, ms, s, m, h or d)")
            }
            total += value * factor
            sawComponent = true
        }
        guard sawComponent else { throw .invalidDuration(original, reason: "it has no number") }
        return try fromSeconds(total, original: original)
    }

    private static func fromSeconds(_ seconds: Double, original: String) throws(KernelError) -> SimDuration {
        guard seconds.isFinite, seconds * 1e9 < Double(SimDuration.max.nanoseconds) else {
            throw .invalidDuration(original, reason: "it is longer than Faultline can represent: expected at most about 73 years (640,000h)")
        }
        return SimDuration(nanoseconds: Int64((seconds * 1e9).rounded()))
    }

    func formatHuman() -> String {
        if nanoseconds == 0 { return "0s" }
        let sign = nanoseconds < 0 ? "-" : ""
        var ns = nanoseconds == Int64.min ? Int64.max : abs(nanoseconds)
        if ns < 1_000_000_000 {
            if ns % 1_000_000 == 0 { return sign + "\(ns / 1_000_000)ms" }
            if ns % 1_000 == 0 { return sign + "\(ns / 1_000)us" }
            return sign + "\(ns)ns"
        }
        var out = sign
        let hour: Int64 = 3_600_000_000_000, minute: Int64 = 60_000_000_000, second: Int64 = 1_000_000_000
        if ns >= hour {
            out += "\(ns / hour)h"
            ns %= hour
        }
        if ns >= minute {
            out += "\(ns / minute)m"
            ns %= minute
        }
        if ns > 0 {
            let whole = ns / second, rest = ns % second
            out += rest == 0 ? "\(whole)s" : "\(whole).\(fraction(rest))s"
        }
        return out
    }

    private func fraction(_ rest: Int64) -> String {
        var digits = String(rest)
        digits = String(repeating: "0", count: 9 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return digits
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
