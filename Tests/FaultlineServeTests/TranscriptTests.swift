import FaultlineServe
import Foundation
import Testing

/// Golden transcripts: the same calls at the same seed and epoch give byte-identical answers
/// (IDs, states, times, verdicts). Regenerate with FAULTLINE_UPDATE_GOLDEN=1 after a deliberate change.
@Suite struct TranscriptTests {
    static let golden = ServeFixture.repo.appendingPathComponent("Tests/FaultlineServeTests/Golden/lambda-fis-stop-condition.transcript")

    /// Creates the shipped template, starts it, reads it, lists targets and experiments, previews
    /// with skip-all, and walks the error paths a script meets.
    static func transcript() async throws -> String {
        let f = try ServeFixture()
        var out = ""
        func step(_ method: String, _ target: String, _ body: String = "") async {
            let r = await f.call(
                method, target, body,
                headers: [
                    "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/fis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0"
                ])
            out += "> \(method) \(target)\(body.isEmpty ? "" : " " + body)\n"
            out += "< \(r.status) \(r.header("x-amzn-RequestId") ?? "-") \(r.header("x-amzn-ErrorType") ?? "")\n\(r.bodyText)\n\n"
            f.clock.advance(millis: 1000)
        }
        let create = try ServeFixture.createBody(try ServeFixture.template("lambda-error-stop-condition"), token: "create-1")
        await step("POST", "/experimentTemplates", create)
        let ext = try #require(out.firstMatch(of: /EXT[0-9A-Za-z]{14}/).map { String($0.output) })
        await step("GET", "/experimentTemplates")
        await step("POST", "/experiments", "{\"experimentTemplateId\":\"\(ext)\",\"clientToken\":\"start-1\",\"tags\":{\"run\":\"golden\"}}")
        let exp = try #require(out.firstMatch(of: /EXP[0-9A-Za-z]{14}/).map { String($0.output) })
        await step("GET", "/experiments/\(exp)")
        await step("GET", "/experiments/\(exp)/resolvedTargets")
        await step(
            "POST", "/experiments", "{\"experimentTemplateId\":\"\(ext)\",\"clientToken\":\"preview-1\",\"experimentOptions\":{\"actionsMode\":\"skip-all\"}}")
        await step("GET", "/experiments?maxResults=1")
        await step("GET", "/experiments?maxResults=1&nextToken=p1")
        await step("DELETE", "/experiments/\(exp)")
        await step("GET", "/experiments/EXPdoesNotExist00")
        await step("POST", "/experimentTemplates", "{\"description\": \"x\",")
        await step("PUT", "/experiments")
        return out
    }

    @Test func goldenTranscript() async throws {
        let text = try await Self.transcript()
        if ProcessInfo.processInfo.environment["FAULTLINE_UPDATE_GOLDEN"] == "1" {
            try text.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(text == expected, "the transcript changed; if deliberately, regenerate with FAULTLINE_UPDATE_GOLDEN=1")
    }
}
