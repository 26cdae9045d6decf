/// Import-time lint for the FIS mistakes users make (docs/import.md, "Lint rules"), each with a
/// fix, and the fault onset and tail each function with the FIS extension should expect from the
/// extension's poll model (docs/scenario-format.md, `fisExtension:`).
public struct LintFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Rule: String, Sendable, CaseIterable {
        case layerWithoutWrapper = "fis-layer-without-exec-wrapper"
        case layerWithoutLocation = "fis-layer-without-configuration-location"
        case environmentWithoutLayer = "fis-environment-without-layer"
        case locationWildcard = "fis-location-trailing-wildcard"
        case locationNotS3 = "fis-location-not-s3-prefix"
        case locationNotWritable = "fis-location-not-written-by-template-role"
        case noRouteToS3 = "fis-vpc-function-without-route-to-s3"
        case slowPollTooLow = "fis-slow-poll-below-20s"
        case stopConditionCannotMove = "stop-condition-on-unaffected-metric"
        case stopConditionNotModelled = "stop-condition-alarm-not-modelled"
        case tagsMatchNothing = "target-tags-match-nothing"
    }
    public var rule: Rule
    public var file: String
    public var logicalID: String
    public var message: String
    public var fix: String
    public var description: String { "\(file): Resources.\(logicalID): [\(rule.rawValue)] \(message) Fix: \(fix)" }
}

/// When a Lambda fault reaches a function's environments, from the poll model.
public struct OnsetPrediction: Sendable, Equatable, CustomStringConvertible {
    public var function: String
    public var slowPoll: Int
    public var hotPoll: Int
    public init(function: String, slowPoll: Int, hotPoll: Int) {
        self.function = function
        self.slowPoll = slowPoll
        self.hotPoll = hotPoll
    }
    public var description: String {
        "\(function): onset in warm environments up to \(slowPoll) s after FIS writes the configuration (mean \(slowPoll / 2) s at steady traffic; "
            + "new environments at once), tail up to \(hotPoll) s after the action ends (mean \(hotPoll / 2) s, the hot poll); longer when an environment "
            + "is invoked less often than the poll interval"
    }
}

public enum Lint {
    static let wrapper = "/opt/aws-fis/bootstrap"

    public static func check(_ s: ImportedSystem) -> [LintFinding] {
        var out: [LintFinding] = []
        func add(_ rule: LintFinding.Rule, _ o: ImportedSystem.Origin, _ m: String, _ fix: String) {
            out.append(.init(rule: rule, file: o.file, logicalID: o.logicalID, message: m, fix: fix))
        }
        let writable = templateRoleWritablePrefixes(s)
        for f in s.functions {
            guard let fis = f.fis else { continue }
            if fis.layerARN == nil {
                add(
                    .environmentWithoutLayer, f.origin,
                    "\(f.name) sets AWS_FIS_CONFIGURATION_LOCATION but has no FIS extension layer, so Lambda faults will not reach it.",
                    "add the layer arn:aws:lambda:\(s.region):<account>:layer:aws-fis-extension-<arch>:<version> (or its SSM parameter /aws/service/fis/lambda-extension/AWS-FIS-extension-<arch>/1.x.x) to Layers"
                )
                continue
            }
            if fis.execWrapper != wrapper {
                add(
                    .layerWithoutWrapper, f.origin,
                    "\(f.name) has the FIS extension layer but AWS_LAMBDA_EXEC_WRAPPER is \(fis.execWrapper.map { "'\($0)'" } ?? "not set"): the extension cannot wrap invocations, so faults have no effect.",
                    "set Environment.Variables.AWS_LAMBDA_EXEC_WRAPPER to \(wrapper)")
            }
            guard let loc = fis.configurationLocation else {
                add(
                    .layerWithoutLocation, f.origin,
                    "\(f.name) has the FIS extension layer but no AWS_FIS_CONFIGURATION_LOCATION: the extension does not know where FIS writes fault configurations.",
                    "set AWS_FIS_CONFIGURATION_LOCATION to the S3 prefix FIS writes to, e.g. arn:aws:s3:::<bucket>/FisConfigs/")
                continue
            }
            if loc.hasSuffix("*") {
                add(
                    .locationWildcard, f.origin,
                    "AWS_FIS_CONFIGURATION_LOCATION of \(f.name) ends in '\(loc.hasSuffix("/*") ? "/*" : "*")' ('\(loc)'): the location is a literal prefix, not a pattern, so the extension lists a key prefix containing '*' and never finds a configuration.",
                    "end the location with '/' instead: \(String(loc.dropLast(loc.hasSuffix("/*") ? 1 : 1)))")
            }
            let isBucket = loc.hasPrefix("arn:aws:s3:::") && loc.dropFirst("arn:aws:s3:::".count).contains("/")
            let isAccessPoint = loc.hasPrefix("arn:aws:s3:") && loc.contains(":accesspoint/")
            if !isBucket && !isAccessPoint {
                add(
                    .locationNotS3, f.origin, "AWS_FIS_CONFIGURATION_LOCATION of \(f.name) ('\(loc)') is not an S3 bucket prefix or access point ARN.",
                    "use arn:aws:s3:::<bucket>/<prefix>/ or arn:aws:s3:<region>:<account>:accesspoint/<name>/<prefix>/")
            } else if !writable.isEmpty, !writable.contains(where: { matches(pattern: $0, loc.hasSuffix("*") ? String(loc.dropLast()) + "x" : loc + "x") }) {
                add(
                    .locationNotWritable, f.origin,
                    "no FIS experiment role in the stack may s3:PutObject under \(loc) (the roles allow: \(writable.joined(separator: ", "))), so FIS cannot write the fault configuration there.",
                    "grant the experiment role s3:PutObject on \(loc.hasSuffix("*") ? loc : loc + "*") or point the location at a prefix it may write")
            }
            if !f.subnets.isEmpty, !s.hasS3GatewayEndpoint, !s.hasNATGateway {
                add(
                    .noRouteToS3, f.origin,
                    "\(f.name) runs in a VPC (subnets \(f.subnets.joined(separator: ", "))) and the stack has neither an S3 gateway endpoint nor a NAT gateway: the extension cannot reach S3 to poll.",
                    "add an AWS::EC2::VPCEndpoint for com.amazonaws.\(s.region).s3 (VpcEndpointType Gateway) on the subnets' route tables, or a NAT gateway")
            }
            if let sp = fis.slowPoll, sp < 20 {
                add(
                    .slowPollTooLow, f.origin,
                    "AWS_FIS_SLOW_POLL_INTERVAL_SECONDS of \(f.name) is \(sp): the extension ignores values below 20 and polls every 60 s.",
                    "set it to 20 or more (the scenario uses the extension's default of 60 s)")
            }
        }
        for (origin, alarm) in s.unmodelledStopConditions {
            add(
                .stopConditionNotModelled, origin,
                "the stop condition \(alarm) is not an alarm the simulator models (see 'Not modelled'), so the template is not replayed.",
                "alarm on a metric of a modelled resource (docs/import.md lists them), or remove the stop condition for the simulation")
        }
        let inventory = Self.inventory(s)
        for e in s.experiments {
            let props = e.template["Properties"] ?? .map([])
            var targeted: Set<String> = []
            for (tname, t) in props["Targets"]?.entries ?? [] {
                let type = t["ResourceType"]?.text ?? ""
                let wanted = (t["ResourceTags"]?.entries ?? []).map { ($0.0, $0.1.text ?? "") }
                let arns = (t["ResourceArns"]?.list ?? []).compactMap(\.text)
                let candidates = inventory.filter { $0.type == type }
                let matched = candidates.filter { c in
                    (arns.isEmpty || arns.contains(c.arn)) && wanted.allSatisfy { w in c.tags.contains { $0.0 == w.0 && $0.1 == w.1 } }
                }
                targeted.formUnion(matched.map(\.name))
                if !wanted.isEmpty, matched.isEmpty,
                    !candidates.isEmpty || ["aws:lambda:function", "aws:sqs:queue", "aws:dynamodb:table", "aws:sns:topic"].contains(type)
                {
                    add(
                        .tagsMatchNothing, e.origin,
                        "target '\(tname)' selects \(type) by tags \(wanted.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")), which no \(type) in the stack carries (the experiment would fail with no targets).",
                        "tag the intended resources (Tags) or fix ResourceTags; tagged \(type) in the stack: \(candidates.map(\.name).prefix(5).joined(separator: ", "))"
                    )
                }
            }
            let affected = affectedResources(s, targeted)
            for sc in props["StopConditions"]?.list ?? [] where sc["Source"]?.text == "aws:cloudwatch:alarm" {
                let arn = sc["Value"]?.text ?? ""
                guard let alarm = s.alarms.first(where: { arn.hasSuffix(":alarm:" + $0.name) }) else { continue }
                if !affected.contains(alarm.resource) {
                    add(
                        .stopConditionCannotMove, e.origin,
                        "the stop-condition alarm \(alarm.name) watches \(alarm.resource) \(alarm.metric), which none of the experiment's targets (\(targeted.sorted().joined(separator: ", "))) can move: it will never stop the experiment.",
                        "alarm on a metric of a targeted resource or of one that calls it")
                }
            }
        }
        return out
    }

    public static func onsets(_ s: ImportedSystem) -> [OnsetPrediction] {
        s.functions.compactMap { f in
            guard let fis = f.fis, fis.layerARN != nil else { return nil }
            return OnsetPrediction(function: f.name, slowPoll: (fis.slowPoll ?? 60) >= 20 ? (fis.slowPoll ?? 60) : 60, hotPoll: 20)
        }
    }

    struct Item {
        var type: String
        var name: String
        var arn: String
        var tags: [(String, String)]
    }

    static func inventory(_ s: ImportedSystem) -> [Item] {
        let r = s.region, a = s.account
        var out: [Item] = []
        out += s.functions.map { Item(type: "aws:lambda:function", name: $0.name, arn: "arn:aws:lambda:\(r):\(a):function:\($0.name)", tags: $0.tags) }
        out += s.queues.map { Item(type: "aws:sqs:queue", name: $0.name, arn: "arn:aws:sqs:\(r):\(a):\($0.name)", tags: $0.tags) }
        out += s.tables.map { Item(type: "aws:dynamodb:table", name: $0.name, arn: "arn:aws:dynamodb:\(r):\(a):table/\($0.name)", tags: $0.tags) }
        out += s.topics.map { Item(type: "aws:sns:topic", name: $0.name, arn: "arn:aws:sns:\(r):\(a):\($0.name)", tags: $0.tags) }
        out += s.databases.map { Item(type: "aws:rds:cluster", name: $0.name, arn: "arn:aws:rds:\(r):\(a):cluster:\($0.name)", tags: $0.tags) }
        out += s.services.map { Item(type: $0.hostType == "ecs-task" ? "aws:ecs:task" : "aws:ec2:instance", name: $0.name, arn: "", tags: $0.tags) }
        out += s.subnets.map { Item(type: "aws:ec2:subnet", name: $0.origin.logicalID, arn: "", tags: $0.tags) }
        return out
    }

    /// The targets and what calls them (routes of a targeted function, queues it consumes, topics delivering to them).
    static func affectedResources(_ s: ImportedSystem, _ targets: Set<String>) -> Set<String> {
        var out = targets
        for api in s.apis { for r in api.routes where targets.contains(r.function) { out.insert("\(api.name) \(r.method) \(r.path)") } }
        for q in s.queues where q.consumer.map({ targets.contains($0.function) }) == true {
            out.insert(q.name)
            if let d = q.deadLetterQueue { out.insert(d) }
        }
        for t in s.topics where t.subscriptions.contains(where: out.contains) { out.insert(t.name) }
        return out
    }

    /// `s3:PutObject` resources of the FIS experiment roles in the stack (read when the importer records them).
    static func templateRoleWritablePrefixes(_ s: ImportedSystem) -> [String] { s.fisWritablePrefixes }

    /// IAM-style wildcard match (`*` any run of characters).
    static func matches(pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        guard text.hasPrefix(parts[0]) else { return false }
        var rest = Substring(text.dropFirst(parts[0].count))
        for p in parts.dropFirst().dropLast() {
            guard let r = rest.range(of: p) else { return false }
            rest = rest[r.upperBound...]
        }
        return rest.hasSuffix(parts.last!)
    }
}
