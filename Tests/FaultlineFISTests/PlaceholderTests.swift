import FaultlineDocument
import FaultlineFIS
import Testing

/// Placeholder recognition and the valid / valid-modulo-placeholders distinction.
@Suite struct PlaceholderTests {
    @Test func tokensOfEachStyle() {
        #expect(Placeholder.tokens(in: "arn:aws:iam::<ACCOUNT_ID>:role/x") == ["<ACCOUNT_ID>"])
        #expect(Placeholder.tokens(in: "arn:aws:iam::${AWS::AccountId}:role/${role}") == ["${AWS::AccountId}", "${role}"])
        #expect(Placeholder.tokens(in: "{{ aws:region }}") == ["{{ aws:region }}"])
        #expect(Placeholder.tokens(in: "in {AZ_ID} now") == ["{AZ_ID}"])
        #expect(Placeholder.tokens(in: "YOUR_ROLE_NAME") == ["YOUR_ROLE_NAME"])
        #expect(Placeholder.tokens(in: "your_availability_zone_identifier") == ["your_availability_zone_identifier"])
        #expect(Placeholder.tokens(in: "arn:aws:iam::ACCOUNT_ID:role/x") == ["ACCOUNT_ID"])
        #expect(Placeholder.tokens(in: "DOCUMENT_ARN") == ["DOCUMENT_ARN"])
        #expect(Placeholder.tokens(in: "arn:aws:iam::123456789012:role/x") == ["123456789012"])
        #expect(Placeholder.tokens(in: "") == ["''"])
        #expect(Placeholder.tokens(in: "arn:aws:iam::210987654321:role/x").isEmpty)
        #expect(Placeholder.tokens(in: "ALL").isEmpty)
        #expect(Placeholder.tokens(in: "{\"Key\": \"v\"}").isEmpty)
    }

    @Test func placeholderThatFitsTheShapeIsStillValidButListed() {
        let r = check(template(roleArn: #""arn:aws:iam::<ACCOUNT_ID>:role/fis""#))
        #expect(r.verdict == .valid)
        #expect(r.placeholders == ["<ACCOUNT_ID>"])
    }

    @Test func placeholderThatBreaksTheShapeGivesValidModuloPlaceholders() {
        let r = check(template(stopConditions: #"[{"source": "aws:cloudwatch:alarm", "value": "${alarm}"}]"#, roleArn: #""${role}""#))
        #expect(r.verdict == .validModuloPlaceholders)
        #expect(r.errors.count == 2)
        #expect(r.errors.allSatisfy { $0.cause == .placeholder })
        #expect(r.errors[0].diagnostic.fix == "replace the placeholder ${alarm} with the real value")
        #expect(r.placeholders == ["${alarm}", "${role}"])
    }

    @Test func emptyStringsAreTreatedAsPlaceholders() {
        let r = check(template(extra: #""logConfiguration": {"logSchemaVersion": 2, "cloudWatchLogsConfiguration": {"logGroupArn": ""}}"#))
        #expect(r.verdict == .validModuloPlaceholders)
        #expect(r.placeholders == ["''"])
    }

    @Test func unknownMembersAreGenuineEvenWhenNamedLikePlaceholders() {
        let r = check(template(extra: #""{EXTRA}": "x""#))
        #expect(r.verdict == .invalid)
    }

    @Test func aGenuineErrorBesidePlaceholderErrorsMakesItInvalid() {
        let r = check(template(roleArn: #""${role}""#, description: "\"\(String(repeating: "d", count: 600))\""))
        #expect(r.verdict == .invalid)
        #expect(r.genuineErrors.count == 1)
        #expect(r.errors.count == 2)
    }
}
