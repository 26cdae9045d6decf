/// One row of an empirical percentile table: `value` is the `probability` quantile
/// (probability 0.99 is p99).
public struct QuantilePoint: Sendable, Equatable {
    /// The cumulative probability, in [0, 1].
    public var probability: Double
    /// The quantile at `probability`, ≥ 0, in the caller's unit.
    public var value: Double

    /// A table row.
    public init(probability: Double, value: Double) {
        self.probability = probability
        self.value = value
    }
}
