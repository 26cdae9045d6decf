import FaultlineFIS

/// Validates an inline template; `file`'s extension picks JSON or YAML.
func check(_ text: String, file: String = "t.json") -> TemplateReport {
    TemplateValidator.validate(text: text, file: file)
}

/// A minimal valid template (API input form) with `extra` members spliced into the top level.
func template(
    targets: String = #""web": {"resourceType": "aws:ec2:instance", "resourceTags": {"app": "web"}, "selectionMode": "ALL"}"#,
    actions: String =
        #""stop": {"actionId": "aws:ec2:stop-instances", "targets": {"Instances": "web"}, "parameters": {"startInstancesAfterDuration": "PT5M"}}"#,
    stopConditions: String = #"[{"source": "none"}]"#,
    roleArn: String = #""arn:aws:iam::210987654321:role/fis""#,
    description: String = #""test""#,
    extra: String = ""
) -> String {
    """
    {
      "description": \(description),
      "targets": {\(targets)},
      "actions": {\(actions)},
      "stopConditions": \(stopConditions),
      "roleArn": \(roleArn)\(extra.isEmpty ? "" : ",\n  " + extra)
    }
    """
}

extension TemplateReport {
    /// Error messages with their paths, for assertions.
    var errorText: String { errors.map(\.description).joined(separator: "\n") }
    var warningText: String { warnings.map(\.description).joined(separator: "\n") }
}
