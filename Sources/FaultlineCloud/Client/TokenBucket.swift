import FaultlineKernel

/// A token bucket refilled continuously in integer time: `rate` tokens per second up to `burst`.
///
/// Imitates the token buckets AWS documents for
/// - API Gateway stage/method throttling (rate + burst; an empty bucket answers 429),
///   <https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html>;
/// - DynamoDB provisioned capacity (rate = provisioned units/s; burst = up to 300 s of unused
///   capacity), <https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html>;
/// - Lambda's per-function scaling rate (1,000 execution environments every 10 s, refilled
///   continuously, not banked beyond 1,000),
///   <https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html>.
///
/// Tokens are kept in fixed point: the rate `tokens / interval` is reduced by its gcd to
/// `refillPerNanosecond / unitsPerToken`, so one nanosecond adds exactly `refillPerNanosecond`
/// units and one token is `unitsPerToken` units. No floating point is involved after `init`, so
/// a bucket gives the same answers on every platform and never drifts over long runs.
public struct TokenBucket: Hashable, Sendable {
    /// Capacity in whole tokens.
    public let burst: Int
    /// Units added per nanosecond of elapsed time.
    public let refillPerNanosecond: Int64
    /// Units in one token.
    public let unitsPerToken: Int64
    /// Current fill in units, as of ``updatedAt``.
    public private(set) var units: Int64
    /// The instant the fill was last brought up to date (never moves backwards).
    public private(set) var updatedAt: SimInstant

    /// `tokens` per `interval` (e.g. 1,000 per 10 s), holding at most `burst` tokens, full at
    /// `start` unless `initialTokens` says otherwise.
    public init(tokens: Int, per interval: SimDuration, burst: Int, at start: SimInstant, initialTokens: Int? = nil) {
        precondition(tokens >= 0, "TokenBucket: tokens per interval must be >= 0, got \(tokens)")
        precondition(interval.nanoseconds > 0, "TokenBucket: interval must be positive, got \(interval)")
        precondition(burst >= 0, "TokenBucket: burst must be >= 0, got \(burst)")
        let g = Self.gcd(Int64(tokens), interval.nanoseconds)
        refillPerNanosecond = Int64(tokens) / g
        unitsPerToken = interval.nanoseconds / g
        precondition(
            Int64(burst) <= Int64.max / 4 / unitsPerToken,
            "TokenBucket: burst \(burst) is too large for a rate of \(tokens) per \(interval)"
        )
        self.burst = burst
        let initial = initialTokens ?? burst
        precondition(initial >= 0 && initial <= burst, "TokenBucket: initialTokens must be in 0...\(burst), got \(initial)")
        units = Int64(initial) * unitsPerToken
        updatedAt = start
    }

    /// A whole number of tokens per second.
    public init(ratePerSecond: Int, burst: Int, at start: SimInstant, initialTokens: Int? = nil) {
        self.init(tokens: ratePerSecond, per: .seconds(1), burst: burst, at: start, initialTokens: initialTokens)
    }

    /// A fractional rate (API Gateway accepts e.g. 0.5 requests/s), rounded to 1/1000 token/s.
    public init(ratePerSecond: Double, burst: Int, at start: SimInstant, initialTokens: Int? = nil) {
        precondition(ratePerSecond >= 0 && ratePerSecond < 1e12, "TokenBucket: rate must be in [0, 1e12), got \(ratePerSecond)")
        let milli = Int((ratePerSecond * 1_000).rounded())
        self.init(tokens: milli, per: .seconds(1_000), burst: burst, at: start, initialTokens: initialTokens)
    }

    /// Capacity in units.
    @inlinable public var capacityUnits: Int64 { Int64(burst) * unitsPerToken }

    /// Whole tokens available at `now` (a time before ``updatedAt`` reads as ``updatedAt``).
    public func available(at now: SimInstant) -> Int {
        var copy = self
        copy.refill(to: now)
        return Int(copy.units / unitsPerToken)
    }

    /// Takes `n` tokens if all are available at `now`; otherwise takes none.
    public mutating func tryTake(_ n: Int = 1, at now: SimInstant) -> Bool {
        precondition(n >= 0, "TokenBucket.tryTake: n must be >= 0, got \(n)")
        refill(to: now)
        guard n <= burst else { return false }
        let need = Int64(n) * unitsPerToken
        guard units >= need else { return false }
        units -= need
        return true
    }

    /// How long after `now` until `n` tokens are available (zero if they are now): rounded up to
    /// the nanosecond, so `tryTake(n, at: now + timeUntilAvailable(n, at: now))` succeeds.
    /// ``SimDuration/max`` if `n` exceeds the burst or the rate is zero.
    public func timeUntilAvailable(_ n: Int = 1, at now: SimInstant) -> SimDuration {
        precondition(n >= 0, "TokenBucket.timeUntilAvailable: n must be >= 0, got \(n)")
        guard n <= burst else { return .max }
        var copy = self
        copy.refill(to: now)
        let need = Int64(n) * unitsPerToken
        if copy.units >= need { return .zero }
        guard refillPerNanosecond > 0 else { return .max }
        let deficit = need - copy.units
        let wait = (deficit + refillPerNanosecond - 1) / refillPerNanosecond
        // The bucket's own clock may be ahead of `now` (it never moves backwards).
        return SimDuration(nanoseconds: wait) + (copy.updatedAt - now)
    }

    /// Brings the fill up to `now`. Earlier instants leave the bucket unchanged.
    public mutating func refill(to now: SimInstant) {
        guard now > updatedAt else { return }
        let elapsed = (now - updatedAt).nanoseconds
        updatedAt = now
        let room = capacityUnits - units
        guard room > 0, refillPerNanosecond > 0 else { return }
        // Compare before multiplying so long idle spans cannot overflow.
        if elapsed >= (room + refillPerNanosecond - 1) / refillPerNanosecond {
            units = capacityUnits
        } else {
            units += elapsed * refillPerNanosecond
        }
    }

    private static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
