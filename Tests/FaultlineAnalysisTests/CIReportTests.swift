import Testing

@testable import FaultlineAnalysis

/// JUnit XML and GitHub annotations escape what they quote.
@Suite struct CIReportTests {
    @Test func escapesXMLAndWorkflowCommands() {
        let r = CIReport(
            suite: "s <a>", file: "x,y:z.yaml",
            cases: [
                .init(group: "g", name: "n & \"q\"", failure: "50% worse\nnext", detail: "d\u{1}"),
                .init(group: "g", name: "ok", failure: nil, detail: "fine")
            ])
        let xml = r.junitXML()
        #expect(xml.contains("<testsuite name=\"s &lt;a&gt;\" tests=\"2\" failures=\"1\""))
        #expect(xml.contains("name=\"n &amp; &quot;q&quot;\""))
        #expect(xml.contains("<failure message=\"50% worse\nnext\" type=\"regression\">d </failure>"))
        #expect(r.githubAnnotations() == "::error file=x%2Cy%3Az.yaml,title=s <a>%3A g n & \"q\"::50%25 worse%0Anext (d\u{1})\n")
    }
}
