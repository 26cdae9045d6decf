import FaultlineKernel
import FaultlineMetrics

extension WorldCore {
    /// The timeline rows `<service>,WaitedShare,Average`: per period, the share of the requests
    /// admitted that waited in the queue, P(wait > 0) (`WaitedRequests` over the admitted count),
    /// next to the `QueueWait` percentiles. Services with a queue only, periods with admissions
    /// only. Taken before the period closes (it resets the counts).
    func waitedShareRows(periodStart: SimInstant) -> [TimelineRow] {
        var rows: [TimelineRow] = []
        for s in services {
            guard ServiceMetrics.names(for: s.config.kind).queued else { continue }
            let admitted = metrics.periodTotal(s.metrics.invocations)
            guard admitted > 0 else { continue }
            let share = Double(metrics.periodTotal(s.metrics.waited)) / Double(admitted)
            rows.append(.derived(time: periodStart, resource: s.config.name, metric: "WaitedShare", statistic: "Average", value: share))
        }
        return rows
    }
}
