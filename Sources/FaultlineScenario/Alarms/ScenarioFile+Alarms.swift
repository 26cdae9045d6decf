import FaultlineCloud
import FaultlineDocument
import FaultlineKernel

extension ScenarioFile {
    /// An `alarms:` entry: a simulated CloudWatch metric alarm.
    public struct AlarmFile: Sendable {
        public var name: Located<String>
        public var period: Located<SimDuration>
        public var config: AlarmConfig
    }

    static let alarmStatistics = ["Sum", "Average", "Minimum", "Maximum", "SampleCount", "p50", "p90", "p99"]

    static func readAlarm(_ item: DocumentNode, doc: DocumentReader) -> AlarmFile? {
        guard let m = doc.mapping(item, what: "an alarm { name, resource, metric, statistic, period, threshold, comparison }") else { return nil }
        defer { m.finish() }
        let nameNode = m.required("name")
        let name = nameNode.flatMap { n in doc.string(n).map { Located(value: $0, path: n.path, location: n.location) } }
        let resource = m.required("resource", fix: "the service whose metric the alarm watches, e.g. resource: checkout").flatMap { doc.string($0) }
        let metric = m.required("metric", fix: "a metric the timeline records for it, e.g. metric: Errors").flatMap { doc.string($0) }
        let statistic = m.required("statistic", fix: "e.g. statistic: Sum").flatMap { doc.choice($0, alarmStatistics) }
        let periodNode = m.required("period", fix: "10s, 20s, 30s or a multiple of 60s, e.g. period: 60s")
        var period = periodNode.flatMap { doc.duration($0, allowZero: false) }
        if let p = period, let n = periodNode {
            let s = p.nanoseconds
            let ok = s == 10_000_000_000 || s == 20_000_000_000 || s == 30_000_000_000 || (s > 0 && s % 60_000_000_000 == 0)
            if !ok {
                doc.error(n, "the alarm period \(p) is not one CloudWatch allows.", fix: "use 10s, 20s, 30s or a multiple of 60s")
                period = nil
            }
        }
        let threshold = m.required("threshold").flatMap { doc.double($0) }
        let comparison = m.required("comparison", fix: "e.g. comparison: GreaterThanThreshold")
            .flatMap { doc.choice($0, AlarmComparison.allCases.map(\.rawValue)) }.flatMap(AlarmComparison.init(rawValue:))
        let n = m.optional("evaluationPeriods").flatMap { doc.int($0, in: 1...1_000, rangeText: "a whole number from 1 to 1000") } ?? 1
        let dNode = m.optional("datapointsToAlarm")
        var d = dNode.flatMap { doc.int($0, in: 1...1_000, rangeText: "a whole number from 1 to 1000") } ?? n
        if d > n, let dNode {
            doc.error(dNode, "datapointsToAlarm (\(d)) is more than evaluationPeriods (\(n)).", fix: "give at most \(n)")
            d = n
        }
        let treat =
            m.optional("treatMissingData").flatMap { doc.choice($0, TreatMissingData.allCases.map(\.rawValue)) }
            .flatMap(TreatMissingData.init(rawValue:)) ?? .missing
        guard let name, let resource, let metric, let statistic, let period, let periodNode, let threshold, let comparison else { return nil }
        return AlarmFile(
            name: name, period: Located(value: period, path: periodNode.path, location: periodNode.location),
            config: AlarmConfig(
                name: name.value, resource: resource, metric: metric, statistic: statistic, period: period,
                threshold: threshold, comparison: comparison, evaluationPeriods: n, datapointsToAlarm: d,
                treatMissingData: treat))
    }
}

extension ScenarioSpec {
    /// `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`.
    public static func alarmARN(_ name: String, region: String, account: String) -> String {
        "arn:aws:cloudwatch:\(region):\(account):alarm:\(name)"
    }

    /// Checks alarms against the scenario (unique names, period vs the metrics period); returns
    /// the alarms and their ARNs (region: the watched service's, else the first region).
    static func validateAlarms(_ files: [ScenarioFile.AlarmFile], model: ModelConfig, account: String, doc: DocumentReader) -> (
        alarms: [AlarmConfig], arns: [String]
    ) {
        var names: Set<String> = []
        var alarms: [AlarmConfig] = []
        var arns: [String] = []
        for a in files {
            if !names.insert(a.name.value).inserted {
                doc.error(path: a.name.path, location: a.name.location, "the alarm '\(a.name.value)' is defined twice.", fix: "give every alarm a unique name")
            }
            let p = model.period.nanoseconds
            if p > 0, a.period.value.nanoseconds % p != 0 {
                doc.error(
                    path: a.period.path, location: a.period.location,
                    "the alarm period \(a.period.value) is not a multiple of the scenario's metrics period \(model.period).",
                    fix: "alarms are evaluated from the recorded periods: use a multiple of \(model.period)")
            } else if a.config.statistic.hasPrefix("p"), a.period.value != model.period {
                doc.error(
                    path: a.period.path, location: a.period.location,
                    "a percentile alarm needs its period to equal the metrics period (\(model.period)).", fix: "period: \(model.period)")
            }
            let service = model.services.first { $0.name == a.config.resource }
            let region =
                service.flatMap { $0.azs.first }.map { model.topology.regions[Int(model.topology.azs[Int($0.index)].region.index)].name }
                ?? model.topology.regions.first?.name ?? "us-east-1"
            alarms.append(a.config)
            arns.append(alarmARN(a.config.name, region: region, account: account))
        }
        return (alarms, arns)
    }
}
