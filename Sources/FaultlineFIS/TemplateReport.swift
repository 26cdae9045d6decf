/// Everything `faultline validate` says about one template file.
public struct TemplateReport: Sendable {
    public var file: String
    /// The detected input shape; nil when the file could not be parsed.
    public var form: TemplateForm?
    public var verdict: Verdict
    /// All errors, in file order: genuine ones and placeholder-caused ones.
    public var errors: [Finding]
    /// Things FIS accepts but that are probably mistakes; they never change the verdict.
    public var warnings: [Finding]
    /// Every unresolved placeholder in the template, by name, in order of first appearance
    /// (`${role}`, `<ACCOUNT_ID>`, `Ref ExperimentName`, `''` for empty strings, ...).
    public var placeholders: [String]
    /// The templates read (one, or one per `AWS::FIS::ExperimentTemplate` resource); empty when
    /// the file could not be parsed.
    public var templates: [ExperimentTemplate]

    public init(
        file: String, form: TemplateForm?, verdict: Verdict, errors: [Finding], warnings: [Finding],
        placeholders: [String], templates: [ExperimentTemplate]
    ) {
        self.file = file
        self.form = form
        self.verdict = verdict
        self.errors = errors
        self.warnings = warnings
        self.placeholders = placeholders
        self.templates = templates
    }

    /// The errors no placeholder explains.
    public var genuineErrors: [Finding] { errors.filter { $0.cause == .genuine } }

    /// The verdict the errors imply: invalid if any is genuine, valid-modulo-placeholders if all
    /// are placeholder-caused, valid if there are none.
    static func verdict(for errors: [Finding]) -> Verdict {
        if errors.isEmpty { return .valid }
        return errors.contains { $0.cause == .genuine } ? .invalid : .validModuloPlaceholders
    }
}
