/// Parses YAML or JSON text into a ``DocumentNode`` tree with locations.
///
/// JSON is parsed by the YAML parser (JSON is a subset of the YAML flow style), so both get the
/// same line and column reporting. Duplicate keys are errors, as they are for the FIS API.
/// The tree is composed from libyaml's events by ``YAMLComposer``.
public enum DocumentParser {
    /// Parses `text` from `file` (used only in messages).
    ///
    /// Every repeated key is reported at its own line; aliases are expanded within
    /// ``DocumentLimits`` (count and expanded size), and nesting is limited to
    /// ``DocumentLimits/maxDepth``.
    public static func parse(_ text: String, file: String) throws(DocumentError) -> DocumentNode {
        var composer = YAMLComposer(file: file)
        return try composer.compose(text)
    }
}
