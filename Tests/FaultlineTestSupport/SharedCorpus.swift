import Foundation

/// The reference corpora in `../shared/` next to the repository (present where Faultline is
/// developed and in CI, absent in a user's clone). Tests that read them are gated with
/// `.enabled(if: SharedCorpus.isPresent, "…")`, so Swift Testing reports
/// them as skipped, not passed, when the folder is missing.
public enum SharedCorpus {
    /// `../shared/corpus/fis-templates`: 181 real FIS templates and their `MANIFEST.tsv`.
    public static let fisTemplates = Fixtures.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/fis-templates")

    /// Whether the FIS template corpus (its manifest) is there.
    public static var isPresent: Bool {
        FileManager.default.fileExists(atPath: fisTemplates.appendingPathComponent("MANIFEST.tsv").path)
    }
}
