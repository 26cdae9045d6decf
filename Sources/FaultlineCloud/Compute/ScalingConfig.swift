import FaultlineKernel

/// The scalable capacity of a service's hosts and its dynamic scaling policies: an EC2 Auto
/// Scaling group (`MinSize`, `MaxSize`, `DesiredCapacity`, `DefaultInstanceWarmup`) or an
/// Application Auto Scaling scalable target of an ECS service (`MinCapacity`, `MaxCapacity`,
/// the service's `desiredCount`).
///
/// https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html
/// https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
public struct ScalingConfig: Sendable {
    public var minCapacity: Int
    public var maxCapacity: Int
    /// EC2: how long after an instance is InService its metrics join the group's aggregate and
    /// it stops counting as warming (`DefaultInstanceWarmup`; unset in AWS: the default
    /// cooldown, 300 s). ECS tasks have no warm-up: 0.
    public var instanceWarmup: SimDuration
    public var policies: [ScalingPolicy]

    public init(minCapacity: Int, maxCapacity: Int, instanceWarmup: SimDuration, policies: [ScalingPolicy]) {
        self.minCapacity = minCapacity
        self.maxCapacity = maxCapacity
        self.instanceWarmup = instanceWarmup
        self.policies = policies
    }

    /// `DefaultCooldown` of an Auto Scaling group (the warm-up when `DefaultInstanceWarmup` is not set).
    public static let defaultCooldown = SimDuration.seconds(300)
    /// The Application Auto Scaling cooldowns' default for ECS services (scale-out and scale-in).
    public static let ecsCooldown = SimDuration.seconds(300)
    /// Every alarm a scaling policy uses evaluates one-minute datapoints (the managed alarms of
    /// target tracking; step-scaling alarms in the scenario may use any multiple).
    public static let datapointPeriod = SimDuration.seconds(60)
    /// Target tracking's managed alarms: scale out after 3 datapoints above the target (of 3),
    /// scale in after 15 below 90 % of it (of 15), as the alarms it creates show in CloudWatch.
    public static let highEvaluationPeriods = 3
    public static let lowEvaluationPeriods = 15
    public static let lowThresholdShare = 0.9
}

/// One scaling policy (`PutScalingPolicy`).
public struct ScalingPolicy: Sendable {
    public enum Kind: Sendable {
        /// `TargetTrackingScaling`: keep `metric` near `target`.
        case targetTracking(target: Double, disableScaleIn: Bool)
        /// `StepScaling`: an alarm on `metric` (Average over `period`, `evaluationPeriods`
        /// datapoints) whose breach size picks a step adjustment.
        case step(StepScaling)
    }

    /// The policy's name (scaling activities name it).
    public var name: String
    /// The series it reads: a recorded (resource, metric), statistic Average.
    public var resource: String
    public var metric: String
    public var kind: Kind
    /// Application Auto Scaling (ECS): the cooldowns. EC2 Auto Scaling: unused (instance warm-up).
    public var scaleOutCooldown: SimDuration
    public var scaleInCooldown: SimDuration

    public init(name: String, resource: String, metric: String, kind: Kind, scaleOutCooldown: SimDuration, scaleInCooldown: SimDuration) {
        self.name = name
        self.resource = resource
        self.metric = metric
        self.kind = kind
        self.scaleOutCooldown = scaleOutCooldown
        self.scaleInCooldown = scaleInCooldown
    }
}

/// A step scaling policy's alarm and adjustments.
public struct StepScaling: Sendable {
    public enum AdjustmentType: String, Sendable, CaseIterable {
        case changeInCapacity = "ChangeInCapacity"
        case percentChangeInCapacity = "PercentChangeInCapacity"
        case exactCapacity = "ExactCapacity"
    }

    /// `StepAdjustment`: bounds relative to the alarm threshold (nil: unbounded), `[lower, upper)`.
    public struct Step: Sendable, Equatable {
        public var lower: Double?
        public var upper: Double?
        public var adjustment: Int
        public init(lower: Double?, upper: Double?, adjustment: Int) {
            self.lower = lower
            self.upper = upper
            self.adjustment = adjustment
        }
    }

    public var threshold: Double
    public var comparison: AlarmComparison
    public var evaluationPeriods: Int
    public var period: SimDuration
    public var adjustmentType: AdjustmentType
    public var steps: [Step]
    /// `MinAdjustmentMagnitude` (PercentChangeInCapacity only).
    public var minAdjustmentMagnitude: Int

    public init(
        threshold: Double, comparison: AlarmComparison, evaluationPeriods: Int, period: SimDuration, adjustmentType: AdjustmentType,
        steps: [Step], minAdjustmentMagnitude: Int = 1
    ) {
        self.threshold = threshold
        self.comparison = comparison
        self.evaluationPeriods = evaluationPeriods
        self.period = period
        self.adjustmentType = adjustmentType
        self.steps = steps
        self.minAdjustmentMagnitude = minAdjustmentMagnitude
    }

    /// The adjustment for a datapoint `value`: the step containing `value - threshold`, or nil.
    public func step(for value: Double) -> Step? {
        let breach = value - threshold
        return steps.first { s in (s.lower.map { breach >= $0 } ?? true) && (s.upper.map { breach < $0 } ?? true) }
    }

    /// The capacity after the step adjustment from `capacity`, as Auto Scaling computes it:
    /// PercentChangeInCapacity rounds toward zero for magnitudes above 1, away below, and adds
    /// at least `minAdjustmentMagnitude`.
    public func newCapacity(from capacity: Int, step: Step) -> Int {
        switch adjustmentType {
        case .changeInCapacity: return capacity + step.adjustment
        case .exactCapacity: return step.adjustment
        case .percentChangeInCapacity:
            let raw = Double(capacity) * Double(step.adjustment) / 100
            var change = abs(raw) < 1 ? (raw > 0 ? 1 : (raw < 0 ? -1 : 0)) : Int(raw.rounded(.towardZero))
            if change != 0, abs(change) < minAdjustmentMagnitude { change = change > 0 ? minAdjustmentMagnitude : -minAdjustmentMagnitude }
            return capacity + change
        }
    }
}

/// One scaling activity (`DescribeScalingActivities`): a change of the desired capacity, or
/// an instance/task launch or termination it causes.
public struct ScalingActivity: Sendable, Equatable {
    public var at: SimInstant
    /// The group: `<service>-asg` (EC2) or the ECS service's name.
    public var group: String
    /// The policy that caused it, or "" (health replacement).
    public var policy: String
    public var from: Int
    public var to: Int
    /// Why, in the words of the activity's `Cause`.
    public var cause: String
}
