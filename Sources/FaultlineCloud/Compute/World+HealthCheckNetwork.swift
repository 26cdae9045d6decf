import FaultlineKernel
import FaultlineRandom

/// Health checks travel the network: the check of a target is sent by the load balancer node
/// in the target's AZ and crosses the same network model as requests (NACLs, routes, host
/// `tc` on the target), so a fault that loses or blackholes the target's packets makes its
/// checks time out and the target unhealthy.
///
/// ALB: "Each load balancer node checks the health of each target ... After each health check
/// is completed, the load balancer node closes the connection" — every check opens a new TCP
/// connection, so its SYN and SYN-ACK are at risk (1 s initial retransmission timeout), then
/// the request and the response (200 ms minimum).
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
extension World {
    /// The time from sending a health check of host `h` to its answer reaching the node, or
    /// nil when no answer arrives within the target group's `timeout` (the check then fails
    /// when the timeout expires). Draws only from the load balancer's stream
    /// `loadbalancer/<name>`: base latency, `tc` jitter and losses.
    mutating func healthCheckRoundTrip(host h: Int, now: SimInstant) -> Int64? {
        let lb = Int(compute.hosts[h].lb)
        let limit = compute.loadBalancers[lb].config.timeout.nanoseconds
        let stream = compute.loadBalancerStreams[lb].handle
        let target = Int(compute.hosts[h].deployment)
        let node = network.nodePoint(az: compute.hosts[h].az)
        let flow = UInt64(UInt32(h)) << 40 ^ UInt64(bitPattern: now.nanoseconds)
        let out = network.checkEffect(from: node, to: target, flow: flow, stream: stream)
        let back = network.checkEffect(from: target, to: node, flow: flow, stream: stream)
        guard !out.blocked, !back.blocked else { return nil }
        // Two round trips (handshake, then request and response) at the AZ's base latency,
        // each leg slowed by its `tc` delay.
        var total: Int64 = 0
        for _ in 0..<4 { total += core.networkCores.intraAZ.sampleNanoseconds(stream) }
        total += 2 * (out.delay + back.delay)
        // SYN (out), SYN-ACK (back), request (out), response (back).
        for leg in 0..<4 {
            let loss = leg % 2 == 0 ? out.loss : back.loss
            let rto = leg < 2 ? TCPRetransmission.connectRTO : TCPRetransmission.rtoMin
            guard total < limit,
                let d = TCPRetransmission.segmentDelay(lossProbability: loss, initialRTO: rto, limit: limit - total, stream: stream)
            else { return nil }
            total += d
        }
        return total < limit ? total : nil
    }
}
