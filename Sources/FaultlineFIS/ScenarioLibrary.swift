import FaultlineDocument
import FaultlineKernel

/// Generators for the FIS console's scenario library (`fis-reference.md` §4): each produces the
/// experiment template "Create template with scenario" would, as an ordinary template: actions,
/// targets by tags with AZ filters and target parameters, `startAfter`, no stop condition
/// (`[{"source": "none"}]`), `emptyTargetResolutionMode: skip` (sub-actions whose tags match
/// nothing are skipped), role ARN, description and tags. The console's shared parameters (AZ,
/// durations, latency, loss, flows, destination Region, tags) are the generator's parameters.
///
/// https://docs.aws.amazon.com/fis/latest/userguide/scenario-library-scenarios.html
public struct LibraryScenario: Sendable {
    /// One shared parameter: key (as given to `--param KEY=VALUE`), default, meaning.
    public struct Parameter: Sendable {
        public var key: String
        public var defaultValue: String
        public var help: String
    }

    /// The CLI name (`az-power-interruption`, ...).
    public var name: String
    /// The console's title (`AZ Availability: Power Interruption`).
    public var title: String
    public var summary: String
    public var parameters: [Parameter]
    let generate: @Sendable (Values) throws(ScenarioLibraryError) -> TemplateJSON

    /// Parameter values with defaults filled in, in declaration order.
    public struct Values: Sendable {
        var pairs: [(key: String, value: String)]
        public subscript(_ key: String) -> String { pairs.first { $0.key == key }?.value ?? "" }

        /// The value as an ISO-8601 duration, for arithmetic.
        func duration(_ key: String) throws(ScenarioLibraryError) -> SimDuration {
            let text = self[key]
            guard text.first == "P" || text.first == "p", let d = try? SimDuration.parse(text), d > .zero else {
                throw ScenarioLibraryError("--param \(key)=\(text) is not an ISO-8601 duration such as PT30M")
            }
            return d
        }

        func integer(_ key: String, _ range: ClosedRange<Int>) throws(ScenarioLibraryError) -> String {
            let text = self[key]
            guard let n = Int(text), range.contains(n) else {
                throw ScenarioLibraryError("--param \(key)=\(text) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return "\(n)"
        }

        /// A comma-separated list, items trimmed, empty items dropped.
        func list(_ key: String) -> [String] {
            self[key].split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        }
    }

    /// The template for `params` (unknown keys are an error), validated: a template with genuine
    /// errors (e.g. durations over 12 hours) is refused with them.
    public func export(_ params: [(key: String, value: String)] = []) throws(ScenarioLibraryError) -> String {
        var values = parameters.map { (key: $0.key, value: $0.defaultValue) }
        for p in params {
            guard let i = values.firstIndex(where: { $0.key == p.key }) else {
                let hint = Suggestion.closest(to: p.key, in: parameters.map(\.key)).map { "did you mean '\($0)'? " } ?? ""
                throw ScenarioLibraryError("\(name) has no parameter '\(p.key)'. \(hint)Its parameters: \(parameters.map(\.key).joined(separator: ", "))")
            }
            values[i].value = p.value
        }
        let text = try generate(Values(pairs: values)).rendered()
        let report = TemplateValidator.validate(text: text, file: "\(name).json")
        let genuine = report.genuineErrors
        guard genuine.isEmpty else {
            throw ScenarioLibraryError(
                "the \(name) template with these parameters is not valid for FIS:\n"
                    + genuine.map { "  \($0.diagnostic)" }.joined(separator: "\n"))
        }
        return text
    }
}

/// A scenario-library request that cannot be met (unknown scenario or parameter, bad value).
public struct ScenarioLibraryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The four scenarios of the FIS library Faultline generates.
public enum ScenarioLibrary {
    public static let all: [LibraryScenario] = [azPowerInterruption, azApplicationSlowdown, crossAZTrafficSlowdown, crossRegionConnectivity]

    /// The scenario called `name`, or an error naming the known ones.
    public static func scenario(named name: String) throws(ScenarioLibraryError) -> LibraryScenario {
        if let s = all.first(where: { $0.name == name }) { return s }
        let hint = Suggestion.closest(to: name, in: all.map(\.name)).map { "did you mean '\($0)'? " } ?? ""
        throw ScenarioLibraryError("no library scenario '\(name)'. \(hint)Scenarios: \(all.map(\.name).joined(separator: ", "))")
    }

    // MARK: shared building blocks

    static let common: [LibraryScenario.Parameter] = [
        .init(key: "region", defaultValue: "us-east-1", help: "the experiment's Region"),
        .init(key: "account", defaultValue: "123456789012", help: "the account in generated ARNs"),
        .init(key: "role-arn", defaultValue: "", help: "the experiment role (default arn:aws:iam::<account>:role/FISExperimentRole)")
    ]

    static func roleArn(_ v: LibraryScenario.Values) -> String {
        v["role-arn"].isEmpty ? "arn:aws:iam::\(v["account"]):role/FISExperimentRole" : v["role-arn"]
    }

    static func target(
        _ type: String, tags: [(String, String)] = [], arns: [String] = [], filters: [(String, [String])] = [],
        parameters: [(String, String)] = [], mode: String = "ALL"
    ) -> TemplateJSON {
        var m: [(String, TemplateJSON)] = [("resourceType", .string(type))]
        if !arns.isEmpty { m.append(("resourceArns", .array(arns.map(TemplateJSON.string)))) }
        if !tags.isEmpty { m.append(("resourceTags", .object(tags.map { ($0.0, .string($0.1)) }))) }
        if !filters.isEmpty {
            m.append(("filters", .array(filters.map { .object([("path", .string($0.0)), ("values", .array($0.1.map(TemplateJSON.string)))]) })))
        }
        if !parameters.isEmpty { m.append(("parameters", .object(parameters.map { ($0.0, .string($0.1)) }))) }
        m.append(("selectionMode", .string(mode)))
        return .object(m)
    }

    static func action(
        _ id: String, description: String, parameters: [(String, String)], targets: [(String, String)] = [],
        startAfter: [String] = []
    ) -> TemplateJSON {
        var m: [(String, TemplateJSON)] = [
            ("actionId", .string(id)), ("description", .string(description)),
            ("parameters", .object(parameters.map { ($0.0, .string($0.1)) }))
        ]
        if !targets.isEmpty { m.append(("targets", .object(targets.map { ($0.0, .string($0.1)) }))) }
        if !startAfter.isEmpty { m.append(("startAfter", .array(startAfter.map(TemplateJSON.string)))) }
        return .object(m)
    }

    /// The whole template, members in the order the console exports them.
    static func template(
        _ v: LibraryScenario.Values, title: String, description: String,
        targets: [(String, TemplateJSON)], actions: [(String, TemplateJSON)]
    ) -> TemplateJSON {
        .object([
            ("description", .string(description)),
            ("targets", .object(targets)),
            ("actions", .object(actions)),
            ("stopConditions", .array([.object([("source", .string("none"))])])),
            ("roleArn", .string(roleArn(v))),
            ("tags", .object([("Name", .string(title))])),
            (
                "experimentOptions",
                .object([
                    ("accountTargeting", .string("single-account")),
                    ("emptyTargetResolutionMode", .string("skip"))
                ])
            )
        ])
    }

    /// `PT1H30M`-style text.
    static func iso(_ d: SimDuration) -> String { SemanticChecker.iso(d) }

    /// SSM document parameters as the JSON string FIS passes on.
    static func documentParameters(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(JSONString.quote($0.0)):\(JSONString.quote($0.1))" }.joined(separator: ",") + "}"
    }
}
