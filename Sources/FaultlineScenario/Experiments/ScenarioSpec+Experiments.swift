import FaultlineCloud
import FaultlineDocument
import FaultlineFIS
import FaultlineKernel

extension ScenarioSpec {
    /// The account in derived ARNs when the scenario gives none.
    public static let defaultAccount = "123456789012"

    /// Type, ARN and tags of every resource FIS templates can target, in service order.
    static func inventory(_ all: [ScenarioFile.ServiceFile], services: [ServiceConfig], topology: Topology, account: String) -> [InventoryResource] {
        guard services.count == all.count else { return [] }
        var out: [InventoryResource] = []
        for (i, s) in services.enumerated() {
            let region = s.azs.first.map { topology.regions[Int(topology.azs[Int($0.index)].region.index)].name } ?? "us-east-1"
            if case .database(let dc) = s.kind {
                out += databaseInventory(
                    s, dc, service: ServiceID(i), tags: StringPairs(all[i].tags.map { .init(key: $0.key, value: $0.value) }),
                    topology: topology, region: region, account: account)
                continue
            }
            guard let id = ExperimentSpec.identity(of: s.kind, name: s.name, region: region, account: account) else { continue }
            // The AZs it runs in, by name and by AZ ID, for target filters and parameters.
            let names = s.azs.map { topology.name(of: $0) }
            let ids = s.azs.map { azID($0, topology: topology) }
            out.append(
                InventoryResource(
                    name: s.name, resourceType: id.type, arn: id.arn,
                    tags: StringPairs(all[i].tags.map { .init(key: $0.key, value: $0.value) }),
                    service: ServiceID(i), hasFISExtension: s.kind.function?.fisExtension != nil,
                    az: names.isEmpty ? nil : names.joined(separator: ","),
                    attributes: ids.isEmpty ? StringPairs() : ["AvailabilityZoneId": ids.joined(separator: ",")]))
        }
        out += computeInventory(all, services: services, topology: topology, account: account)
        return out
    }

    /// The AZ ID of a scenario AZ: the Region's code and the AZ's position in the scenario's list
    /// of the Region's AZs (`us-east-1` -> `use1-az1`, `eu-west-1` -> `euw1-az2`, `ap-southeast-2`
    /// -> `apse2-az1`). Real AZ IDs map to names per account; a scenario lists its AZs in AZ-ID order.
    static func azID(_ az: AZID, topology: Topology) -> String {
        let zone = topology.azs[Int(az.index)]
        let region = topology.regions[Int(zone.region.index)]
        let k = (region.azs.firstIndex(of: az) ?? 0) + 1
        let parts = region.name.split(separator: "-").map(String.init)
        guard parts.count >= 3 else { return "\(region.name)-az\(k)" }
        let directions = [
            "north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
            "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw"
        ]
        let middle = parts[1..<(parts.count - 1)].map { directions[$0] ?? String($0.prefix(1)) }.joined()
        return "\(parts[0])\(middle)\(parts[parts.count - 1])-az\(k)"
    }

    /// Reads each experiment's template, checks it as FIS would and maps its actions to faults.
    /// Template problems are reported in the template file (JSON path and line).
    static func validateExperiments(
        _ files: [ScenarioFile.ExperimentFile], alarmARNs: [String] = [], topology: Topology? = nil,
        prefixLists: [PrefixList] = [],
        unsupported override: UnsupportedActions? = nil,
        automationDocuments: [AutomationDocument] = [],
        doc: DocumentReader
    ) -> (experiments: [ExperimentSpec], warnings: [String]) {
        var out: [ExperimentSpec] = []
        var warnings: [String] = []
        var skippedUnsupported = false
        var names: Set<String> = []
        for e in files {
            if !names.insert(e.name.value).inserted {
                doc.error(
                    path: e.name.path, location: e.name.location, "the experiment '\(e.name.value)' is defined twice.",
                    fix: "give every experiment a unique name")
            }
            guard let raw = e.text else { continue }
            let file = e.template.value
            let text = ExperimentSpec.substitute(ExperimentSpec.resolvingIntrinsics(raw, file: file) ?? raw, e.params)
            let before = doc.diagnostics.count
            let tree = try? DocumentParser.parse(text, file: file)
            // Placeholders no `params` entry fills.
            var seen: Set<String> = []
            for token in Placeholder.tokens(in: text) where (token.hasPrefix("${") || token.hasPrefix("<")) && seen.insert(token).inserted {
                let key = token.hasPrefix("${") ? String(token.dropFirst(2).dropLast()) : String(token.dropFirst().dropLast())
                doc.record(
                    Diagnostic(
                        file: file, path: ExperimentSpec.find(tree, containing: token)?.path ?? "",
                        location: ExperimentSpec.location(of: token, in: text),
                        message: "the placeholder \(token) is not resolved.",
                        fix: "add it to the experiment '\(e.name.value)' in the scenario: params: { \(key): <value> }"))
            }
            let report = TemplateValidator.validate(text: text, file: file)
            for f in report.errors { doc.record(f.diagnostic) }
            let unresolved = doc.diagnostics.count - before - report.errors.count
            guard report.errors.isEmpty else { continue }
            guard report.templates.count == 1, var template = report.templates.first else {
                doc.error(
                    path: e.template.path, location: e.template.location,
                    "'\(file)' holds \(report.templates.count) experiment templates; an experiment replays exactly one.", fix: "keep one template per file")
                continue
            }
            let tdoc = DocumentReader(file: file)
            func node(_ suffix: String) -> (String, SourceLocation?) {
                let n = ExperimentSpec.find(tree, suffix: suffix)
                return (n?.path ?? suffix, n?.location)
            }
            func err(_ suffix: String, _ message: String, fix: String?) {
                let (path, location) = node(suffix)
                tdoc.error(path: path, location: location, message, fix: fix)
            }
            let mode = override ?? e.unsupported ?? .fail
            // aws:ssm:start-automation-execution: what the declared document does (its target
            // joins the template's); an undeclared document is unsupported, by name.
            let automation = expandAutomation(&template, declared: automationDocuments, doc: tdoc, node: node)
            func replays(_ a: TemplateAction) -> Bool {
                a.actionId == AutomationDocument.actionID ? automation.undeclared[a.name] == nil : ExperimentSpec.replays(a.actionId)
            }
            let skipped = Set(template.actions.filter { !replays($0) && mode == .skip }.map(\.name))
            // Targets only skipped actions use need no model resource type.
            let needed = Set(template.actions.filter { !skipped.contains($0.name) }.flatMap { $0.targets.map(\.value) })
            for t in template.targets where needed.contains(t.name) || skipped.isEmpty {
                if !ExperimentSpec.mappedResourceTypes.contains(t.resourceType) {
                    err(
                        "\(t.name).resourceType", "the resource type '\(t.resourceType)' of target '\(t.name)' is not modelled by Faultline yet.",
                        fix: "use one of: \(ExperimentSpec.mappedResourceTypes.joined(separator: ", "))")
                }
            }
            var actions: [ExperimentSpec.ActionSpec] = []
            for a in template.actions {
                if skipped.contains(a.name) {
                    if let d = automation.undeclared[a.name] {
                        let reason =
                            "the automation document '\(d)' is not declared (unsupported: skip); skipped as FIS skips an action, the actions after it start"
                        warnings.append(
                            "experiment '\(e.name.value)': action '\(a.name)' (\(a.actionId)) is skipped: its automation document '\(d)' is not declared, so Faultline cannot tell what it does (declare it under automationDocuments:)"
                        )
                        actions.append(
                            .init(
                                name: a.name, actionId: a.actionId, fault: nil, duration: .zero, target: nil, serviceFilter: nil,
                                startAfter: a.startAfter.compactMap { n in template.actions.firstIndex { $0.name == n } }, skipped: reason))
                        continue
                    }
                    let reason = "\(a.actionId) is not replayed by Faultline (unsupported: skip); skipped as FIS skips an action, the actions after it start"
                    warnings.append(
                        "experiment '\(e.name.value)': action '\(a.name)' (\(a.actionId)) is skipped: Faultline does not replay it yet (the actions it replays are listed once, below)"
                    )
                    skippedUnsupported = true
                    actions.append(
                        .init(
                            name: a.name, actionId: a.actionId, fault: nil, duration: .zero, target: a.targets.pairs.first?.value,
                            serviceFilter: nil, startAfter: a.startAfter.compactMap { n in template.actions.firstIndex { $0.name == n } },
                            skipped: reason))
                    continue
                }
                if a.actionId == AutomationDocument.actionID {
                    let after = a.startAfter.compactMap { n in template.actions.firstIndex { $0.name == n } }
                    if let d = automation.undeclared[a.name] {
                        err("\(a.name).parameters", AutomationDocument.undeclaredMessage(action: a.name, document: d), fix: AutomationDocument.undeclaredFix)
                    } else if let x = automation.expanded[a.name] {
                        actions.append(
                            .init(
                                name: a.name, actionId: a.actionId, fault: x.fault, duration: x.duration, target: x.target.name,
                                serviceFilter: nil, startAfter: after))
                    }
                    continue
                }
                guard ExperimentSpec.replays(a.actionId) else {
                    err(
                        "\(a.name).actionId", "the action '\(a.name)' uses \(a.actionId), which Faultline does not replay yet.",
                        fix:
                            "supported actions: \(ExperimentSpec.supportedActions.joined(separator: ", ")); or set unsupported: skip on the experiment (faultline run --unsupported skip) to skip it as FIS skips an action"
                    )
                    continue
                }
                var duration: SimDuration?
                if let d = a.parameters["duration"] {
                    do { duration = try SimDuration.parse(d) } catch {
                        err("\(a.name).parameters.duration", "'\(d)' is not an ISO-8601 duration (\(error)).", fix: "e.g. PT5M")
                    }
                    if let dd = duration, dd <= .zero {
                        err("\(a.name).parameters.duration", "the duration must be longer than zero.", fix: "e.g. PT5M")
                        duration = nil
                    }
                } else if FaultParameters.durationless.contains(a.actionId) {
                    duration = FaultParameters.window(of: a.actionId, a.parameters.map { ($0.key, $0.value) })
                } else if let instant = FaultParameters.instantActions[a.actionId] {
                    duration = instant // no duration: FIS ends the action once the API call is accepted
                } else {
                    err(
                        "\(a.name).parameters", "the action '\(a.name)' (\(a.actionId)) has no 'duration' parameter.",
                        fix: "add \"duration\": \"PT5M\" to its parameters (Faultline replays actions with a duration)")
                }
                var fault: FaultAction?
                if let spec = FaultParameters.actions[a.actionId] {
                    let (ppath, ploc) = node("\(a.name).parameters")
                    let (apath, aloc) = node("\(a.name).actionId")
                    let ff = ScenarioFile.FaultFile(
                        name: Located(value: a.name, path: apath, location: aloc), action: Located(value: a.actionId, path: apath, location: aloc),
                        targets: [], start: .zero, duration: duration ?? .seconds(1),
                        parameters: a.parameters.map { p in
                            let (path, loc) = node("\(a.name).parameters.\(p.key)")
                            return (Located(value: p.key, path: path, location: loc), p.value)
                        },
                        parametersNode: Located(value: 0, path: ppath, location: ploc))
                    fault = spec.build(ff, tdoc).map { NetworkFaultCheck.resolved($0, prefixLists: prefixLists) }
                    if let fault, let topology {
                        for p in NetworkFaultCheck.problems(fault, topology: topology, prefixLists: prefixLists) {
                            tdoc.error(path: ppath, location: ploc, p.message, fix: p.fix)
                        }
                    }
                }
                let target = a.targets.pairs.first?.value
                if a.actionId != "aws:fis:wait", target == nil, !a.isLocalStack {
                    err("\(a.name)", "the action '\(a.name)' has no targets.", fix: "add e.g. \"targets\": { \"Functions\": \"<target name>\" }")
                }
                let serviceFilter = a.isLocalStack && target == nil ? (a.parameters["service"] ?? "all") : nil
                let after = a.startAfter.compactMap { n in template.actions.firstIndex { $0.name == n } }
                var spec = ExperimentSpec.ActionSpec(
                    name: a.name, actionId: a.actionId, fault: fault, duration: duration ?? .zero,
                    target: target, serviceFilter: serviceFilter, startAfter: after)
                spec.effectDuration = FaultParameters.documentDuration(action: a.actionId, a.parameters.map { ($0.key, $0.value) })
                actions.append(spec)
            }
            var stopAlarms: [Int] = []
            for (i, c) in template.stopConditions.enumerated() where c.isAlarm {
                if let v = c.value, let a = alarmARNs.firstIndex(of: v) {
                    if !stopAlarms.contains(a) { stopAlarms.append(a) }
                } else {
                    let n = ExperimentSpec.find(tree, containing: c.value ?? "\u{0}") ?? ExperimentSpec.find(tree, suffix: "stopConditions")
                    let known = alarmARNs.isEmpty ? "the scenario defines no alarms" : "the scenario's alarms: \(alarmARNs.joined(separator: ", "))"
                    tdoc.error(
                        path: n?.path ?? "stopConditions[\(i)]", location: n?.location,
                        "the stop condition alarm '\(c.value ?? "")' in '\(file)' is not an alarm of this scenario (\(known)).",
                        fix: "add it under alarms: (its ARN is arn:aws:cloudwatch:<region>:<account>:alarm:<name>) or fix the ARN")
                }
            }
            for d in tdoc.diagnostics { doc.record(d) }
            guard tdoc.diagnostics.isEmpty, unresolved == 0 else { continue }
            var spec = ExperimentSpec(
                name: e.name.value, templateFile: file, template: template, start: e.start,
                initiationDelay: e.initiationDelay ?? ExperimentSpec.defaultInitiationDelay, actions: actions)
            spec.stopAlarms = stopAlarms
            spec.stopAt = e.stopAt?.value
            spec.params = e.params
            spec.expect = e.expect
            out.append(spec)
        }
        if skippedUnsupported {
            // Once per scenario, not in every warning: a template copied from the library can
            // skip a dozen actions.
            warnings.append(
                "Faultline replays these FIS actions (docs/fis-actions.md): \(ExperimentSpec.supportedActions.joined(separator: ", "))")
        }
        return (out, warnings)
    }
}
