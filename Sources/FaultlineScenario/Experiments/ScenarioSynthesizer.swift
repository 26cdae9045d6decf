import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

/// A runnable scenario written around one FIS template (`faultline plan TEMPLATE --synthesize
/// --scenario-out FILE`): the resources its targets resolve to, a little traffic through them,
/// stand-in alarms for its stop conditions, and an `experiments:` entry that replays the
/// template unchanged, its placeholders filled so they name the synthesized resources.
public struct SynthesizedScenario: Sendable {
    public var name: String
    /// The scenario file's text (YAML with comments; starts with ``ScenarioSynthesizer/marker``).
    public var yaml: String
    /// Why the template will not replay (empty: it should).
    public var blockers: [ReplayBlocker]
    /// The experiment's `params:` (placeholder key -> value), in order of first appearance.
    public var params: [(key: String, value: String)]
    public var horizon: SimDuration
    /// Actions the scenario skips (`unsupported: skip`) because the model has no fault for them.
    public var skipped: [String]
}

public enum ScenarioSynthesizer {
    /// How every synthesized scenario file begins; `--scenario-out` replaces a file only when it does.
    public static let marker = "# Synthesized by faultline plan --synthesize"
    /// The blocker text of a template whose values are CloudFormation intrinsics.
    static let cloudFormationIntrinsics = "CloudFormation intrinsics ({\"Ref\": ...}, Fn::GetAtt, Fn::Sub), which params cannot fill"
    /// When StartExperiment is called in a synthesized scenario.
    public static let experimentStart = SimDuration.seconds(60)
    /// Requests per second the synthesized workload sends (enough for every resource to see
    /// traffic in each metrics period, little enough that a 12-hour experiment runs in seconds).
    public static let rate = 2

    /// Writes the scenario for the (single) template in `text`. `templatePath` is what the
    /// scenario's `template:` says (relative to the scenario file). Throws when the file holds
    /// no readable template.
    public static func synthesize(
        text: String, file: String, templatePath: String, params given: [(key: String, value: String)] = [], perType: Int = 3,
        allowUnknownActions: Bool = false
    ) throws(PlanError) -> SynthesizedScenario {
        // A CloudFormation resource's intrinsics become `${...}` placeholders, as the experiment reads them.
        let raw = ExperimentSpec.resolvingIntrinsics(text, file: file) ?? text
        let report = TemplateValidator.validate(text: raw, file: file, allowUnknownActions: allowUnknownActions)
        guard let template = report.templates.first else {
            throw PlanError(description: "\(file): cannot synthesize a scenario: \(report.errors.first.map { "\($0)" } ?? "no experiment template found")")
        }
        var blockers: [ReplayBlocker] = []
        if report.templates.count > 1 {
            blockers.append(.init(.severalTemplates, "\(report.templates.count) templates; an experiment replays one (split the file)"))
        }
        // The Region and account of the first concrete ARN, once the user's --param values are in.
        let filled =
            given.isEmpty
            ? nil
            : TemplateValidator.validate(text: ExperimentSpec.substitute(raw, given), file: file, allowUnknownActions: allowUnknownActions).templates.first
        let (region, account) = TemplatePlanner.regionAndAccount(filled ?? template)
        // Actions: what the model cannot replay.
        var skipped: [String] = []
        for a in template.actions {
            if a.actionId == AutomationDocument.actionID {
                // A declared document replays: its effect's resources are synthesized below.
                let filledAction = filled?.actions.first { $0.name == a.name } ?? a
                if declaration(of: filledAction) != nil { continue }
                blockers.append(.init(.automationDocument, FaultParameters.ssmDocumentName(a.parameters["documentArn"] ?? "(no documentArn)")))
                skipped.append(a.name)
            } else if !ExperimentSpec.replays(a.actionId) {
                blockers.append(.init(.unsupportedAction, a.actionId))
                skipped.append(a.name)
            } else if a.actionId == "aws:ssm:send-command" {
                let doc = FaultParameters.ssmDocumentName(a.parameters["documentArn"] ?? "")
                if !FaultParameters.ssmDocuments.contains(doc) { blockers.append(.init(.ssmDocument, doc.isEmpty ? "(no documentArn)" : doc)) }
            }
        }
        // AZs: the Region's a, b, c and every AZ of it a filter or parameter names.
        var named = Set(["\(region)a", "\(region)b", "\(region)c"])
        for t in template.targets {
            for f in t.filters where f.path.hasSuffix("AvailabilityZone") { named.formUnion(f.values) }
            for k in ["availabilityZoneIdentifier", "availabilityZoneIdentifiers", "writerAvailabilityZoneIdentifiers"] {
                named.formUnion(t.parameters[k].map(azList) ?? [])
            }
        }
        for a in template.actions {
            for k in ["availabilityZoneIdentifier", "availabilityZoneIdentifiers"] { named.formUnion(a.parameters[k].map(azList) ?? []) }
        }
        // The declared automation effects' targets, their documentParameters read at the
        // placeholders' guessed values (what `params` will say unless an ARN fixes them).
        let guesses = substitutable(raw).map { t in
            (key: key(of: t), value: given.last { $0.key == key(of: t) }?.value ?? guess(key(of: t), region: region, account: account))
        }
        let guessed = TemplateValidator.validate(text: ExperimentSpec.substitute(raw, guesses), file: file, allowUnknownActions: allowUnknownActions)
            .templates.first { $0.targets.count == template.targets.count }
        var automationTargets: [TemplateTarget] = []
        for (i, a) in template.actions.enumerated() where a.actionId == AutomationDocument.actionID && !skipped.contains(a.name) {
            let g = guessed.flatMap { i < $0.actions.count && $0.actions[i].name == a.name ? $0.actions[i] : nil } ?? a
            guard let decl = declaration(of: filled?.actions.first { $0.name == a.name } ?? a) else { continue }
            switch automationTarget(g, decl) {
            // Actions that act on the same resources (one document run several times) share them.
            case .success(let t) where !automationTargets.contains(where: { sameSelection($0, t) }): automationTargets.append(t)
            case .success: continue
            case .failure(let b): blockers.append(b)
            }
        }
        named.formUnion(automationAZs(automationTargets))
        let azs = named.filter { $0.count == region.count + 1 && $0.hasPrefix(region) && $0.last!.isLetter && $0.last!.isLowercase }.sorted()
        // A second Region for cross-Region actions (and transit gateways, which need two).
        var regions = [(region, azs)]
        let other =
            template.actions.compactMap { $0.parameters["region"] }.first { $0 != region && isRegionName($0) }
            ?? (template.targets.contains { $0.resourceType == "aws:ec2:transit-gateway" } ? (region == "us-west-2" ? "us-east-1" : "us-west-2") : nil)
        if let other { regions.append((other, ["\(other)a", "\(other)b", "\(other)c"])) }
        // Targets -> units. Targets only skipped actions use need no resources. Tags, filters
        // and target parameters are read with every placeholder given its guessed value (what
        // `params` will say unless an ARN fixes it), so `Name: ${asg}` tags the resources `asg`.
        let used = Set(template.actions.filter { !skipped.contains($0.name) }.flatMap { $0.targets.map(\.value) })
        var taken: Set<String> = ["entry", "backend"]
        var units: [Unit] = []
        for (i, t) in template.targets.enumerated() where used.contains(t.name) {
            var g = guessed?.targets[i] ?? t
            let guessedArns = g.resourceArns.count == t.resourceArns.count ? g.resourceArns : t.resourceArns
            g.resourceArns = t.resourceArns
            units += Self.units(
                for: g, guessedArns: guessedArns, region: region, account: account, allAZs: azs, perType: perType,
                blockers: &blockers, taken: &taken)
        }
        for t in automationTargets {
            // Their names come from the filled values already (a queue URL's last part), so no
            // ARN slot is left for params to fill.
            units += Self.units(
                for: t, guessedArns: t.resourceArns, region: region, account: account, allAZs: azs, perType: perType,
                blockers: &blockers, taken: &taken
            ).map { u in
                var u = u
                u.arnSlots = []
                return u
            }
        }
        // CloudFormation intrinsics ({"Ref": "X"}, Fn::GetAtt, Fn::Sub) stay objects in the file:
        // a scenario's params replace text, so FIS's checks still fail on them.
        if let f = report.errors.first(where: { $0.diagnostic.message.contains("intrinsic") }) {
            let n = report.errors.filter { $0.diagnostic.message.contains("intrinsic") }.count
            blockers.append(.init(.placeholder, "\(cloudFormationIntrinsics) (\(n), the first at \(f.diagnostic.path))"))
        }
        // Stop conditions: one stand-in alarm each.
        var alarms: [(name: String, arnTemplate: String?)] = []
        for (i, c) in template.stopConditions.enumerated() where c.isAlarm {
            let v = c.value ?? ""
            if !substitutable(v).isEmpty {
                // A literal alarm name keeps its name; only the Region and account are filled in.
                let last = v.range(of: ":alarm:").map { String(v[$0.upperBound...]) }
                let literal = last.flatMap { substitutable($0).isEmpty && safeName($0) == $0 && !taken.contains($0) ? $0 : nil }
                if let literal { taken.insert(literal) }
                alarms.append((literal ?? "stop-condition-\(i + 1)", v))
            } else {
                let p = v.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                if p.count == 7, p[0] == "arn", p[2] == "cloudwatch", p[3] == region, p[4] == account, p[5] == "alarm", safeName(p[6]) == p[6],
                    !taken.contains(p[6])
                {
                    taken.insert(p[6])
                    alarms.append((p[6], nil))
                } else {
                    blockers.append(
                        .init(.concreteARN, "stop condition alarm '\(v)' is not an alarm ARN of the template's Region and account (\(region), \(account))"))
                }
            }
        }
        let horizon = horizonFor(guessed ?? template)
        let period = SimDuration.seconds(60 * max(1, (horizon.nanoseconds / 1_000_000_000 + 14_399) / 14_400))
        let name = "synth-" + safeName(baseName(file)).prefix(90)
        var doc = Document(
            name: String(name), file: file, templatePath: templatePath, regions: regions, account: account, units: units,
            alarms: alarms.map(\.name), horizon: horizon, period: period, skipped: skipped, blockers: blockers)
        // First pass: the resources alone, to read their ARNs as the model derives them.
        var params: [(key: String, value: String)] = []
        if let spec = try? ScenarioSpec.load(text: doc.render(params: nil), file: "synthesized.yaml") {
            params = fillPlaceholders(
                raw: raw, template: template, given: given, units: units, alarms: alarms, inventory: spec.inventory,
                region: region, account: account, blockers: &blockers)
        }
        doc.blockers = blockers
        return SynthesizedScenario(name: doc.name, yaml: doc.render(params: params), blockers: blockers, params: params, horizon: horizon, skipped: skipped)
    }

    /// Where the synthesized resources stand in for the template's placeholder ARNs, and every
    /// other `${KEY}` / `<KEY>`.
    static func fillPlaceholders(
        raw: String, template: ExperimentTemplate, given: [(key: String, value: String)], units: [Unit], alarms: [(name: String, arnTemplate: String?)],
        inventory: [InventoryResource], region: String, account: String,
        blockers: inout [ReplayBlocker]
    ) -> [(key: String, value: String)] {
        // What the user gave (`--param`) wins; ARNs must agree with it.
        var known: [String: String] = [:]
        for p in given { known[p.key] = p.value }
        func fix(_ pattern: String, _ value: String) {
            if substitutable(pattern).isEmpty {
                blockers.append(.init(.placeholder, "'\(pattern)' (params replace only ${KEY} and <KEY>)"))
            } else if let m = match(pattern, value, known: known) {
                known.merge(m) { a, _ in a }
            } else {
                blockers.append(.init(.placeholder, "'\(pattern)' cannot name '\(value)' (a placeholder there already stands for something else)"))
            }
        }
        for u in units where !u.arnSlots.isEmpty {
            // The unit's resources of the slot's type, in inventory order.
            let candidates = inventory.filter { r in
                ExperimentSpec.matches(u.arnSlots[0].resourceType, r.resourceType)
                    && (r.name == u.name || r.name.hasPrefix(u.name + "/")
                        || r.name == "\(u.name)-alb" || r.name == "\(u.name)-asg" || (u.kind == .subnets || u.kind == .transitGateway))
            }
            for (k, slot) in u.arnSlots.enumerated() {
                let r = slot.nameHint.flatMap { h in inventory.first { $0.name == h } } ?? (k < candidates.count ? candidates[k] : nil)
                guard let r else {
                    blockers.append(.init(.placeholder, "no synthesized \(slot.resourceType) for '\(slot.template)'"))
                    continue
                }
                fix(slot.template, r.arn)
            }
        }
        for a in alarms { if let t = a.arnTemplate { fix(t, ScenarioSpec.alarmARN(a.name, region: region, account: account)) } }
        // A whole-value placeholder ARN of a target no synthesized resource stands for (only
        // skipped actions use it) still gets an ARN of its type, so the template stays valid.
        for t in template.targets where !units.contains(where: { $0.target == t.name }) {
            let parts = t.resourceType.split(separator: ":").map(String.init)
            for arn in t.resourceArns {
                let tokens = substitutable(arn)
                guard tokens.count == 1, tokens[0] == arn, known[key(of: arn)] == nil, parts.count == 3 else { continue }
                known[key(of: arn)] = "arn:aws:\(parts[1]):\(region):\(account):\(parts[2])/\(safeName(key(of: arn)).lowercased())"
            }
        }
        var out: [(key: String, value: String)] = []
        var seen = Set<String>()
        for token in substitutable(raw) {
            let k = key(of: token)
            guard seen.insert(k).inserted else { continue }
            out.append((k, known[k] ?? guess(k, region: region, account: account)))
        }
        return out
    }

    /// StartExperiment at one minute, the longest action chain (as `plan` schedules it), then
    /// two minutes for the recovery, in whole minutes.
    static func horizonFor(_ template: ExperimentTemplate) -> SimDuration {
        // Declared automation documents' targets are synthesized too (as `plan` does), so their
        // effects are scheduled for their length.
        var expanded = template
        _ = ScenarioSpec.expandAutomation(&expanded, declared: [], doc: DocumentReader(file: "horizon"), node: { ($0, nil) })
        let plan = TemplatePlanner.plan(template, name: "horizon", file: "", inventory: TemplatePlanner.synthesize(expanded, perType: 100), seed: 1)
        let end = plan.actions.compactMap(\.end).max() ?? .zero
        let total = (experimentStart + end + ExperimentSpec.defaultInitiationDelay + .seconds(120)).nanoseconds
        let minute: Int64 = 60_000_000_000
        return SimDuration(nanoseconds: (total + minute - 1) / minute * minute)
    }

    static func isRegionName(_ s: String) -> Bool {
        let p = s.split(separator: "-")
        return p.count >= 3 && p.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } } && p.last!.allSatisfy(\.isNumber)
    }

    static func baseName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}
