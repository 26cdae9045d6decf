import FaultlineCloud
import FaultlineScenario

extension Report {
    /// Scaling activities of Auto Scaling groups and ECS services (the same list as
    /// `summary.json`'s `scaling_activities`), like `DescribeScalingActivities`.
    func scalingSection() -> String {
        let acts = run.result.scalingActivities
        guard !acts.isEmpty else { return "" }
        var out = "<section id=\"scaling\">\n<h2>Scaling activities</h2>\n<table>\n"
        out += "<tr><th>time (s)</th><th>group</th><th>policy</th><th>desired</th><th>cause</th></tr>\n"
        for a in acts {
            out += "<tr><td>\(Self.n(a.at.seconds))</td><td>\(Self.escape(a.group))</td><td>\(Self.escape(a.policy.isEmpty ? "-" : a.policy))</td>"
            out += "<td>\(a.from) → \(a.to)</td><td>\(Self.escape(a.cause))</td></tr>\n"
        }
        return out + "</table>\n</section>\n"
    }
}
