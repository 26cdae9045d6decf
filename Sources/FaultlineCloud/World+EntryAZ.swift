import FaultlineKernel
import FaultlineMetrics

/// Responses and failed responses of requests that entered a workload's target in one AZ,
/// counted for the blast radius per AZ. Analysis-only counters (``MetricSeries/analysis``): not
/// in the timeline, so existing outputs do not change.
struct EntryCounters: Sendable {
    let responses: CounterID
    let failures: CounterID
}

extension World {
    /// The analysis metric names: `EntryResponses/<az>` and `EntryFailures/<az>` on the target.
    public static let entryResponsesPrefix = "EntryResponses/", entryFailuresPrefix = "EntryFailures/"

    /// One pair of counters per deployment of every workload target (nil elsewhere), registered
    /// after every other series.
    static func entryCounters(_ config: ModelConfig, services: [ServiceRuntime], deploymentCount: Int,
                              recorder: inout MetricsRecorder) -> [EntryCounters?] {
        var out = [EntryCounters?](repeating: nil, count: deploymentCount)
        var seen: Set<Int> = []
        for w in config.workloads {
            let t = Int(w.target.index)
            guard seen.insert(t).inserted else { continue }
            let s = config.services[t]
            for (i, az) in s.azs.enumerated() where i < services[t].deployments.count {
                let name = config.topology.name(of: az)
                out[Int(services[t].deployments[i])] = EntryCounters(
                    responses: recorder.counter(s.name, entryResponsesPrefix + name, analysis: true),
                    failures: recorder.counter(s.name, entryFailuresPrefix + name, analysis: true))
            }
        }
        return out
    }

    /// Counts the answer to a request that has no caller (it came from a workload).
    @inline(__always) mutating func countEntryResponse(deployment d: Int, status: UInt16, now: SimInstant) {
        guard d < entryCounters.count, let c = entryCounters[d] else { return }
        metrics.add(c.responses, at: now)
        if Status.isFailure(status) { metrics.add(c.failures, at: now) }
    }
}
