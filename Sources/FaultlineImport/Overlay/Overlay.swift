import FaultlineDocument

/// What infrastructure as code cannot say, given by the user (docs/import.md, "The overlay"):
/// the account, Region and AZ mapping, stack parameters, load, handler durations and error
/// rates, the calls code makes, host service times, and when experiments start. `import` writes a
/// commented skeleton of it with every value it assumed.
public struct Overlay: Sendable {
    public struct Load: Sendable {
        public var target: String
        /// Requests per second (Poisson), or a schedule from an Artillery config.
        public var rate: Double?
        public var schedule: [(at: Int, rate: Double)] = []
        public var origin: String
    }

    public struct ExperimentTiming: Sendable {
        public var start: String?
        public var stopAt: String?
    }

    public var file = ""
    public var stackName: String?
    public var region: String?
    public var account: String?
    /// AZ names in AZ-ID order (the first is `<region-code>-az1`, ...).
    public var azNames: [String]?
    public var parameters: [String: String] = [:]
    public var seed: Int?
    public var horizon: String?
    public var period: String?
    public var load: [Load] = []
    /// Per function or service: scenario keys (duration, errorRate, initDuration, calls, serviceTime, workersEach, ...) as written.
    public var resources: [String: [(String, DocumentNode)]] = [:]
    public var experiments: [String: ExperimentTiming] = [:]

    public init() {}

    static let topKeys = ["stackName", "region", "account", "azs", "parameters", "seed", "horizon", "period", "load", "functions", "services", "experiments"]
    /// Keys a function or service entry may set (they are scenario keys, passed through).
    public static let functionKeys = [
        "duration", "errorRate", "initDuration", "calls", "idleLifetime", "async", "fisExtension", "memoryMB", "timeout", "reservedConcurrency",
        "provisionedConcurrency"
    ]
    public static let serviceKeys = ["serviceTime", "workersEach", "workersPerAZ", "queueCapacity", "timeout", "errorRate", "calls", "bootTime", "vcpus"]

    /// Reads an overlay; `files` reads an Artillery config it names (relative to the overlay).
    public static func read(text: String, file: String, files: StackFiles) throws -> Overlay {
        var o = Overlay()
        o.file = file
        let root: DocumentNode
        do { root = try DocumentParser.parse(text, file: file) } catch { throw error }
        func fail(_ n: DocumentNode, _ message: String, _ fix: String) -> ImportError {
            .input(file: file, line: n.location?.line, logicalID: nil, path: n.path, message: message, fix: fix)
        }
        func scalar(_ n: DocumentNode) throws -> String {
            guard case .scalar(let s, _) = n.value else { throw fail(n, "expected a single value, got \(n.kindDescription).", "write a plain value") }
            return s
        }
        guard let entries = root.entries else { throw fail(root, "the overlay must be a mapping.", "see docs/import.md for the overlay format") }
        for e in entries {
            let v = e.value
            switch e.key {
            case "stackName": o.stackName = try scalar(v)
            case "region": o.region = try scalar(v)
            case "account":
                let a = try scalar(v)
                guard a.count == 12, a.allSatisfy(\.isNumber) else {
                    throw fail(v, "the account must be 12 digits, got '\(a)'.", "quote it: account: \"123456789012\"")
                }
                o.account = a
            case "azs":
                if case .sequence(let items) = v.value {
                    o.azNames = try items.map(scalar)
                } else if let m = v.entries {
                    // { az-name: az-id }: ordered by AZ ID so position k is <code>-az<k>.
                    let pairs = try m.map { ($0.key, try scalar($0.value)) }
                    o.azNames = pairs.sorted {
                        ($0.1.split(separator: "z").last.flatMap { Int($0) } ?? 0) < ($1.1.split(separator: "z").last.flatMap { Int($0) } ?? 0)
                    }.map(\.0)
                } else {
                    throw fail(
                        v, "azs must be a list of AZ names or a mapping of AZ name to AZ ID.",
                        "e.g. azs: { eu-west-2a: euw2-az2, eu-west-2b: euw2-az3, eu-west-2c: euw2-az1 }")
                }
                if o.azNames!.isEmpty || o.azNames!.count > 16 { throw fail(v, "give 1 to 16 AZs.", "list the Region's AZs you use") }
            case "parameters":
                for p in v.entries ?? [] { o.parameters[p.key] = try scalar(p.value) }
            case "seed":
                guard let s = Int(try scalar(v)), s >= 0 else { throw fail(v, "the seed must be a whole number >= 0.", "e.g. seed: 1") }
                o.seed = s
            case "horizon": o.horizon = try scalar(v)
            case "period": o.period = try scalar(v)
            case "load":
                guard case .sequence(let items) = v.value else { throw fail(v, "load must be a list.", "e.g. load: [{ target: \"my-api GET /\", rate: 20 }]") }
                for item in items {
                    guard let target = item["target"] else {
                        throw fail(item, "a load entry needs a target (a route, function, queue or service of the scenario).", "add target: <name>")
                    }
                    var l = Load(target: try scalar(target), rate: nil, origin: item.path)
                    for k in item.entries ?? [] where !["target", "rate", "artillery"].contains(k.key) {
                        throw fail(k.value, "unknown key '\(k.key)' in a load entry.", "allowed: target, rate, artillery")
                    }
                    if let r = item["rate"] {
                        guard let rate = Double(try scalar(r)), rate >= 0, rate <= 1_000_000 else {
                            throw fail(r, "rate must be requests per second from 0 to 1000000.", "e.g. rate: 20")
                        }
                        l.rate = rate
                    }
                    if let a = item["artillery"] {
                        let path = PathText.join(PathText.folder(file), try scalar(a))
                        l.schedule = try Artillery.phases(text: try files.read(path), file: path)
                    }
                    if l.rate == nil && l.schedule.isEmpty {
                        throw fail(item, "a load entry needs rate or artillery.", "add rate: 20 or artillery: load-test.yml")
                    }
                    o.load.append(l)
                }
            case "functions", "services":
                let allowed = e.key == "functions" ? functionKeys : serviceKeys
                for r in v.entries ?? [] {
                    var keys: [(String, DocumentNode)] = []
                    for k in r.value.entries ?? [] {
                        guard allowed.contains(k.key) else {
                            throw fail(
                                k.value, "unknown key '\(k.key)' for \(e.key == "functions" ? "a function" : "a service").",
                                "allowed: \(allowed.joined(separator: ", "))")
                        }
                        keys.append((k.key, k.value))
                    }
                    o.resources[r.key, default: []] += keys
                }
            case "experiments":
                for x in v.entries ?? [] {
                    o.experiments[x.key] = ExperimentTiming(start: try x.value["start"].map(scalar), stopAt: try x.value["stopAt"].map(scalar))
                }
            default:
                throw fail(v, "unknown overlay key '\(e.key)'.", "allowed keys: \(topKeys.joined(separator: ", "))")
            }
        }
        return o
    }

    public var importOptions: Importer.Options {
        Importer.Options(region: region, account: account, azNames: azNames, parameters: parameters, stackName: stackName)
    }
}

/// Load from an Artillery config, as FIS samples ship for their load tests: each of
/// `config.phases[]` (`duration` s, `arrivalRate`, optional `rampTo`) becomes a piece of an
/// arrival-rate schedule (requests per second).
enum Artillery {
    static func phases(text: String, file: String) throws -> [(at: Int, rate: Double)] {
        let root = try DocumentParser.parse(text, file: file)
        guard case .sequence(let phases)? = root["config"]?["phases"]?.value, !phases.isEmpty else {
            throw ImportError.input(
                file: file, line: nil, logicalID: nil, path: "config.phases", message: "the Artillery config has no phases.",
                fix: "give config.phases with duration and arrivalRate")
        }
        var out: [(at: Int, rate: Double)] = [], t = 0
        for (i, p) in phases.prefix(1000).enumerated() {
            func num(_ k: String) -> Double? {
                if case .scalar(let s, _)? = p[k]?.value { return Double(s) }
                return nil
            }
            guard let d = num("duration"), d > 0, let rate = num("arrivalRate") ?? num("arrivalCount").map({ $0 / d }) else {
                throw ImportError.input(
                    file: file, line: p.location?.line, logicalID: nil, path: "config.phases[\(i)]",
                    message: "a phase needs duration (seconds) and arrivalRate.", fix: "e.g. - { duration: 300, arrivalRate: 20 }")
            }
            out.append((t, rate))
            t += Int(d)
            out.append((t, num("rampTo") ?? rate))
        }
        return out
    }
}
