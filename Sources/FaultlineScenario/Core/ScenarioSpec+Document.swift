import FaultlineDocument

extension ScenarioSpec {
    /// Validates a scenario that is already parsed into a ``DocumentNode`` tree — the entry for
    /// callers that edit the document first (`faultline sweep --set`, FaultlineSweep's
    /// `ScenarioOverride`). `sourceHash` goes into the manifest as `scenario_hash`; give the hash
    /// of what the run is a function of (the file's text and the overrides). `unsupported`
    /// overrides every experiment's `unsupported:` (`faultline run --set ... --unsupported`).
    public static func load(
        root: DocumentNode, file: String, sourceHash: UInt64, unsupported: UnsupportedActions? = nil,
        loadFile: (String) throws -> String = { _ in throw ScenarioError.noFileAccess }
    ) throws(DocumentError) -> ScenarioSpec {
        let doc = DocumentReader(file: file)
        let mirror = ScenarioFile.read(root, doc: doc, loadFile: loadFile)
        let spec = validate(mirror, doc: doc, hash: sourceHash, unsupported: unsupported)
        try doc.throwIfErrors()
        return spec!
    }
}
