import FaultlineFIS
import FaultlineServe
import Foundation
import Testing

/// What a client gets wrong, answered as FIS would: the modelled error code in
/// `x-amzn-ErrorType` and the body, the modelled status, a message that says what to fix.
@Suite struct ErrorPathTests {
    func expectError(_ r: ServeResponse, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == status, "\(r.bodyText)", sourceLocation: sourceLocation)
        #expect(r.header("x-amzn-ErrorType") == code, sourceLocation: sourceLocation)
        #expect(r.bodyText.contains("\"__type\":\"\(code)\""), sourceLocation: sourceLocation)
    }

    @Test func malformedJSONAndNonObjects() async throws {
        let f = try ServeFixture()
        expectError(await f.call("POST", "/experimentTemplates", "{\"description\": "), 400, "SerializationException")
        expectError(await f.call("POST", "/experiments", "[1, 2]"), 400, "SerializationException")
        expectError(await f.call("POST", "/experiments", "null"), 400, "SerializationException")
    }

    @Test func unknownOperations() async throws {
        let f = try ServeFixture()
        expectError(await f.call("GET", "/"), 404, "UnknownOperationException")
        expectError(await f.call("PUT", "/experimentTemplates/EXT1"), 404, "UnknownOperationException")
        expectError(await f.call("GET", "/experiments/E/bogus"), 404, "UnknownOperationException")
    }

    @Test func missingResources() async throws {
        let f = try ServeFixture()
        expectError(await f.call("GET", "/experimentTemplates/EXTnope"), 404, "ResourceNotFoundException")
        expectError(await f.call("DELETE", "/experimentTemplates/EXTnope"), 404, "ResourceNotFoundException")
        expectError(await f.call("POST", "/experiments", "{\"experimentTemplateId\":\"EXTnope\",\"clientToken\":\"a\"}"), 404, "ResourceNotFoundException")
        expectError(await f.call("POST", "/experiments", "{\"clientToken\":\"a\"}"), 400, "ValidationException")
        expectError(await f.call("GET", "/experiments/EXPnope/resolvedTargets"), 404, "ResourceNotFoundException")
        expectError(await f.call("GET", "/actions/aws:ec2:not-an-action"), 404, "ResourceNotFoundException")
        expectError(await f.call("GET", "/tags/arn%3Aaws%3Afis%3Aus-east-1%3A123456789012%3Aexperiment%2FEXPnope"), 404, "ResourceNotFoundException")
    }

    /// The message is `faultline validate`'s: the same checker, the same JSON path and fix.
    @Test func invalidTemplateCarriesTheValidatorsMessage() async throws {
        let f = try ServeFixture()
        let bad = try ServeFixture.template("lambda-add-delay").replacingOccurrences(of: "\"ALL\"", with: "\"SOME(3)\"")
        let expected = TemplateValidator.validate(text: bad, file: "request body")
        #expect(!expected.verdict.isAccepted)
        let message = try #require(expected.genuineErrors.first?.diagnostic.message)
        let r = await f.call("POST", "/experimentTemplates", bad)
        expectError(r, 400, "ValidationException")
        #expect(r.bodyText.contains("Template is invalid"))
        #expect(r.bodyText.contains(message.replacingOccurrences(of: "\"", with: "\\\"")), "\(r.bodyText) lacks \(message)")
        #expect((try await f.json("GET", "/experimentTemplates")["experimentTemplates"] as? [Any])?.count == 0)
    }

    @Test func conflictingClientTokens() async throws {
        let f = try ServeFixture()
        let text = try ServeFixture.template("lambda-error-stop-condition")
        let a = try await f.createTemplate(token: "same")
        let again = try await f.createTemplate(token: "same")
        #expect(a == again)
        #expect((try await f.json("GET", "/experimentTemplates")["experimentTemplates"] as? [Any])?.count == 1)
        let other = try ServeFixture.createBody(text.replacingOccurrences(of: "then wait 2 minutes", with: "then wait"), token: "same")
        expectError(await f.call("POST", "/experimentTemplates", other), 409, "ConflictException")
        // StartExperiment: same token and body replays; another body conflicts.
        let e1 = try await f.start(a, token: "go")
        let e2 = try await f.start(a, token: "go")
        #expect(e1 == e2)
        expectError(
            await f.call("POST", "/experiments", "{\"experimentTemplateId\":\"\(a)\",\"clientToken\":\"go\",\"tags\":{\"k\":\"v\"}}"), 409, "ConflictException")
        #expect((try await f.json("GET", "/experiments")["experiments"] as? [Any])?.count == 1)
    }

    @Test func stopOfAFinishedExperiment() async throws {
        let f = try ServeFixture()
        let e = try await f.start(try await f.createTemplate())
        #expect(try await f.status(e) == "stopped") // the stop condition fired
        let r = await f.call("DELETE", "/experiments/\(e)")
        expectError(r, 400, "ValidationException")
        #expect(r.bodyText.contains("already stopped"))
    }

    @Test func badOptionsAndPages() async throws {
        let f = try ServeFixture()
        let t = try await f.createTemplate()
        expectError(
            await f.call("POST", "/experiments", "{\"experimentTemplateId\":\"\(t)\",\"experimentOptions\":{\"actionsMode\":\"bogus\"}}"), 400,
            "ValidationException")
        expectError(
            await f.call("POST", "/experiments", "{\"experimentTemplateId\":\"\(t)\",\"tags\":{\"faultline:pace\":\"fast\"}}"), 400, "ValidationException")
        expectError(await f.call("GET", "/experimentTemplates?maxResults=0"), 400, "ValidationException")
        expectError(await f.call("GET", "/experimentTemplates?maxResults=500"), 400, "ValidationException")
        expectError(await f.call("GET", "/experimentTemplates?nextToken=garbage"), 400, "ValidationException")
        expectError(
            await f.call(
                "POST", "/experimentTemplates",
                try ServeFixture.createBody(
                    try ServeFixture.template("lambda-add-delay"), token: "x",
                    tags: ["faultline:scenario": "../etc/passwd"])), 400, "ValidationException")
        expectError(
            await f.call(
                "POST", "/experimentTemplates",
                try ServeFixture.createBody(
                    try ServeFixture.template("lambda-add-delay"), token: "y",
                    tags: ["faultline:scenario": "no-such-scenario"])), 400, "ValidationException")
    }

    /// Region from the SigV4 credential scope, account from a 12-digit access key ID; the
    /// signature itself is not checked.
    @Test func callerFromTheCredentialScope() async throws {
        let f = try ServeFixture()
        let body = try ServeFixture.createBody(try ServeFixture.template("lambda-add-delay"), token: "c")
        let auth = "AWS4-HMAC-SHA256 Credential=000000000042/20260101/eu-west-3/fis/aws4_request, SignedHeaders=host, Signature=bad"
        let r = await f.call("POST", "/experimentTemplates", body, headers: ["Authorization": auth])
        #expect(r.status == 200)
        #expect(r.bodyText.contains("\"arn:aws:fis:eu-west-3:000000000042:experiment-template/EXT"))
        let plain = await f.call(
            "POST", "/experimentTemplates", try ServeFixture.createBody(try ServeFixture.template("lambda-add-delay"), token: "d"),
            headers: ["Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/ap-south-1/fis/aws4_request"])
        #expect(plain.bodyText.contains("\"arn:aws:fis:ap-south-1:123456789012:experiment-template/EXT"))
    }

    @Test func quotas() async throws {
        let f = try ServeFixture(pace: .realtime) {
            $0.maxActiveExperiments = 1
            $0.maxTemplates = 1
        }
        let t = try await f.createTemplate()
        expectError(
            await f.call("POST", "/experimentTemplates", try ServeFixture.createBody(try ServeFixture.template("lambda-add-delay"), token: "2")),
            402, "ServiceQuotaExceededException")
        _ = try await f.start(t, token: "1")
        expectError(await f.call("POST", "/experiments", "{\"experimentTemplateId\":\"\(t)\",\"clientToken\":\"2\"}"), 402, "ServiceQuotaExceededException")
        await f.service.settle()
    }
}
