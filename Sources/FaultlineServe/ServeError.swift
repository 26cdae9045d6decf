/// Everything `faultline serve` reports: the four modelled FIS API errors (botocore's
/// `service-2.json` gives each an HTTP status), the protocol's own answers for requests no FIS
/// operation matches, and problems starting the server.
public enum ServeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400 `ValidationException`: a bad request or template (the message names the JSON path).
    case validation(String)
    /// 404 `ResourceNotFoundException`.
    case notFound(String)
    /// 409 `ConflictException`: a reused client token with another body; the safety lever.
    case conflict(String)
    /// 402 `ServiceQuotaExceededException` (FIS models it with 402, not 429).
    case quota(String)
    /// 404 `UnknownOperationException`: no FIS route has this method and path.
    case unknownOperation(String)
    /// 400 `SerializationException`: the body is not a JSON object.
    case serialization(String)
    /// The server cannot start (scenario, flags, state folder).
    case configuration(String)

    /// The HTTP status of the error response; never 5xx, which the AWS CLI retries for ~13 s.
    public var status: Int {
        switch self {
        case .validation, .serialization, .configuration: return 400
        case .notFound, .unknownOperation: return 404
        case .conflict: return 409
        case .quota: return 402
        }
    }

    /// The `x-amzn-ErrorType` header and body `__type`.
    public var code: String {
        switch self {
        case .validation, .configuration: return "ValidationException"
        case .notFound: return "ResourceNotFoundException"
        case .conflict: return "ConflictException"
        case .quota: return "ServiceQuotaExceededException"
        case .unknownOperation: return "UnknownOperationException"
        case .serialization: return "SerializationException"
        }
    }

    public var message: String {
        switch self {
        case .validation(let m), .notFound(let m), .conflict(let m), .quota(let m), .unknownOperation(let m), .serialization(let m),
            .configuration(let m):
            return m
        }
    }

    public var description: String { "\(code): \(message)" }
}
