/// The FIS operations (API version 2020-12-01), chosen by HTTP method and path as the
/// rest-json protocol does (botocore `service-2.json`: `http.method`, `http.requestUri`), plus
/// Faultline's side path `/_faultline/experiments/{id}/{file}` for run outputs.
public enum Operation: Sendable, Equatable {
    case createExperimentTemplate
    case getExperimentTemplate(String)
    case updateExperimentTemplate(String)
    case deleteExperimentTemplate(String)
    case listExperimentTemplates
    case startExperiment
    case getExperiment(String)
    case stopExperiment(String)
    case listExperiments
    case listExperimentResolvedTargets(String)
    case getAction(String)
    case listActions
    case getTargetResourceType(String)
    case listTargetResourceTypes
    case tagResource(String)
    case untagResource(String)
    case listTagsForResource(String)
    case createTargetAccountConfiguration(template: String, account: String)
    case getTargetAccountConfiguration(template: String, account: String)
    case updateTargetAccountConfiguration(template: String, account: String)
    case deleteTargetAccountConfiguration(template: String, account: String)
    case listTargetAccountConfigurations(String)
    case getExperimentTargetAccountConfiguration(experiment: String, account: String)
    case listExperimentTargetAccountConfigurations(String)
    case getSafetyLever(String)
    case updateSafetyLeverState(String)
    /// `GET /_faultline/experiments/{id}/{report.html|summary.json|timeline.csv}`.
    case runOutput(experiment: String, file: String)

    /// The operation name as the AWS SDKs call it (used in messages and logs).
    public var name: String {
        switch self {
        case .createExperimentTemplate: return "CreateExperimentTemplate"
        case .getExperimentTemplate: return "GetExperimentTemplate"
        case .updateExperimentTemplate: return "UpdateExperimentTemplate"
        case .deleteExperimentTemplate: return "DeleteExperimentTemplate"
        case .listExperimentTemplates: return "ListExperimentTemplates"
        case .startExperiment: return "StartExperiment"
        case .getExperiment: return "GetExperiment"
        case .stopExperiment: return "StopExperiment"
        case .listExperiments: return "ListExperiments"
        case .listExperimentResolvedTargets: return "ListExperimentResolvedTargets"
        case .getAction: return "GetAction"
        case .listActions: return "ListActions"
        case .getTargetResourceType: return "GetTargetResourceType"
        case .listTargetResourceTypes: return "ListTargetResourceTypes"
        case .tagResource: return "TagResource"
        case .untagResource: return "UntagResource"
        case .listTagsForResource: return "ListTagsForResource"
        case .createTargetAccountConfiguration: return "CreateTargetAccountConfiguration"
        case .getTargetAccountConfiguration: return "GetTargetAccountConfiguration"
        case .updateTargetAccountConfiguration: return "UpdateTargetAccountConfiguration"
        case .deleteTargetAccountConfiguration: return "DeleteTargetAccountConfiguration"
        case .listTargetAccountConfigurations: return "ListTargetAccountConfigurations"
        case .getExperimentTargetAccountConfiguration: return "GetExperimentTargetAccountConfiguration"
        case .listExperimentTargetAccountConfigurations: return "ListExperimentTargetAccountConfigurations"
        case .getSafetyLever: return "GetSafetyLever"
        case .updateSafetyLeverState: return "UpdateSafetyLeverState"
        case .runOutput: return "faultline:GetRunOutput"
        }
    }

    /// Matches method and raw path. The path is split on `/` first and each label
    /// percent-decoded afterwards, so an ARN label's `%2F` stays inside the label; everything
    /// after `/tags/` is one ARN (a client that does not encode `/` still works).
    public static func route(method: String, path: String) throws(ServeError) -> Operation {
        let raw = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let s = raw.map(Percent.decode)
        let m = method.uppercased()
        func unknown() -> ServeError {
            .unknownOperation("no FIS operation matches \(m) \(path.prefix(200)); see docs/serve.md for the 26 routes of API version 2020-12-01")
        }
        guard let first = s.first else { throw unknown() }
        switch (first, s.count, m) {
        case ("experimentTemplates", 1, "POST"): return .createExperimentTemplate
        case ("experimentTemplates", 1, "GET"): return .listExperimentTemplates
        case ("experimentTemplates", 2, "GET"): return .getExperimentTemplate(s[1])
        case ("experimentTemplates", 2, "PATCH"): return .updateExperimentTemplate(s[1])
        case ("experimentTemplates", 2, "DELETE"): return .deleteExperimentTemplate(s[1])
        case ("experimentTemplates", 3, "GET") where s[2] == "targetAccountConfigurations": return .listTargetAccountConfigurations(s[1])
        case ("experimentTemplates", 4, _) where s[2] == "targetAccountConfigurations":
            switch m {
            case "POST": return .createTargetAccountConfiguration(template: s[1], account: s[3])
            case "GET": return .getTargetAccountConfiguration(template: s[1], account: s[3])
            case "PATCH": return .updateTargetAccountConfiguration(template: s[1], account: s[3])
            case "DELETE": return .deleteTargetAccountConfiguration(template: s[1], account: s[3])
            default: throw unknown()
            }
        case ("experiments", 1, "POST"): return .startExperiment
        case ("experiments", 1, "GET"): return .listExperiments
        case ("experiments", 2, "GET"): return .getExperiment(s[1])
        case ("experiments", 2, "DELETE"): return .stopExperiment(s[1])
        case ("experiments", 3, "GET") where s[2] == "resolvedTargets": return .listExperimentResolvedTargets(s[1])
        case ("experiments", 3, "GET") where s[2] == "targetAccountConfigurations": return .listExperimentTargetAccountConfigurations(s[1])
        case ("experiments", 4, "GET") where s[2] == "targetAccountConfigurations":
            return .getExperimentTargetAccountConfiguration(experiment: s[1], account: s[3])
        case ("actions", 1, "GET"): return .listActions
        case ("actions", 2, "GET"): return .getAction(s[1])
        case ("targetResourceTypes", 1, "GET"): return .listTargetResourceTypes
        case ("targetResourceTypes", 2, "GET"): return .getTargetResourceType(s[1])
        case ("tags", 2..., _):
            let arn = Percent.decode(raw.dropFirst().joined(separator: "/"))
            switch m {
            case "POST": return .tagResource(arn)
            case "DELETE": return .untagResource(arn)
            case "GET": return .listTagsForResource(arn)
            default: throw unknown()
            }
        case ("safetyLevers", 2, "GET"): return .getSafetyLever(s[1])
        case ("safetyLevers", 3, "PATCH") where s[2] == "state": return .updateSafetyLeverState(s[1])
        case ("_faultline", 4, "GET") where s[1] == "experiments": return .runOutput(experiment: s[2], file: s[3])
        default: throw unknown()
        }
    }
}
