/// API Gateway: REST APIs (`AWS::ApiGateway::RestApi` with its `Resource`, `Method`, `Stage` and
/// `Deployment`; `AWS::Serverless::Api`) and HTTP APIs (`AWS::ApiGatewayV2::Api`, `Route`,
/// `Integration`, `Stage`; `AWS::Serverless::HttpApi`). Routes with a Lambda proxy integration
/// become the scenario's routes; stage throttles (`ThrottlingRateLimit`, `ThrottlingBurstLimit`)
/// its token bucket. HTTP APIs are modelled as REST APIs (same routes, throttles and timeouts).
extension Importer {
    /// The function ARN in a Lambda integration URI (`arn:aws:apigateway:<r>:lambda:path/2015-03-31/functions/<arn>/invocations`) or a bare ARN.
    func integrationFunction(_ uri: String) -> String? {
        if let start = uri.range(of: "/functions/"), let end = uri.range(of: "/invocations", range: start.upperBound..<uri.endIndex) {
            return functionName(String(uri[start.upperBound..<end.lowerBound]))
        }
        return functionName(uri)
    }

    /// Routes of an OpenAPI `Body`/`DefinitionBody` (`paths.<path>.<method>.x-amazon-apigateway-integration`):
    /// `aws_proxy`/`aws` integrations whose `uri` is a Lambda function are routes; the others are listed.
    func openAPIRoutes(_ body: CFValue?, into api: inout ImportedSystem.API) {
        for (path, methods) in body?["paths"]?.entries ?? [] {
            for (m, op) in methods.entries ?? [] {
                let method = m.lowercased() == "x-amazon-apigateway-any-method" ? "ANY" : m.uppercased()
                guard ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"].contains(method) else { continue }
                let integ = op["x-amazon-apigateway-integration"]
                let type = integ?["type"]?.text?.lowercased() ?? "?"
                if type == "aws_proxy" || type == "aws", integ?["integrationSubtype"] == nil, let uri = integ?["uri"]?.text, let fn = integrationFunction(uri) {
                    api.routes.append(.init(method: method, path: path, function: fn))
                } else {
                    api.otherIntegrations.append("\(method) \(path) -> \(integ?["integrationSubtype"]?.text ?? type)")
                }
            }
        }
    }

    func throttle(_ settings: [CFValue]) -> (Double?, Int?) {
        for s in settings where (s["ResourcePath"]?.text ?? "/*") == "/*" && (s["HttpMethod"]?.text ?? "*") == "*" {
            return (s["ThrottlingRateLimit"]?.double, s["ThrottlingBurstLimit"]?.int)
        }
        return (nil, nil)
    }

    mutating func mapRestAPI(_ r: ResolvedResource) throws {
        let id = r.identity.opaqueID
        let root = r.identity.attribute("RootResourceId").text ?? ""
        var parts: [String: (parent: String, part: String)] = [:]
        for res in resolved where res.type == "AWS::ApiGateway::Resource" && res.properties["RestApiId"]?.text == id {
            parts[res.identity.opaqueID] = (res.properties["ParentId"]?.text ?? root, res.properties["PathPart"]?.text ?? "")
        }
        func path(_ rid: String) -> String {
            var segs: [String] = [], cur = rid, guardCount = 0
            while cur != root, let p = parts[cur], guardCount < 64 {
                segs.insert(p.part, at: 0)
                cur = p.parent
                guardCount += 1
            }
            return "/" + segs.joined(separator: "/")
        }
        var api = ImportedSystem.API(
            origin: r.origin, name: r.identity.name, stage: r.properties["StageName"]?.text ?? "prod", rate: nil, burst: nil, routes: [])
        if r.type == "AWS::Serverless::API" || r.type == "AWS::Serverless::Api" {
            (api.rate, api.burst) = throttle(r.properties["MethodSettings"]?.list ?? [])
        }
        openAPIRoutes(r.properties["Body"] ?? r.properties["DefinitionBody"], into: &api)
        for m in resolved where m.type == "AWS::ApiGateway::Method" && m.properties["RestApiId"]?.text == id {
            let method = m.properties["HttpMethod"]?.text ?? "ANY"
            let p = path(m.properties["ResourceId"]?.text ?? root)
            let integration = m.properties["Integration"]
            let type = integration?["Type"]?.text ?? "MOCK"
            if type == "AWS_PROXY" || type == "AWS", let uri = integration?["Uri"]?.text, let fn = integrationFunction(uri) {
                api.routes.append(.init(method: method, path: p, function: fn))
            } else {
                api.otherIntegrations.append("\(method) \(p) -> \(type) \(integration?["Uri"]?.text ?? "")")
            }
        }
        for s in resolved where (s.type == "AWS::ApiGateway::Stage" || s.type == "AWS::ApiGateway::Deployment") && s.properties["RestApiId"]?.text == id {
            if let name = s.properties["StageName"]?.text { api.stage = name }
            let settings = (s.properties["MethodSettings"]?.list ?? []) + (s.properties["StageDescription"]?["MethodSettings"]?.list ?? [])
            let (rate, burst) = throttle(settings)
            if let rate { api.rate = rate }
            if let burst { api.burst = burst }
            if let d = s.properties["StageDescription"], let rate = d["ThrottlingRateLimit"]?.double {
                api.rate = rate
                api.burst = d["ThrottlingBurstLimit"]?.int ?? api.burst
            }
        }
        system.apis.append(api)
    }

    mutating func mapHttpAPI(_ r: ResolvedResource) throws {
        let id = r.identity.opaqueID
        var api = ImportedSystem.API(
            origin: r.origin, name: r.identity.name, stage: r.properties["StageName"]?.text ?? "$default", rate: nil, burst: nil, routes: [])
        let defaults = r.properties["DefaultRouteSettings"]
        api.rate = defaults?["ThrottlingRateLimit"]?.double
        api.burst = defaults?["ThrottlingBurstLimit"]?.int
        var integrations: [String: CFValue] = [:]
        for i in resolved where i.type == "AWS::ApiGatewayV2::Integration" && i.properties["ApiId"]?.text == id {
            integrations[i.identity.opaqueID] = i.properties
        }
        for route in resolved where route.type == "AWS::ApiGatewayV2::Route" && route.properties["ApiId"]?.text == id {
            let key = route.properties["RouteKey"]?.text ?? "$default"
            let split = key.split(separator: " ", maxSplits: 1).map(String.init)
            let (method, path) = split.count == 2 ? (split[0], split[1]) : ("ANY", "/")
            let target = (route.properties["Target"]?.text ?? "").replacingOccurrences(of: "integrations/", with: "")
            if let integ = integrations[target], let uri = integ["IntegrationUri"]?.text, let fn = integrationFunction(uri) {
                api.routes.append(.init(method: method, path: path, function: fn))
            } else {
                api.otherIntegrations.append(
                    "\(method) \(path) -> \(integrations[target]?["IntegrationSubtype"]?.text ?? integrations[target]?["IntegrationType"]?.text ?? "?")")
            }
        }
        for s in resolved where s.type == "AWS::ApiGatewayV2::Stage" && s.properties["ApiId"]?.text == id {
            if let name = s.properties["StageName"]?.text { api.stage = name }
            if let rate = s.properties["DefaultRouteSettings"]?["ThrottlingRateLimit"]?.double { api.rate = rate }
            if let burst = s.properties["DefaultRouteSettings"]?["ThrottlingBurstLimit"]?.int { api.burst = burst }
        }
        openAPIRoutes(r.properties["Body"] ?? r.properties["DefinitionBody"], into: &api)
        system.assumptions.append("\(r.logicalID): an HTTP API, modelled as an API Gateway REST API (same routes, throttles and 29 s integration timeout)")
        system.apis.append(api)
    }

    /// SAM function `Events`: `Api` and `HttpApi` routes (on the named API or the stack's implicit
    /// `ServerlessRestApi`/`ServerlessHttpApi`), `SQS` event source mappings, `SNS` subscriptions.
    /// Other event types are listed as not modelled.
    mutating func mapSAMEvents() {
        for (fn, r, name, event) in pendingEvents {
            let p = event["Properties"] ?? .map([])
            let origin = ImportedSystem.Origin(file: r.file, logicalID: "\(r.logicalID).Events.\(name)", type: "SAM event \(event["Type"]?.text ?? "?")")
            switch event["Type"]?.text ?? "" {
            case "Api", "HttpApi":
                let http = event["Type"]?.text == "HttpApi"
                let method = (p["Method"]?.text ?? "ANY").uppercased()
                let path = p["Path"]?.text ?? "/"
                var index: Int?
                if let ref = p[http ? "ApiId" : "RestApiId"]?.text {
                    index = system.apis.firstIndex { apiRef($0) == ref }
                }
                if index == nil {
                    let key = r.stack + (http ? "#http" : "#rest")
                    if let i = implicitAPIs[key] {
                        index = i
                    } else {
                        let logical = http ? "ServerlessHttpApi" : "ServerlessRestApi"
                        system.apis.append(
                            .init(
                                origin: .init(file: r.file, logicalID: logical, type: http ? "AWS::Serverless::HttpApi" : "AWS::Serverless::Api"),
                                name: r.stack + (http ? "-http" : ""), stage: http ? "$default" : "Prod", rate: nil, burst: nil, routes: []))
                        index = system.apis.count - 1
                        implicitAPIs[key] = index
                        system.assumptions.append("\(logical): SAM's implicit API, named after the stack (\(r.stack)\(http ? "-http" : ""))")
                    }
                }
                system.apis[index!].routes.append(.init(method: method == "ANY" ? "ANY" : method, path: path, function: fn))
            case "SQS":
                guard let q = p["Queue"]?.text.flatMap({ queueName($0) }) else {
                    system.notModelled.append(.init(origin: origin, reason: "SQS event from a queue that is not in the stack"))
                    continue
                }
                try? attachConsumer(
                    queue: q, function: fn, batchSize: p["BatchSize"]?.int, window: p["MaximumBatchingWindowInSeconds"]?.int,
                    maxConcurrency: p["ScalingConfig"]?["MaximumConcurrency"]?.int,
                    reportFailures: (p["FunctionResponseTypes"]?.list ?? []).contains { $0.text == "ReportBatchItemFailures" }, r: r)
            case "SNS":
                let topic = p["Topic"]?.text.flatMap { $0.split(separator: ":").last.map(String.init) }
                if let ti = system.topics.firstIndex(where: { $0.name == topic }) {
                    if !system.topics[ti].subscriptions.contains(fn) { system.topics[ti].subscriptions.append(fn) }
                } else {
                    system.notModelled.append(.init(origin: origin, reason: "SNS event from a topic that is not in the stack"))
                }
            default:
                system.notModelled.append(
                    .init(
                        origin: origin,
                        reason: "event type \(event["Type"]?.text ?? "?") is not modelled (no load from it; describe it under load: in the overlay)"))
            }
        }
        pendingEvents = []
    }

    func apiRef(_ api: ImportedSystem.API) -> String? {
        resolved.first { $0.logicalID == api.origin.logicalID && $0.file == api.origin.file }?.identity.opaqueID
    }
}
