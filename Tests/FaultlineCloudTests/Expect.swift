import Testing

/// `#expect` for a condition that calls a mutating method: the macro cannot capture the
/// `inout` access, an ordinary argument can. Failures point at the caller's line.
func expectTrue(_ condition: Bool, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(condition, comment, sourceLocation: sourceLocation)
}
