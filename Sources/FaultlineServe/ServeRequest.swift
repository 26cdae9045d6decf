/// One HTTP request as the FIS REST-JSON protocol sees it: method, the raw (still
/// percent-encoded) path, the raw query string, lower-cased headers and the body bytes.
/// Built by the HTTP adapter; the service core never touches a socket.
public struct ServeRequest: Sendable {
    public var method: String
    /// The path as it came on the wire: `/tags/arn%3Aaws%3Afis...%2FEXP1` keeps its `%2F`, so
    /// a resource ARN stays one label (the AWS CLI percent-encodes every URI label).
    public var path: String
    public var query: String
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: String = "", headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, b in b })
        self.body = body
    }

    /// `GET /experiments?maxResults=2` style shorthand for tests: splits the query off.
    public init(_ method: String, _ target: String, body: String = "", headers: [String: String] = [:]) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(method: method, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : "", headers: headers, body: Array(body.utf8))
    }

    /// The query string's values by key; repeated keys (`tagKeys=a&tagKeys=b`) keep every value.
    public var queryItems: [String: [String]] {
        var out: [String: [String]] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Percent.decode(String(kv[0]))
            out[key, default: []].append(kv.count > 1 ? Percent.decode(String(kv[1])) : "")
        }
        return out
    }

    /// The account of a SigV4 access key ID of exactly 12 digits (as LocalStack reads it), else nil.
    public var signedAccount: String? {
        guard let auth = headers["authorization"], let range = auth.range(of: "Credential=") else { return nil }
        let key = auth[range.upperBound...].prefix { $0 != "/" && $0 != "," && $0 != " " }
        return key.count == 12 && key.allSatisfy(\.isNumber) ? String(key) : nil
    }

    /// The Region of the SigV4 credential scope (`Credential=AKID/20261122/eu-west-3/fis/aws4_request`),
    /// if the request is signed. The signature itself is not checked: no real credentials are needed.
    public var signedRegion: String? {
        guard let auth = headers["authorization"], let range = auth.range(of: "Credential=") else { return nil }
        let scope = auth[range.upperBound...].prefix { $0 != "," && $0 != " " }.split(separator: "/")
        guard scope.count >= 5, Percent.isRegion(String(scope[2])) else { return nil }
        return String(scope[2])
    }
}

/// What the core answers: status, headers (in order) and the body bytes.
public struct ServeResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// Percent-decoding of URI labels and query values (RFC 3986; `+` is kept, as AWS signs it).
enum Percent {
    static func decode(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let c = it.popFirst() {
            if c == UInt8(ascii: "%"), it.count >= 2, let h = hex(it[it.startIndex]), let l = hex(it[it.startIndex + 1]) {
                bytes.append(h << 4 | l)
                it = it.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `us-east-1`, `eu-west-3`, `ap-southeast-2`: lower-case letters, digits and dashes.
    static func isRegion(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 32 && s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
