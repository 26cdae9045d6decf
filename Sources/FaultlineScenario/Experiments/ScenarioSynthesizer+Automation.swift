import FaultlineFIS

/// `aws:ssm:start-automation-execution` actions in a synthesized scenario: a document with a
/// built-in declaration (``AutomationDocument/library``) replays, so the scenario gets the
/// resources its declared effect acts on (the queue of `sqsQueueUrl`, the queues tagged
/// `tagKey=tagValue`, the subnets of `AvailabilityZone`, the instances of the Auto Scaling group
/// `AutoscalingGroupName`), as the documentParameters name them once the placeholders are
/// filled; an undeclared document is skipped and counted as a blocker.
extension ScenarioSynthesizer {
    /// The declaration of `a`'s document (by its documentArn with the given `--param` values in),
    /// nil when none is built in.
    static func declaration(of a: TemplateAction) -> AutomationDocument? {
        AutomationDocument.lookup(a.parameters["documentArn"] ?? "", declared: [])
    }

    /// The target the declared effect of `a` acts on, its documentParameters as `a` gives them
    /// (placeholders already filled with their guessed values); a blocker naming the first
    /// problem when they do not satisfy the declaration (Automation would refuse the execution).
    static func automationTarget(_ a: TemplateAction, _ decl: AutomationDocument) -> Result<TemplateTarget, ReplayBlocker> {
        var problem: String?
        guard let values = decl.values(a, report: { m, _ in problem = problem ?? m }), problem == nil else {
            return .failure(.init(.automationDocument, "\(decl.document): \(problem ?? "documentParameters do not fit its declaration")"))
        }
        return .success(decl.resolvedTarget(named: "\(a.name)-\(decl.document)", values: values))
    }

    /// Whether two targets select the same resources (type, ARNs, tags, filters, mode).
    static func sameSelection(_ a: TemplateTarget, _ b: TemplateTarget) -> Bool {
        func key(_ t: TemplateTarget) -> [String] {
            [t.resourceType, "\(t.selectionMode)"] + t.resourceArns + t.resourceTags.pairs.map { "\($0.key)=\($0.value)" }
                + t.filters.map { "\($0.path)=\($0.values)" }
        }
        return key(a) == key(b)
    }

    /// AZ names the declared effects' targets filter on (they join the scenario's AZs).
    static func automationAZs(_ targets: [TemplateTarget]) -> [String] {
        targets.flatMap { t in t.filters.filter { $0.path.hasSuffix("AvailabilityZone") }.flatMap(\.values) }
    }
}
