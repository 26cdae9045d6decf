import FaultlineCloud

extension ScenarioSpec {
    /// Services that take part in no traffic: no workload sends to them, no service calls them
    /// and they call nothing. A host network fault (`tc` on instances, tasks, pods) on their
    /// hosts can impair no message (the run confirms it: 0 messages crossed the impaired hops).
    static func quietServices(_ model: ModelConfig) -> Set<Int32> {
        var busy = Set(model.workloads.map(\.target.index))
        for s in model.services { for c in s.calls { busy.insert(c.target.index) } }
        var quiet: Set<Int32> = []
        for (i, s) in model.services.enumerated() where s.calls.isEmpty && !busy.contains(Int32(i)) { quiet.insert(Int32(i)) }
        return quiet
    }

    /// The warning for a planned network action whose targets are all hosts of quiet services
    /// (known before the run); nil otherwise. Subnet and transit-gateway targets are checked
    /// after the run only (who crosses a subnet's NACL depends on where clients are).
    static func noTrafficWarning(
        experiment: String, action: ExperimentOutcome.Action, targets: [InventoryResource],
        quiet: Set<Int32>, model: ModelConfig
    ) -> String? {
        guard !targets.isEmpty, targets.allSatisfy({ $0.host != nil && quiet.contains($0.service.index) }) else { return nil }
        let names = Set(targets.map(\.service.index)).sorted().map { model.services[Int($0)].name }
        return "experiment '\(experiment)': action '\(action.name)' (\(action.actionId)) targets hosts of \(names.joined(separator: ", ")), "
            + "which carry no traffic (no workload sends to \(names.count == 1 ? "it" : "them"), no service calls \(names.count == 1 ? "it" : "them") and \(names.count == 1 ? "it calls" : "they call") nothing): "
            + "the network fault can impair no message (the run reports 0 messages crossed). Target hosts that serve traffic."
    }
}
