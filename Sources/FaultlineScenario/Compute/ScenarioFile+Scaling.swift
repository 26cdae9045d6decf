import FaultlineCloud
import FaultlineDocument
import FaultlineKernel

extension ScenarioFile {
    /// A service's `scaling:` as written (docs/scenario-format.md, "Scaling").
    public struct ScalingFile: Sendable {
        public var node: Located<Int>
        public var min: Int?
        public var max: Int?
        public var instanceWarmup: SimDuration?
        /// Lambda provisioned concurrency only: how long an allocation takes before Init.
        public var allocationTime: Located<SimDuration>?
        public var policies: [ScalingPolicyFile] = []
    }

    public struct ScalingPolicyFile: Sendable {
        public enum Kind: Sendable { case targetTracking, stepScaling }
        public var node: Located<Int>
        public var name: String
        public var kind: Kind
        public var metric: Located<String>?
        public var target: Double?
        public var disableScaleIn: Bool?
        public var scaleOutCooldown: SimDuration?
        public var scaleInCooldown: SimDuration?
        public var threshold: Double?
        public var comparison: AlarmComparison?
        public var evaluationPeriods: Int?
        public var period: Located<SimDuration>?
        public var adjustmentType: StepScaling.AdjustmentType?
        public var steps: [StepScaling.Step] = []
        public var minAdjustmentMagnitude: Int?
    }

    /// Most policies on one group, and most steps in one step policy.
    public static let maxScalingPolicies = 10
    public static let maxScalingSteps = 20

    /// Reads `scaling: { min, max, instanceWarmup | allocationTime, policies: [...] }`.
    static func readScaling(_ n: DocumentNode, doc: DocumentReader) -> ScalingFile? {
        guard let m = doc.mapping(n, what: "scaling { min, max, instanceWarmup (hosts) or allocationTime (functions), policies }") else { return nil }
        defer { m.finish() }
        var f = ScalingFile(node: Located(value: 0, path: n.path, location: n.location))
        f.min = m.required("min", fix: "the group's minimum capacity, e.g. min: 3").flatMap {
            doc.int($0, in: 0...1_000, rangeText: "a whole number from 0 to 1000")
        }
        f.max = m.required("max", fix: "the group's maximum capacity, e.g. max: 12").flatMap {
            doc.int($0, in: 1...1_000, rangeText: "a whole number from 1 to 1000")
        }
        f.instanceWarmup = m.optional("instanceWarmup").flatMap { doc.duration($0) }
        f.allocationTime = m.optional("allocationTime").flatMap { node in
            doc.duration(node).map { Located(value: $0, path: node.path, location: node.location) }
        }
        guard let ps = m.optional("policies") else { return f }
        guard let items = doc.sequence(ps, what: "a list of scaling policies") else { return f }
        if items.count > maxScalingPolicies {
            doc.error(ps, "a group can have at most \(maxScalingPolicies) scaling policies; this one has \(items.count).", fix: "keep the policies that matter")
            return f
        }
        for (i, item) in items.enumerated() {
            guard let pm = doc.mapping(item, what: "a scaling policy { name, targetTracking | stepScaling }") else { continue }
            let name = pm.optional("name").flatMap(doc.string) ?? "policy-\(i + 1)"
            let tt = pm.optional("targetTracking"), ss = pm.optional("stepScaling")
            pm.finish()
            guard (tt == nil) != (ss == nil), let body = tt ?? ss else {
                doc.error(
                    item, "a scaling policy has exactly one of targetTracking: or stepScaling:.",
                    fix: "e.g. targetTracking: { metric: ASGAverageCPUUtilization, target: 50 }")
                continue
            }
            var p = ScalingPolicyFile(
                node: Located(value: i, path: item.path, location: item.location), name: name, kind: tt != nil ? .targetTracking : .stepScaling)
            guard
                let bm = doc.mapping(
                    body,
                    what: tt != nil
                        ? "targetTracking { metric, target, disableScaleIn, scaleOutCooldown, scaleInCooldown }"
                        : "stepScaling { metric, threshold, comparison, evaluationPeriods, period, adjustmentType, steps, ... }")
            else { continue }
            p.metric = bm.required("metric", fix: "ASGAverageCPUUtilization (EC2), ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization (ECS)")
                .flatMap { node in doc.string(node).map { Located(value: $0, path: node.path, location: node.location) } }
            p.scaleOutCooldown = bm.optional("scaleOutCooldown").flatMap { doc.duration($0) }
            p.scaleInCooldown = bm.optional("scaleInCooldown").flatMap { doc.duration($0) }
            if tt != nil {
                p.target = bm.required("target", fix: "the value to keep the metric at, e.g. target: 50").flatMap {
                    doc.double($0, in: 0.001...1e9, rangeText: "a number above 0")
                }
                p.disableScaleIn = bm.optional("disableScaleIn").flatMap(doc.bool)
            } else {
                p.threshold = bm.required("threshold", fix: "the alarm's threshold, e.g. threshold: 70").flatMap { doc.double($0) }
                p.comparison = bm.optional("comparison").flatMap { doc.choice($0, AlarmComparison.allCases.map(\.rawValue)) }.flatMap(
                    AlarmComparison.init(rawValue:))
                p.evaluationPeriods = bm.optional("evaluationPeriods").flatMap { doc.int($0, in: 1...100, rangeText: "a whole number from 1 to 100") }
                p.period = bm.optional("period").flatMap { node in
                    doc.duration(node, allowZero: false).map { Located(value: $0, path: node.path, location: node.location) }
                }
                p.adjustmentType = bm.optional("adjustmentType").flatMap { doc.choice($0, StepScaling.AdjustmentType.allCases.map(\.rawValue)) }
                    .flatMap(StepScaling.AdjustmentType.init(rawValue:))
                p.minAdjustmentMagnitude = bm.optional("minAdjustmentMagnitude").flatMap {
                    doc.int($0, in: 1...1_000, rangeText: "a whole number from 1 to 1000")
                }
                if let sn = bm.required("steps", fix: "e.g. steps: [ { lower: 0, upper: 20, change: 1 }, { lower: 20, change: 3 } ]"),
                    let steps = doc.sequence(sn, what: "a list of steps { lower, upper, change }")
                {
                    if steps.count > maxScalingSteps {
                        doc.error(sn, "a step policy can have at most \(maxScalingSteps) steps; this one has \(steps.count).", fix: "merge steps")
                    } else {
                        for st in steps {
                            guard let sm = doc.mapping(st, what: "a step { lower, upper, change }") else { continue }
                            let lower = sm.optional("lower").flatMap { doc.double($0) }
                            let upper = sm.optional("upper").flatMap { doc.double($0) }
                            let change = sm.required("change", fix: "the capacity change, e.g. change: 2 (or -1 to scale in)").flatMap {
                                doc.int($0, in: -1_000...1_000, rangeText: "a whole number from -1000 to 1000")
                            }
                            sm.finish()
                            if let l = lower, let u = upper, l >= u {
                                doc.error(st, "a step's lower bound (\(formatNumber(l))) must be below its upper bound (\(formatNumber(u))).", fix: "swap them")
                                continue
                            }
                            if let change { p.steps.append(StepScaling.Step(lower: lower, upper: upper, adjustment: change)) }
                        }
                    }
                }
            }
            bm.finish()
            f.policies.append(p)
        }
        return f
    }
}

extension ScenarioSpec {
    /// The predefined metrics a policy may track: (host type, resource suffix, metric).
    static func predefinedScalingMetric(_ name: String, type: HostsConfig.HostType, service: String) -> (resource: String, metric: String)? {
        switch (name, type) {
        case ("ASGAverageCPUUtilization", .ec2Instance): return ("\(service)-asg", "CPUUtilization")
        case ("ECSServiceAverageCPUUtilization", .ecsTask): return (service, "CPUUtilization")
        case ("ECSServiceAverageMemoryUtilization", .ecsTask): return (service, "MemoryUtilization")
        default: return nil
        }
    }

    /// A step scaling policy of any scalable target (Auto Scaling group, ECS service, Lambda
    /// provisioned concurrency): its alarm period a multiple of the metrics period, at most one
    /// open-ended step each way; nil on errors (recorded in `doc`; a missing threshold or steps
    /// was reported when the policy was read). `exampleUpper` is a bound in the metric's unit.
    static func stepScaling(_ p: ScenarioFile.ScalingPolicyFile, period: SimDuration, exampleUpper: String, doc: DocumentReader) -> StepScaling? {
        guard let threshold = p.threshold, !p.steps.isEmpty else { return nil }
        let stepPeriod = p.period?.value ?? ScalingConfig.datapointPeriod
        if stepPeriod.nanoseconds % period.nanoseconds != 0, let pl = p.period {
            doc.error(
                path: pl.path, location: pl.location, "the alarm period \(stepPeriod) is not a multiple of the metrics period \(period).",
                fix: "use e.g. period: 60s")
            return nil
        }
        if p.steps.filter({ $0.lower == nil }).count > 1 || p.steps.filter({ $0.upper == nil }).count > 1 {
            doc.error(
                path: p.node.path, location: p.node.location, "at most one step may have no lower bound and one no upper bound.",
                fix: "give the bounds, e.g. { lower: 0, upper: \(exampleUpper), change: 1 }")
            return nil
        }
        return StepScaling(
            threshold: threshold, comparison: p.comparison ?? .greaterThanOrEqualToThreshold, evaluationPeriods: p.evaluationPeriods ?? 1,
            period: stepPeriod, adjustmentType: p.adjustmentType ?? .changeInCapacity, steps: p.steps,
            minAdjustmentMagnitude: p.minAdjustmentMagnitude ?? 1)
    }

    /// Builds a group's ``ScalingConfig``; nil on errors (recorded in `doc`).
    static func validateScaling(
        _ f: ScenarioFile.ScalingFile, type: HostsConfig.HostType, hasAutoScaling: Bool, initial: Int, service: String,
        period: SimDuration, doc: DocumentReader
    ) -> ScalingConfig? {
        func at(_ l: Located<Int>, _ message: String, fix: String) { doc.error(path: l.path, location: l.location, message, fix: fix) }
        switch type {
        case .eksPod:
            at(
                f.node, "scaling applies to EC2 instances in an Auto Scaling group and to ECS tasks; eks-pod hosts are not scaled by Faultline.",
                fix: "remove scaling, or model the pods' nodes as ec2-instance hosts")
            return nil
        case .ec2Instance where !hasAutoScaling:
            at(f.node, "scaling an EC2 service needs its Auto Scaling group.", fix: "add autoScaling: {} to the service")
            return nil
        case .ec2Instance, .ecsTask: break
        }
        if let a = f.allocationTime {
            doc.error(
                path: a.path, location: a.location, "allocationTime applies to a Lambda function's provisioned concurrency, not to hosts.",
                fix: "remove allocationTime; hosts take their launch and boot times from the service")
            return nil
        }
        guard let lo = f.min, let hi = f.max else { return nil }
        guard lo <= hi else {
            at(f.node, "scaling.min (\(lo)) is above scaling.max (\(hi)).", fix: "make min ≤ max")
            return nil
        }
        guard (lo...hi).contains(initial) else {
            at(
                f.node, "the service starts with \(initial) hosts (hosts.perAZ × its AZs), outside scaling [\(lo), \(hi)].",
                fix: "set min ≤ \(initial) ≤ max, or change hosts.perAZ")
            return nil
        }
        if period.nanoseconds <= 0 || ScalingConfig.datapointPeriod.nanoseconds % period.nanoseconds != 0 {
            at(
                f.node, "scaling policies read one-minute datapoints; the metrics period \(period) does not divide 60s.",
                fix: "use period: 60s, 30s, 20s, 15s, 10s ...")
            return nil
        }
        let ecs = type == .ecsTask
        var policies: [ScalingPolicy] = []
        var ok = true
        for p in f.policies {
            guard let m = p.metric else {
                ok = false
                continue
            }
            guard let (resource, metric) = predefinedScalingMetric(m.value, type: type, service: service) else {
                let names = ecs ? "ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization" : "ASGAverageCPUUtilization"
                doc.error(
                    path: m.path, location: m.location, "'\(m.value)' is not a metric a \(type.rawValue) group's policy can track here.",
                    fix: "use \(names)")
                ok = false
                continue
            }
            let cooldownDefault = ecs ? ScalingConfig.ecsCooldown : .zero
            let kind: ScalingPolicy.Kind
            switch p.kind {
            case .targetTracking:
                guard let target = p.target else {
                    ok = false
                    continue
                }
                kind = .targetTracking(target: target, disableScaleIn: p.disableScaleIn ?? false)
            case .stepScaling:
                guard let step = stepScaling(p, period: period, exampleUpper: "20", doc: doc) else {
                    ok = false
                    continue
                }
                kind = .step(step)
            }
            policies.append(
                ScalingPolicy(
                    name: p.name, resource: resource, metric: metric, kind: kind,
                    scaleOutCooldown: p.scaleOutCooldown ?? cooldownDefault, scaleInCooldown: p.scaleInCooldown ?? cooldownDefault))
        }
        guard ok else { return nil }
        return ScalingConfig(
            minCapacity: lo, maxCapacity: hi, instanceWarmup: ecs ? .zero : (f.instanceWarmup ?? ScalingConfig.defaultCooldown), policies: policies)
    }
}
