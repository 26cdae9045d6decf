/// Why an FIS template does not replay end to end through a synthesized scenario
/// (`faultline plan --synthesize --scenario-out`, ``ScenarioSynthesizer``, ``TemplateReplay``).
public struct ReplayBlocker: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of gap, for counting (docs/fis-templates.md, *Corpus replay*); the `detail`
    /// names the action, document, type or message.
    public enum Category: String, Sendable, CaseIterable, Comparable {
        /// `aws:ssm:start-automation-execution`: the user's own SSM Automation document, which
        /// Faultline cannot replay until the scenario declares what the document does.
        case automationDocument = "SSM automation document"
        /// An action ID the model has no fault for (`aws:ebs:pause-volume-io`, ...).
        case unsupportedAction = "unsupported action"
        /// `aws:ssm:send-command` with a document that is not one of the modelled AWSFIS-Run-* ones.
        case ssmDocument = "unmodelled SSM Run Command document"
        /// A target resource type the model has no resource for (`aws:ec2:spot-instance`, ...).
        case targetType = "unsupported target type"
        /// A target that names concrete resources by IDs the model derives itself (instance,
        /// subnet, task IDs) or in another Region or account.
        case concreteARN = "concrete resource ID"
        /// A target filter path the model's resources have no attribute for.
        case targetFilter = "target filter not modelled"
        /// A placeholder a scenario's `params` cannot fill (a CloudFormation intrinsic such as
        /// `{"Ref": "X"}`) or one in a place no synthesized value fits.
        case placeholder = "unfillable placeholder"
        /// A file with several templates (a CloudFormation stack): an experiment replays one.
        case severalTemplates = "several templates in one file"
        /// The synthesized scenario did not load (the first diagnostic is the detail).
        case scenarioRefused = "synthesized scenario refused"
        /// The run threw (a limit, a model error).
        case runFailed = "run failed"
        /// The experiment ended `failed` (FIS's reason is the detail).
        case experimentFailed = "experiment failed"
        /// The experiment had not ended at the horizon.
        case notFinished = "experiment not finished"

        public static func < (a: Category, b: Category) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public var category: Category
    public var detail: String

    public init(_ category: Category, _ detail: String) {
        self.category = category
        self.detail = detail
    }

    public var description: String { "\(category.rawValue): \(detail)" }
}
