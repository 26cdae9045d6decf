/// Ceilings on the work one YAML or JSON document may ask for (docs/limits.md).
///
/// The numbers are far above any real scenario or FIS template (the largest shipped scenario
/// holds a few thousand values; FIS caps a template's JSON at a few hundred KB) and far below what
/// would exhaust memory or time, so a hostile file fails fast with a located error.
public enum DocumentLimits {
    /// Lists and mappings open around one value (libyaml alone allows 1,000; JSON allows 256).
    public static let maxDepth = 256
    /// Alias uses (`*name`) in one document.
    public static let maxAliases = 10_000
    /// Values added by expanding aliases, summed over the document (a "billion laughs" file asks
    /// for 10⁹ from a few hundred bytes and is refused at the first alias that crosses this).
    public static let maxAliasNodes = 100_000
    /// Values in one document, aliases expanded: scalars, lists and mappings.
    public static let maxNodes = 5_000_000
}
