import FaultlineKernel
import FaultlineRandom

/// An API fault at a service's admission (``FaultAction/apiEffect``).
enum APIFaultEffect: Sendable, Equatable {
    /// The given percentage of matching calls fail at once with `status`.
    case error(percentage: Double, status: UInt16, operations: [String])
    /// Matching calls are answered `delay` later.
    case latency(delay: SimDuration, operations: [String])
}

/// Which fault windows are open and which a stop condition ended, and the API faults
/// (``FaultFamily/api``) per targeted service. Lambda faults are the Lambda component's
/// (``LambdaState``), network faults the network's (``NetworkImpairments``), compute faults
/// act on hosts, database faults on clusters.
struct FaultsState: Sendable {
    /// API faults (indices into `config.faults`) per service.
    var apiByService: [[Int]]
    /// Per fault: what it does when it is an API fault (nil for other families).
    let apiEffects: [APIFaultEffect?]
    /// Per fault: its window is open (API, network and compute faults).
    var active: [Bool]
    /// Per fault: a stop condition ended it; its later edges are ignored.
    var killed: [Bool]
    /// `faults/api`: which requests an API error fault hits.
    let apiStream: RandomStream
    let apiHandle: StreamHandle

    static func build(config: ModelConfig, seed: UInt64, replication: UInt32) -> FaultsState {
        var byService = [[Int]](repeating: [], count: config.services.count)
        for (i, f) in config.faults.enumerated() where f.action.family == .api {
            for t in f.targets { byService[Int(t.index)].append(i) }
        }
        let stream = RandomStream(master: seed, component: "faults/api", replication: replication, generator: config.generator)
        return FaultsState(
            apiByService: byService, apiEffects: config.faults.map(\.action.apiEffect), active: [Bool](repeating: false, count: config.faults.count),
            killed: [Bool](repeating: false, count: config.faults.count), apiStream: stream, apiHandle: stream.handle)
    }

    /// An API fault's window opens or closes on the services it targets (their deployments'
    /// `apiFaulted` flag: whether admission looks at API faults at all).
    mutating func apiEdge(fault i: Int, starting: Bool, core: inout WorldCore) {
        active[i] = starting
        for t in core.config.faults[i].targets {
            let s = Int(t.index)
            let on = apiByService[s].contains { active[$0] }
            for d in core.services[s].deployments { core.deployments[Int(d)].apiFaulted = on }
        }
    }
}
