import FaultlineKernel
import FaultlineMetrics

/// What a scalable target's policies ask for after one closed metrics period: the one
/// computation behind every dynamic scaling in Faultline (EC2 Auto Scaling groups, ECS services,
/// Lambda provisioned concurrency), so they follow the same alarm rules (docs/compute-model.md).
struct ScalingDecision {
    /// The largest capacity a policy in ALARM asks for above the desired capacity.
    var out: (Int, String)?
    /// The largest capacity a policy asks for below the desired capacity.
    var scaleIn: (Int, String)?
    /// Every policy asks for less (scale-in needs them all to agree).
    var allIn = true
    /// At least one policy's alarm period completed this time.
    var anyEvaluated = false

    /// Folds the closed period's `rows` into each policy's alarms and proposes capacities from
    /// `basis` (the capacity the metric reflects) against `desired`.
    static func evaluate(_ policies: [ScalingPolicy], _ runtimes: inout [PolicyRuntime], rows: [TimelineRow], basis: Int, desired: Int) -> ScalingDecision {
        var d = ScalingDecision()
        for (p, policy) in policies.enumerated() {
            var pr = runtimes[p]
            let (complete, value) = pr.high.fold(rows)
            if let low = pr.low {
                var l = low
                _ = l.fold(rows)
                pr.low = l
            }
            guard complete else {
                runtimes[p] = pr
                d.allIn = false
                continue
            }
            d.anyEvaluated = true
            pr.value = value
            pr.high.state = World.scalingAlarmStep(&pr.high, value: value)
            if var low = pr.low {
                low.state = World.scalingAlarmStep(&low, value: value)
                pr.low = low
            }
            runtimes[p] = pr
            var wantsIn = false
            switch policy.kind {
            case .targetTracking(let target, let disableScaleIn):
                guard let v = value, target > 0 else {
                    d.allIn = false
                    continue
                }
                let proposal = Int((Double(basis) * v / target).rounded(.up))
                if pr.high.state == .alarm, proposal > desired { d.out = World.larger(d.out, (proposal, policy.name)) }
                if pr.low?.state == .alarm, !disableScaleIn, proposal < desired {
                    wantsIn = true
                    d.scaleIn = World.larger(d.scaleIn, (proposal, policy.name))
                }
            case .step(let st):
                guard pr.high.state == .alarm, let v = value, let step = st.step(for: v) else {
                    d.allIn = false
                    continue
                }
                let proposal = st.newCapacity(from: basis, step: step)
                if proposal > desired { d.out = World.larger(d.out, (proposal, policy.name)) }
                if proposal < desired {
                    wantsIn = true
                    d.scaleIn = World.larger(d.scaleIn, (proposal, policy.name))
                }
            }
            if !wantsIn { d.allIn = false }
        }
        return d
    }
}

extension PolicyRuntime {
    /// A policy's alarms: target tracking's managed high alarm (3 of 3 one-minute datapoints
    /// above the target) and low alarm (15 of 15 below 90 % of it), or a step policy's alarm.
    /// `statistic`: how the tracked series is read (`Average`; `Maximum` for Lambda's
    /// provisioned concurrency utilisation, whose one-minute value is the minute's maximum).
    static func make(_ p: ScalingPolicy, statistic: String, metricsPeriod: SimDuration) -> PolicyRuntime {
        func runtime(_ c: AlarmConfig) -> AlarmRuntime {
            AlarmRuntime(config: c, subPeriods: max(1, Int(c.period.nanoseconds / metricsPeriod.nanoseconds)))
        }
        switch p.kind {
        case .targetTracking(let target, _):
            let high = AlarmConfig(
                name: "TargetTracking-\(p.name)-AlarmHigh", resource: p.resource, metric: p.metric, statistic: statistic,
                period: ScalingConfig.datapointPeriod, threshold: target, comparison: .greaterThanThreshold,
                evaluationPeriods: ScalingConfig.highEvaluationPeriods)
            let low = AlarmConfig(
                name: "TargetTracking-\(p.name)-AlarmLow", resource: p.resource, metric: p.metric, statistic: statistic,
                period: ScalingConfig.datapointPeriod, threshold: target * ScalingConfig.lowThresholdShare,
                comparison: .lessThanThreshold, evaluationPeriods: ScalingConfig.lowEvaluationPeriods)
            return PolicyRuntime(high: runtime(high), low: runtime(low))
        case .step(let st):
            let a = AlarmConfig(
                name: "\(p.name)-alarm", resource: p.resource, metric: p.metric, statistic: statistic, period: st.period,
                threshold: st.threshold, comparison: st.comparison, evaluationPeriods: st.evaluationPeriods)
            return PolicyRuntime(high: runtime(a), low: nil)
        }
    }
}
