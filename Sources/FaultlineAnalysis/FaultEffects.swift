import FaultlineCloud
import FaultlineScenario

/// When each fault's effects ended, from what the run recorded (the facts `faults.json` and
/// `summary.json` give), in seconds from the start of the run:
///
/// - Lambda faults (the FIS extension, `aws:lambda:invocation-*`): the last injection or the last
///   poll that found the configuration gone, over every execution environment. The extension
///   keeps injecting until its next poll after the action ends.
/// - Compute faults (EC2, ECS, EKS): the last host change the fault caused, directly or by
///   consequence (a replacement launched, an instance healthy again, the stress ended).
/// - Database failovers and reboots (`aws:rds:failover-db-cluster`, `aws:rds:reboot-db-instances`):
///   when every write pool was connected again, or failing that the last step recorded (DNS
///   updated, instance up, writer promoted). The FIS action itself completes within a second.
/// Other faults (network, API, latency) end with their action: they have no entry here and
/// the window ends with the experiment's final state (or, for `faults:`, the fault's end).
struct FaultEffects {
    private var ends: [String: Double] = [:]

    init(_ run: ScenarioRun) {
        let faults = run.spec.model.faults
        func extend(_ name: String, _ t: Double?) {
            guard let t else { return }
            ends[name] = max(ends[name] ?? t, t)
        }
        for r in run.result.faults {
            extend(r.name, r.lastInjected)
            extend(r.name, r.environments.compactMap(\.clearedAt).max())
        }
        for c in run.result.hostChanges where c.fault >= 0 && Int(c.fault) < faults.count {
            extend(faults[Int(c.fault)].name, c.at.seconds)
        }
        for d in run.result.databases {
            for e in d.events {
                let last = e.clientsReconnected ?? [e.dnsUpdated, e.up, e.promoted, e.down].compactMap { $0 }.max()
                extend(e.cause, (last ?? e.requested).seconds)
            }
        }
    }

    /// The end of the recorded effects of the fault named `name` (a `model.faults` name), nil if none were recorded.
    func end(of name: String) -> Double? { ends[name] }
}
