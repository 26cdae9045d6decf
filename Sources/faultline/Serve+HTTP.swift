import FaultlineServe
import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP adapter of `faultline serve`: FlyingFox on 127.0.0.1 with one catch-all handler
/// that hands the raw path (still percent-encoded, so an ARN's `%2F` stays in its label),
/// query, headers and body to ``FISService/handle(_:)``. Everything FIS-specific is in the core.
enum ServeHTTP {
    /// Binds 127.0.0.1 only (never a wildcard address; FlyingFox's `.loopback` is `[::1]`, which
    /// the AWS CLI at 127.0.0.1 cannot reach). Port 0 picks a free port.
    static func makeServer(port: UInt16, service: FISService, maxBody: Int) throws -> HTTPServer {
        let config = HTTPServer.Configuration(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 60, logger: .disabled)
        return HTTPServer(
            config: config,
            handler: ClosureHTTPHandler { request in
                await respond(to: request, service: service, maxBody: maxBody)
            })
    }

    static func respond(to request: HTTPRequest, service: FISService, maxBody: Int) async -> HTTPResponse {
        var headers: [String: String] = [:]
        for (k, v) in request.headers { headers[k.rawValue.lowercased()] = v }
        var body: [UInt8] = []
        var close = false
        if let length = headers["content-length"].flatMap(Int.init), length > maxBody {
            // Not read: the core answers ValidationException for a body over the limit, and the
            // connection closes (its unread bytes cannot start the next request).
            body = Array(repeating: 0, count: maxBody + 1)
            close = true
        } else {
            do { body = Array(try await request.bodyData) } catch {
                return HTTPResponse(
                    statusCode: .badRequest, headers: [.contentType: "application/json", HTTPHeader("x-amzn-ErrorType"): "SerializationException"],
                    body: Data("{\"__type\":\"SerializationException\",\"message\":\"the request body could not be read\"}".utf8))
            }
        }
        let r = ServeRequest(
            method: request.method.rawValue, path: request.target.path(percentEncoded: true),
            query: request.target.query(percentEncoded: true), headers: headers, body: body)
        let answer = await service.handle(r)
        var out = HTTPHeaders()
        for (k, v) in answer.headers { out.addValue(v, for: HTTPHeader(k)) }
        if close { out.addValue("close", for: .connection) }
        return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: phrase(answer.status)), headers: out, body: Data(answer.body))
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 402: return "Payment Required"
        case 404: return "Not Found"
        case 409: return "Conflict"
        default: return "Error"
        }
    }

    /// The port the server is listening on (after `--port 0`).
    static func boundPort(_ server: HTTPServer) async -> UInt16? {
        guard case .ip4(_, let port)? = await server.listeningAddress else { return nil }
        return port
    }
}
