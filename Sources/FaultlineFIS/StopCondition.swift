/// One entry of a template's `stopConditions`.
public struct StopCondition: Sendable, Equatable {
    /// `none` or `aws:cloudwatch:alarm` (anything else is kept as written and reported).
    public var source: String
    /// The alarm ARN for `aws:cloudwatch:alarm`.
    public var value: String?

    public init(source: String, value: String? = nil) {
        self.source = source
        self.value = value
    }

    public static let noneSource = "none"
    public static let alarmSource = "aws:cloudwatch:alarm"

    /// True when the condition watches a CloudWatch alarm.
    public var isAlarm: Bool { source == Self.alarmSource }
}
