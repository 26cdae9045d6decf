/// Which of the accepted input shapes a file was written in (detected, never declared).
public enum TemplateForm: String, Sendable, Equatable, CustomStringConvertible {
    /// `aws fis create-experiment-template --cli-input-json` (or `--cli-input-yaml`) input.
    case apiInput = "create-experiment-template input"
    /// `aws fis get-experiment-template` output: `{"experimentTemplate": {...}}`.
    case getOutput = "get-experiment-template output"
    /// The `Properties` of an `AWS::FIS::ExperimentTemplate` CloudFormation resource (bare, as a
    /// `{Type, Properties}` resource, or inside a whole template's `Resources`).
    case cloudFormation = "CloudFormation AWS::FIS::ExperimentTemplate"

    public var description: String { rawValue }
}
