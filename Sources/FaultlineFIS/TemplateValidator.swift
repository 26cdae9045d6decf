import FaultlineDocument

/// Reads and validates FIS experiment templates in any accepted shape (``TemplateForm``), as
/// strictly as `CreateExperimentTemplate` does, and reports every problem at once.
///
/// Steps: parse (strict JSON when the file is JSON — first character `{` or `[`, or a `.json`
/// name — else YAML); detect the form; check the tree against the API model (``APIModel``);
/// run FIS's own checks (``SemanticChecker``); classify each error as genuine or
/// placeholder-caused; build the typed ``ExperimentTemplate``.
public enum TemplateValidator {
    /// CloudFormation's resource type for experiment templates.
    public static let cloudFormationType = "AWS::FIS::ExperimentTemplate"

    /// Validates `text`, read from `file` (the name is used in messages and to tell JSON from YAML).
    /// Action IDs and resource types outside ``ActionCatalog`` are errors, as FIS refuses them;
    /// `allowUnknownActions` makes them warnings (actions newer than the catalog).
    public static func validate(text: String, file: String, allowUnknownActions: Bool = false) -> TemplateReport {
        let root: DocumentNode
        let collector = FindingCollector(file: file)
        let isJSON: Bool
        switch parse(text: text, file: file) {
        case .failure(let error):
            return TemplateReport(
                file: file, form: nil, verdict: .notJSON,
                errors: error.diagnostics.map { Finding($0, cause: .genuine) },
                warnings: [], placeholders: [], templates: [])
        case .success(let parsed):
            root = parsed.root
            isJSON = parsed.isJSON
            for d in parsed.duplicateKeys {
                collector.warning(
                    path: d.path, location: d.location, "repeats a key of the same object; only the last value counts.",
                    fix: "keep one of them")
            }
        }

        guard root.entries != nil else {
            collector.error(
                root, "expected the template as an object, got \(ShapeChecker(dialect: .json, findings: collector).describe(root)).",
                fix:
                    "write the create-experiment-template input: {\"description\": ..., \"targets\": {...}, \"actions\": {...}, \"stopConditions\": [...], \"roleArn\": ...}"
            )
            return finish(file: file, form: nil, collector: collector, placeholderRoots: [], templates: [])
        }

        let plainDialect: Dialect = isJSON ? .json : .yaml
        var bodies: [(node: DocumentNode, logicalID: String?)] = []
        let form: TemplateForm
        var structure = APIModel.request

        if let wrapped = root["experimentTemplate"] {
            form = .getOutput
            structure = APIModel.getOutput
            for e in root.entries! where e.key != "experimentTemplate" && e.key != "ResponseMetadata" {
                collector.error(
                    path: e.value.path, location: e.keyLocation,
                    "unknown member '\(e.key)' next to experimentTemplate (get-experiment-template output has only experimentTemplate).",
                    fix: "remove it")
            }
            bodies = [(wrapped, nil)]
        } else if let resources = root["Resources"] {
            form = .cloudFormation
            for e in resources.entries ?? [] where e.value["Type"].flatMap(scalar) == cloudFormationType {
                guard let props = e.value["Properties"] else {
                    collector.error(
                        path: e.value.path, location: e.keyLocation,
                        "the resource '\(e.key)' of type \(cloudFormationType) has no Properties.",
                        fix: "add Properties with Description, Targets, Actions, StopConditions and RoleArn")
                    continue
                }
                bodies.append((props, e.key))
            }
            if bodies.isEmpty && collector.errors.isEmpty {
                collector.error(
                    resources, "has no resource of Type \(cloudFormationType).",
                    fix: "add a resource with Type: \(cloudFormationType), or validate the file as a scenario")
            }
        } else if root["Type"].flatMap(scalar) == cloudFormationType {
            form = .cloudFormation
            if let props = root["Properties"] {
                bodies = [(props, nil)]
            } else {
                collector.error(
                    path: "Properties", location: root.location, "the resource has no Properties.",
                    fix: "add Properties with Description, Targets, Actions, StopConditions and RoleArn")
            }
        } else if looksLikeCloudFormationProperties(root) {
            form = .cloudFormation
            bodies = [(root, nil)]
        } else {
            form = .apiInput
            bodies = [(root, nil)]
        }

        let dialect: Dialect = form == .cloudFormation ? .cloudFormation : plainDialect
        let checker = ShapeChecker(dialect: dialect, findings: collector)
        var templates: [ExperimentTemplate] = []
        var checkedRoots: [DocumentNode] = []
        for body in bodies {
            // FIS quotas first: a template far over them is refused before any per-value work.
            if exceedsQuotas(body.node, collector: collector) { continue }
            checkedRoots.append(body.node)
            let normalized = checker.check(body.node, .structure(structure))
            SemanticChecker(checker: checker, allowUnknownActions: allowUnknownActions).check(normalized)
            templates.append(TemplateBuilder(checker: checker).build(normalized, logicalID: body.logicalID))
        }
        return finish(file: file, form: form, collector: collector, placeholderRoots: checkedRoots, templates: templates)
    }

    /// Reports the quota a template body exceeds so far that checking it value by value would
    /// be wasted work (and, for startAfter, work growing with the square of its size): more than
    /// twice the FIS quota of actions, or a `startAfter` list longer than the quota of actions.
    /// Bodies just over the quota are checked in full and get the quota error from
    /// ``SemanticChecker``.
    static func exceedsQuotas(_ body: DocumentNode, collector: FindingCollector) -> Bool {
        let actionsNode = body["actions"] ?? body["Actions"]
        guard let actions = actionsNode?.entries else { return false }
        let quota = ActionCatalog.maxActionsPerTemplate
        if actions.count > 2 * quota, let node = actionsNode {
            collector.error(
                node,
                "has \(actions.count) actions; FIS allows at most \(quota) per template (quota 'Actions per experiment template', not adjustable). Nothing else in the template was checked.",
                fix: "split the experiment into several templates of at most \(quota) actions")
            return true
        }
        for a in actions {
            guard let list = a.value["startAfter"] ?? a.value["StartAfter"], case .sequence(let items) = list.value, items.count > quota else { continue }
            collector.error(
                list,
                "lists \(items.count) actions in startAfter; a template has at most \(quota) actions (FIS quota), so at most \(quota - 1) can come before this one. Nothing else in the template was checked.",
                fix: "list each predecessor once")
            return true
        }
        return false
    }

    /// True when `text` is an FIS template rather than a Faultline scenario: it has template
    /// members (`actions`, `stopConditions`, `roleArn`, `experimentTemplate`, or a CloudFormation
    /// FIS resource). Unparseable text counts as a template when it has one of those keys in double quotes.
    public static func isTemplate(text: String, file: String) -> Bool {
        guard case .success(let parsed) = parse(text: text, file: file) else {
            let markers = ["actionId", "ActionId", "actions", "stopConditions", "roleArn", "experimentTemplate"]
            return markers.contains { text.contains("\"\($0)\"") } || text.contains(cloudFormationType)
        }
        guard let keys = parsed.root.entries?.map(\.key) else { return false }
        let markers: Set<String> = ["experimentTemplate", "actions", "Actions", "stopConditions", "StopConditions", "roleArn", "RoleArn"]
        if keys.contains(where: markers.contains) { return true }
        if parsed.root["Type"].flatMap(scalar) == cloudFormationType { return true }
        if let resources = parsed.root["Resources"]?.entries {
            return resources.contains { $0.value["Type"].flatMap(scalar) == cloudFormationType }
        }
        return false
    }

    // MARK: -

    struct Parsed {
        var root: DocumentNode
        var isJSON: Bool
        var duplicateKeys: [(path: String, location: SourceLocation)]
    }

    static func parse(text: String, file: String) -> Result<Parsed, DocumentError> {
        let lower = file.lowercased()
        let first = text.unicodeScalars.first { !$0.properties.isWhitespace && $0 != "\u{FEFF}" }
        let isYAMLName = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
        let isJSON = lower.hasSuffix(".json") || (!isYAMLName && (first == "{" || first == "["))
        do {
            if isJSON {
                let r = try JSONParser.parse(text, file: file)
                return .success(Parsed(root: r.root, isJSON: true, duplicateKeys: r.duplicateKeys))
            }
            return .success(Parsed(root: try DocumentParser.parse(text, file: file), isJSON: false, duplicateKeys: []))
        } catch {
            return .failure(error)
        }
    }

    private static func scalar(_ node: DocumentNode) -> String? {
        if case .scalar(let s, _) = node.value { return s }
        return nil
    }

    private static func looksLikeCloudFormationProperties(_ root: DocumentNode) -> Bool {
        let keys = root.entries?.map(\.key) ?? []
        let cfn: Set<String> = [
            "Description", "Targets", "Actions", "StopConditions", "RoleArn", "Tags", "LogConfiguration",
            "ExperimentOptions", "ExperimentReportConfiguration"
        ]
        let api = Set(APIModel.request.members.map(\.name))
        return keys.contains(where: cfn.contains) && !keys.contains(where: api.contains)
    }

    private static func finish(
        file: String, form: TemplateForm?, collector: FindingCollector, placeholderRoots: [DocumentNode],
        templates: [ExperimentTemplate]
    ) -> TemplateReport {
        var names: [String] = []
        var seen: Set<String> = []
        func add(_ token: String) {
            if seen.insert(token).inserted { names.append(token) }
        }
        func walk(_ node: DocumentNode) {
            if let fn = Placeholder.intrinsic(node) {
                let arg = Placeholder.intrinsicArgument(node)
                let rendered = TemplateBuilder.render(fn, argument: arg)
                if fn == "Fn::Sub" || fn == "Fn::Join" {
                    Placeholder.tokens(in: rendered).forEach(add)
                } else {
                    add("\(fn) \(rendered.hasPrefix("${") ? String(rendered.dropFirst(2).dropLast()) : rendered)")
                }
                return
            }
            switch node.value {
            case .scalar(let s, _): Placeholder.tokens(in: s).forEach(add)
            case .mapping(let entries):
                for e in entries {
                    Placeholder.tokens(in: e.key).filter { $0 != "''" }.forEach(add)
                    walk(e.value)
                }
            case .sequence(let items): items.forEach(walk)
            case .null: break
            }
        }
        placeholderRoots.forEach(walk)
        return TemplateReport(
            file: file, form: form, verdict: TemplateReport.verdict(for: collector.errors), errors: collector.errors,
            warnings: collector.warnings, placeholders: names, templates: templates)
    }
}
