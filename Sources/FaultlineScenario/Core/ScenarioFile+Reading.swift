import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom
import SwiftCSV

extension ScenarioFile {
    /// Reads a parsed document into the file mirror, recording every problem in `doc`.
    /// `loadFile` returns the text of a file the scenario refers to (an arrivals trace), by the
    /// path as written; the CLI resolves it against the scenario's folder.
    static func read(_ root: DocumentNode, doc: DocumentReader, loadFile: (String) throws -> String) -> ScenarioFile {
        var file = ScenarioFile(root: Located(value: 0, path: root.path, location: root.location))
        guard let m = doc.mapping(root, what: "a scenario (a mapping with name, regions, services, workloads)") else { return file }
        let dists = DistributionReader(doc: doc)
        if let node = m.required("name", fix: "add e.g. 'name: my-service'"), let name = doc.string(node) {
            if let problem = ScenarioName.problem(name) {
                doc.error(node, "'name' is not a valid scenario name: \(problem) (it names the output folder out/<name>).", fix: ScenarioName.fix)
            } else {
                file.name = name
            }
        }
        file.description = m.optional("description").flatMap(doc.string)
        file.seed = m.optional("seed").flatMap { doc.int($0, in: 0...Int.max, rangeText: "a whole number >= 0") }.map { UInt64($0) }
        file.horizon = m.optional("horizon").flatMap { doc.duration($0, allowZero: false) }
        file.period = m.optional("period").flatMap { doc.duration($0, allowZero: false) }
        file.warmup = m.optional("warmup").flatMap { doc.duration($0) }
        if let limits = m.optional("limits").flatMap({ doc.mapping($0) }) {
            file.maxEvents = limits.optional("maxEvents").flatMap {
                doc.int(
                    $0, in: 1...ScenarioSpec.Ceilings.maxEvents, rangeText: "a whole number from 1 to \(ScenarioSpec.Ceilings.maxEvents) (1e12; default 2e9)")
            }
            file.maxInFlight = limits.optional("maxInFlight").flatMap {
                doc.int(
                    $0, in: 1...ScenarioSpec.Ceilings.maxInFlight,
                    rangeText:
                        "a whole number from 1 to \(ScenarioSpec.Ceilings.maxInFlight) (2e7; default 5e6): each request in flight takes memory, and the limit is the overload guard"
                )
            }
            limits.finish()
        }
        if let random = m.optional("random").flatMap({ doc.mapping($0) }) {
            file.generator = random.optional("generator").flatMap { doc.choice($0, RandomGenerator.allCases.map(\.rawValue)) }
                .flatMap(RandomGenerator.init(rawValue:))
            random.finish()
        }
        if let regions = m.required("regions", fix: "add e.g. 'regions: [{ name: us-east-1, azs: [use1-az1, use1-az2] }]'") {
            file.regionsNode = Located(value: 0, path: regions.path, location: regions.location)
            for item in doc.sequence(regions, what: "a list of regions") ?? [] {
                guard let r = doc.mapping(item) else { continue }
                let name = r.required("name").flatMap { located($0, doc.string) }
                let azs = r.required("azs", fix: "list the region's AZs, e.g. azs: [use1-az1, use1-az2]").flatMap { stringList($0, doc) }
                r.finish()
                if let name, let azs { file.regions.append(RegionFile(name: name, azs: azs)) }
            }
        }
        if let network = m.optional("network").flatMap({ doc.mapping($0) }) {
            file.network.intraAZ = network.optional("intraAZ").flatMap(dists.sampler)
            file.network.crossAZ = network.optional("crossAZ").flatMap(dists.sampler)
            file.network.crossRegion = network.optional("crossRegion").flatMap(dists.sampler)
            network.finish()
        }
        if let services = m.optional("services") {
            for item in doc.sequence(services, what: "a list of services") ?? [] {
                if let s = readService(item, doc: doc, dists: dists) { file.services.append(s) }
            }
        }
        if let functions = m.optional("functions") {
            for item in doc.sequence(functions, what: "a list of Lambda functions") ?? [] {
                if let s = readFunction(item, doc: doc, dists: dists) { file.functions.append(s) }
            }
        }
        for (key, what) in [
            ("tables", "DynamoDB tables"), ("queues", "SQS queues"), ("topics", "SNS topics"), ("apis", "API Gateway APIs"),
            ("databases", "Aurora / RDS clusters")
        ] {
            guard let list = m.optional(key) else { continue }
            for (i, item) in (doc.sequence(list, what: "a list of \(what)") ?? []).enumerated() {
                file.managed += readManaged(key, item, index: i, doc: doc, dists: dists)
            }
        }
        if m.optional("services") == nil && m.optional("functions") == nil {
            doc.error(root, "the scenario defines no services and no functions.", fix: "add a 'services:' or 'functions:' list")
        }
        if let account = m.optional("lambdaAccount").flatMap({ doc.mapping($0) }) {
            file.lambdaAccount = LambdaAccountFile(
                concurrencyLimit: account.optional("concurrencyLimit").flatMap {
                    doc.int($0, in: 1...10_000_000, rangeText: "a whole number from 1 to 10000000")
                },
                unreservedMinimum: account.optional("unreservedMinimum").flatMap { doc.int($0, in: 0...10_000_000, rangeText: "a whole number >= 0") },
                node: Located(value: 0, path: account.node.path, location: account.node.location))
            account.finish()
        }
        if let l = m.optional("ledger"), let lm = doc.mapping(l, what: "{ accepted: <route or service>, stored: <table>, buffers: [<queue>] }") {
            let accepted = lm.required("accepted").flatMap { located($0, doc.string) }
            let stored = lm.required("stored").flatMap { located($0, doc.string) }
            let buffers = lm.optional("buffers").flatMap { stringList($0, doc) } ?? []
            lm.finish()
            if let accepted, let stored { file.ledger = LedgerFile(accepted: accepted, stored: stored, buffers: buffers) }
        }
        file.account = m.optional("account").flatMap { n -> Located<String>? in
            guard let text = doc.string(n) else { return nil }
            guard text.count == 12, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                doc.error(n, "the account must be 12 digits, got '\(text)'.", fix: "e.g. account: \"123456789012\" (quoted, so YAML keeps leading zeros)")
                return nil
            }
            return Located(value: text, path: n.path, location: n.location)
        }
        if let alarms = m.optional("alarms") {
            for item in doc.sequence(alarms, what: "a list of alarms") ?? [] {
                if let a = readAlarm(item, doc: doc) { file.alarms.append(a) }
            }
        }
        if let hypotheses = m.optional("hypotheses") {
            for item in doc.sequence(hypotheses, what: "a list of hypotheses") ?? [] {
                if let h = readHypothesis(item, doc: doc) { file.hypotheses.append(h) }
            }
        }
        if let dashboards = m.optional("dashboards") { file.dashboards = readDashboards(dashboards, doc: doc) }
        if let a = m.optional("automationDocuments") { file.automationDocuments = readAutomationDocuments(a, doc: doc, origin: "in \(doc.file)") }
        if let experiments = m.optional("experiments") {
            for item in doc.sequence(experiments, what: "a list of experiments") ?? [] {
                if let e = readExperiment(item, doc: doc, loadFile: loadFile) { file.experiments.append(e) }
            }
        }
        if let subnets = m.optional("subnets") {
            for item in doc.sequence(subnets, what: "a list of subnets { az, tags }") ?? [] {
                guard let sm = doc.mapping(item, what: "a subnet { az: <AZ>, tags: { key: value } }") else { continue }
                let az = sm.required("az", fix: "name the AZ whose subnet this is, e.g. az: us-east-1a").flatMap { located($0, doc.string) }
                let tags = readTags(sm, doc: doc)
                sm.finish()
                if let az { file.subnets.append(SubnetFile(az: az, tags: tags)) }
            }
        }
        if let gateways = m.optional("transitGateways") {
            for item in doc.sequence(gateways, what: "a list of transit gateways { region, tags }") ?? [] {
                guard let gm = doc.mapping(item, what: "a transit gateway { region: <Region>, tags: { key: value } }") else { continue }
                let region = gm.required("region", fix: "name the Region whose transit gateway this is, e.g. region: us-east-1").flatMap {
                    located($0, doc.string)
                }
                let tags = readTags(gm, doc: doc)
                gm.finish()
                if let region { file.transitGateways.append(TransitGatewayFile(region: region, tags: tags)) }
            }
        }
        if let lists = m.optional("prefixLists") { file.prefixLists = readPrefixLists(lists, doc: doc) }
        if let faults = m.optional("faults") {
            for item in doc.sequence(faults, what: "a list of faults") ?? [] {
                if let fault = readFault(item, doc: doc) { file.faults.append(fault) }
            }
        }
        if let workloads = m.optional("workloads") {
            for item in doc.sequence(workloads, what: "a list of workloads") ?? [] {
                if let w = readWorkload(item, doc: doc, loadFile: loadFile) { file.workloads.append(w) }
            }
        }
        m.finish()
        return file
    }

    private static func readService(_ item: DocumentNode, doc: DocumentReader, dists: DistributionReader) -> ServiceFile? {
        guard let m = doc.mapping(item, what: "a service") else { return nil }
        defer { m.finish() }
        guard let name = m.required("name").flatMap({ located($0, doc.string) }) else { return nil }
        var s = ServiceFile(name: name)
        s.compute = readCompute(m, service: name, doc: doc, dists: dists)
        if s.compute != nil {
            // With hosts, an AZ's workers are perAZ × workersEach.
            if let w = m.optional("workersPerAZ") {
                doc.error(w, "'workersPerAZ' cannot be given with 'hosts:' (an AZ runs hosts.perAZ × hosts.workersEach workers).", fix: "remove workersPerAZ")
            }
            if let c = s.compute, let p = c.perAZ, let e = c.workersEach { s.workersPerAZ = p * e }
        } else {
            s.workersPerAZ = m.required("workersPerAZ", fix: "say how many requests one AZ serves at once, e.g. workersPerAZ: 10").flatMap {
                doc.int($0, in: 1...10_000_000, rangeText: "a whole number from 1 to 10000000")
            }
        }
        s.serviceTime = m.required("serviceTime", fix: "e.g. serviceTime: { lognormal: { p50: 50ms, p99: 400ms } }").flatMap(dists.sampler)
        readHandler(m, into: &s, doc: doc, dists: dists)
        s.platform = m.optional("platform").flatMap { located($0, doc.string) }
        if let p = s.platform, s.compute != nil {
            // `platform:` is the shorthand for one implicit host per AZ; hosts: says it all.
            doc.error(
                path: p.path, location: p.location, "'platform' cannot be given with 'hosts:' (hosts.type says what the hosts are).",
                fix: "remove platform; hosts.type: ec2-instance, ecs-task or eks-pod")
        }
        if let q = m.optional("queueCapacity") {
            if case .scalar(let text, _) = q.value, text == "unlimited" {
                s.queueCapacity = .some(nil)
            } else if let n = doc.int(q, in: 0...Int.max / 2, rangeText: "a whole number >= 0, or 'unlimited' (0 makes a loss station)") {
                s.queueCapacity = .some(n)
            }
        }
        return s
    }

    /// The keys services and functions share: placement, timeout, errors and calls.
    static func readHandler(_ m: MappingReader, into s: inout ServiceFile, doc: DocumentReader, dists: DistributionReader) {
        s.azs = m.optional("azs").flatMap { stringList($0, doc) }
        s.tags = readTags(m, doc: doc)
        if let t = m.optional("timeout") {
            if case .scalar(let text, _) = t.value, text == "none" {
                s.timeout = .some(nil)
            } else if let d = doc.duration(t, allowZero: false) {
                s.timeout = .some(d)
            }
        }
        s.errorRate = m.optional("errorRate").flatMap { doc.double($0, in: 0...1, rangeText: "a probability from 0 to 1") }
        if let calls = m.optional("calls") {
            for c in doc.sequence(calls, what: "a list of calls") ?? [] {
                if let call = readCall(c, doc: doc) { s.calls.append(call) }
            }
        }
    }

    private static func readWorkload(_ item: DocumentNode, doc: DocumentReader, loadFile: (String) throws -> String) -> WorkloadFile? {
        guard let m = doc.mapping(item, what: "a workload") else { return nil }
        defer { m.finish() }
        let name = m.required("name").flatMap { located($0, doc.string) }
        let service = m.required("service", fix: "name the service the requests enter").flatMap { located($0, doc.string) }
        var azWeights: [(az: Located<String>, weight: Double)]?
        if let azs = m.optional("azs") {
            switch azs.value {
            case .sequence:
                azWeights = stringList(azs, doc)?.map { ($0, 1.0) }
            default:
                if let am = doc.mapping(azs, what: "a list of AZs or a mapping of AZ to weight") {
                    azWeights = am.entries.compactMap { e in
                        am.accept(e.key)
                        return doc.double(e.value, in: 0...Double.greatestFiniteMagnitude, rangeText: "a weight >= 0").map {
                            (Located(value: e.key, path: e.value.path, location: e.keyLocation), $0)
                        }
                    }
                }
            }
        }
        let arrivals = m.required("arrivals", fix: "e.g. arrivals: { poisson: { rate: 10 } }").flatMap {
            readArrivals($0, doc: doc, loadFile: loadFile)
        }
        guard let name, let service else { return nil }
        var client: CallFile?
        if let c = m.optional("client"), let cm = doc.mapping(c, what: "the clients' SDK settings, e.g. { timeout: 3s, retry: standard }") {
            var call = CallFile(service: service)
            readCallOptions(cm, into: &call, doc: doc)
            cm.finish()
            client = call
        }
        return WorkloadFile(name: name, service: service, client: client, azWeights: azWeights, arrivals: arrivals)
    }

    private static func readArrivals(_ node: DocumentNode, doc: DocumentReader, loadFile: (String) throws -> String) -> ArrivalsFile? {
        guard let m = doc.mapping(node, what: "one of { poisson: ... }, { schedule: [...] } or { trace: ... }") else { return nil }
        let kinds = ["poisson", "schedule", "trace"]
        let present = m.keys.filter(kinds.contains)
        for k in m.keys { m.accept(k) }
        guard present.count == 1, let kind = present.first, let body = m.optional(kind) else {
            let hint = m.keys.first.flatMap { Suggestion.closest(to: $0, in: kinds) }.map { "did you mean '\($0)'? " } ?? ""
            doc.error(
                node,
                "expected exactly one arrival process (poisson, schedule or trace), found \(present.isEmpty ? "none" : present.joined(separator: " and ")).",
                fix: "\(hint)e.g. arrivals: { poisson: { rate: 10 } }")
            return nil
        }
        for k in m.keys where !kinds.contains(k) {
            doc.error(
                path: DocumentNode.child(node.path, key: k), location: node.location, "unknown key '\(k)'.", fix: "allowed keys here: poisson, schedule, trace."
            )
        }
        switch kind {
        case "poisson":
            guard let pm = doc.mapping(body, what: "{ rate: <requests per second> }") else { return nil }
            defer { pm.finish() }
            return pm.required("rate").flatMap { doc.double($0, in: 0...1e9, rangeText: "requests per second from 0 to 1e9") }.map { .poisson(rate: $0) }
        case "schedule":
            guard let items = doc.sequence(body, what: "a list of { at, rate } points") else { return nil }
            var points: [(at: SimDuration, rate: Double)] = []
            for item in items {
                guard let pm = doc.mapping(item, what: "a point { at: 10m, rate: 50 }") else { continue }
                let at = pm.required("at").flatMap { doc.duration($0) }
                let rate = pm.required("rate").flatMap { doc.double($0, in: 0...1e9, rangeText: "requests per second from 0 to 1e9") }
                pm.finish()
                if let at, let rate { points.append((at, rate)) }
            }
            return .schedule(points, Located(value: 0, path: body.path, location: body.location))
        default:
            return readTrace(body, doc: doc, loadFile: loadFile)
        }
    }

    private static func readTrace(_ body: DocumentNode, doc: DocumentReader, loadFile: (String) throws -> String) -> ArrivalsFile? {
        guard let tm = doc.mapping(body, what: "{ file: arrivals.csv, column: t_s }") else { return nil }
        defer { tm.finish() }
        guard let fileNode = tm.required("file"), let path = doc.string(fileNode) else { return nil }
        let column = tm.optional("column").flatMap(doc.string) ?? "t_s"
        let text: String
        do { text = try loadFile(path) } catch {
            doc.error(fileNode, "the arrivals file '\(path)' could not be read: \(error).", fix: "give a path relative to the scenario file")
            return nil
        }
        let csv: EnumeratedCSV
        do { csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false) } catch {
            doc.error(fileNode, "'\(path)' is not a valid CSV file: \(SafeText.excerpt("\(error)", limit: 120)).")
            return nil
        }
        guard let col = csv.header.firstIndex(of: column) else {
            // The header is quoted only as short excerpts: the file may be anything (it failed to
            // parse as a trace), and a message must not reveal more of it than a glimpse.
            let shown = csv.header.prefix(5).map { SafeText.excerpt($0, limit: 30) }.joined(separator: ", ")
            let more = csv.header.count > 5 ? " and \(csv.header.count - 5) more" : ""
            doc.error(
                fileNode,
                "'\(path)' has no column '\(column)' (its first line has \(csv.header.count) column\(csv.header.count == 1 ? "" : "s"): \(shown)\(more)).",
                fix: "name the column of arrival times in seconds with 'column:'")
            return nil
        }
        var times: [SimDuration] = []
        times.reserveCapacity(csv.rows.count)
        for (i, row) in csv.rows.enumerated() {
            guard col < row.count, let t = Double(row[col].trimmingCharacters(in: " \r")), t.isFinite, t >= 0 else {
                doc.error(
                    fileNode,
                    "'\(path)' line \(i + 2): column '\(column)' must be a time in seconds >= 0, got '\(SafeText.excerpt(col < row.count ? row[col] : "", limit: 30))'."
                )
                return nil
            }
            times.append(.fromSeconds(t))
        }
        times.sort()
        return .trace(times)
    }

    static func located(_ node: DocumentNode, _ read: (DocumentNode) -> String?) -> Located<String>? {
        read(node).map { Located(value: $0, path: node.path, location: node.location) }
    }

    static func stringList(_ node: DocumentNode, _ doc: DocumentReader) -> [Located<String>]? {
        guard let items = doc.sequence(node, what: "a list of names") else { return nil }
        return items.compactMap { located($0, doc.string) }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
