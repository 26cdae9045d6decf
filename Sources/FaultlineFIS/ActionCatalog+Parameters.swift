import FaultlineKernel

/// How a catalog parameter reads in messages and docs: an example value for a fix, and a short
/// description of its kind. One text for the template validator, the scenario reader and the
/// generated action table (`docs/fis-actions.md`).
extension ActionCatalog.Parameter {
    /// A value to suggest when the parameter is missing: the FIS default, else the declared
    /// example, else one the kind gives.
    public var example: String {
        if let d = defaultValue { return d }
        if let e = exampleValue { return e }
        switch kind {
        case .duration(let min, _): return ActionCatalog.iso(max(min, .minutes(5)))
        case .integer(let r): return "\(r.upperBound)"
        case .decimal(let r): return "\(r.upperBound)"
        case .boolean: return "true"
        case .choice(let v), .commaList(let v): return v.first ?? ""
        case .text: return "<value>"
        case .json: return "{}"
        case .ssmDocumentArn: return "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress"
        case .region: return "us-west-2"
        }
    }

    /// The kind in words, for the docs: `integer 1..100`, `ISO-8601 duration PT1M..PT12H`, ...
    public var kindSummary: String {
        let unit = unit.map { " (\($0))" } ?? ""
        switch kind {
        case .duration(let min, let max): return "ISO-8601 duration \(ActionCatalog.iso(min))..\(ActionCatalog.iso(max))"
        case .integer(let r): return "integer \(r.lowerBound)..\(r.upperBound)" + unit
        case .decimal(let r): return "number \(ActionCatalog.number(r.lowerBound))..\(ActionCatalog.number(r.upperBound))" + unit
        case .boolean: return "`true`/`false`"
        case .choice(let v): return "one of " + v.map { "`\($0)`" }.joined(separator: ", ")
        case .commaList(let v): return "comma list of " + v.map { "`\($0)`" }.joined(separator: ", ")
        case .text: return "text"
        case .json: return "JSON text"
        case .ssmDocumentArn: return "SSM document ARN"
        case .region: return "Region name"
        }
    }
}

extension ActionCatalog {
    /// `PT1H30M`-style text (whole seconds; `PT0.001S` for the smallest positive duration).
    public static func iso(_ d: SimDuration) -> String {
        if d > .zero, d < .seconds(1) { return "PT\(number(Double(d.nanoseconds) / 1e9))S" }
        return SemanticChecker.iso(d)
    }

    /// A number as the docs write it: `900`, `0.1`.
    public static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? "\(Int(v))" : "\(v)"
    }
}

extension ActionCatalog.Action {
    /// A declaration outside the catalog: Faultline's own actions, read the way FIS actions are.
    public init(id: String, targets: [ActionCatalog.TargetKey], parameters: [ActionCatalog.Parameter], length: ActionCatalog.Length) {
        self.id = id
        self.targets = targets
        self.parameters = parameters
        self.length = length
    }

    /// An action with no targets and no parameters: what a reader sees for an ID the catalog
    /// does not know (every parameter written for it is then reported as unknown).
    public static func undeclared(_ id: String) -> ActionCatalog.Action {
        ActionCatalog.Action(id: id, targets: [], parameters: [], length: .instant)
    }
}
