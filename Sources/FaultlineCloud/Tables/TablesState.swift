import FaultlineKernel
import FaultlineMetrics
import FaultlineRandom

/// A DynamoDB table at run time: capacity buckets and latency per operation.
struct TableRuntime: Sendable {
    var read: TokenBucket?
    var write: TokenBucket?
    /// Latency sampler per operation index (`WorldCore.operations`); nil: the service's own.
    var latency: [SamplerCore?]
    /// Whether each operation index writes.
    var writes: [Bool]
    /// Writes whose success reached the caller (what a caller can count as stored).
    var acknowledgedWrites: Int64 = 0
}

/// DynamoDB tables.
struct TablesState: Sendable {
    var tables: [TableRuntime] = []

    static func build(core: inout WorldCore) -> TablesState {
        var st = TablesState()
        let operations = core.operations
        for (si, s) in core.config.services.enumerated() {
            guard case .table(let t) = s.kind else { continue }
            core.assign(service: si, kind: .table, index: Int32(st.tables.count))
            var latency = [SamplerCore?](repeating: nil, count: operations.count)
            for (op, sampler) in t.operationLatency {
                if let i = operations.firstIndex(of: op) { latency[i] = sampler.core }
            }
            var read: TokenBucket?, write: TokenBucket?
            if case .provisioned(let r, let w) = t.capacity {
                read = TokenBucket(ratePerSecond: r, burst: r * TableConfig.burstSeconds, at: .zero)
                write = TokenBucket(ratePerSecond: w, burst: w * TableConfig.burstSeconds, at: .zero)
            }
            st.tables.append(TableRuntime(read: read, write: write, latency: latency, writes: operations.map { TableConfig.writeOperations.contains($0) }))
        }
        return st
    }

    /// Provisioned capacity (`ProvisionedThroughputExceededException`): false when the request
    /// of operation `op` is throttled.
    mutating func admit(table t: Int, operation op: Int, at now: SimInstant) -> Bool {
        let writes = op < tables[t].writes.count && tables[t].writes[op]
        if writes, tables[t].write != nil { return tables[t].write!.tryTake(1, at: now) }
        if !writes, tables[t].read != nil { return tables[t].read!.tryTake(1, at: now) }
        return true
    }

    /// The latency of operation `op` on table `t` in ns, or nil when the table sets none for
    /// it (the service's own applies).
    mutating func latency(table t: Int, operation op: Int, stream: StreamHandle) -> Int64? {
        guard op < tables[t].latency.count, tables[t].latency[op] != nil else { return nil }
        return tables[t].latency[op]!.sampleNanoseconds(stream)
    }

    /// A write acknowledged to its caller.
    mutating func acknowledged(table t: Int, operation op: Int) {
        if op < tables[t].writes.count, tables[t].writes[op] { tables[t].acknowledgedWrites += 1 }
    }
}
