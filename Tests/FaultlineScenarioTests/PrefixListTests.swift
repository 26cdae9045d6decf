import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineScenario
import Foundation
import Testing

/// `aws:network:disrupt-connectivity` with `scope: prefix-list`: the subnet's NACL denies
/// traffic to and from the resources of a customer-managed prefix list (`prefixLists:`), both
/// directions, stateless; traffic inside the subnet and to unlisted resources still flows.
/// Exact counts: zero base latency, constant service times, arrivals only from 5 s to 15 s.
@Suite struct PrefixListTests {
    /// pa (AZ a) and pb (AZ b) each call, in order: table T (listed), table U, cache (a and b,
    /// same AZ), local (a, listed but in subnet a), partner (b, listed; falls back to backup,
    /// which answers the request).
    static func scenario(
        _ tail: String,
        lists: String = """
        prefixLists:
          - { name: partner-apis, id: pl-0a1b2c3d4e5f60718, entries: [partner, T, local] }
        """
    ) -> String {
        """
        name: prefix
        horizon: 20s
        period: 10s
        regions: [{ name: r, azs: [a, b] }]
        network: { intraAZ: 0s, crossAZ: 0s }
        subnets:
          - { az: a, tags: { Zone: a } }
        services:
          - name: pa
            azs: [a]
            workersPerAZ: 1000
            serviceTime: 0s
            calls:
              - { service: T, operation: GetItem, timeout: 100ms, onError: continue }
              - { service: U, operation: GetItem, timeout: 100ms, onError: continue }
              - { service: cache, timeout: 100ms, onError: continue }
              - { service: local, timeout: 100ms, onError: continue }
              - { service: partner, timeout: 100ms, fallback: { service: backup } }
          - name: pb
            azs: [b]
            workersPerAZ: 1000
            serviceTime: 0s
            calls:
              - { service: T, operation: GetItem, timeout: 100ms, onError: continue }
              - { service: U, operation: GetItem, timeout: 100ms, onError: continue }
              - { service: cache, timeout: 100ms, onError: continue }
              - { service: local, timeout: 100ms, onError: continue }
              - { service: partner, timeout: 100ms, fallback: { service: backup } }
          - { name: partner, azs: [b], workersPerAZ: 1000, serviceTime: 1ms }
          - { name: backup, azs: [b], workersPerAZ: 1000, serviceTime: 1ms }
          - { name: cache, azs: [a, b], workersPerAZ: 1000, serviceTime: 1ms }
          - { name: local, azs: [a], workersPerAZ: 1000, serviceTime: 1ms }
        tables:
          - { name: T, latency: 1ms }
          - { name: U, latency: 1ms }
        \(lists)
        workloads:
          - { name: wa, service: pa, arrivals: { schedule: [{ at: 0s, rate: 0 }, { at: 5s, rate: 0 }, { at: 5s, rate: 40 }, { at: 15s, rate: 40 }, { at: 15s, rate: 0 }] } }
          - { name: wb, service: pb, arrivals: { schedule: [{ at: 0s, rate: 0 }, { at: 5s, rate: 0 }, { at: 5s, rate: 40 }, { at: 15s, rate: 40 }, { at: 15s, rate: 0 }] } }
        \(tail)
        """
    }

    static let fault = """
        faults:
          - { name: deny, action: aws:network:disrupt-connectivity, targets: [a], start: 0s, duration: 1h,
              parameters: { scope: prefix-list, prefixListIdentifier: partner-apis } }
        """

    /// What the NACL on subnet a does: pa's calls to partner and T never arrive (partner falls
    /// back to backup, T times out), everything else of pa and all of pb is untouched.
    static func expectBlocksListedFromSubnet(_ run: ScenarioRun, _ tl: Timeline) throws {
        let pa = try #require(run.service("pa")).requests, pb = try #require(run.service("pb")).requests
        #expect(pa > 300 && pb > 300)
        #expect(run.service("partner")?.requests == pb)
        #expect(run.service("backup")?.requests == pa)
        #expect(run.service("T")?.requests == pb)
        #expect(run.service("U")?.requests == pa + pb)
        #expect(run.service("cache")?.requests == pa + pb)
        // local is listed but lives in subnet a: traffic inside the subnet never crosses its NACL,
        // and pb's requests come from an address the list does not hold.
        #expect(run.service("local")?.requests == pa + pb)
        #expect(Int64(tl.sum("pa", "NetworkMessagesDropped")) == 2 * pa)
        #expect(tl.sum("pb", "NetworkMessagesDropped") == 0 && tl.sum("partner", "NetworkMessagesDropped") == 0)
        // pa: 100 ms table timeout, three 1 ms calls, 100 ms timeout + 1 ms fallback; pb: five 1 ms calls.
        let a = try #require(run.service("pa")), b = try #require(run.service("pb"))
        #expect(a.errors == 0 && abs(a.latency.meanMs - 204) < 1e-6 && abs(a.latency.maxMs - 204) < 0.2, "\(a.latency)")
        #expect(abs(b.latency.meanMs - 5) < 1e-6, "\(b.latency)")
    }

    @Test func blocksListedResourcesFromTheSubnetOnly() throws {
        let (run, tl) = try Timeline.run(try Fixtures.spec(Self.scenario(Self.fault)))
        try Self.expectBlocksListedFromSubnet(run, tl)
        // Without the fault nothing is dropped and every call reaches its first target.
        let (base, btl) = try Timeline.run(try Fixtures.spec(Self.scenario("")))
        let pa = try #require(base.service("pa")).requests, pb = try #require(base.service("pb")).requests
        #expect(base.service("partner")?.requests == pa + pb && base.service("backup")?.requests == 0)
        #expect(btl.sum("pa", "NetworkMessagesDropped") == 0)
    }

    /// Stateless: the NACL also drops the listed resource's calls into the subnet. A service in
    /// b that is on the list calls cache in a: its requests never arrive.
    @Test func bothDirectionsAreDenied() throws {
        let yaml = """
            name: inbound
            horizon: 20s
            period: 10s
            regions: [{ name: r, azs: [a, b] }]
            network: { intraAZ: 0s, crossAZ: 0s }
            services:
              - { name: listed, azs: [b], workersPerAZ: 100, serviceTime: 0s, calls: [{ service: inner, timeout: 100ms, onError: continue }] }
              - { name: other, azs: [b], workersPerAZ: 100, serviceTime: 0s, calls: [{ service: inner, timeout: 100ms, onError: continue }] }
              - { name: inner, azs: [a], workersPerAZ: 100, serviceTime: 1ms }
            prefixLists:
              - { name: pl, entries: [listed] }
            workloads:
              - { name: wl, service: listed, arrivals: { schedule: [{ at: 0s, rate: 20 }, { at: 15s, rate: 20 }, { at: 15s, rate: 0 }] } }
              - { name: wo, service: other, arrivals: { schedule: [{ at: 0s, rate: 20 }, { at: 15s, rate: 20 }, { at: 15s, rate: 0 }] } }
            faults:
              - { name: deny, action: aws:network:disrupt-connectivity, targets: [a], start: 0s, duration: 1h, parameters: { scope: prefix-list, prefixListIdentifier: pl } }
            """
        let spec = try Fixtures.spec(yaml)
        let (run, tl) = try Timeline.run(spec)
        let listed = try #require(run.service("listed")).requests, other = try #require(run.service("other")).requests
        #expect(listed > 150 && other > 150)
        #expect(run.service("inner")?.requests == other)
        #expect(Int64(tl.sum("listed", "NetworkMessagesDropped")) == listed)
        // The derived ID and ARN.
        guard case .network(.disruptConnectivity(let scope, let ref?)) = spec.model.faults.first?.action, let list = ref.list else {
            Issue.record("the fault did not resolve its prefix list")
            return
        }
        #expect(scope == .prefixList && list.name == "pl")
        #expect(list.id.wholeMatch(of: /pl-0[0-9a-f]{16}/) != nil, "\(list.id)")
        #expect(list.arn == "arn:aws:ec2:r:123456789012:prefix-list/\(list.id)")
    }

    /// The same NACL from an unchanged FIS template: the subnet of a by tag, the list by ARN.
    @Test func templateForm() throws {
        let yaml = Self.scenario(
            """
            experiments:
              - { name: deny, template: deny.json, start: 0s, initiationDelay: 0s }
            """)
        let template = """
            { "description": "deny the partner APIs from subnet a",
              "targets": { "SubnetsA": { "resourceType": "aws:ec2:subnet", "resourceTags": { "Zone": "a" }, "selectionMode": "ALL" } },
              "actions": { "deny": { "actionId": "aws:network:disrupt-connectivity",
                  "parameters": { "duration": "PT1M", "scope": "prefix-list",
                                  "prefixListIdentifier": "arn:aws:ec2:r:123456789012:prefix-list/pl-0a1b2c3d4e5f60718" },
                  "targets": { "Subnets": "SubnetsA" } } },
              "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
            """
        let (run, tl) = try Timeline.run(try Fixtures.spec(yaml, files: ["deny.json": template]))
        #expect(run.experiments.first?.targets.first?.resources.count == 1)
        try Self.expectBlocksListedFromSubnet(run, tl)
        // By ID, too.
        let byID = template.replacingOccurrences(of: "arn:aws:ec2:r:123456789012:prefix-list/pl-0a1b2c3d4e5f60718", with: "pl-0a1b2c3d4e5f60718")
        let (run2, tl2) = try Timeline.run(try Fixtures.spec(yaml, files: ["deny.json": byID]))
        try Self.expectBlocksListedFromSubnet(run2, tl2)
    }

    @Test func badPrefixListInput() {
        let eleven = (0..<11).map { "s\($0)" }
        let services = eleven.map { "  - { name: \($0), workersPerAZ: 1, serviceTime: 1ms }" }.joined(separator: "\n")
        let yaml = """
            name: bad
            regions: [{ name: r, azs: [a, b] }]
            services:
            \(services)
            tables:
              - { name: T }
            prefixLists:
              - { name: big, entries: [\(eleven.joined(separator: ", "))] }
              - { name: typo, id: pl-xyz, region: r9, entries: [s0, T, s0, tabel] }
              - { name: typo, entries: [] }
            faults:
              - { name: f1, action: aws:network:disrupt-connectivity, targets: [a], start: 0s, duration: 1m, parameters: { scope: prefix-list } }
              - { name: f2, action: aws:network:disrupt-connectivity, targets: [a], start: 0s, duration: 1m,
                  parameters: { scope: prefix-list, prefixListIdentifier: pl-00000000 } }
            """
        let messages = Fixtures.diagnostics(yaml).map { "\($0.path): \($0.message) \($0.fix ?? "")" }
        let expected = [
            "prefixLists[0].entries: the prefix list 'big' has 11 entries; aws:network:disrupt-connectivity accepts prefix lists of at most 10 entries",
            "prefixLists[1].id: 'pl-xyz' is not a prefix list ID",
            "prefixLists[1].region: unknown Region 'r9'",
            "prefixLists[1].entries[2]: the prefix list 'typo' lists 's0' twice",
            "prefixLists[1].entries[3]: the prefix list 'typo' lists 'tabel', which is not a resource of this scenario",
            "prefixLists[2].name: the prefix list 'typo' is defined twice",
            "prefixLists[2].entries: the prefix list 'typo' has no entries",
            "scope 'prefix-list' requires the parameter 'prefixListIdentifier'",
            "the prefixListIdentifier 'pl-00000000' matches no prefix list of this scenario by name, ID or ARN (the scenario's prefix lists: big (pl-0"
        ]
        for e in expected {
            #expect(messages.contains { $0.contains(e) }, "missing: \(e)\n\(messages.joined(separator: "\n"))")
        }
        #expect(messages.count == expected.count, "\(messages.joined(separator: "\n"))")
    }

    /// A template naming a list the scenario does not define fails validation at its parameter.
    @Test func templateWithUnknownIdentifier() {
        let yaml = Self.scenario(
            """
            experiments:
              - { name: deny, template: deny.json, start: 0s }
            """)
        let template = """
            { "description": "d", "targets": { "S": { "resourceType": "aws:ec2:subnet", "resourceTags": { "Zone": "a" }, "selectionMode": "ALL" } },
              "actions": { "deny": { "actionId": "aws:network:disrupt-connectivity",
                  "parameters": { "duration": "PT1M", "scope": "prefix-list", "prefixListIdentifier": "other-list" }, "targets": { "Subnets": "S" } } },
              "stopConditions": [ { "source": "none" } ], "roleArn": "arn:aws:iam::123456789012:role/fis" }
            """
        let d = Fixtures.diagnostics(yaml, files: ["deny.json": template])
        #expect(d.count == 1 && d.first?.file == "deny.json", "\(d)")
        #expect(
            d.first?.message.contains(
                "the prefixListIdentifier 'other-list' matches no prefix list of this scenario by name, ID or ARN (the scenario's prefix lists: partner-apis (pl-0a1b2c3d4e5f60718))"
            ) == true,
            "\(d.map(\.message))")
        #expect(d.first?.path.hasSuffix("deny.parameters") == true, "\(d.map(\.path))")
    }
}
