import FaultlineKernel

/// `AWS::FIS::ExperimentTemplate`: the resource with every `Ref`/`Fn::GetAtt` resolved against
/// the imported inventory, written as `{Type, Properties}` and replayed unchanged by the
/// scenario's `experiments:` (the FIS template reader accepts CloudFormation's property names).
extension Importer {
    mutating func mapExperiment(_ r: ResolvedResource) throws {
        let p = r.properties
        // A stop condition must name an alarm the scenario has; otherwise the template cannot replay unchanged.
        for sc in p["StopConditions"]?.list ?? [] where sc["Source"]?.text == "aws:cloudwatch:alarm" {
            let arn = sc["Value"]?.text ?? ""
            if !system.alarms.contains(where: { arn == "arn:aws:cloudwatch:\(system.region):\(system.account):alarm:\($0.name)" }) {
                system.unmodelledStopConditions.append((r.origin, arn))
                system.notModelled.append(
                    .init(
                        origin: r.origin,
                        reason: "its stop condition \(arn) is not an alarm the simulator models, so the template cannot replay unchanged (see the lint)"))
                return
            }
        }
        var durations: [String: Int] = [:], after: [String: [String]] = [:]
        for (name, action) in p["Actions"]?.entries ?? [] {
            let d = action["Parameters"]?["duration"]?.text ?? action["Parameters"]?["startInstancesAfterDuration"]?.text
            durations[name] = d.flatMap { try? SimDuration.parse($0) }.map { Int($0.nanoseconds / 1_000_000_000) } ?? 1
            after[name] = (action["StartAfter"]?.list ?? []).compactMap(\.text)
        }
        // The longest chain of startAfter, iteratively (no recursion on input-driven graphs).
        var end: [String: Int] = [:]
        for _ in 0...durations.count {
            for (name, d) in durations.sorted(by: { $0.key < $1.key }) {
                let start = (after[name] ?? []).map { end[$0] ?? 0 }.max() ?? 0
                end[name] = start + d
            }
        }
        let length = end.values.max() ?? 60
        let dashboards = (p["ExperimentReportConfiguration"]?["DataSources"]?["CloudWatchDashboards"]?.list ?? []).compactMap {
            $0["DashboardIdentifier"]?.text
        }
        system.experiments.append(
            .init(
                origin: r.origin, name: r.logicalID, template: .map([("Type", .string(r.type)), ("Properties", p)]),
                lengthSeconds: length, dashboards: dashboards))
    }
}
