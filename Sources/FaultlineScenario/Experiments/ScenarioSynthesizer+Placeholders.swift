import FaultlineFIS

/// The experiment's `params:` of a synthesized scenario: every `${KEY}` / `<KEY>` of the
/// template gets the value that makes the template name the synthesized resources. A
/// placeholder inside an ARN is read off the resource's real ARN (the template's ARN is matched
/// against it, literal parts fixed, placeholders capturing what stands in their place); the
/// others by their name (Region, account, role, log group) or a neutral value.
extension ScenarioSynthesizer {
    /// The `${…}` and `<…>` tokens of `s` (what an experiment's `params` replaces).
    static func substitutable(_ s: String) -> [String] {
        Placeholder.tokens(in: s).filter { $0.hasPrefix("${") || $0.hasPrefix("<") }
    }

    /// `${KEY}` / `<KEY>` -> KEY.
    static func key(of token: String) -> String {
        token.hasPrefix("${") ? String(token.dropFirst(2).dropLast()) : String(token.dropFirst().dropLast())
    }

    /// The values the placeholders of `pattern` take so that it reads `value`; nil when no
    /// assignment does (or one conflicts with `known`). One pass, no backtracking (linear in the
    /// text, whatever a template holds): a placeholder captures up to the first occurrence of
    /// the literal text after it (ARN separators), or the rest at the end; two placeholders
    /// side by side are ambiguous and do not match.
    static func match(_ pattern: String, _ value: String, known: [String: String]) -> [String: String]? {
        let tokens = substitutable(pattern)
        guard !tokens.isEmpty else { return pattern == value ? [:] : nil }
        // Split the pattern into literal text and token pieces, in order.
        enum Piece {
            case text(String)
            case token(String)
        }
        var pieces: [Piece] = []
        var rest = Substring(pattern)
        while !rest.isEmpty {
            let next = tokens.compactMap { t in rest.range(of: t).map { (t, $0) } }.min { $0.1.lowerBound < $1.1.lowerBound }
            guard let (t, r) = next else {
                pieces.append(.text(String(rest)))
                break
            }
            if r.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<r.lowerBound]))) }
            pieces.append(.token(key(of: t)))
            rest = rest[r.upperBound...]
        }
        var bound = known
        var at = value.startIndex
        for (i, piece) in pieces.enumerated() {
            switch piece {
            case .text(let t):
                guard value[at...].hasPrefix(t) else { return nil }
                at = value.index(at, offsetBy: t.count)
            case .token(let k):
                let captured: Substring
                if i + 1 == pieces.count {
                    captured = value[at...]
                } else if case .text(let t) = pieces[i + 1], at < value.endIndex,
                    let r = value[value.index(after: at)...].range(of: t)
                {
                    captured = value[at..<r.lowerBound]
                } else {
                    return nil
                }
                guard !captured.isEmpty else { return nil }
                if let fixed = bound[k], fixed != String(captured) { return nil }
                bound[k] = String(captured)
                at = captured.endIndex
            }
        }
        return at == value.endIndex ? bound : nil
    }

    /// A value for a placeholder no ARN fixes, from its name.
    static func guess(_ key: String, region: String, account: String) -> String {
        let k = key.lowercased()
        if k.contains("region") { return region }
        if k.contains("role") { return "arn:aws:iam::\(account):role/fis-experiment-role" }
        if k.contains("account") || (!k.isEmpty && k.allSatisfy(\.isNumber)) { return account }
        if k == "az" || k.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains("az") || k.hasSuffix("_az") || k.hasSuffix("-az")
            || k.contains("zone")
        {
            return "\(region)a"
        }
        if k.contains("duration") { return "PT5M" }
        // Parts of a duration written with Fn::Sub (`PT${hours}H${mins}M`): five minutes.
        if k.hasSuffix("hours") || k.hasSuffix("secs") || k.hasSuffix("seconds") { return "0" }
        if k.hasSuffix("mins") || k.hasSuffix("minutes") { return "5" }
        if k.contains("partition") { return "aws" }
        if k.contains("log") { return "arn:aws:logs:\(region):\(account):log-group:fis-experiments" }
        if k.contains("bucket") { return "fis-experiment-reports" }
        return safeName(key).lowercased()
    }
}
