import FaultlineCloud

extension ScenarioSpec {
    /// `preventExecution: true` without `AWS_FIS_POLL_MAX_WAIT_MILLISECONDS`: a prevented
    /// invocation ends at once, so a warm environment is never thawed long enough to finish a poll
    /// and keeps applying the fault after FIS deletes its configuration. AWS recommends a max wait
    /// above 0 (e.g. 2000 ms) with preventExecution for this reason
    /// (https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html).
    static func preventExecutionWarnings(_ spec: ScenarioSpec) -> [String] {
        func prevents(_ action: FaultAction?) -> Bool {
            switch action {
            case let .lambdaError(_, prevent)?: return prevent
            case let .lambdaHTTPResponse(_, _, _, prevent)?: return prevent
            default: return false
            }
        }
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
        "fault '\(fault)' prevents execution on \(functions.joined(separator: ", ")) whose FIS extension has pollMaxWait 0: prevented invocations end at once, so warm environments cannot finish a poll and keep applying the fault after it ends. AWS recommends AWS_FIS_POLL_MAX_WAIT_MILLISECONDS > 0 with preventExecution; set e.g. fisExtension: { pollMaxWait: 2s }."
    }
}
