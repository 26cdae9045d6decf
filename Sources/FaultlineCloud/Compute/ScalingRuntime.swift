import FaultlineKernel
import FaultlineMetrics

/// A service's hosts as one capacity group at run time: an EC2 Auto Scaling group
/// (`<service>-asg`) or an ECS service. It aggregates its hosts' CPU as CloudWatch does for the
/// group dimension, and, with ``ScalingConfig``, keeps `desired` hosts active.
struct GroupRuntime: Sendable {
    let service: Int32
    /// `<service>-asg` or the ECS service's name: its resource in the timeline.
    let name: String
    let isEC2: Bool
    let scaling: ScalingConfig?
    /// Its hosts (slots), AZ by AZ.
    let hosts: [Int32]
    var desired: Int
    /// CPU (ppm) summed over the contributing hosts, and how many contribute.
    var cpuSum: Int64 = 0
    var contributors: Int64 = 0
    var policies: [PolicyRuntime] = []
    var lastScaleIn: Int64 = Int64.min / 2
    var lastScaleOut: Int64 = Int64.min / 2
    /// A launch could not be placed (every AZ failing): logged once until one succeeds.
    var launchBlocked = false
    var reconcileArmed = false
    let metrics: GroupMetrics
}

/// The group's series: `CPUUtilization` (Average over the group's warmed-up instances, or the
/// ECS service's tasks), ECS `MemoryUtilization`, and the capacity gauges
/// (`GroupDesiredCapacity`/`GroupInServiceInstances` of `AWS/AutoScaling`, or
/// `DesiredTaskCount`/`RunningTaskCount` of `ECS/ContainerInsights`).
struct GroupMetrics: Sendable {
    let cpu: GaugeID
    let memory: GaugeID?
    let desired: GaugeID
    let inService: GaugeID
}

/// A policy's alarms at run time: target tracking's managed high and low alarms, or a step
/// policy's one alarm (`high`).
struct PolicyRuntime: Sendable {
    var high: AlarmRuntime
    var low: AlarmRuntime?
    /// The newest datapoint of the policy's metric.
    var value: Double?
}
