import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

extension NetworkImpairments {
    /// A message's hop under the active network faults: the base latency plus `tc` delay and
    /// jitter and the TCP retransmissions of lost segments; nil when it is never delivered
    /// (a NACL deny, a blackhole route, or more than `tcp_retries2` losses of one segment).
    /// Counts retransmissions and drops for the sending service.
    mutating func impairedHop(_ base: SimDuration, from src: Int, to dst: Int, flow: UInt64, now: SimInstant, core: inout WorldCore) -> SimDuration? {
        let e = effect(from: src, to: dst, flow: flow)
        let sender = Int(service[src])
        if e.blocked {
            core.metrics.add(drops[sender], at: now)
            return nil
        }
        var extra = e.delay
        if e.loss > 0, let h = lossHandle {
            let m = TCPRetransmission.message(lossProbability: e.loss, stream: h)
            if m.retransmissions > 0 { core.metrics.add(retransmits[sender], Int64(m.retransmissions), at: now) }
            guard m.delivered else {
                core.metrics.add(drops[sender], at: now)
                return nil
            }
            extra += m.delay
        }
        return base + .nanoseconds(extra)
    }
}
