import FaultlineKernel
import FaultlineRandom

/// What packet loss costs a message sent over TCP: each lost segment is resent after the
/// retransmission timeout, which doubles for each consecutive loss of the same segment.
///
/// Linux: the RTO is at least `TCP_RTO_MIN` = 200 ms (within a Region the smoothed RTT is far
/// below it, so the minimum applies), doubles per retransmission of the same segment
/// (exponential backoff, RFC 6298 §5.5), is capped at `TCP_RTO_MAX` = 120 s, and the
/// connection is given up after `tcp_retries2` = 15 retransmissions.
/// https://www.kernel.org/doc/html/latest/networking/ip-sysctl.html
///
/// A message (a request or a response) is `segmentsPerMessage` segments sent together; each is
/// lost independently with probability `p` per transmission, segments are recovered in
/// parallel (SACK), so the message arrives when its slowest segment does. Connections are
/// pooled (keep-alive), so no SYN is at risk.
public enum TCPRetransmission {
    public static let rtoMin: Int64 = 200_000_000
    public static let rtoMax: Int64 = 120_000_000_000
    public static let maxRetransmissions = 15
    public static let segmentsPerMessage = 2

    /// Time lost by a segment that was lost `losses` times in a row before getting through.
    @inlinable public static func backoff(losses: Int) -> Int64 {
        var total: Int64 = 0
        var rto = rtoMin
        for _ in 0..<losses {
            total += rto
            rto = min(rto * 2, rtoMax)
        }
        return total
    }

    /// The added delay of one message and its retransmissions, drawing one uniform per
    /// transmission from `stream`; `delivered` is false when a segment was lost more than
    /// `maxRetransmissions` times (the connection times out).
    @inlinable public static func message(
        lossProbability p: Double, segments: Int = segmentsPerMessage,
        stream: StreamHandle
    ) -> (delay: Int64, retransmissions: Int, delivered: Bool) {
        var worst = 0
        var total = 0
        for _ in 0..<segments {
            var losses = 0
            while stream.uniform() < p {
                losses += 1
                if losses > maxRetransmissions { return (0, total + losses, false) }
            }
            total += losses
            worst = max(worst, losses)
        }
        return (backoff(losses: worst), total, true)
    }

    /// The initial retransmission timeout of a connection's handshake (SYN, SYN-ACK) before an
    /// RTT is measured: 1 s (RFC 6298 §2.1; Linux `TCP_TIMEOUT_INIT`).
    public static let connectRTO: Int64 = 1_000_000_000

    /// The added delay of one segment resent until it gets through, the timeout starting at
    /// `initialRTO` and doubling per loss; nil when it would not get through within `limit`
    /// (or after `maxRetransmissions`). Draws one uniform per transmission from `stream`, and
    /// none once `limit` is passed (a 100 % loss draws about log2(limit / RTO) + 1).
    @inlinable public static func segmentDelay(
        lossProbability p: Double, initialRTO: Int64, limit: Int64,
        stream: StreamHandle
    ) -> Int64? {
        guard p > 0 else { return 0 }
        var total: Int64 = 0
        var rto = initialRTO
        var losses = 0
        while stream.uniform() < p {
            losses += 1
            total += rto
            if losses > maxRetransmissions || total >= limit { return nil }
            rto = min(rto * 2, rtoMax)
        }
        return total
    }

    /// The expected added delay of a message: E[backoff(max of `segments` independent
    /// geometric loss counts)], with P(K <= k) = (1 - p^(k+1))^segments per message.
    public static func expectedDelay(lossProbability p: Double, segments: Int = segmentsPerMessage) -> Double {
        var mean = 0.0
        var below = 0.0
        for k in 0...maxRetransmissions {
            let cdf = pow1(1 - pow1(p, k + 1), segments)
            mean += (cdf - below) * Double(backoff(losses: k))
            below = cdf
        }
        return mean
    }

    static func pow1(_ x: Double, _ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<n { r *= x }
        return r
    }
}
