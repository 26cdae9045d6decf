import FaultlineKernel

/// A Lambda fault as the FIS extension applies it to one invocation (``FaultAction/lambdaEffect``).
///
/// https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html
enum LambdaFaultEffect: Sendable, Equatable {
    /// `aws:lambda:invocation-add-delay`.
    case addDelay(startupDelay: SimDuration, percentage: Double)
    /// `aws:lambda:invocation-error`.
    case error(percentage: Double, preventExecution: Bool)
    /// `aws:lambda:invocation-http-integration-response`.
    case httpResponse(status: UInt16, percentage: Double, preventExecution: Bool)
}
