import FaultlineDocument

/// SQS and SNS: `AWS::SQS::Queue` (VisibilityTimeout, MessageRetentionPeriod, DelaySeconds,
/// RedrivePolicy with its dead-letter queue), `AWS::SNS::Topic` (inline `Subscription`) and
/// `AWS::SNS::Subscription` (`sqs` and `lambda` protocols).
extension Importer {
    mutating func mapQueue(_ r: ResolvedResource) throws {
        let p = r.properties
        var redrive = p["RedrivePolicy"]
        // RedrivePolicy may be given as a JSON string.
        if let s = redrive?.text, let doc = try? DocumentParser.parse(s, file: r.file) {
            var conv = CFConverter(file: r.file)
            redrive = try conv.convert(doc)
        }
        if p["FifoQueue"]?.boolValue == true {
            system.assumptions.append("\(r.logicalID): a FIFO queue, modelled as a standard queue (no ordering, no deduplication)")
        }
        func clamp(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            guard let v = p[key]?.int else { return nil }
            return min(max(v, range.lowerBound), range.upperBound)
        }
        system.queues.append(
            .init(
                origin: r.origin, name: r.identity.name, visibilityTimeout: clamp("VisibilityTimeout", 0...43_200),
                retention: clamp("MessageRetentionPeriod", 60...1_209_600), delay: clamp("DelaySeconds", 0...900),
                deadLetterQueue: redrive?["deadLetterTargetArn"]?.text, maxReceiveCount: redrive?["maxReceiveCount"]?.int,
                consumer: nil, tags: tags(r)))
    }

    /// Turns dead-letter ARNs into queue names once every queue is known.
    mutating func linkDeadLetterQueues() {
        for i in system.queues.indices {
            guard let arn = system.queues[i].deadLetterQueue else { continue }
            if let q = queueName(arn) {
                system.queues[i].deadLetterQueue = q
            } else {
                system.assumptions.append(
                    "\(system.queues[i].origin.logicalID): the dead-letter queue \(arn) is not in the stack; the redrive policy is left out")
                system.queues[i].deadLetterQueue = nil
            }
        }
    }

    mutating func mapTopic(_ r: ResolvedResource) throws {
        var subs: [String] = []
        for s in r.properties["Subscription"]?.list ?? [] {
            if let e = s["Endpoint"]?.text, let target = subscriber(protocol: s["Protocol"]?.text ?? "", endpoint: e) { subs.append(target) }
        }
        system.topics.append(.init(origin: r.origin, name: r.identity.name, subscriptions: subs, tags: tags(r)))
    }

    func subscriber(protocol proto: String, endpoint: String) -> String? {
        switch proto {
        case "sqs": return queueName(endpoint)
        case "lambda": return functionName(endpoint)
        default: return nil
        }
    }

    mutating func mapSubscription(_ r: ResolvedResource) throws {
        let p = r.properties
        guard let topicArn = p["TopicArn"]?.text, let ti = system.topics.firstIndex(where: { $0.name == topicArn.split(separator: ":").last.map(String.init) })
        else {
            system.notModelled.append(.init(origin: r.origin, reason: "subscription to a topic that is not in the stack"))
            return
        }
        guard let target = subscriber(protocol: p["Protocol"]?.text ?? "", endpoint: p["Endpoint"]?.text ?? "") else {
            system.notModelled.append(
                .init(
                    origin: r.origin,
                    reason:
                        "subscription with protocol \(p["Protocol"]?.text ?? "?") to \(p["Endpoint"]?.text ?? "?") (only sqs and lambda endpoints of the stack are modelled)"
                ))
            return
        }
        if p["FilterPolicy"] != nil {
            system.assumptions.append("\(r.logicalID): the FilterPolicy is not modelled; every message is delivered to \(target)")
        }
        if !system.topics[ti].subscriptions.contains(target) { system.topics[ti].subscriptions.append(target) }
        system.supporting.append((r.origin, "subscription of \(target) to \(system.topics[ti].name)"))
    }
}
