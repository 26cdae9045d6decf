/// `logConfiguration`: where FIS writes experiment logs.
public struct LogConfiguration: Sendable, Equatable {
    public var logSchemaVersion: Int?
    public var cloudWatchLogGroupArn: String?
    public var s3BucketName: String?
    public var s3Prefix: String?

    public init(logSchemaVersion: Int? = nil, cloudWatchLogGroupArn: String? = nil, s3BucketName: String? = nil, s3Prefix: String? = nil) {
        self.logSchemaVersion = logSchemaVersion
        self.cloudWatchLogGroupArn = cloudWatchLogGroupArn
        self.s3BucketName = s3BucketName
        self.s3Prefix = s3Prefix
    }
}

/// `experimentOptions`, with the API's defaults filled in.
public struct ExperimentOptions: Sendable, Equatable {
    public enum AccountTargeting: String, Sendable, Equatable {
        case singleAccount = "single-account"
        case multiAccount = "multi-account"
    }

    public enum EmptyTargetResolutionMode: String, Sendable, Equatable {
        case fail
        case skip
    }

    public var accountTargeting: AccountTargeting
    public var emptyTargetResolutionMode: EmptyTargetResolutionMode

    public init(accountTargeting: AccountTargeting = .singleAccount, emptyTargetResolutionMode: EmptyTargetResolutionMode = .fail) {
        self.accountTargeting = accountTargeting
        self.emptyTargetResolutionMode = emptyTargetResolutionMode
    }
}

/// `experimentReportConfiguration`.
public struct ReportConfiguration: Sendable, Equatable {
    public var s3BucketName: String?
    public var s3Prefix: String?
    public var cloudWatchDashboards: [String]
    /// ISO-8601 text as written (`PT20M`).
    public var preExperimentDuration: String?
    public var postExperimentDuration: String?

    public init(
        s3BucketName: String? = nil, s3Prefix: String? = nil, cloudWatchDashboards: [String] = [],
        preExperimentDuration: String? = nil, postExperimentDuration: String? = nil
    ) {
        self.s3BucketName = s3BucketName
        self.s3Prefix = s3Prefix
        self.cloudWatchDashboards = cloudWatchDashboards
        self.preExperimentDuration = preExperimentDuration
        self.postExperimentDuration = postExperimentDuration
    }
}
