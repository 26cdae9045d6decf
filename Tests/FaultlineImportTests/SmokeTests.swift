import Testing
@testable import FaultlineImport

@Suite struct SmokeTests {
    @Test func limitsAreStated() { #expect(ImportLimits.maxStackDepth == 5) }
}
