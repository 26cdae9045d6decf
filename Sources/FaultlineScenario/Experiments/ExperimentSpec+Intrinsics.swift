import FaultlineFIS

extension ExperimentSpec {
    /// A template whose values are CloudFormation intrinsics (an `AWS::FIS::ExperimentTemplate`
    /// resource, or its properties as the CDK writes them)
    /// (`{"Ref": "X"}`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`), written as the request
    /// CloudFormation sends once the stack is deployed (``ExperimentTemplate/apiJSON``) with each
    /// intrinsic as `${...}` text (`${X}`, `${Role.Arn}`, the `Fn::Sub` string), so an
    /// experiment's `params` resolve it as the deployment would (`params: { FISRole.Arn: ...,
    /// AWS::Region: ... }`). nil for any other file: one with genuine errors, several templates,
    /// or no intrinsic (those are read as written).
    public static func resolvingIntrinsics(_ text: String, file: String) -> String? {
        guard text.contains("Ref") || text.contains("Fn::") || text.contains("!") else { return nil }
        let report = TemplateValidator.validate(text: text, file: file)
        guard report.templates.count == 1, report.genuineErrors.isEmpty,
            report.errors.contains(where: { $0.diagnostic.message.contains("CloudFormation intrinsic") })
        else { return nil }
        return report.templates[0].apiJSON.rendered()
    }
}
