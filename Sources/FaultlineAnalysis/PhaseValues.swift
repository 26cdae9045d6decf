/// One number per phase (nil: the phase does not exist or has no data).
public struct PhaseValues: Sendable, Equatable {
    public var pre: Double?
    public var experiment: Double?
    public var post: Double?
    public var run: Double?

    public init(pre: Double? = nil, experiment: Double? = nil, post: Double? = nil, run: Double? = nil) {
        self.pre = pre
        self.experiment = experiment
        self.post = post
        self.run = run
    }

    public subscript(_ p: Phase) -> Double? {
        get {
            switch p {
            case .pre: return pre
            case .experiment: return experiment
            case .post: return post
            case .run: return run
            }
        }
        set {
            switch p {
            case .pre: pre = newValue
            case .experiment: experiment = newValue
            case .post: post = newValue
            case .run: run = newValue
            }
        }
    }
}
