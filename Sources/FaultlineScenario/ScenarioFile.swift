import FaultlineCloud
import FaultlineDocument
import FaultlineKernel
import FaultlineRandom

/// A value read from a file, with where it was written (for cross-reference errors).
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var path: String
    public var location: SourceLocation?
}

/// The scenario file as written: the first of the two parsing steps (house rule 9).
///
/// Every field is optional here; types, ranges and unknown keys are checked while reading, and
/// ``ScenarioSpec`` resolves names, fills every default and checks the whole.
public struct ScenarioFile: Sendable {
    public var name: String?
    public var description: String?
    public var seed: UInt64?
    public var horizon: SimDuration?
    public var period: SimDuration?
    public var warmup: SimDuration?
    public var maxEvents: Int?
    public var maxInFlight: Int?
    public var generator: RandomGenerator?
    public var regions: [RegionFile] = []
    public var regionsNode: Located<Int>?
    public var network = NetworkFile()
    public var services: [ServiceFile] = []
    public var workloads: [WorkloadFile] = []
    public var root: Located<Int>

    public struct RegionFile: Sendable {
        public var name: Located<String>
        public var azs: [Located<String>]
    }

    public struct NetworkFile: Sendable {
        public var intraAZ: Sampler?
        public var crossAZ: Sampler?
        public var crossRegion: Sampler?
    }

    public struct ServiceFile: Sendable {
        public var name: Located<String>
        public var azs: [Located<String>]?
        public var workersPerAZ: Int?
        /// nil: not given; .some(nil): unlimited.
        public var queueCapacity: Int??
        public var serviceTime: Sampler?
        public var timeout: SimDuration??
        public var errorRate: Double?
        public var calls: [CallFile] = []
    }

    public struct CallFile: Sendable {
        public var service: Located<String>
        public var routing: CallConfig.Routing?
        public var onError: CallConfig.OnError?
    }

    public struct WorkloadFile: Sendable {
        public var name: Located<String>
        public var service: Located<String>
        public var azWeights: [(az: Located<String>, weight: Double)]?
        public var arrivals: ArrivalsFile?
    }

    public enum ArrivalsFile: Sendable {
        case poisson(rate: Double)
        case schedule([(at: SimDuration, rate: Double)], Located<Int>)
        case trace([SimDuration])
    }
}
