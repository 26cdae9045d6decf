import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// Lambda functions, their execution environments, the account's concurrency and invocation
/// rate per Region, and the Lambda faults the FIS extension applies (one bit per fault, in
/// start order).
struct LambdaState: ~Copyable {
    var functions = RawArray<FunctionRuntime>()
    var environments = RawArray<Environment>(capacity: 64)
    var freeEnvironments = RawArray<Int32>()
    var environmentSerial: Int32 = 0
    var faultRecords = RawArray<FaultRecord>()
    /// The account's invocation-rate cap per Region: 10 × the concurrency limit per second.
    var accountRate: [TokenBucket]
    /// Unreserved concurrency in use and available, per Region.
    var unreservedInUse: [Int32]
    let unreservedLimit: [Int32]
    let functionStreams: [RandomStream]
    /// Lambda faults by bit (in start order): the index in `config.faults`, action and window.
    let lambdaFaults: [Int]
    /// What each does to an invocation.
    let lambdaEffects: [LambdaFaultEffect]
    var faultStart: [Int64]
    var faultEnd: [Int64]
    let faultInjections: [CounterID]
    let lambdaFaultCount: Int
    /// Per Lambda fault, invocations of its targets per second from its start (see
    /// ``InvocationCurve``): counts at `3 × bucket`, `+1` aware, `+2` injected.
    var faultCurves: [[Int64]]
    /// Functions whose provisioned concurrency Application Auto Scaling manages.
    var scalers: [ProvisionedScalerRuntime] = []
    /// Provisioned concurrency requested per Region by functions without reserved concurrency
    /// (it must leave the unreserved minimum), and the most it may be.
    var provisionedUnreserved: [Int32]
    let provisionedUnreservedLimit: [Int32]

    /// Registers the Lambda faults' and functions' series (streams
    /// `function/<name>/environments`, `function/<name>/faults`) and links each function's
    /// deployments to its runtime.
    init(core: inout WorldCore, seed: UInt64, replication: UInt32) {
        let config = core.config
        // Lambda faults get bits in start order, so "the earliest start applies" is "the lowest bit".
        let lambdaFaults = config.faults.indices.filter { config.faults[$0].action.family == .lambda }
            .sorted { (config.faults[$0].start, $0) < (config.faults[$1].start, $1) }
        self.lambdaFaults = lambdaFaults
        self.lambdaFaultCount = lambdaFaults.count
        self.lambdaEffects = lambdaFaults.map { config.faults[$0].action.lambdaEffect! } // family == .lambda
        self.faultStart = lambdaFaults.map { config.faults[$0].start.nanoseconds }
        self.faultEnd = lambdaFaults.map { config.faults[$0].end.nanoseconds }
        self.faultInjections = lambdaFaults.map { core.metrics.counter("fault/\(config.faults[$0].name)", "FaultInjected") }
        self.faultCurves = lambdaFaults.map { InvocationCurve.storage(start: config.faults[$0].start, end: config.faults[$0].end, horizon: config.horizon) }
        var functionStreams: [RandomStream] = []
        let regionCount = config.topology.regions.count
        var reservedByRegion = [Int](repeating: 0, count: regionCount)
        for (si, s) in config.services.enumerated() {
            guard let fc = s.kind.function else { continue }
            let region = config.topology.azs[Int(s.azs[0].index)].region.index
            if let r = fc.reservedConcurrency { reservedByRegion[Int(region)] += r }
            let envStream = RandomStream(master: seed, component: "function/\(s.name)/environments", replication: replication, generator: config.generator)
            let faultStream = RandomStream(master: seed, component: "function/\(s.name)/faults", replication: replication, generator: config.generator)
            functionStreams += [envStream, faultStream]
            let fm = FunctionMetrics(
                initDuration: core.metrics.distribution(s.name, "InitDuration"),
                coldStarts: core.metrics.counter(s.name, "ColdStarts"),
                environments: core.metrics.gauge(s.name, "Environments"),
                faultAwareEnvironments: core.metrics.gauge(s.name, "FaultAwareEnvironments", emitted: fc.fisExtension != nil),
                faultInjected: core.metrics.counter(s.name, "FaultInjected", emitted: fc.fisExtension != nil),
                extensionPolls: core.metrics.counter(s.name, "ExtensionPolls", emitted: fc.fisExtension != nil),
                extensionPollsCompleted: core.metrics.counter(s.name, "ExtensionPollsCompleted", emitted: fc.fisExtension != nil),
                asyncEventsReceived: core.metrics.counter(s.name, "AsyncEventsReceived"),
                asyncEventAge: core.metrics.distribution(s.name, "AsyncEventAge"),
                asyncEventsDropped: core.metrics.counter(s.name, "AsyncEventsDropped"))
            var runtime = FunctionRuntime(
                service: Int32(si), region: region, config: fc, onFailure: fc.async.onFailure.map { Int32($0.index) } ?? -1,
                metrics: fm, environmentStream: envStream.handle, faultStream: faultStream.handle)
            for (bit, fi) in lambdaFaults.enumerated() where config.faults[fi].targets.contains(where: { Int($0.index) == si }) {
                runtime.faultMask |= 1 << UInt64(bit)
            }
            if let sc = fc.scaling {
                runtime.scaler = Int32(scalers.count)
                scalers.append(
                    ProvisionedScalerRuntime(
                        function: Int32(functions.count), name: s.name, config: sc, requested: fc.provisionedConcurrency,
                        allocationTime: fc.allocationTime.nanoseconds, metricsPeriod: config.period, recorder: &core.metrics))
            }
            core.assign(service: si, kind: .function, index: -1)
            for d in core.services[si].deployments { core.deployments[Int(d)].function = Int32(functions.count) }
            functions.append(runtime)
        }
        self.functionStreams = functionStreams
        self.unreservedLimit = reservedByRegion.map { Int32(config.lambdaAccount.concurrencyLimit - $0) }
        self.unreservedInUse = [Int32](repeating: 0, count: regionCount)
        var provisionedUnreserved = [Int32](repeating: 0, count: regionCount)
        for s in config.services {
            if let fc = s.kind.function, fc.reservedConcurrency == nil {
                provisionedUnreserved[Int(config.topology.azs[Int(s.azs[0].index)].region.index)] += Int32(fc.provisionedConcurrency)
            }
        }
        self.provisionedUnreserved = provisionedUnreserved
        self.provisionedUnreservedLimit = unreservedLimit.map { $0 - Int32(config.lambdaAccount.unreservedMinimum) }
        let rps = 10 * config.lambdaAccount.concurrencyLimit
        self.accountRate = [TokenBucket](repeating: TokenBucket(ratePerSecond: rps, burst: rps, at: .zero), count: regionCount)
    }

    /// A stop condition ended Lambda fault `fault` (an index into `config.faults`) at `now`:
    /// its configuration is deleted then (extensions see it at their next poll).
    mutating func endFault(_ fault: Int, at now: SimInstant) {
        guard let bit = lambdaFaults.firstIndex(of: fault) else { return }
        faultEnd[bit] = min(faultEnd[bit], max(now.nanoseconds, faultStart[bit]))
    }
}
