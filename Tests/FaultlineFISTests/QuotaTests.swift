import FaultlineFIS
import Testing

/// Templates far over the FIS quotas are refused first, with the quota named, before any work
/// that grows with their size; the startAfter graph is walked without recursion (issue 10).
@Suite struct QuotaTests {
    /// `n` wait actions; action i waits for the `preds(i)` actions before it.
    static func waits(_ n: Int, duration: String = "PT1M", preds: (Int) -> [Int]) -> String {
        let actions = (0..<n).map { i in
            let after = preds(i).map { "\"a\($0)\"" }.joined(separator: ",")
            return #""a\#(i)": {"actionId": "aws:fis:wait", "parameters": {"duration": "\#(duration)"}\#(after.isEmpty ? "" : ", \"startAfter\": [\(after)]")}"#
        }.joined(separator: ",")
        return template(targets: "", actions: actions)
    }

    @Test func tenThousandActionChainIsRefusedByTheQuotaAlone() {
        let r = check(Self.waits(10_000) { $0 > 0 ? [$0 - 1] : [] })
        #expect(r.verdict == .invalid)
        #expect(r.errors.count == 1, "\(r.errorText.prefix(2000))")
        #expect(r.errorText.contains("has 10000 actions; FIS allows at most 20 per template"))
        #expect(r.errorText.contains("quota"))
    }

    @Test func twoThousandActionsWith500PredecessorsEachAreRefusedByTheQuota() {
        let r = check(Self.waits(2_000) { i in Array(max(0, i - 500)..<i) })
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.diagnostic.path == "actions")
    }

    @Test func longStartAfterListIsRefused() {
        let names = (0..<5_000).map { "\"x\($0)\"" }.joined(separator: ",")
        let r = check(template(targets: "", actions: #""a": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": [\#(names)]}"#))
        #expect(r.errors.count == 1)
        #expect(r.errorText.contains("lists 5000 actions in startAfter"))
    }

    @Test func justOverTheQuotaIsStillCheckedInFull() {
        let r = check(Self.waits(25) { $0 > 0 ? [$0 - 1] : [] })
        #expect(r.errorText.contains("has 25 actions; FIS allows at most 20"))
        #expect(r.templates.first?.actions.count == 25)
    }

    @Test func cyclesAndChainsWithinTheQuota() {
        // A 20-action cycle: found by the iterative walk, reported once.
        let r = check(Self.waits(20) { [($0 + 19) % 20] })
        #expect(r.errors.count == 1)
        #expect(r.errorText.contains("startAfter forms a cycle (a0 -> a1 -> "))
    }

    @Test func aLongActionIsReportedWithItsRealLength() {
        let r = check(Self.waits(1, duration: "PT99H") { _ in [] })
        #expect(r.errorText.contains("the longest startAfter chain lasts 99h: a0 (99h)"), "\(r.errorText)")
        let chain = check(Self.waits(3, duration: "PT5H") { $0 > 0 ? [$0 - 1] : [] })
        #expect(chain.errorText.contains("lasts 15h: a0 (5h) -> a1 (5h) -> a2 (5h)"), "\(chain.errorText)")
    }
}
