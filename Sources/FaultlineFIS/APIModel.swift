/// The request shape of `CreateExperimentTemplate`, transcribed from the AWS API model.
///
/// Source: botocore `botocore/data/fis/2020-12-01/service-2.json` (checked against botocore
/// 1.43.11, which produced the corpus verdicts, and 1.44.8), shape
/// `CreateExperimentTemplateRequest` and everything it reaches. Each string's `min`, `max` and
/// `pattern`, each list's and map's `max`, each `enum` and each structure's `required` list are
/// copied verbatim; shape names are kept so that messages can cite them. `clientToken` is
/// required by the model but is an idempotency token the CLI and SDKs fill in, so it is optional
/// here (the corpus verdicts were computed with a dummy token added).
indirect enum APIShape: Sendable {
    case string(StringRule)
    case integer(name: String)
    case structure(Structure)
    case list(name: String, member: APIShape, max: Int?)
    case map(name: String, key: StringRule, value: APIShape, max: Int?)

    struct Structure: Sendable {
        var name: String
        var members: [(name: String, shape: APIShape)]
        var required: [String]
        /// Members that the `get-experiment-template` output adds and the input does not have.
        var outputOnly: [String] = []

        func member(_ name: String) -> APIShape? { members.first { $0.name == name }?.shape }
    }

    var name: String {
        switch self {
        case .string(let r): return r.name
        case .integer(let name): return name
        case .structure(let s): return s.name
        case .list(let name, _, _), .map(let name, _, _, _): return name
        }
    }
}

/// Constraints of one string shape.
struct StringRule: Sendable {
    var name: String
    var min: Int? = nil
    var max: Int? = nil
    var pattern: StringPattern? = nil
    var allowed: [String]? = nil
}

/// The model's string patterns, matched as the corpus checker matched them: unanchored unless the
/// pattern itself is anchored (Smithy semantics).
enum StringPattern: String, Sendable {
    /// `[\S]+`: at least one character that is not white space.
    case nonBlank = "[\\S]+"
    /// `[\s\S]+`: at least one character.
    case nonEmpty = "[\\s\\S]+"
    /// `[\s\S]*`: anything.
    case anything = "[\\s\\S]*"
    /// `^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`: target parameter values.
    case targetParameterValue = "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$"

    func matches(_ s: String) -> Bool {
        switch self {
        case .nonBlank: return s.unicodeScalars.contains { !$0.properties.isWhitespace }
        case .nonEmpty: return !s.isEmpty
        case .anything: return true
        case .targetParameterValue:
            // Python's `$` also matches before one final newline.
            var scalars = Array(s.unicodeScalars)
            if scalars.last == "\n" { scalars.removeLast() }
            return !scalars.isEmpty
                && scalars.allSatisfy { c in
                    switch c.properties.generalCategory {
                    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                        .spaceSeparator, .lineSeparator, .paragraphSeparator,
                        .decimalNumber, .letterNumber, .otherNumber:
                        return true
                    default:
                        return "_.:/=+-@".unicodeScalars.contains(c)
                    }
                }
        }
    }

    /// What the pattern asks for, in words.
    var explanation: String {
        switch self {
        case .nonBlank: return "must contain a non-space character"
        case .nonEmpty: return "must not be empty"
        case .anything: return ""
        case .targetParameterValue: return "may contain only letters, digits, spaces and _ . : / = + - @"
        }
    }
}

enum APIModel {
    // Strings (name, min, max, pattern) as in service-2.json.
    static let clientToken = StringRule(name: "ClientToken", min: 1, max: 1024, pattern: .nonBlank)
    static let templateDescription = StringRule(name: "ExperimentTemplateDescription", max: 512, pattern: .nonEmpty)
    static let stopConditionSource = StringRule(name: "StopConditionSource", max: 64, pattern: .nonBlank)
    static let stopConditionValue = StringRule(name: "StopConditionValue", min: 20, max: 2048, pattern: .nonEmpty)
    static let targetName = StringRule(name: "ExperimentTemplateTargetName", max: 64, pattern: .nonBlank)
    static let resourceType = StringRule(name: "TargetResourceTypeId", max: 128, pattern: .nonBlank)
    static let resourceArn = StringRule(name: "ResourceArn", min: 20, max: 2048, pattern: .nonBlank)
    static let tagKey = StringRule(name: "TagKey", max: 128, pattern: .nonEmpty)
    static let tagValue = StringRule(name: "TagValue", max: 256, pattern: .anything)
    static let filterPath = StringRule(name: "ExperimentTemplateTargetFilterPath", max: 256, pattern: .nonBlank)
    static let filterValue = StringRule(name: "ExperimentTemplateTargetFilterValue", max: 128, pattern: .nonBlank)
    static let selectionMode = StringRule(name: "ExperimentTemplateTargetSelectionMode", max: 64, pattern: .nonBlank)
    static let targetParameterName = StringRule(name: "ExperimentTemplateTargetParameterName", max: 64, pattern: .nonBlank)
    static let targetParameterValue = StringRule(name: "ExperimentTemplateTargetParameterValue", min: 1, max: 1024, pattern: .targetParameterValue)
    static let actionName = StringRule(name: "ExperimentTemplateActionName", max: 64, pattern: .nonBlank)
    static let actionId = StringRule(name: "ActionId", max: 128, pattern: .nonBlank)
    static let actionDescription = StringRule(name: "ExperimentTemplateActionDescription", max: 512, pattern: .nonEmpty)
    static let actionParameterName = StringRule(name: "ExperimentTemplateActionParameterName", max: 64, pattern: .nonBlank)
    static let actionParameter = StringRule(name: "ExperimentTemplateActionParameter", max: 1024, pattern: .nonBlank)
    static let actionTargetName = StringRule(name: "ExperimentTemplateActionTargetName", max: 64, pattern: .nonBlank)
    static let startAfter = StringRule(name: "ExperimentTemplateActionStartAfter", max: 64, pattern: .nonBlank)
    static let roleArn = StringRule(name: "RoleArn", min: 20, max: 2048, pattern: .nonBlank)
    static let logGroupArn = StringRule(name: "CloudWatchLogGroupArn", min: 20, max: 2048, pattern: .nonBlank)
    static let bucketName = StringRule(name: "S3BucketName", min: 3, max: 63, pattern: .nonBlank)
    static let objectKey = StringRule(name: "S3ObjectKey", min: 1, max: 700, pattern: .nonEmpty)
    static let accountTargeting = StringRule(name: "AccountTargeting", allowed: ["single-account", "multi-account"])
    static let emptyTargetResolutionMode = StringRule(name: "EmptyTargetResolutionMode", allowed: ["fail", "skip"])
    static let reportPrefix = StringRule(name: "ReportConfigurationS3OutputPrefix", max: 256, pattern: .nonBlank)
    static let dashboardIdentifier = StringRule(name: "ReportConfigurationCloudWatchDashboardIdentifier", max: 512, pattern: .nonBlank)
    static let reportDuration = StringRule(name: "ReportConfigurationDuration", max: 32, pattern: .nonBlank)

    static let tagMap = APIShape.map(name: "TagMap", key: tagKey, value: .string(tagValue), max: 50)

    static let target = APIShape.structure(
        .init(
            name: "CreateExperimentTemplateTargetInput",
            members: [
                ("resourceType", .string(resourceType)),
                ("resourceArns", .list(name: "ResourceArnList", member: .string(resourceArn), max: 5)),
                ("resourceTags", tagMap),
                (
                    "filters",
                    .list(
                        name: "ExperimentTemplateTargetFilterInputList",
                        member: .structure(
                            .init(
                                name: "ExperimentTemplateTargetInputFilter",
                                members: [
                                    ("path", .string(filterPath)),
                                    ("values", .list(name: "ExperimentTemplateTargetFilterValues", member: .string(filterValue), max: nil))
                                ],
                                required: ["path", "values"])), max: nil)
                ),
                ("selectionMode", .string(selectionMode)),
                (
                    "parameters",
                    .map(
                        name: "ExperimentTemplateTargetParameterMap", key: targetParameterName,
                        value: .string(targetParameterValue), max: nil)
                )
            ],
            required: ["resourceType", "selectionMode"]))

    static let action = APIShape.structure(
        .init(
            name: "CreateExperimentTemplateActionInput",
            members: [
                ("actionId", .string(actionId)),
                ("description", .string(actionDescription)),
                (
                    "parameters",
                    .map(
                        name: "ExperimentTemplateActionParameterMap", key: actionParameterName,
                        value: .string(actionParameter), max: nil)
                ),
                ("targets", .map(name: "ExperimentTemplateActionTargetMap", key: actionTargetName, value: .string(targetName), max: nil)),
                ("startAfter", .list(name: "ExperimentTemplateActionStartAfterList", member: .string(startAfter), max: nil))
            ],
            required: ["actionId"]))

    static let stopCondition = APIShape.structure(
        .init(
            name: "CreateExperimentTemplateStopConditionInput",
            members: [("source", .string(stopConditionSource)), ("value", .string(stopConditionValue))],
            required: ["source"]))

    static let logConfiguration = APIShape.structure(
        .init(
            name: "CreateExperimentTemplateLogConfigurationInput",
            members: [
                (
                    "cloudWatchLogsConfiguration",
                    .structure(
                        .init(
                            name: "ExperimentTemplateCloudWatchLogsLogConfigurationInput",
                            members: [("logGroupArn", .string(logGroupArn))], required: ["logGroupArn"]))
                ),
                (
                    "s3Configuration",
                    .structure(
                        .init(
                            name: "ExperimentTemplateS3LogConfigurationInput",
                            members: [("bucketName", .string(bucketName)), ("prefix", .string(objectKey))], required: ["bucketName"]))
                ),
                ("logSchemaVersion", .integer(name: "LogSchemaVersion"))
            ],
            required: ["logSchemaVersion"]))

    static let experimentOptions = APIShape.structure(
        .init(
            name: "CreateExperimentTemplateExperimentOptionsInput",
            members: [("accountTargeting", .string(accountTargeting)), ("emptyTargetResolutionMode", .string(emptyTargetResolutionMode))],
            required: []))

    static let reportConfiguration = APIShape.structure(
        .init(
            name: "CreateExperimentTemplateReportConfigurationInput",
            members: [
                (
                    "outputs",
                    .structure(
                        .init(
                            name: "ExperimentTemplateReportConfigurationOutputsInput",
                            members: [
                                (
                                    "s3Configuration",
                                    .structure(
                                        .init(
                                            name: "ReportConfigurationS3OutputInput",
                                            members: [("bucketName", .string(bucketName)), ("prefix", .string(reportPrefix))], required: []))
                                )
                            ],
                            required: []))
                ),
                (
                    "dataSources",
                    .structure(
                        .init(
                            name: "ExperimentTemplateReportConfigurationDataSourcesInput",
                            members: [
                                (
                                    "cloudWatchDashboards",
                                    .list(
                                        name: "ReportConfigurationCloudWatchDashboardInputList",
                                        member: .structure(
                                            .init(
                                                name: "ReportConfigurationCloudWatchDashboardInput",
                                                members: [("dashboardIdentifier", .string(dashboardIdentifier))], required: [])), max: nil)
                                )
                            ],
                            required: []))
                ),
                ("preExperimentDuration", .string(reportDuration)),
                ("postExperimentDuration", .string(reportDuration))
            ],
            required: []))

    /// `CreateExperimentTemplateRequest`.
    static let request = APIShape.Structure(
        name: "CreateExperimentTemplateRequest",
        members: [
            ("clientToken", .string(clientToken)),
            ("description", .string(templateDescription)),
            ("stopConditions", .list(name: "CreateExperimentTemplateStopConditionInputList", member: stopCondition, max: nil)),
            ("targets", .map(name: "CreateExperimentTemplateTargetInputMap", key: targetName, value: target, max: nil)),
            ("actions", .map(name: "CreateExperimentTemplateActionInputMap", key: actionName, value: action, max: nil)),
            ("roleArn", .string(roleArn)),
            ("tags", tagMap),
            ("logConfiguration", logConfiguration),
            ("experimentOptions", experimentOptions),
            ("experimentReportConfiguration", reportConfiguration)
        ],
        required: ["description", "stopConditions", "actions", "roleArn"])

    /// The `experimentTemplate` member of `GetExperimentTemplateResponse` (shape
    /// `ExperimentTemplate`): the request's members without `clientToken`, plus read-only ones.
    static let getOutput: APIShape.Structure = {
        var s = request
        s.name = "ExperimentTemplate"
        s.members.removeFirst()
        s.outputOnly = ["id", "arn", "creationTime", "lastUpdateTime", "targetAccountConfigurationsCount"]
        return s
    }()

    /// CloudFormation `AWS::FIS::ExperimentTemplate` property names that are not the API member
    /// name with its first letter upper-cased (the rest match case-insensitively).
    static let cloudFormationAliases: [String: String] = ["ExperimentReportS3Configuration": "s3Configuration"]
}
