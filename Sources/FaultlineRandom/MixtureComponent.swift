/// One weighted component of a ``Distribution/mixture(_:)``.
public struct MixtureComponent: Sendable, Equatable {
    /// The relative weight, finite and > 0; weights are normalised by their sum.
    public var weight: Double
    /// The component distribution (may itself be a mixture).
    public var distribution: Distribution

    /// A weighted component.
    public init(weight: Double, distribution: Distribution) {
        self.weight = weight
        self.distribution = distribution
    }
}
