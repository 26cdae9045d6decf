/// What a scenario run does with a template action the model cannot replay: `fail` (the
/// default: an error naming the action and the supported ones) or `skip` (the action is marked
/// `skipped` in experiment.json, with a warning naming it; the actions that `startAfter` it start
/// at once, as in FIS after a skipped action).
public enum UnsupportedActions: String, Sendable, CaseIterable {
    case skip
    case fail
}

extension ExperimentSpec {
    /// True when a scenario run replays `actionId` (a model fault, or `aws:fis:wait`).
    public static func replays(_ actionId: String) -> Bool {
        actionId == "aws:fis:wait" || FaultParameters.actions[actionId] != nil
    }
}
