import FaultlineCloud
import FaultlineDocument
import FaultlineKernel

extension ScenarioSpec {
    /// The one predefined metric of a Lambda provisioned concurrency scalable target.
    static let lambdaScalingMetric = "LambdaProvisionedConcurrencyUtilization"

    /// Builds a function's provisioned concurrency ``ScalingConfig`` and allocation time from
    /// `scaling:` (docs/scenario-format.md, "Scaling"); nil on errors (recorded in `doc`).
    ///
    /// Application Auto Scaling for Lambda: `MinCapacity` ≥ 1 (a provisioned concurrency
    /// configuration asks for at least 1), `MaxCapacity` ≤ the function's reserved concurrency
    /// when it has one, policies on `LambdaProvisionedConcurrencyUtilization` (0 to 1), and
    /// cooldowns that default to 0 s.
    static func validateProvisionedScaling(
        _ f: ScenarioFile.ScalingFile, function fn: ScenarioFile.FunctionFile, name: String,
        period: SimDuration, doc: DocumentReader
    ) -> (ScalingConfig, SimDuration, initial: Int)? {
        func at(_ l: Located<Int>, _ message: String, fix: String) { doc.error(path: l.path, location: l.location, message, fix: fix) }
        if f.instanceWarmup != nil {
            at(
                f.node, "instanceWarmup applies to EC2 Auto Scaling groups; a function's provisioned concurrency has an allocation time instead.",
                fix: "remove instanceWarmup; use allocationTime (default 60s) for how long Lambda takes before a new environment's Init")
            return nil
        }
        guard let lo = f.min, let hi = f.max else { return nil }
        guard lo >= 1 else {
            at(
                f.node, "scaling.min of provisioned concurrency must be at least 1 (a provisioned concurrency configuration asks for 1 or more).",
                fix: "set min: 1 or more")
            return nil
        }
        guard lo <= hi else {
            at(f.node, "scaling.min (\(lo)) is above scaling.max (\(hi)).", fix: "make min ≤ max")
            return nil
        }
        if let r = fn.reservedConcurrency, hi + (fn.prewarmed?.value ?? 0) > r.value {
            at(
                f.node,
                "scaling.max (\(hi)) plus prewarmed environments exceeds the function's reserved concurrency (\(r.value)); Lambda requires provisioned ≤ reserved.",
                fix: "lower scaling.max to \(max(0, r.value - (fn.prewarmed?.value ?? 0))) or raise reservedConcurrency")
            return nil
        }
        let initial = fn.provisionedConcurrency?.value ?? lo
        guard (lo...hi).contains(initial) else {
            let p = fn.provisionedConcurrency!
            doc.error(
                path: p.path, location: p.location, "the function starts with \(initial) provisioned concurrency, outside scaling [\(lo), \(hi)].",
                fix: "set min ≤ provisionedConcurrency ≤ max (or leave provisionedConcurrency out to start at min)")
            return nil
        }
        if period.nanoseconds <= 0 || ScalingConfig.datapointPeriod.nanoseconds % period.nanoseconds != 0 {
            at(
                f.node, "scaling policies read one-minute datapoints; the metrics period \(period) does not divide 60s.",
                fix: "use period: 60s, 30s, 20s, 15s, 10s ...")
            return nil
        }
        let allocation = f.allocationTime?.value ?? FunctionConfig.defaultAllocationTime
        if let a = f.allocationTime, a.value > .minutes(30) {
            doc.error(
                path: a.path, location: a.location, "allocationTime \(a.value) is beyond 30 minutes; Lambda allocates provisioned concurrency in minutes.",
                fix: "use a duration such as 60s (the default) up to 30m")
            return nil
        }
        var policies: [ScalingPolicy] = []
        var ok = true
        for p in f.policies {
            guard let m = p.metric else {
                ok = false
                continue
            }
            guard m.value == lambdaScalingMetric else {
                doc.error(
                    path: m.path, location: m.location, "'\(m.value)' is not a metric a function's provisioned concurrency can track.",
                    fix: "use \(lambdaScalingMetric) (provisioned concurrency in use / allocated, 0 to 1)")
                ok = false
                continue
            }
            let kind: ScalingPolicy.Kind
            switch p.kind {
            case .targetTracking:
                guard let target = p.target else {
                    ok = false
                    continue
                }
                guard target <= 1 else {
                    at(
                        p.node, "a target of \(formatNumber(target)) cannot be reached: \(lambdaScalingMetric) is a fraction from 0 to 1.",
                        fix: "use e.g. target: 0.7")
                    ok = false
                    continue
                }
                kind = .targetTracking(target: target, disableScaleIn: p.disableScaleIn ?? false)
            case .stepScaling:
                guard let step = stepScaling(p, period: period, exampleUpper: "0.2", doc: doc) else {
                    ok = false
                    continue
                }
                kind = .step(step)
            }
            policies.append(
                ScalingPolicy(
                    name: p.name, resource: name, metric: "ProvisionedConcurrencyUtilization", kind: kind,
                    scaleOutCooldown: p.scaleOutCooldown ?? .zero, scaleInCooldown: p.scaleInCooldown ?? .zero))
        }
        guard ok else { return nil }
        return (ScalingConfig(minCapacity: lo, maxCapacity: hi, instanceWarmup: .zero, policies: policies), allocation, initial)
    }
}
