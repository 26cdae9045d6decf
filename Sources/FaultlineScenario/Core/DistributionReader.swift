import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

/// Reads a distribution written the way engineers think about latency.
///
/// Forms (values are durations such as `120ms`, or plain numbers in seconds):
/// `{ constant: 100ms }`, `{ uniform: { min, max } }`, `{ exponential: { mean } | { rate } }`,
/// `{ normal: { mean, stddev } }` (truncated at 0), `{ lognormal: { p50, p99 } | { mean, stddev }
/// | { mu, sigma } }`, `{ gamma: { shape, scale } | { mean, stddev } }`, `{ weibull: { shape,
/// scale } }`, `{ pareto: { shape, scale } }`, `{ empirical: { min?, p50, p90, p99, max } }` and
/// `{ mixture: [ { weight, <one form> } ] }`. A bare duration means a constant.
struct DistributionReader {
    static let kinds = ["constant", "uniform", "exponential", "normal", "lognormal", "gamma", "weibull", "pareto", "empirical", "mixture"]
    let doc: DocumentReader

    /// A validated sampler, or nil after recording diagnostics.
    func sampler(_ node: DocumentNode) -> Sampler? {
        guard let d = distribution(node) else { return nil }
        do { return try Sampler(d) } catch {
            report(error, under: node)
            return nil
        }
    }

    /// Reports a parameter error at the key it names (`lognormal.sigma` under `node`).
    func report(_ error: RandomError, under node: DocumentNode) {
        var target = node
        var rest = Substring(error.field)
        while !rest.isEmpty {
            let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
            let key = rest[..<end]
            rest = rest[end...]
            if !key.isEmpty {
                guard let child = target[String(key)] else { break }
                target = child
            }
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let i = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    case .sequence(let items) = target.value, i < items.count
                else { break }
                target = items[i]
                rest = rest[rest.index(after: close)...]
            }
            if rest.first == "." { rest = rest.dropFirst() }
        }
        doc.error(target, error.description)
    }

    func distribution(_ node: DocumentNode) -> Distribution? {
        if case .scalar = node.value {
            return doc.duration(node).map { .constant($0.seconds) }
        }
        guard let m = doc.mapping(node, what: "a distribution such as { lognormal: { p50: 100ms, p99: 800ms } } or a duration") else { return nil }
        let present = m.keys.filter { Self.kinds.contains($0) }
        guard present.count == 1, let kind = present.first, let body = m.optional(kind) else {
            let hint = m.keys.first.flatMap { Suggestion.closest(to: $0, in: Self.kinds) }.map { "did you mean '\($0)'? " } ?? ""
            doc.error(
                node,
                present.isEmpty
                    ? "expected one distribution kind, found none (keys: \(m.keys.joined(separator: ", ")))."
                    : "expected exactly one distribution kind, found \(present.joined(separator: " and ")).",
                fix: "\(hint)use one of \(Self.kinds.joined(separator: ", "))")
            for k in m.keys { m.accept(k) }
            return nil
        }
        m.finish()
        return read(kind: kind, body: body)
    }

    private func read(kind: String, body: DocumentNode) -> Distribution? {
        switch kind {
        case "constant":
            if case .scalar = body.value { return seconds(body).map { .constant($0) } }
            guard let m = doc.mapping(body) else { return nil }
            defer { m.finish() }
            return m.required("value").flatMap(seconds).map { .constant($0) }
        case "mixture":
            return mixture(body)
        default:
            guard let m = doc.mapping(body, what: "the parameters of the \(kind) distribution") else { return nil }
            defer { m.finish() }
            return parametric(kind, m, node: body)
        }
    }

    private func parametric(_ kind: String, _ m: MappingReader, node: DocumentNode) -> Distribution? {
        func req(_ k: String) -> Double? { m.required(k).flatMap(seconds) }
        func num(_ k: String) -> Double? { m.required(k).flatMap { doc.double($0) } }
        func has(_ k: String) -> Bool { m.optional(k) != nil }
        func build(_ make: () throws(RandomError) -> Distribution) -> Distribution? {
            do { return try make() } catch {
                report(
                    error,
                    under: DocumentNode(
                        value: .mapping([.init(key: kind, keyLocation: node.location, value: node)]),
                        location: node.location, path: String(node.path.dropLast(kind.count + 1))))
                return nil
            }
        }
        switch kind {
        case "uniform":
            guard let lo = req("min"), let hi = req("max") else { return nil }
            return .uniform(min: lo, max: hi)
        case "exponential":
            if has("rate") {
                guard let r = m.required("rate").flatMap({ doc.double($0, in: 1e-12...1e12, rangeText: "a rate per second > 0") }) else { return nil }
                return .exponential(mean: 1 / r)
            }
            return req("mean").map { .exponential(mean: $0) }
        case "normal":
            guard let mean = req("mean"), let sd = req("stddev") else { return nil }
            return .normal(mean: mean, stddev: sd)
        case "lognormal":
            if has("p50") || has("p99") {
                guard let p50 = req("p50"), let p99 = req("p99") else { return nil }
                return build { () throws(RandomError) in try Distribution.lognormal(p50: p50, p99: p99) }
            }
            if has("mean") || has("stddev") {
                guard let mean = req("mean"), let sd = req("stddev") else { return nil }
                return build { () throws(RandomError) in try Distribution.lognormal(mean: mean, stddev: sd) }
            }
            if has("mu") || has("sigma") {
                guard let mu = num("mu"), let sigma = num("sigma") else { return nil }
                return .lognormal(mu: mu, sigma: sigma)
            }
            doc.error(node, "a lognormal needs { p50, p99 }, { mean, stddev } or { mu, sigma }.", fix: "e.g. lognormal: { p50: 120ms, p99: 900ms }")
            return nil
        case "gamma":
            if has("mean") || has("stddev") {
                guard let mean = req("mean"), let sd = req("stddev") else { return nil }
                return build { () throws(RandomError) in try Distribution.gamma(mean: mean, stddev: sd) }
            }
            guard let shape = num("shape"), let scale = req("scale") else { return nil }
            return .gamma(shape: shape, scale: scale)
        case "weibull":
            guard let shape = num("shape"), let scale = req("scale") else { return nil }
            return .weibull(shape: shape, scale: scale)
        case "pareto":
            guard let shape = num("shape"), let scale = req("scale") else { return nil }
            return .pareto(shape: shape, scale: scale)
        case "empirical":
            var points: [(Double, Double)] = []
            for entry in m.entries {
                m.accept(entry.key)
                guard let p = Self.percentile(entry.key) else {
                    doc.error(entry.value, "'\(entry.key)' is not a percentile key.", fix: "use min, p50, p90, p99, p99.9 (any pNN) and max")
                    continue
                }
                guard let v = seconds(entry.value) else { continue }
                points.append((p, v))
            }
            points.sort { $0.0 < $1.0 }
            return build { () throws(RandomError) in try Distribution.empirical(percentiles: points) }
        default:
            return nil
        }
    }

    /// `min` → 0, `max` → 1, `p99.9` → 0.999.
    static func percentile(_ key: String) -> Double? {
        if key == "min" { return 0 }
        if key == "max" { return 1 }
        guard key.first == "p", let v = Double(key.dropFirst()), v >= 0, v <= 100 else { return nil }
        return v / 100
    }

    private func mixture(_ node: DocumentNode) -> Distribution? {
        guard let items = doc.sequence(node, what: "a list of { weight, <distribution> } items") else { return nil }
        var components: [MixtureComponent] = []
        var ok = true
        for item in items {
            guard let m = doc.mapping(item) else {
                ok = false
                continue
            }
            let weight = m.required("weight", fix: "give each mixture item a weight such as 0.99").flatMap {
                doc.double($0, in: 0...Double.greatestFiniteMagnitude, rangeText: "a weight >= 0")
            }
            let present = m.keys.filter { Self.kinds.contains($0) }
            guard present.count == 1, let kind = present.first, let body = m.optional(kind) else {
                doc.error(
                    item, "each mixture item needs exactly one distribution kind beside its weight.",
                    fix: "e.g. - { weight: 0.99, lognormal: { p50: 100ms, p99: 300ms } }")
                for k in m.keys { m.accept(k) }
                ok = false
                continue
            }
            m.finish()
            guard let w = weight, let d = read(kind: kind, body: body) else {
                ok = false
                continue
            }
            components.append(MixtureComponent(weight: w, distribution: d))
        }
        return ok ? .mixture(components) : nil
    }

    /// A duration string (`120ms`) or a plain number taken as seconds.
    private func seconds(_ node: DocumentNode) -> Double? {
        if case .scalar(let s, let quoted) = node.value, !quoted, let v = Double(s) {
            guard v.isFinite else {
                doc.error(node, "expected a finite number.")
                return nil
            }
            return v
        }
        return doc.duration(node).map(\.seconds)
    }
}
