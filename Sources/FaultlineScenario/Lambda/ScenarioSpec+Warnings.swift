import FaultlineCloud

extension ScenarioSpec {
    /// Whether a fault stops the Lambda handler from running (`preventExecution` of the Lambda
    /// invocation actions). Exhaustive: a new fault kind must say whether it does.
    static func preventsExecution(_ action: FaultAction) -> Bool {
        switch action {
        case .lambdaError(_, let prevent): return prevent
        case .lambdaHTTPResponse(_, _, _, let prevent): return prevent
        case .lambdaAddDelay, .apiError, .apiLatency, .compute, .network, .databaseFailover, .databaseReboot: return false
        }
    }

    /// `preventExecution: true` without `AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`: a prevented
    /// invocation ends at once, so a poll it starts finishes only at a later thaw (within
    /// `resumeWithin`), and the environment keeps applying the fault after FIS deletes its
    /// configuration. AWS recommends a max wait
    /// above 0 (e.g. 2000 ms) with preventExecution for this reason
    /// (https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html).
    static func preventExecutionWarnings(_ spec: ScenarioSpec) -> [String] {
        func prevents(_ action: FaultAction?) -> Bool { action.map(preventsExecution) ?? false }
        func exposed(_ service: ServiceConfig) -> Bool {
            guard let ext = service.kind.function?.fisExtension else { return false }
            return ext.pollMaxWait == .zero
        }
        var warnings: [String] = []
        for fault in spec.model.faults where prevents(fault.action) {
            let names = fault.targets.map { spec.model.services[Int($0.index)] }.filter(exposed).map(\.name)
            if !names.isEmpty { warnings.append(message(fault.name, names)) }
        }
        let exposedFunctions = spec.model.services.filter(exposed).map(\.name)
        for experiment in spec.experiments where !exposedFunctions.isEmpty {
            for action in experiment.actions where prevents(action.fault) {
                warnings.append(message("\(experiment.name)/\(action.name)", exposedFunctions))
            }
        }
        return warnings
    }

    private static func message(_ fault: String, _ functions: [String]) -> String {
        "fault '\(fault)' prevents execution on \(functions.joined(separator: ", ")) whose FIS extension has pollMaxWait 0: prevented invocations end at once, so a poll they start finishes only at a later invocation (and not at all when invocations are further apart than resumeWithin), and environments keep applying the fault after it ends. AWS recommends AWS_FIS_POLL_MAX_WAIT_MILLISECONDS > 0 with preventExecution; set e.g. fisExtension: { pollMaxWait: 2s }."
    }
}

extension ScenarioSpec {
    /// The longest poll a function's extension may take, seconds: its poll duration's
    /// 1 − 10⁻⁹ quantile (the maximum of a bounded distribution).
    public static func longestPoll(_ ext: FISExtensionConfig) -> Double { ext.pollDuration.quantile(1 - 1e-9) }

    /// Lambda faults that can stay applied after they end for longer than one hot poll plus a
    /// poll: when an invocation does not wait for a whole poll (`pollMaxWait` below the longest
    /// poll), an environment frozen across the end injects at its next invocation, however late,
    /// before its overdue poll completes (the tail is then bounded only by the idle lifetime, or
    /// not at all for provisioned environments; likewise an environment whose polls never finish,
    /// with handlers shorter than a poll and invocations further apart than `resumeWithin`). With
    /// `pollMaxWait` at least the longest poll, every invocation after the end that finds a poll
    /// due waits for it, so none carries the fault later than one hot poll after the end
    /// (docs/lambda-model.md proves it per frozen-poll mode). Faults already warned about by
    /// ``preventExecutionWarnings(_:)`` are not repeated.
    static func lingeringFaultWarnings(_ spec: ScenarioSpec) -> [String] {
        func prevents(_ action: FaultAction) -> Bool { preventsExecution(action) }
        func exposed(_ service: ServiceConfig, preventing: Bool) -> String? {
            guard let ext = service.kind.function?.fisExtension else { return nil }
            if preventing && ext.pollMaxWait == .zero { return nil } // preventExecutionWarnings says it
            let longest = longestPoll(ext)
            guard ext.pollMaxWait.seconds < longest else { return nil }
            return "\(service.name) (pollMaxWait \(ext.pollMaxWait), longest poll \(String(format: "%.2f", longest))s)"
        }
        var warnings: [String] = []
        for fault in spec.model.faults where fault.action.isLambda {
            let names = fault.targets.compactMap { exposed(spec.model.services[Int($0.index)], preventing: prevents(fault.action)) }
            if !names.isEmpty { warnings.append(lingeringMessage(fault.name, names)) }
        }
        for experiment in spec.experiments {
            for action in experiment.actions {
                guard let fault = action.fault, fault.isLambda else { continue }
                let names = spec.model.services.compactMap { exposed($0, preventing: prevents(fault)) }
                if !names.isEmpty { warnings.append(lingeringMessage("\(experiment.name)/\(action.name)", names)) }
            }
        }
        return warnings
    }

    private static func lingeringMessage(_ fault: String, _ functions: [String]) -> String {
        "fault '\(fault)' can stay applied long after it ends on \(functions.joined(separator: ", ")): an invocation does not wait for a whole extension poll, so an environment frozen across the end applies the fault at its next invocation, however late, before its overdue poll completes. Set fisExtension: { pollMaxWait: 2s } (AWS_FIS_POLL_MAX_WAIT_MILLISECONDS=2000, at least the longest poll) to keep the tail within one hot poll (20s) plus a poll."
    }
}
