/// Lambda: `AWS::Lambda::Function` and `AWS::Serverless::Function` (memory, timeout, reserved
/// and provisioned concurrency, layers and the FIS extension's environment variables, VPC
/// subnets, tags), `AWS::Lambda::EventSourceMapping` (SQS), `AWS::Lambda::Alias` and
/// `AWS::ApplicationAutoScaling::ScalableTarget` for provisioned concurrency.
extension Importer {
    /// The FIS extension layer, as published (`arn:aws:lambda:<region>:<account>:layer:aws-fis-extension-<arch>:<version>`)
    /// or through its SSM parameter (`/aws/service/fis/lambda-extension/AWS-FIS-extension-<arch>/1.x.x`).
    static func isFISLayer(_ arn: String) -> Bool {
        let l = arn.lowercased()
        return l.contains("aws-fis-extension") || l.contains("/aws/service/fis/lambda-extension")
    }

    mutating func mapFunction(_ r: ResolvedResource) throws {
        let p = r.properties
        func int(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let v = p[key] else { return nil }
            guard let i = v.int, range.contains(i) else {
                throw r.fail(
                    key, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(v.json.prefix(40)).",
                    "fix the value (Lambda's limits)")
            }
            return i
        }
        let env = p["Environment"]?["Variables"]?.entries ?? []
        func envText(_ k: String) -> String? { env.first { $0.0 == k }?.1.text }
        let layers = (p["Layers"]?.list ?? []).compactMap(\.text)
        let fisLayer = layers.first(where: Self.isFISLayer)
        var fis: ImportedSystem.FISExtension?
        let location = envText("AWS_FIS_CONFIGURATION_LOCATION"), wrapper = envText("AWS_LAMBDA_EXEC_WRAPPER")
        if fisLayer != nil || location != nil {
            fis = .init(
                slowPoll: envText("AWS_FIS_SLOW_POLL_INTERVAL_SECONDS").flatMap { Int($0) },
                pollMaxWaitMs: envText("AWS_FIS_POLL_MAX_WAIT_MILLISECONDS").flatMap { Int($0) },
                configurationLocation: location, execWrapper: wrapper, layerARN: fisLayer)
        }
        var provisioned = p["ProvisionedConcurrencyConfig"]?["ProvisionedConcurrentExecutions"]?.int
        if provisioned == 0 { provisioned = nil }
        let subnets = (p["VpcConfig"]?["SubnetIds"]?.list ?? []).compactMap(\.text)
        var t = tags(r)
        if r.type == "AWS::Serverless::Function" { t.insert(("lambda:createdBy", "SAM"), at: 0) }
        system.functions.append(
            .init(
                origin: r.origin, name: r.identity.name, memoryMB: try int("MemorySize", 128...10240),
                timeout: try int("Timeout", 1...900) ?? (r.type == "AWS::Serverless::Function" ? 3 : nil),
                reservedConcurrency: try int("ReservedConcurrentExecutions", 0...1_000_000), provisionedConcurrency: provisioned,
                tags: t, fis: fis, subnets: subnets))
        for (name, event) in p["Events"]?.entries ?? [] {
            pendingEvents.append((r.identity.name, r, name, event))
        }
    }

    mutating func mapEventSourceMapping(_ r: ResolvedResource) throws {
        let p = r.properties
        guard let fnText = p["FunctionName"]?.text, let fn = functionName(fnText) else {
            throw r.fail(
                "FunctionName", "the event source mapping's function '\(p["FunctionName"]?.text ?? "")' is not a function of the stack.",
                "point FunctionName at a function of the imported stacks (!Ref or !GetAtt .Arn)")
        }
        guard let source = p["EventSourceArn"]?.text, source.contains(":sqs:"), let q = queueName(source) else {
            system.notModelled.append(
                .init(
                    origin: r.origin,
                    reason: "event source \(p["EventSourceArn"]?.text ?? "?") is not an SQS queue of the stack (streams and brokers are not modelled)"))
            return
        }
        try attachConsumer(
            queue: q, function: fn, batchSize: p["BatchSize"]?.int, window: p["MaximumBatchingWindowInSeconds"]?.int,
            maxConcurrency: p["ScalingConfig"]?["MaximumConcurrency"]?.int,
            reportFailures: (p["FunctionResponseTypes"]?.list ?? []).contains { $0.text == "ReportBatchItemFailures" }, r: r)
        system.supporting.append((r.origin, "event source mapping of \(q) to \(fn)"))
        if p["ProvisionedPollerConfig"] != nil {
            system.assumptions.append("\(r.logicalID): ProvisionedPollerConfig is not modelled; the mapping scales as a standard SQS mapping")
        }
    }

    mutating func attachConsumer(
        queue: String, function: String, batchSize: Int?, window: Int?, maxConcurrency: Int?, reportFailures: Bool, r: ResolvedResource
    ) throws {
        guard let i = system.queues.firstIndex(where: { $0.name == queue }) else { return }
        if let existing = system.queues[i].consumer {
            system.notModelled.append(
                .init(
                    origin: r.origin,
                    reason: "queue \(queue) already has a consumer (\(existing.function)); Faultline models one event source mapping per queue"))
            return
        }
        var b = batchSize
        if let bb = b, bb > 64 {
            system.assumptions.append("\(r.logicalID): BatchSize \(bb) capped at 64 (the model's largest batch)")
            b = 64
        }
        var mc = maxConcurrency
        if let m = mc, m < 2 { mc = 2 }
        var w = window
        if let bb = b, bb > 10, (w ?? 0) < 1 { w = 1 }
        system.queues[i].consumer = .init(function: function, batchSize: b, batchingWindow: w, maximumConcurrency: mc, reportBatchItemFailures: reportFailures)
    }

    /// `AWS::Lambda::Alias` with `ProvisionedConcurrencyConfig`: the function's provisioned environments.
    mutating func mapAlias(_ r: ResolvedResource) throws {
        guard let fnText = r.properties["FunctionName"]?.text, let fn = functionName(fnText),
            let i = system.functions.firstIndex(where: { $0.name == fn })
        else {
            system.notModelled.append(.init(origin: r.origin, reason: "alias of a function that is not in the stack"))
            return
        }
        if let pc = r.properties["ProvisionedConcurrencyConfig"]?["ProvisionedConcurrentExecutions"]?.int, pc > 0 {
            system.functions[i].provisionedConcurrency = pc
        }
        system.supporting.append((r.origin, "alias of \(fn) (invocations through it are the function's)"))
    }

    /// Application Auto Scaling on `lambda:function:ProvisionedConcurrency`: the minimum capacity
    /// is taken as the function's provisioned concurrency (scaling itself is not modelled).
    mutating func mapScalableTarget(_ r: ResolvedResource) throws {
        let p = r.properties
        guard p["ScalableDimension"]?.text == "lambda:function:ProvisionedConcurrency", let rid = p["ResourceId"]?.text else {
            system.notModelled.append(
                .init(origin: r.origin, reason: "scalable target \(p["ScalableDimension"]?.text ?? "?") (only Lambda provisioned concurrency is read)"))
            return
        }
        let parts = rid.split(separator: ":")
        guard parts.count >= 2, let fn = functionName(String(parts[1])), let i = system.functions.firstIndex(where: { $0.name == fn }) else {
            system.notModelled.append(.init(origin: r.origin, reason: "scalable target for \(rid), which is not a function of the stack"))
            return
        }
        let minimum = p["MinCapacity"]?.int ?? 0
        system.functions[i].provisionedConcurrency = minimum > 0 ? minimum : system.functions[i].provisionedConcurrency
        system.supporting.append((r.origin, "provisioned concurrency of \(fn)"))
        system.assumptions.append(
            "\(r.logicalID): provisioned concurrency of \(fn) fixed at MinCapacity \(minimum) (Application Auto Scaling up to MaxCapacity \(p["MaxCapacity"]?.int ?? 0) is not modelled)"
        )
    }
}
