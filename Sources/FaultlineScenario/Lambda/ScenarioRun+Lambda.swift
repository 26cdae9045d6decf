import FaultlineCloud
import FaultlineKernel
import FaultlineMetrics

extension ScenarioRun {
    static func functionJSON(_ f: FunctionSummary) -> JSONValue {
        .object([
            ("name", .string(f.name)),
            ("memory_mb", .integer(Int64(f.memoryMB))),
            ("reserved_concurrency", f.reservedConcurrency.map { .integer(Int64($0)) } ?? .null),
            ("provisioned_concurrency", .integer(Int64(f.provisionedConcurrency))),
            ("cold_starts", .integer(f.coldStarts)),
            ("cold_start_rate", .number(f.coldStartRate)),
            ("init_duration_ms", distributionJSON(f.initDuration)),
            ("environments_created", .integer(f.environmentsCreated)),
            ("environments_max", .integer(f.environmentsMax)),
            ("environments_at_end", .integer(f.environmentsAtEnd)),
            // Polls started (abandoned and timed-out ones included: each is an S3 request).
            ("extension_s3_gets", .integer(f.extensionPolls)),
            ("extension_polls_completed", .integer(f.extensionPollsCompleted)),
            ("fault_injected", .integer(f.faultInjected)),
            (
                "async",
                .object([
                    ("events_received", .integer(f.asyncEventsReceived)),
                    ("retries", .integer(f.asyncRetries)),
                    ("dropped", .integer(f.asyncEventsDropped)),
                    ("sent_to_on_failure_destination", .integer(f.asyncToDestination)),
                    ("event_age_ms", distributionJSON(f.asyncEventAge))
                ])
            )
        ])
    }

    static func delayJSON(_ d: DelayStatistics?) -> JSONValue {
        guard let d else { return .null }
        return .object([
            ("environments", .integer(Int64(d.count))), ("mean", .number(d.mean)), ("p50", .number(d.p50)),
            ("p95", .number(d.p95)), ("max", .number(d.max))
        ])
    }

    /// How a fault reached some environments: onset after start (first completed poll that saw
    /// it) and the tail after the nominal end (last injection per environment that injected after
    /// it: active ones stop within the hot poll, an environment frozen through the end injects
    /// once more when next thawed, before its overdue poll completes).
    static func reachJSON(_ r: FaultReach) -> [(String, JSONValue)] {
        [
            ("environments_at_start", .integer(Int64(r.environmentsAtStart))),
            ("onset_delay_s", delayJSON(r.onset)),
            ("new_environments_aware_from_init", .integer(Int64(r.newEnvironmentsAwareFromInit))),
            ("first_injected_s", r.firstInjected.map(JSONValue.number) ?? .null),
            ("last_injected_s", r.lastInjected.map(JSONValue.number) ?? .null),
            ("tail_after_end_s", delayJSON(r.tail)),
            ("injections", .integer(r.injections))
        ]
    }

    /// Per invocation (not per environment): seconds after the start until 50/90/99 % of the
    /// targets' invocations carry the fault, the share of the intended fault delivered in the
    /// window, and what carried it after the end (``InvocationCurve``).
    static func invocationReachJSON(_ c: InvocationCurve) -> JSONValue {
        func opt(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
        return .object([
            ("invocations_in_window", .integer(c.invocations[0..<c.windowBuckets].reduce(0, +))),
            ("onset_p50_s", opt(c.timeToShare(0.5))),
            ("onset_p90_s", opt(c.timeToShare(0.9))),
            ("onset_p99_s", opt(c.timeToShare(0.99))),
            ("delivered_share", opt(c.deliveredShare)),
            ("carried_after_end", .integer(c.carriedAfterEnd)),
            ("tail_after_end_s", opt(c.tailAfterEnd))
        ])
    }

    /// Fleet-level view of one fault, overall and per target.
    static func faultSummaryJSON(_ r: FaultReport) -> JSONValue {
        .object(
            [
                ("name", .string(r.name)),
                ("action", .string(r.action)),
                ("targets", .array(r.targets.map(JSONValue.string))),
                ("start_s", .number(r.start)),
                ("end_s", .number(r.end))
            ] + reachJSON(r.reach) + [
                ("invocations", invocationReachJSON(r.curve)),
                (
                    "by_target",
                    .array(
                        r.targets.map { t in
                            .object([("function", .string(t))] + reachJSON(r.reach(of: t)))
                        })
                )
            ])
    }

    /// `faults.json`: every fault, fleet-wide and per execution environment.
    public func faultsJSON() -> JSONValue {
        func opt(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
        return .object(
            [
                ("scenario", .string(spec.name)),
                ("seed", .integer(Int64(bitPattern: result.seed)))
            ] + (result.hostChanges.isEmpty && !spec.model.faults.contains { $0.action.isCompute } ? [] : [("compute_faults", .array(computeFaultsJSON()))]) + [
                (
                    "faults",
                    .array(
                        result.faults.map { r in
                            guard case .object(let fields) = Self.faultSummaryJSON(r) else { return .null }
                            return .object(
                                fields + [
                                    (
                                        "environments",
                                        .array(
                                            r.environments.map { e in
                                                .object([
                                                    ("environment", .integer(Int64(e.environment))),
                                                    ("function", .string(e.function)),
                                                    ("az", .string(e.az)),
                                                    ("created_at_s", .number(e.createdAt)),
                                                    ("saw_at_s", opt(e.sawAt)),
                                                    ("first_injected_s", opt(e.firstInjected)),
                                                    ("last_injected_s", opt(e.lastInjected)),
                                                    ("cleared_at_s", opt(e.clearedAt)),
                                                    ("injections", .integer(e.injections))
                                                ])
                                            })
                                    )
                                ])
                        })
                )
            ])
    }

    static func queueJSON(_ q: QueueSummary) -> JSONValue {
        .object([
            ("name", .string(q.name)), ("sent", .integer(q.sent)), ("received", .integer(q.received)),
            ("deleted", .integer(q.deleted)), ("visible_at_end", .integer(q.visible)), ("in_flight_at_end", .integer(q.inFlight)),
            ("delayed_at_end", .integer(q.delayed)), ("moved_to_dlq", .integer(q.movedToDLQ)), ("expired", .integer(q.expired)),
            ("visible_max", .integer(q.maxVisible))
        ])
    }

    /// Where accepted work ended up: `accepted = stored + buffered + dead-lettered + lost`
    /// (docs/ledger.md, *The work ledger*). Messages that expired in a buffer or its DLQ are
    /// neither stored nor held, so they are part of `lost` (counted once: `expired` is the
    /// part of `lost` that expired); when more was stored than accepted (duplicates after
    /// redelivery) the excess is `stored_beyond_accepted`.
    public func ledgerJSON() -> JSONValue? {
        guard let l = spec.ledger,
            let route = result.services.first(where: { $0.name == l.accepted }),
            let table = result.tables.first(where: { $0.name == l.stored })
        else { return nil }
        let buffers = result.queues.filter { l.buffers.contains($0.name) }
        let dlqNames = Set(
            spec.model.services.compactMap { s -> String? in
                guard l.buffers.contains(s.name), case .queue(let q) = s.kind, let d = q.deadLetterQueue else { return nil }
                return spec.model.services[Int(d.index)].name
            })
        let dlqs = result.queues.filter { dlqNames.contains($0.name) }
        let accepted = route.completed
        let buffered = buffers.reduce(0) { $0 + $1.held }
        let dead = dlqs.reduce(0) { $0 + $1.held }
        let expired = (buffers + dlqs).reduce(0) { $0 + $1.expired }
        let unaccounted = accepted - table.acknowledgedWrites - buffered - dead
        // Expired messages are lost even when duplicates elsewhere make up the count.
        let lost = max(0, unaccounted, expired)
        return .object([
            ("accepted", .integer(accepted)),
            ("stored", .integer(table.acknowledgedWrites)),
            ("buffered", .integer(buffered)),
            ("dead_lettered", .integer(dead)),
            ("expired", .integer(expired)),
            ("requests_in_flight_at_end", .integer(route.inFlightAtEnd)),
            // Accepted but neither stored nor held anywhere.
            ("lost", .integer(lost)),
            // Stored more often than accepted: duplicates after redelivery, or writes whose
            // client had given up (a timed-out publish that was delivered anyway).
            ("stored_beyond_accepted", .integer(lost - unaccounted)),
            ("nothing_lost", .bool(lost == 0))
        ])
    }

    /// The files a run writes, in order.
    public var outputFiles: [String] {
        ["timeline.csv", "summary.json"] + (writesFaultsFile ? ["faults.json"] : [])
            + (experiments.isEmpty ? [] : ["experiment.json"]) + (spec.model.alarms.isEmpty ? [] : ["alarms.json"]) + ["manifest.json"]
    }
}
