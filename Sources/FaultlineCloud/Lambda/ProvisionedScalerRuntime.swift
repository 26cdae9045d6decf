import FaultlineKernel
import FaultlineMetrics

/// Application Auto Scaling of one function's provisioned concurrency at run time (scalable
/// dimension `lambda:function:ProvisionedConcurrency`): the requested, allocating and
/// allocated capacity, the policies' alarms, and the alias's provisioned concurrency series.
///
/// https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
/// https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-lambda.html
struct ProvisionedScalerRuntime: Sendable {
    let function: Int32
    /// The function's name: the resource of its series and of its scaling activities.
    let name: String
    let config: ScalingConfig
    /// `RequestedProvisionedConcurrentExecutions`: the scalable target's desired capacity.
    var requested: Int
    /// `AllocatedProvisionedConcurrentExecutions`: environments past their Init, taking invocations.
    var allocated: Int = 0
    /// Environments being allocated (slot, serial), oldest first.
    var pending: [(environment: Int32, serial: Int32)] = []
    /// Allocated environments serving an invocation now (`ProvisionedConcurrentExecutions`).
    var busy: Int = 0
    let allocationTime: Int64
    var policies: [PolicyRuntime]
    var lastScaleIn: Int64 = Int64.min / 2
    /// A request above the Region's unreserved room was cut: logged once until room returns.
    var capped = false
    let metrics: ProvisionedMetrics

    init(
        function: Int32, name: String, config: ScalingConfig, requested: Int, allocationTime: Int64, metricsPeriod: SimDuration, recorder: inout MetricsRecorder
    ) {
        self.function = function
        self.name = name
        self.config = config
        self.requested = requested
        self.allocationTime = allocationTime
        self.policies = config.policies.map { PolicyRuntime.make($0, statistic: "Maximum", metricsPeriod: metricsPeriod) }
        self.metrics = ProvisionedMetrics(
            utilization: recorder.gauge(name, "ProvisionedConcurrencyUtilization", unit: "None", scale: 1e-6),
            executions: recorder.gauge(name, "ProvisionedConcurrentExecutions"),
            spillover: recorder.counter(name, "ProvisionedConcurrencySpilloverInvocations"),
            allocated: recorder.gauge(name, "AllocatedProvisionedConcurrentExecutions"))
    }

    /// `ProvisionedConcurrencyUtilization` now, in millionths: provisioned in use over allocated
    /// (0 with none allocated). Its period `Maximum` is the minute's maximum CloudWatch reports.
    var utilizationMillionths: Int64 { allocated > 0 ? Int64(busy) * 1_000_000 / Int64(allocated) : 0 }
}

/// The alias's provisioned concurrency series (`AWS/Lambda`, dimension `Resource`
/// `<function>:<alias>`; here the function's name). `AllocatedProvisionedConcurrentExecutions` is
/// the `GetProvisionedConcurrencyConfig` field, shown as a series.
struct ProvisionedMetrics: Sendable {
    let utilization: GaugeID
    let executions: GaugeID
    let spillover: CounterID
    let allocated: GaugeID
}
