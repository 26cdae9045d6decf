import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// The YAML text of a synthesized scenario: every user-derived string JSON-quoted (a valid YAML
/// double-quoted scalar), sections in a fixed order, so the same template gives the same bytes.
extension ScenarioSynthesizer {
    struct Document {
        var name: String
        var file: String
        var templatePath: String
        var regions: [(name: String, azs: [String])]
        var account: String
        var units: [Unit]
        var alarms: [String]
        var horizon: SimDuration
        var period: SimDuration
        var skipped: [String]
        var blockers: [ReplayBlocker]

        private func q(_ s: String) -> String { JSONString.quote(s) }
        private func flow(_ p: StringPairs) -> String { "{ " + p.pairs.map { "\(q($0.key)): \(q($0.value))" }.joined(separator: ", ") + " }" }
        private func list(_ xs: [String]) -> String { "[" + xs.map(q).joined(separator: ", ") + "]" }
        private func secs(_ d: SimDuration) -> String { "\(d.nanoseconds / 1_000_000_000)s" }

        /// The scenario; `params` nil leaves the experiment out (the first pass, which only
        /// reads the resources' ARNs).
        func render(params: [(key: String, value: String)]?) -> String {
            var l: [String] = []
            l.append("\(ScenarioSynthesizer.marker) from \(SafeText.message(file)).")
            l.append("# Faultline replaces this file (--scenario-out) only while it starts with the line above.")
            l.append("# Resources stand in for the template's targets (tags, AZ filters and target parameters kept);")
            l.append("# 'entry' sends \(ScenarioSynthesizer.rate) requests/s through all of them; alarms are stand-ins for the")
            l.append("# template's stop conditions (edit their metric and threshold to what yours watch).")
            for b in blockers { l.append("# does not replay: \(SafeText.message(b.description))") }
            l.append("name: \(q(name))")
            l.append("description: \(q("synthesized for the FIS template \(ScenarioSynthesizer.baseName(file))"))")
            l.append("seed: 1")
            l.append("horizon: \(secs(horizon))")
            l.append("period: \(secs(period))")
            l.append("account: \(q(account))")
            l.append("regions:")
            for r in regions { l.append("  - { name: \(q(r.name)), azs: \(list(r.azs)) }") }
            let main = regions[0].azs
            l.append("services:")
            l.append("  - name: entry")
            l.append("    azs: \(list(main))")
            l.append("    workersPerAZ: 64")
            l.append("    serviceTime: { lognormal: { p50: 2ms, p99: 10ms } }")
            var calls: [String] = []
            for u in units {
                switch u.kind {
                case .hosts, .function, .table, .queue, .topic:
                    let op =
                        u.kind == .table
                        ? ", operation: GetItem" : u.kind == .queue ? ", operation: SendMessage" : u.kind == .topic ? ", operation: Publish" : ""
                    calls.append("{ service: \(q(u.name))\(op), timeout: 2s }")
                case .database:
                    calls.append("{ service: \(q(u.name)), operation: read, timeout: 2s }")
                    calls.append("{ service: \(q(u.name)), operation: write, timeout: 2s }")
                case .subnets, .transitGateway: break
                }
            }
            if calls.isEmpty { calls.append("{ service: backend, timeout: 2s }") }
            l.append("    calls:")
            for c in calls { l.append("      - \(c)") }
            if !units.contains(where: { if case .hosts = $0.kind { true } else { [.function, .table, .queue, .topic, .database].contains($0.kind) } }) {
                l.append("  - name: backend")
                l.append("    azs: \(list(main))")
                l.append("    workersPerAZ: 64")
                l.append("    serviceTime: { lognormal: { p50: 5ms, p99: 20ms } }")
            }
            for u in units {
                guard case .hosts(let type, let perAZ, let cluster, let namespace, let autoScaling, let lbTags) = u.kind else { continue }
                l.append("  - name: \(q(u.name))")
                l.append("    azs: \(list(u.azs))")
                var h = "type: \(type), perAZ: \(perAZ), workersEach: 8"
                if !u.tags.isEmpty { h += ", tags: \(flow(u.tags))" }
                if let cluster { h += ", cluster: \(q(cluster))" }
                if let namespace { h += ", namespace: \(q(namespace))" }
                l.append("    hosts: { \(h) }")
                if let lbTags, !lbTags.isEmpty { l.append("    loadBalancer: { tags: \(flow(lbTags)) }") }
                if autoScaling { l.append("    autoScaling: { replaceUnhealthy: true }") }
                l.append("    queueCapacity: 50")
                l.append("    serviceTime: { lognormal: { p50: 10ms, p99: 50ms } }")
            }
            section("functions", .function, &l) { u in
                ["    duration: { lognormal: { p50: 20ms, p99: 100ms } }", "    fisExtension: true"]
            }
            section("tables", .table, &l) { _ in [] }
            section("queues", .queue, &l) { _ in [] }
            let topics = units.filter { $0.kind == .topic }
            if !topics.isEmpty {
                l.append("topics:")
                for u in topics {
                    l.append("  - name: \(q(u.name))")
                    if !u.tags.isEmpty { l.append("    tags: \(flow(u.tags))") }
                    l.append("    subscriptions: [\(q(u.name + "-subscriber"))]")
                }
            }
            section("databases", .database, &l) { u in
                ["    writer: \(q(u.azs[0]))"] + (u.azs.count > 1 ? ["    readers: \(list(Array(u.azs.dropFirst())))"] : [])
            }
            var subnetTags: [String: StringPairs] = [:]
            for u in units where u.kind == .subnets { for az in u.azs { subnetTags[az, default: StringPairs()].pairs += u.tags.pairs } }
            if !subnetTags.isEmpty {
                l.append("subnets:")
                for az in subnetTags.keys.sorted() { l.append("  - { az: \(q(az)), tags: \(flow(subnetTags[az]!)) }") }
            }
            let gateways = units.filter { $0.kind == .transitGateway }.flatMap(\.tags.pairs)
            if !gateways.isEmpty {
                l.append("transitGateways:")
                l.append("  - { region: \(q(regions[0].name)), tags: \(flow(StringPairs(gateways))) }")
            }
            l.append("workloads:")
            l.append("  - { name: traffic, service: entry, arrivals: { poisson: { rate: \(ScenarioSynthesizer.rate) } } }")
            if !alarms.isEmpty {
                l.append("alarms:")
                let threshold = Int64(ScenarioSynthesizer.rate) * (period.nanoseconds / 1_000_000_000) / 2
                for a in alarms {
                    l.append("  - { name: \(q(a)), resource: entry, metric: Errors, statistic: Sum, period: \(secs(period)), threshold: \(threshold),")
                    l.append("      comparison: GreaterThanThreshold, treatMissingData: notBreaching }   # stand-in: half the requests failing")
                }
            }
            if let params {
                l.append("experiments:")
                l.append("  - name: \(q(String(name.dropFirst("synth-".count))))")
                l.append("    template: \(q(templatePath))")
                l.append("    start: \(secs(ScenarioSynthesizer.experimentStart))")
                if !params.isEmpty { l.append("    params: \(flow(StringPairs(params.map { .init(key: $0.key, value: $0.value) })))") }
                if !skipped.isEmpty {
                    l.append("    unsupported: skip   # not replayed: \(SafeText.message(skipped.joined(separator: ", ")))")
                }
            }
            return l.joined(separator: "\n") + "\n"
        }

        private func section(_ key: String, _ kind: UnitKind, _ l: inout [String], _ extra: (Unit) -> [String]) {
            let us = units.filter { $0.kind == kind }
            let subscribers = kind == .queue ? units.filter { $0.kind == .topic } : []
            guard !us.isEmpty || !subscribers.isEmpty else { return }
            l.append("\(key):")
            for u in us {
                l.append("  - name: \(q(u.name))")
                if kind != .database { l.append("    azs: \(list(u.azs))") }
                if !u.tags.isEmpty { l.append("    tags: \(flow(u.tags))") }
                l += extra(u)
            }
            for t in subscribers { l.append("  - name: \(q(t.name + "-subscriber"))") }
        }
    }
}
